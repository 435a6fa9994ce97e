package parser

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/errs"
)

// Stream walks a buffer of concatenated handshake messages (as one TLS record
// often carries Certificate, ClientKeyExchange and CertificateVerify) without
// copying. It frames messages by their headers only; parse each with a Parser.
type Stream struct {
	b   []byte
	off int
	err ca.Error
	bad bool
}

// NewStream returns a Stream over b.
func NewStream(b []byte) *Stream { return &Stream{b: b} }

// Next returns the next whole message, header included, and its offset in the
// buffer. It returns ok=false at the end of the buffer or when the rest is not
// a whole message; Err tells which.
func (s *Stream) Next() (msg []byte, off int, ok bool) {
	if s.bad || s.off == len(s.b) {
		return nil, s.off, false
	}
	rest := s.b[s.off:]
	h, ok := ParseHeader(rest)
	switch {
	case !ok:
		errs.Check(&s.err, ca.CheckTruncated, ca.ContainerHandshake, "length", [3]int32{}, s.off, 0)
		s.bad = true
		return nil, s.off, false
	case h.Length > len(rest)-HeaderLen && !h.Type.Known():
		// A reader judges the type before the length (requirements.md §4),
		// so a cut-off message of a type no state accepts is what
		// Parser.Parse calls it: unexpected_message (8446-4-a).
		errs.Check(&s.err, ca.CheckUnexpectedType, ca.ContainerHandshake, "", [3]int32{}, s.off, int(h.Type))
		s.bad = true
		return nil, s.off, false
	case h.Length > len(rest)-HeaderLen: // 8446-6-a
		errs.Check(&s.err, ca.CheckPastEnd, ca.ContainerHandshake, "length", [3]int32{}, s.off+1, h.Length)
		s.bad = true
		return nil, s.off, false
	}
	n := HeaderLen + h.Length
	off = s.off
	s.off += n
	return rest[:n:n], off, true
}

// Err is nil when Next stopped at the end of the buffer, and otherwise says
// why the rest is not a message. Its Offset counts from the buffer's start.
// The error is a copy: handing out a pointer into the Stream would move
// every Stream to the heap, so only a failed stream pays an allocation.
func (s *Stream) Err() error {
	if !s.bad {
		return nil
	}
	e := s.err
	return &e
}

// Rest is the part of the buffer Next has not returned.
func (s *Stream) Rest() []byte { return s.b[s.off:] }

// The typed methods: each runs its message's fast path (fast.go) and, when
// that refuses msg, the detailed one, which alone makes the error.

// CertificateRequest parses msg.
func (p *Parser) CertificateRequest(msg []byte) (cr CertificateRequest, err error) {
	b, pre, ok := p.fastBody(msg, ca.TypeCertificateRequest)
	return result(p, &cr, ok && p.fastCertificateRequest(b, pre, &cr) || p.slow(msg, ca.TypeCertificateRequest, &views{cr: &cr}))
}

// Certificate parses msg.
func (p *Parser) Certificate(msg []byte) (c Certificate, err error) {
	b, pre, ok := p.fastBody(msg, ca.TypeCertificate)
	return result(p, &c, ok && p.fastCertificate(b, pre, &c) || p.slow(msg, ca.TypeCertificate, &views{ct: &c}))
}

// CertificateVerify parses msg. Whether the peer offered the algorithm and
// whether the signature verifies need handshake state; the algorithm rules
// that need none are checked (ca.CVAlgorithmCheck).
func (p *Parser) CertificateVerify(msg []byte) (cv CertificateVerify, err error) {
	b, pre, ok := p.fastBody(msg, ca.TypeCertificateVerify)
	return result(p, &cv, ok && p.fastCertificateVerify(b, pre, &cv) || p.slow(msg, ca.TypeCertificateVerify, &views{cv: &cv}))
}

// ClientKeyExchange parses msg.
func (p *Parser) ClientKeyExchange(msg []byte) (cke ClientKeyExchange, err error) {
	b, pre, ok := p.fastBody(msg, ca.TypeClientKeyExchange)
	return result(p, &cke, ok && p.fastClientKeyExchange(b, pre, &cke) || p.slow(msg, ca.TypeClientKeyExchange, &views{cke: &cke}))
}

// ServerHelloDone parses a TLS ≤1.2 ServerHelloDone, whose body is empty
// (RFC 5246 §7.4.5).
func (p *Parser) ServerHelloDone(msg []byte) error {
	if p.serverHelloDone(msg) {
		return nil
	}
	return p.fail()
}

// Finished parses msg; verify_data must be Params.VerifyDataLen() bytes.
func (p *Parser) Finished(msg []byte) (f Finished, err error) {
	b, pre, ok := p.fastBody(msg, ca.TypeFinished)
	return result(p, &f, ok && fastFinished(b, pre, &f) || p.slow(msg, ca.TypeFinished, &views{fin: &f}))
}

