package wire

import (
	"bytes"
	"testing"

	ca "github.com/clientauth/clientauth"
)

func TestCursorReadsAndOffsets(t *testing.T) {
	// u8 7, u16 0x0102, u24 0x030405, a <1> vector "ab", a <2> vector "c",
	// then one extension (type 13, body 0x0002 0x0804).
	msg := []byte{7, 1, 2, 3, 4, 5, 2, 'a', 'b', 0, 1, 'c', 0, 13, 0, 4, 0, 2, 8, 4}
	c := At(msg, 10)
	if v, ok := c.U8(); !ok || v != 7 {
		t.Fatalf("U8 = %d, %v", v, ok)
	}
	if v, ok := c.U16(); !ok || v != 0x0102 {
		t.Fatalf("U16 = %#x, %v", v, ok)
	}
	if v, ok := c.U24(); !ok || v != 0x030405 {
		t.Fatalf("U24 = %#x, %v", v, ok)
	}
	v, ok := c.Vec(1)
	if !ok || string(v.Bytes()) != "ab" || v.Offset() != 17 {
		t.Fatalf("Vec(1) = %q at %d, %v", v.Bytes(), v.Offset(), ok)
	}
	if cap(v.Bytes()) != 2 {
		t.Errorf("vector content not clipped: cap %d", cap(v.Bytes()))
	}
	v, ok = c.Vec(2)
	if !ok || string(v.Bytes()) != "c" || v.Offset() != 21 {
		t.Fatalf("Vec(2) = %q at %d, %v", v.Bytes(), v.Offset(), ok)
	}
	typ, body, ok := c.Extension()
	if !ok || typ != ca.ExtSignatureAlgorithms || body.Offset() != 26 || body.Len() != 4 {
		t.Fatalf("Extension = %d, %d bytes at %d, %v", typ, body.Len(), body.Offset(), ok)
	}
	list, ok := body.Row(ca.BoundSignatureSchemeList)
	if !ok || !bytes.Equal(list.Bytes(), []byte{8, 4}) || !body.Empty() {
		t.Fatalf("Row(SignatureSchemeList) = %x, %v; rest %d", list.Bytes(), ok, body.Len())
	}
	if !c.Empty() || c.Offset() != 10+len(msg) {
		t.Fatalf("after the last field: %d bytes left at %d", c.Len(), c.Offset())
	}
}

// A read past the end reports false and consumes nothing, so that a tool
// can still show what lies at the cursor.
func TestCursorShortReadsConsumeNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		read func(*Cursor) bool
	}{
		{"u16 of 1 byte", []byte{1}, func(c *Cursor) bool { _, ok := c.U16(); return ok }},
		{"u24 of 2 bytes", []byte{1, 2}, func(c *Cursor) bool { _, ok := c.U24(); return ok }},
		{"vec prefix cut", []byte{0}, func(c *Cursor) bool { _, ok := c.Vec(2); return ok }},
		{"vec content cut", []byte{0, 3, 'a', 'b'}, func(c *Cursor) bool { _, ok := c.Vec(2); return ok }},
		{"take too much", []byte{1, 2}, func(c *Cursor) bool { _, ok := c.Take(3); return ok }},
		{"take negative", []byte{1, 2}, func(c *Cursor) bool { _, ok := c.Take(-1); return ok }},
		{"extension body cut", []byte{0, 13, 0, 5, 0}, func(c *Cursor) bool { _, _, ok := c.Extension(); return ok }},
		{"extension type cut", []byte{0}, func(c *Cursor) bool { _, _, ok := c.Extension(); return ok }},
	} {
		c := At(tc.in, 4)
		if tc.read(&c) {
			t.Errorf("%s: read succeeded", tc.name)
		}
		if c.Len() != len(tc.in) || c.Offset() != 4 {
			t.Errorf("%s: cursor moved to %d with %d bytes left", tc.name, c.Offset(), c.Len())
		}
	}
}

func TestLimit(t *testing.T) {
	c := At([]byte{1, 2, 3}, 0)
	c.Limit(5)
	if c.Len() != 3 {
		t.Errorf("Limit beyond the end changed the length to %d", c.Len())
	}
	c.Limit(2)
	if c.Len() != 2 || cap(c.Bytes()) != 2 {
		t.Errorf("Limit(2): len %d cap %d", c.Len(), cap(c.Bytes()))
	}
}

func TestPutUint(t *testing.T) {
	b := []byte{9, 9, 9}
	if !PutUint(b, 3, 0x010203) || !bytes.Equal(b, []byte{1, 2, 3}) {
		t.Errorf("PutUint(3, 0x010203) = %x", b)
	}
	if Uint(b) != 0x010203 {
		t.Errorf("Uint(%x) = %#x", b, Uint(b))
	}
	for _, tc := range []struct{ width, v int }{{1, 256}, {2, 1 << 16}, {3, 1 << 24}, {2, -1}, {0, 1}} {
		b := []byte{9, 9, 9}
		if PutUint(b, tc.width, tc.v) || !bytes.Equal(b, []byte{9, 9, 9}) {
			t.Errorf("PutUint(%d, %d) accepted or wrote %x", tc.width, tc.v, b)
		}
	}
}

func TestAppendUint(t *testing.T) {
	if got := AppendUint([]byte{9}, 3, 0x010203); !bytes.Equal(got, []byte{9, 1, 2, 3}) {
		t.Errorf("AppendUint(3, 0x010203) = %x", got)
	}
	if got := AppendUint(nil, 2, 0x10203); !bytes.Equal(got, []byte{2, 3}) {
		t.Errorf("AppendUint(2, 0x10203) = %x, want the low bytes", got)
	}
}

func TestHandshakeLen(t *testing.T) {
	if n, ok := HandshakeLen([]byte{13, 0, 1, 2}); !ok || n != 4+0x102 {
		t.Errorf("HandshakeLen = %d, %v", n, ok)
	}
	if _, ok := HandshakeLen([]byte{13, 0, 1}); ok {
		t.Error("HandshakeLen of a 3-byte header succeeded")
	}
}
