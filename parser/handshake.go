package parser

import (
	ca "github.com/clientauth/clientauth"
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
		s.err.SetCheck(ca.CheckTruncated, ca.ContainerHandshake, "length", [3]int32{}, s.off, 0)
		s.bad = true
		return nil, s.off, false
	case h.Length > len(rest)-HeaderLen && !h.Type.Known():
		// A reader judges the type before the length (requirements.md §4),
		// so a cut-off message of a type no state accepts is what
		// Parser.Parse calls it: unexpected_message (8446-4-a).
		s.err.SetCheck(ca.CheckUnexpectedType, ca.ContainerHandshake, "", [3]int32{}, s.off, int(h.Type))
		s.bad = true
		return nil, s.off, false
	case h.Length > len(rest)-HeaderLen: // 8446-6-a
		s.err.SetCheck(ca.CheckPastEnd, ca.ContainerHandshake, "length", [3]int32{}, s.off+1, h.Length)
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
// unexpected_message. The view is filled in place, so Parse costs what the
// typed method does.
func (p *Parser) Parse(msg []byte) (m Message, err error) {
	h, ok := ParseHeader(msg)
	if !ok {
		p.reject(ca.CheckTruncated, ca.ContainerHandshake, "length", [3]int32{}, 0, 0)
		return m, p.fail()
	}
	m.Type = h.Type
	// Params.Version picks the layout: a TLS 1.3 stack that negotiated TLS 1.2
	// parses by RFC 5246 (8446-4.2.3-j).
	v := p.Params.Vers()
	var vs views
	switch h.Type {
	case ca.TypeCertificateRequest:
		m.CertificateRequest.Version, vs.cr = v, &m.CertificateRequest
	case ca.TypeCertificate:
		m.Certificate.Version, vs.ct = v, &m.Certificate
	case ca.TypeCertificateVerify:
		m.CertificateVerify.Version, vs.cv = v, &m.CertificateVerify
	case ca.TypeClientKeyExchange:
		m.ClientKeyExchange.Version, m.ClientKeyExchange.KeyExchange, vs.cke = v, p.Params.KeyExchange, &m.ClientKeyExchange
	case ca.TypeFinished:
		vs.fin = &m.Finished
	case ca.TypeCompressedCertificate:
		vs.cc = &m.CompressedCertificate
	case ca.TypeServerHelloDone:
	default:
		p.reject(ca.CheckUnexpectedType, ca.ContainerHandshake, "", [3]int32{}, 0, int(h.Type))
		return m, p.fail()
	}
	if !p.run(msg, h.Type, vs) {
		return Message{Type: h.Type}, p.fail()
	}
	return m, nil
}

// Value returns the owned value of the message as a pointer
// (*ca.CertificateRequest, ...), ready for encoder.Encoder.Encode.
func (m Message) Value() any {
	switch m.Type {
	case ca.TypeCertificateRequest:
		v := m.CertificateRequest.Value()
		return &v
	case ca.TypeCertificate:
		v := m.Certificate.Value()
		return &v
	case ca.TypeCertificateVerify:
		v := m.CertificateVerify.Value()
		return &v
	case ca.TypeClientKeyExchange:
		v := m.ClientKeyExchange.Value()
		return &v
	case ca.TypeServerHelloDone:
		return &ca.ServerHelloDone{}
	case ca.TypeFinished:
		v := m.Finished.Value()
		return &v
	case ca.TypeCompressedCertificate:
		v := m.CompressedCertificate.Value()
		return &v
	}
	return nil
}
