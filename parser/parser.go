// Package parser reads TLS client-authentication handshake messages into views.
//
// A view aliases the bytes it was parsed from: its slices point into the
// input, nothing is copied, and it is valid only as long as the input is not
// modified. Lists are walked with All iterators or At, never materialised.
// Value converts a view to an owned clientauth value (that allocates).
//
// Parsing allocates nothing, on valid and invalid input alike: the error a
// Parser returns points into the Parser itself (a *clientauth.Error) and
// stays valid until its next call. A Parser is not safe for concurrent use;
// use one per goroutine (they are small values).
//
// Every method takes one whole handshake message, 4-byte header included,
// and checks every length bound of the table in package clientauth and every
// rule marked P or P+c in requirements.md that its Params let it decide.
package parser

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/errs"
)

// Parser parses messages under its Params.
type Parser struct {
	Params ca.Params
	// Layout, when set, receives every length-bounded field the parser reads,
	// in reading order: the map that dissectors and mutators need. Recording
	// appends (and so may allocate); the caller resets it between messages.
	Layout *[]Span
	err    ca.Error
	pre    prepared
}

// Span is one length-bounded field as the parser read it.
type Span struct {
	Bound     ca.BoundID
	Container string
	Index     [3]int32
	Offset    int // of the length prefix, or of the content when Width is 0
	Width     int // bytes of length prefix
	Len       int // bytes of content
}

// End is the offset just past the field's content.
func (s Span) End() int { return s.Offset + s.Width + s.Len }

// Field renders the span's path, as an Error would name it.
func (s Span) Field() string {
	e := ca.Error{Container: s.Container, Leaf: field(s.Bound), Index: s.Index}
	return e.Field()
}

func (p *Parser) record(id ca.BoundID, container string, idx [3]int32, off, n int) {
	*p.Layout = append(*p.Layout, Span{Bound: id, Container: orRow(container, id), Index: idx, Offset: off, Width: ca.LimitsOf(id).Width, Len: n})
}

// New returns a Parser for p.
func New(p ca.Params) *Parser { return &Parser{Params: p} }

// HeaderLen is the size of the handshake header: msg_type and a uint24 length.
const HeaderLen = 4

// reader walks bytes while knowing their offset in the message.
type reader struct {
	b   []byte
	off int // offset of b[0] from the first byte of the message
}

func (r *reader) empty() bool { return len(r.b) == 0 }

func (r *reader) skip(n int) {
	r.b = r.b[n:]
	r.off += n
}

func (r *reader) u8() (uint8, bool) {
	if len(r.b) < 1 {
		return 0, false
	}
	v := r.b[0]
	r.skip(1)
	return v, true
}

func (r *reader) u16() (uint16, bool) {
	if len(r.b) < 2 {
		return 0, false
	}
	v := uint16(r.b[0])<<8 | uint16(r.b[1])
	r.skip(2)
	return v, true
}

func (r *reader) u24() (int, bool) {
	if len(r.b) < 3 {
		return 0, false
	}
	v := int(r.b[0])<<16 | int(r.b[1])<<8 | int(r.b[2])
	r.skip(3)
	return v, true
}

// uint reads a big-endian length of w bytes (1..3).
func (r *reader) uint(w int) (int, bool) {
	switch w {
	case 1:
		v, ok := r.u8()
		return int(v), ok
	case 2:
		v, ok := r.u16()
		return int(v), ok
	}
	return r.u24()
}

// fail is the error a parse method returns: the recorded one, citing the
// requirement of the version in force (a TLS ≤1.2 framing error cites RFC
// 5246's rule, not RFC 8446's).
func (p *Parser) fail() *ca.Error { return errs.InVersion(&p.err, p.ready().vers) }

// reject records a failed check and returns false.
func (p *Parser) reject(id ca.CheckID, container, field string, idx [3]int32, off, value int) bool {
	errs.Check(&p.err, id, container, field, idx, off, value)
	return false
}

