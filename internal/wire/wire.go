// Package wire is the tools' one vocabulary for reading TLS presentation
// language by hand: a Cursor over big-endian integers and length-prefixed
// vectors that knows the offset of every byte it hands out, and the uint
// helpers for fixed headers. The dissector, the capture reader, the fuzz
// divergence notes, the harvester and the mutator use it; the parser keeps
// its own reader, which is the allocation-free hot path and records spans.
//
// Nothing here judges a message: a read that runs past the bytes reports
// false and leaves the cursor as it was, so tools can walk invalid input
// as far as it goes.
package wire

import ca "github.com/clientauth/clientauth"

// Cursor reads a part of a message and knows where it is in the whole.
type Cursor struct {
	b   []byte
	off int
}

// At returns a cursor over b, whose first byte is at offset off of the
// message the tool reports offsets in.
func At(b []byte, off int) Cursor { return Cursor{b: b, off: off} }

// Bytes returns the bytes not read yet (aliasing the input).
func (c Cursor) Bytes() []byte { return c.b }

// Offset is the offset of the next byte to read.
func (c Cursor) Offset() int { return c.off }

// Len is the number of bytes not read yet.
func (c Cursor) Len() int { return len(c.b) }

// Empty reports whether every byte has been read: the trailing-bytes check.
func (c Cursor) Empty() bool { return len(c.b) == 0 }

// Limit drops what lies beyond the next n bytes (a header's length that is
// shorter than the bytes at hand); a longer n changes nothing.
func (c *Cursor) Limit(n int) {
	if n >= 0 && n < len(c.b) {
		c.b = c.b[:n:n]
	}
}

// Take reads the next n bytes as a cursor of their own (clipped, so it
// cannot be grown into what follows).
func (c *Cursor) Take(n int) (Cursor, bool) {
	if n < 0 || n > len(c.b) {
		return Cursor{}, false
	}
	v := Cursor{b: c.b[:n:n], off: c.off}
	c.b, c.off = c.b[n:], c.off+n
	return v, true
}

// Skip passes over the next n bytes.
func (c *Cursor) Skip(n int) bool {
	_, ok := c.Take(n)
	return ok
}

// Uint reads a big-endian unsigned integer of width bytes (0..3 in TLS
// lengths; up to 7 fits an int).
func (c *Cursor) Uint(width int) (int, bool) {
	v, ok := c.Take(width)
	if !ok {
		return 0, false
	}
	return Uint(v.b), true
}

// U8, U16 and U24 read uint8, uint16 and uint24 fields.
func (c *Cursor) U8() (int, bool)  { return c.Uint(1) }
func (c *Cursor) U16() (int, bool) { return c.Uint(2) }
func (c *Cursor) U24() (int, bool) { return c.Uint(3) }

// Vec reads a vector with a length prefix of width bytes and returns its
// content. Neither the prefix nor the content is consumed when either is
// cut short.
func (c *Cursor) Vec(width int) (Cursor, bool) {
	save := *c
	n, ok := c.Uint(width)
	if !ok {
		return Cursor{}, false
	}
	v, ok := c.Take(n)
	if !ok {
		*c = save
	}
	return v, ok
}

// Row reads the vector of bounds row id, with the row's prefix width. It
// does not check the row's bounds: that is the parser's job.
func (c *Cursor) Row(id ca.BoundID) (Cursor, bool) { return c.Vec(ca.BoundOf(id).Width) }

// Extension reads one Extension entry (RFC 8446 §4.2): its type and the
// content of its extension_data.
func (c *Cursor) Extension() (ca.ExtensionType, Cursor, bool) {
	save := *c
	t, ok := c.U16()
	if !ok {
		return 0, Cursor{}, false
	}
	body, ok := c.Row(ca.BoundExtensionData)
	if !ok {
		*c = save
		return 0, Cursor{}, false
	}
	return ca.ExtensionType(t), body, true
}

// Uint is the big-endian value of b (a fixed header field such as the
// uint24 handshake length in b[1:4]).
func Uint(b []byte) int {
	n := 0
	for _, x := range b {
		n = n<<8 | int(x)
	}
	return n
}

// PutUint writes v big-endian into b[:width]; it reports false, writing
// nothing, when v does not fit in width bytes.
func PutUint(b []byte, width, v int) bool {
	if v < 0 || width < 8 && v >= 1<<(8*width) {
		return false
	}
	for i := width - 1; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
	return true
}

// AppendUint appends v as a big-endian integer of width bytes (its low
// bytes: a tool writing a wrong length on purpose gets what it asked for).
func AppendUint(b []byte, width, v int) []byte {
	for i := width - 1; i >= 0; i-- {
		b = append(b, byte(v>>(8*i)))
	}
	return b
}

// HandshakeLen is the length of the whole handshake message that begins
// b (its 4-byte header included), or false when b holds no full header.
func HandshakeLen(b []byte) (int, bool) {
	if len(b) < 4 {
		return 0, false
	}
	return 4 + Uint(b[1:4]), true
}
