package encoder

import (
	"testing"

	ca "github.com/clientauth/clientauth"
)

// The encoder's own length-prefix writing, tested here rather than only
// through the parser from other packages: every row of the table, at and
// around its edges, gets a prefix of the row's width holding exactly the
// content length, and a length the row does not allow is refused with the
// row, the prefix's offset in the message and the length, never truncated or
// wrapped into the prefix.
func TestVecPrefixEveryRow(t *testing.T) {
	big := make([]byte, ca.MaxUint24+2)
	for i := range big {
		big[i] = byte(i)
	}
	const lead = 7 // bytes before the message in dst: offsets are message-relative
	for id := ca.BoundID(1); int(id) < int(ca.NumBounds); id++ {
		b := ca.BoundOf(id)
		if b.Width == 0 {
			continue
		}
		elem := max(b.Elem, 1)
		lengths := []int{b.Min, b.Max, b.Min - 1, b.Max + 1, b.PrefixMax() + 1}
		if elem > 1 {
			lengths = append(lengths, b.Min+1, b.Max-1)
		}
		for _, n := range lengths {
			if n < 0 || n > len(big) {
				continue
			}
			e := New(ca.Params{})
			w := writer{b: make([]byte, lead, lead+n+8), start: lead}
			w.u8(0xee) // a byte of the message before the field
			ok := e.vec(&w, id, "", [3]int32{}, big[:n])
			if ok != b.Allows(n) {
				t.Fatalf("%s: length %d: vec ok=%v, row allows=%v", b.Struct, n, ok, b.Allows(n))
			}
			if !ok {
				if e.err.Bound != id || e.err.Offset != 1 || e.err.Value != n {
					t.Errorf("%s: length %d refused as bound %d at %d value %d, want bound %d at 1 value %d",
						b.Struct, n, e.err.Bound, e.err.Offset, e.err.Value, id, n)
				}
				if e.err.Requirement != b.Requirement || e.err.Alert != ca.AlertDecodeError {
					t.Errorf("%s: refusal cites %s/%v, want %s/decode_error", b.Struct, e.err.Requirement, e.err.Alert, b.Requirement)
				}
				continue
			}
			got := w.b[lead+1:]
			if len(got) != b.Width+n {
				t.Fatalf("%s: wrote %d bytes for a %d-byte vector with a %d-byte prefix", b.Struct, len(got), n, b.Width)
			}
			prefix := 0
			for _, c := range got[:b.Width] {
				prefix = prefix<<8 | int(c)
			}
			if prefix != n {
				t.Errorf("%s: prefix says %d, content is %d bytes", b.Struct, prefix, n)
			}
			if n > 0 && (got[b.Width] != big[0] || got[len(got)-1] != big[n-1]) {
				t.Errorf("%s: content not copied after the prefix", b.Struct)
			}
		}
	}
}

// TestNestedPrefixes: an enclosing length counts the inner prefix and
// content, inner and outer are patched independently, and an inner refusal
// leaves the outer length unpatched and names the inner row.
func TestNestedPrefixes(t *testing.T) {
	e := New(ca.Params{Version: ca.VersionTLS13})
	w := writer{}
	outer := w.open(ca.BoundCRExtensions)
	w.u16(uint16(ca.ExtSignatureAlgorithms))
	data := w.open(ca.BoundExtensionData)
	if !e.vec(&w, ca.BoundSignatureSchemeList, "", [3]int32{}, []byte{0x08, 0x04}) ||
		!e.close(&w, data, ca.BoundExtensionData, "", [3]int32{}) ||
		!e.close(&w, outer, ca.BoundCRExtensions, "", [3]int32{}) {
		t.Fatalf("refused: %v", &e.err)
	}
	want := []byte{0x00, 0x08, 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x08, 0x04}
	if string(w.b) != string(want) {
		t.Errorf("nested prefixes % x, want % x", w.b, want)
	}

	w = writer{}
	outer = w.open(ca.BoundCRExtensions)
	if e.vec(&w, ca.BoundSignatureSchemeList, "", [3]int32{}, []byte{0x08}) { // odd length: Elem 2
		t.Fatal("a 1-byte SignatureSchemeList was written")
	}
	if e.err.Bound != ca.BoundSignatureSchemeList || e.err.Offset != 2 || e.err.Value != 1 {
		t.Errorf("inner refusal: bound %d at %d value %d", e.err.Bound, e.err.Offset, e.err.Value)
	}
	if w.b[outer] != 0 || w.b[outer+1] != 0 {
		t.Errorf("outer prefix patched after an inner refusal: % x", w.b[:2])
	}
}

// TestRefusalLeavesDst: a refused message leaves dst as it was (no partial
// message), and an accepted one is appended after dst's bytes with its
// header length patched.
func TestRefusalLeavesDst(t *testing.T) {
	e := New(ca.Params{Version: ca.VersionTLS12})
	dst := append(make([]byte, 0, 64), "lead"...)
	out, err := e.CertificateVerify(dst, &ca.CertificateVerify{Algorithm: ca.SchemeECDSASecp256r1SHA256, Signature: []byte{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := "lead" + string([]byte{byte(ca.TypeCertificateVerify), 0, 0, 7, 0x04, 0x03, 0, 3, 1, 2, 3})
	if string(out) != want {
		t.Errorf("got % x, want % x", out, want)
	}
	out, err = e.CertificateVerify(dst, &ca.CertificateVerify{Algorithm: ca.SchemeECDSASecp256r1SHA256, Signature: make([]byte, 1<<16)})
	if err == nil || len(out) != len(dst) || string(out) != "lead" {
		t.Fatalf("oversized signature: err %v, out %d bytes (dst %d)", err, len(out), len(dst))
	}
	if e.err.Bound != ca.BoundCVSignature12 || e.err.Offset != 6 {
		t.Errorf("refusal names bound %d at %d, want the TLS 1.2 signature row at 6", e.err.Bound, e.err.Offset)
	}
}