// context reads a TLS 1.3 request context (row id) into *dst; start is its
// offset, where a later rule on its content (a context that answers no
// request) points.
func (p *Parser) context(r *reader, id ca.BoundID, dst *[]byte) (start int, ok bool) {
	start = r.off
	v, ok := p.vec(r, id, "", [3]int32{})
	*dst = v.b
	return start, ok
}

// vec reads a vector whose length prefix and bounds are the row id of the
// table, in the given container ("" for the row's own). On failure it
// records the error and returns false.
func (p *Parser) vec(r *reader, id ca.BoundID, container string, idx [3]int32) (reader, bool) {
	l := ca.LimitsOf(id) // the whole row only on the error path
	start := r.off
	n, ok := r.uint(l.Width)
	if !ok {
		errs.Check(&p.err, ca.CheckTruncated, orRow(container, id), field(id), idx, start, 0)
		return reader{}, false
	}
	if !l.Allows(n) { // 8446-3.4-a, 8446-3.4-b
		errs.Bound(&p.err, id, container, idx, start, n)
		return reader{}, false
	}
	if n > len(r.b) {
		errs.Check(&p.err, ca.CheckPastEnd, orRow(container, id), field(id), idx, start, n)
		return reader{}, false
	}
	v := reader{b: r.b[:n:n], off: r.off}
	r.skip(n)
	if p.Layout != nil {
		p.record(id, container, idx, start, n)
	}
	return v, true
}

// field is row id's field name.
func field(id ca.BoundID) string {
	_, f := id.Path()
	return f
}

func orRow(container string, id ca.BoundID) string {
	if container == "" {
		c, _ := id.Path()
		return c
	}
	return container
}

// exactLen checks a body whose length the context sets (Width 0 rows).
func (p *Parser) exactLen(r reader, id ca.BoundID, container string, idx [3]int32) bool {
	if !ca.LimitsOf(id).Allows(len(r.b)) {
		errs.Bound(&p.err, id, container, idx, r.off, len(r.b))
		return false
	}
	if p.Layout != nil {
		p.record(id, container, idx, r.off, len(r.b))
	}
	return true
}

// done checks that a structure consumed its bytes (8446-6-a).
func (p *Parser) done(r reader, container, field string, idx [3]int32) bool {
	if !r.empty() {
		errs.Check(&p.err, ca.CheckTrailing, container, field, idx, r.off, len(r.b))
		return false
	}
	return true
}

// Header is the 4-byte handshake header.
type Header struct {
	Type   ca.HandshakeType
	Length int
}

// ParseHeader reads the header of msg without checking the body.
func ParseHeader(msg []byte) (Header, bool) {
	if len(msg) < HeaderLen {
		return Header{}, false
	}
	return Header{Type: ca.HandshakeType(msg[0]), Length: int(msg[1])<<16 | int(msg[2])<<8 | int(msg[3])}, true
}

// body checks msg's header against want, a type that must exist in the
// version in force (the message table's Versions column), and returns a
// reader over the body.
func (p *Parser) body(msg []byte, want ca.HandshakeType) (reader, bool) {
	pre := p.ready()
	if !pre.supported {
		errs.Check(&p.err, ca.CheckBadParams, ca.ContainerHandshake, "", [3]int32{}, 0, 0)
		return reader{}, false
	}
	h, ok := ParseHeader(msg)
	switch {
	case !ok:
		errs.Check(&p.err, ca.CheckTruncated, ca.ContainerHandshake, "length", [3]int32{}, 0, 0)
		return reader{}, false
	case h.Type != want || !ca.MessageExists(want, pre.vers):
		errs.Check(&p.err, ca.CheckUnexpectedType, ca.ContainerHandshake, "", [3]int32{}, 0, int(h.Type))
		return reader{}, false
	case h.Length != len(msg)-HeaderLen: // 8446-6-a
		errs.Check(&p.err, ca.CheckHeaderLength, ca.ContainerHandshake, "", [3]int32{}, 1, h.Length)
		return reader{}, false
	}
	return reader{b: msg[HeaderLen:], off: HeaderLen}, true
}

// Handles reports whether Parse handles messages of type t in version v.
func Handles(t ca.HandshakeType, v ca.Version) bool { return ca.MessageExists(t, v) }