// CompressedCertificate parses msg (TLS 1.3 only).
func (p *Parser) CompressedCertificate(msg []byte) (cc CompressedCertificate, err error) {
	b, _, ok := p.fastBody(msg, ca.TypeCompressedCertificate)
	return result(p, &cc, ok && fastCompressedCertificate(b, &cc) || p.slow(msg, ca.TypeCompressedCertificate, &views{cc: &cc}))
}

// Message is any one parsed message; Type says which field is set.
type Message struct {
	Type                  ca.HandshakeType
	CertificateRequest    CertificateRequest
	Certificate           Certificate
	CertificateVerify     CertificateVerify
	ClientKeyExchange     ClientKeyExchange
	Finished              Finished
	CompressedCertificate CompressedCertificate
}

// Parse parses msg as whichever client-authentication message its header
// names. A type this module does not parse for the version is
// unexpected_message. It returns the whole Message union by value, several
// hundred bytes; ParseInto fills one the caller keeps instead.
func (p *Parser) Parse(msg []byte) (Message, error) {
	var m Message
	err := p.ParseInto(msg, &m)
	return m, err
}

// ParseInto is Parse writing into m: only the view of msg's type is
// written, and the view m held before is cleared, so no stale view is left
// behind. For a small message, copying the Message union that Parse returns
// costs as much as parsing it; a caller parsing many messages keeps one m.
func (p *Parser) ParseInto(msg []byte, m *Message) error {
	m.clear()
	h, ok := ParseHeader(msg)
	if !ok {
		p.reject(ca.CheckTruncated, ca.ContainerHandshake, "length", [3]int32{}, 0, 0)
		return p.fail()
	}
	t := h.Type
	m.Type = t
	// The typed methods' two steps, for whichever type msg has: the fast
	// path writes the view in m in place, so no view is copied, and the
	// detailed path runs only when it refuses. Params.Version picks the
	// layout: a TLS 1.3 stack that negotiated TLS 1.2 parses by RFC 5246
	// (8446-4.2.3-j). A type the table does not have for the version is
	// unexpected_message (body).
	b, pre, ok := p.fastBody(msg, t)
	if ok {
		switch t {
		case ca.TypeCertificateVerify:
			ok = p.fastCertificateVerify(b, pre, &m.CertificateVerify)
		case ca.TypeCertificate:
			ok = p.fastCertificate(b, pre, &m.Certificate)
		case ca.TypeCertificateRequest:
			ok = p.fastCertificateRequest(b, pre, &m.CertificateRequest)
		case ca.TypeClientKeyExchange:
			ok = p.fastClientKeyExchange(b, pre, &m.ClientKeyExchange)
		case ca.TypeFinished:
			ok = fastFinished(b, pre, &m.Finished)
		case ca.TypeCompressedCertificate:
			ok = fastCompressedCertificate(b, &m.CompressedCertificate)
		case ca.TypeServerHelloDone:
			ok = fastServerHelloDone(b)
		default:
			ok = false
		}
	}
	if !ok {
		v := views{cr: &m.CertificateRequest, ct: &m.Certificate, cv: &m.CertificateVerify,
			cke: &m.ClientKeyExchange, fin: &m.Finished, cc: &m.CompressedCertificate}
		ok = p.slow(msg, t, &v)
	}
	if !ok {
		m.clear()
		m.Type = t
		return p.fail()
	}
	return nil
}

// clear zeroes the view m.Type names and the type, in place: zeroing it
// through views.reset made ParseInto of a CertificateVerify about 9 ns
// slower (measured), and ParseInto clears on every message.
func (m *Message) clear() {
	switch m.Type {
	case ca.TypeCertificateRequest:
		m.CertificateRequest = CertificateRequest{}
	case ca.TypeCertificate:
		m.Certificate = Certificate{}
	case ca.TypeCertificateVerify:
		m.CertificateVerify = CertificateVerify{}
	case ca.TypeClientKeyExchange:
		m.ClientKeyExchange = ClientKeyExchange{}
	case ca.TypeFinished:
		m.Finished = Finished{}
	case ca.TypeCompressedCertificate:
		m.CompressedCertificate = CompressedCertificate{}
	}
	m.Type = 0
}

// Value returns the owned value of the message as a pointer
// (*ca.CertificateRequest, ...), ready for encoder.Encoder.Encode.
func (m Message) Value() any {
	switch m.Type {
	case ca.TypeCertificateRequest:
		return ptr(m.CertificateRequest.Value())
	case ca.TypeCertificate:
		return ptr(m.Certificate.Value())
	case ca.TypeCertificateVerify:
		return ptr(m.CertificateVerify.Value())
	case ca.TypeClientKeyExchange:
		return ptr(m.ClientKeyExchange.Value())
	case ca.TypeServerHelloDone:
		return &ca.ServerHelloDone{}
	case ca.TypeFinished:
		return ptr(m.Finished.Value())
	case ca.TypeCompressedCertificate:
		return ptr(m.CompressedCertificate.Value())
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
