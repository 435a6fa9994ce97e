// Package encoder writes TLS client-authentication handshake messages from
// owned clientauth values, appending to the caller's buffer.
//
// It refuses, with the same *clientauth.Error the parser would give, every
// value the parser would reject: a length outside the table's bounds (it never
// truncates or wraps a length), a duplicate or misplaced extension, a missing
// signature_algorithms, a forbidden CertificateVerify algorithm, and a value
// set in a field the version or key exchange does not have. On refusal dst is
// returned unchanged in length: no partial message is left behind.
//
// Encoding allocates nothing when dst has room for the message. The returned
// error points into the Encoder and stays valid until its next call.
package encoder

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/errs"
)

// Encoder encodes messages under its Params.
type Encoder struct {
	Params ca.Params
	err    ca.Error
	p      plan // the fast path's lookups for Params
}

// New returns an Encoder for p.
func New(p ca.Params) *Encoder {
	e := &Encoder{Params: p}
	e.p.compute(p) // here, so that encoding under unchanged Params only reads e.p
	return e
}

// writer appends to a message and knows where the message starts, so that
// errors carry the same offsets the parser would report.
type writer struct {
	b     []byte
	start int // index in b of the message's first byte
}

func (w *writer) off() int { return len(w.b) - w.start }

func (w *writer) u8(v uint8) { w.b = append(w.b, v) }

func (w *writer) u16(v uint16) { w.b = append(w.b, byte(v>>8), byte(v)) }

func (w *writer) u24(v int) { w.b = append(w.b, byte(v>>16), byte(v>>8), byte(v)) }

// open appends a zero length prefix of the row's width and returns its index;
// close fills it in.
func (w *writer) open(id ca.BoundID) int {
	at := len(w.b)
	switch ca.LimitsOf(id).Width {
	case 1:
		w.b = append(w.b, 0)
	case 2:
		w.b = append(w.b, 0, 0)
	case 3:
		w.b = append(w.b, 0, 0, 0)
	}
	return at
}

// close checks the length written since open against the row (8446-3.4-a,
// 8446-3.4-b) and patches the prefix.
func (e *Encoder) close(w *writer, at int, id ca.BoundID, container string, idx [3]int32) bool {
	b := ca.LimitsOf(id)
	n := len(w.b) - at - b.Width
	if !b.Allows(n) {
		errs.Bound(&e.err, id, container, idx, at-w.start, n)
		return false
	}
	for i := b.Width - 1; i >= 0; i-- {
		w.b[at+i] = byte(n)
		n >>= 8
	}
	return true
}

// vec writes a length-prefixed opaque vector.
func (e *Encoder) vec(w *writer, id ca.BoundID, container string, idx [3]int32, v []byte) bool {
	at := w.open(id)
	w.b = append(w.b, v...)
	return e.close(w, at, id, container, idx)
}

// name writes a DistinguishedName, refusing one that is not a DER X.501
// Name as the parser does (8446-4.2.4-a, 5246-7.4.4-h); a length out of the
// row's bound is refused by the bound first, as the parser reads it.
func (e *Encoder) name(w *writer, id ca.BoundID, container string, idx [3]int32, dn []byte) bool {
	b := ca.BoundOf(id)
	if c := ca.DistinguishedNameCheck(dn); c != ca.NoCheck && b.Allows(len(dn)) {
		if container == "" {
			container = b.Container
		}
		return e.reject(c, container, b.Field, idx, w.off()+b.Width, len(dn))
	}
	return e.vec(w, id, container, idx, dn)
}

// exactLen checks a body whose length the context sets (Width 0 rows).
func (e *Encoder) exactLen(w *writer, id ca.BoundID, container string, idx [3]int32, n int) bool {
	if !ca.LimitsOf(id).Allows(n) {
		errs.Bound(&e.err, id, container, idx, w.off(), n)
		return false
	}
	return true
}

// reject records a failed check and returns false.
func (e *Encoder) reject(id ca.CheckID, container, field string, idx [3]int32, off, value int) bool {
	errs.Check(&e.err, id, container, field, idx, off, value)
	return false
}

// begin checks Params and writes the header of a message of type t; end
// patches its length. On failure end returns dst as it was: no partial
// message is left behind.
// begin opens a message of type t, which must exist in the version in force
// (the message table's Versions column).
func (e *Encoder) begin(dst []byte, t ca.HandshakeType) (w writer, at int, ok bool) {
	switch {
	case !e.Params.Supported():
		errs.Check(&e.err, ca.CheckBadParams, ca.ContainerHandshake, "", [3]int32{}, 0, 0)
		return writer{}, 0, false
	case !ca.MessageExists(t, e.Params.Vers()):
		errs.Check(&e.err, ca.CheckUnexpectedType, ca.ContainerHandshake, "", [3]int32{}, 0, int(t))
		return writer{}, 0, false
	}
	w = writer{b: dst, start: len(dst)}
	w.u8(uint8(t))
	return w, w.open(ca.BoundHandshakeLength), true
}

func (e *Encoder) end(dst []byte, w *writer, at int, ok bool) ([]byte, error) {
	if !ok || !e.close(w, at, ca.BoundHandshakeLength, "", [3]int32{}) {
		return dst, errs.InVersion(&e.err, e.Params.Vers()) // the parser's citation for the version
	}
	return w.b, nil
}
