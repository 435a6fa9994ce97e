package bench

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// Parse parses msg with the typed method for its msg_type, as a caller that
// expects one message does (Parser.Parse would also copy the Message union).
func Parse(p *parser.Parser, msg []byte) error {
	var err error
	switch ca.HandshakeType(msg[0]) {
	case ca.TypeCertificateRequest:
		_, err = p.CertificateRequest(msg)
	case ca.TypeCertificate:
		_, err = p.Certificate(msg)
	case ca.TypeCertificateVerify:
		_, err = p.CertificateVerify(msg)
	case ca.TypeClientKeyExchange:
		_, err = p.ClientKeyExchange(msg)
	case ca.TypeFinished:
		_, err = p.Finished(msg)
	case ca.TypeServerHelloDone:
		err = p.ServerHelloDone(msg)
	default:
		_, err = p.Parse(msg)
	}
	return err
}

// ParseFlight frames buf with a Stream and parses each message under the
// Params of the flight's message at the same position.
func ParseFlight(f *Flight, ps []parser.Parser) error {
	s := parser.NewStream(f.Buf)
	i := 0
	for msg, _, ok := s.Next(); ok; msg, _, ok = s.Next() {
		if i == len(ps) {
			return errExtraMessage
		}
		if err := Parse(&ps[i], msg); err != nil {
			return err
		}
		i++
	}
	// Not s.Err(): it returns a pointer into the Stream, which moves every
	// Stream to the heap (one allocation per flight) even when nothing fails.
	if len(s.Rest()) != 0 {
		return errFraming
	}
	if i != len(ps) {
		return errMissingMessage
	}
	return nil
}

// Parsers returns one Parser per message of f.
func (f *Flight) Parsers() []parser.Parser {
	ps := make([]parser.Parser, len(f.Msgs))
	for i := range f.Msgs {
		ps[i] = *parser.New(f.Msgs[i].Params)
	}
	return ps
}

type flightError string

func (e flightError) Error() string { return string(e) }

// Sentinels, so that a failed flight allocates nothing either.
const (
	errExtraMessage   flightError = "bench: flight has more messages than expected"
	errMissingMessage flightError = "bench: flight has fewer messages than expected"
	errFraming        flightError = "bench: flight ends in a partial message"
)
