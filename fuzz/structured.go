package fuzz

import (
	"fmt"

	fuzzheaders "github.com/AdaLogics/go-fuzz-headers"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// structured builds a message from explicit Consumer decisions (never
// GenerateStruct: see NOTES) and knows, from the bounds table alone, whether
// every length it chose is in bounds.
type structured struct {
	c     *fuzzheaders.ConsumeFuzzer
	valid bool
	err   error
}

func (s *structured) byte() byte {
	b, err := s.c.GetByte()
	if err != nil && s.err == nil {
		s.err = err
	}
	return b
}

func (s *structured) u16() uint16 {
	v, err := s.c.GetUint16()
	if err != nil && s.err == nil {
		s.err = err
	}
	return v
}

// length chooses a length for row id, usually near its edges, and records
// whether the row allows it.
func (s *structured) length(id ca.BoundID) int {
	b := ca.BoundOf(id)
	var n int
	switch s.byte() % 4 {
	case 0:
		n = b.Min - 1 + int(s.byte()%3) // min-1, min, min+1
	case 1:
		n = b.Max - 1 + int(s.byte()%3) // max-1, max, max+1
	default:
		n = int(s.u16()) % (min(b.Max, 1<<12) + 2)
	}
	n = max(n, 0)
	if !b.Allows(n) {
		s.valid = false
	}
	return n
}

// nameOf is a DER Name of n bytes, or fill(n) where no Name has n bytes.
func nameOf(n int) (b []byte) {
	defer func() {
		if recover() != nil { // samples.Name panics for lengths no Name has
			b = fill(n)
		}
	}()
	return samples.Name(n)
}

func fill(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + 1)
	}
	return b
}

var structuredVersions = []ca.Version{ca.VersionTLS10, ca.VersionTLS11, ca.VersionTLS12, ca.VersionTLS13}

// CheckStructured draws a CertificateVerify, ClientKeyExchange or TLS ≤1.2
// CertificateRequest from data. The encoder must accept it exactly when
// every chosen length and value is allowed, and what it writes must parse
// back to the same value.
func CheckStructured(data []byte) error {
	s := &structured{c: fuzzheaders.NewConsumer(data), valid: true}
	var p ca.Params
	var v any
	switch s.byte() % 3 {
	case 0: // CertificateVerify
		p.Version = structuredVersions[s.byte()%4]
		cv := &ca.CertificateVerify{}
		id := ca.BoundCVSignature10
		if p.Version >= ca.VersionTLS12 {
			cv.Algorithm = ca.SignatureScheme(s.u16())
			if ca.CVAlgorithmCheck(p, cv.Algorithm) != ca.NoCheck {
				s.valid = false
			}
			id = ca.BoundCVSignature12
			if p.Version == ca.VersionTLS13 {
				id = ca.BoundCVSignature13
			}
		}
		cv.Signature = fill(s.length(id))
		v = cv
	case 1: // ClientKeyExchange
		p.Version = structuredVersions[s.byte()%3]
		p.KeyExchange = ca.KeyExchanges[int(s.byte())%len(ca.KeyExchanges)]
		cke := &ca.ClientKeyExchange{}
		k := p.KeyExchange
		if k.HasPSKIdentity() {
			cke.PSKIdentity = fill(s.length(ca.BoundPSKIdentity))
		}
		if id := k.ExchangeBound(); id != ca.NoBound {
			*cke.ExchangeField(id) = fill(s.length(id))
		}
		v = cke
	default: // CertificateRequest, TLS ≤1.2
		p.Version, p.FromServer = structuredVersions[s.byte()%3], true
		cr := &ca.CertificateRequest{}
		cr.CertificateTypes = make([]ca.ClientCertificateType, s.length(ca.BoundCRCertificateTypes))
		if p.Version == ca.VersionTLS12 {
			before := s.valid
			n := s.length(ca.BoundCRSignatureAlgorithms12)
			if n%2 == 1 {
				// A value holds whole schemes: an odd length cannot be
				// asked of the encoder, so round up and judge that.
				n++
				s.valid = before && ca.BoundOf(ca.BoundCRSignatureAlgorithms12).Allows(n)
			}
			for range n / 2 {
				sc := ca.SignatureScheme(s.u16())
				if ca.CRSchemeCheck(p.Version, sc) != ca.NoCheck {
					s.valid = false
				}
				cr.SignatureAlgorithms = append(cr.SignatureAlgorithms, sc)
			}
		}
		list := ca.CRAuthoritiesBound(p)
		total := 0
		for range s.byte() % 4 {
			n := s.length(ca.BoundDistinguishedName12)
			// A DER Name of n bytes where there is one (5246-7.4.4-h):
			// the encoder refuses any other content, so judge it.
			dn := nameOf(n)
			if ca.DistinguishedNameCheck(dn) != ca.NoCheck {
				s.valid = false
			}
			cr.CertificateAuthorities = append(cr.CertificateAuthorities, dn)
			total += 2 + n
		}
		if !ca.BoundOf(list).Allows(total) {
			s.valid = false
		}
		v = cr
	}
	if s.err != nil {
		return nil // not enough input for a whole message: nothing to check
	}
	msg, err := encoder.New(p).Encode(nil, v)
	switch {
	case s.valid && err != nil:
		return fmt.Errorf("encoder refused an in-bound %T under %+v: %v", v, p, err)
	case !s.valid && err == nil:
		return fmt.Errorf("encoder wrote an out-of-bound %T under %+v: %x", v, p, msg[:min(len(msg), 64)])
	case !s.valid:
		if _, ok := err.(*ca.Error); !ok {
			return fmt.Errorf("refusal is not a *clientauth.Error: %v", err)
		}
		return nil
	}
	m, err := parser.New(p).Parse(msg)
	if err != nil {
		return fmt.Errorf("parser rejected the encoder's %T: %v", v, err)
	}
	if d := valueDiff(v, m.Value()); d != "" {
		return fmt.Errorf("value → encode → parse → value differs:\n%s", d)
	}
	return nil
}
