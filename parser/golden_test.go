package parser_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

func sample(t *testing.T, name string) samples.Sample {
	all, err := samples.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no sample %s", name)
	return samples.Sample{}
}

// golden parses a sample, compares its owned value with want, and re-encodes it.
func golden(t *testing.T, name string, want any) parser.Message {
	t.Helper()
	s := sample(t, name)
	m, err := parser.New(s.Params).Parse(s.Msg)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got := m.Value()
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("%s (-want +got):\n%s", name, d)
	}
	out, err := encoder.New(s.Params).Encode(nil, got)
	if err != nil || !bytes.Equal(out, s.Msg) {
		t.Errorf("%s: re-encoding differs: %v\n got %x\nwant %x", name, err, out, s.Msg)
	}
	return m
}

func TestGoldenRFC8448ClientAuth(t *testing.T) {
	// §6 server CertificateRequest: empty context, one extension,
	// signature_algorithms with 15 schemes (DSA and SHA-1 offered, which a
	// receiver must accept: 8446-4.2.3-f).
	golden(t, "rfc8448/s6_server_certificate_request", &ca.CertificateRequest{
		Extensions: []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{
			0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202,
		}}},
	})

	// §6 client Certificate: one RSA certificate (CN=client) of 438 bytes
	// starting 30 82 01 b2, no entry extensions.
	ct := sample(t, "rfc8448/s6_client_certificate_rsa")
	if !bytes.HasPrefix(ct.Msg[11:], []byte{0x30, 0x82, 0x01, 0xb2}) {
		t.Fatalf("vector changed: %x", ct.Msg[:16])
	}
	m := golden(t, "rfc8448/s6_client_certificate_rsa", &ca.Certificate{
		Entries: []ca.CertificateEntry{{Data: ct.Msg[11 : 11+438]}},
	})
	if m.Certificate.Entries.Len() != 1 || m.Certificate.Entries.At(0).Offset != 8 {
		t.Errorf("entry offset %d, want 8", m.Certificate.Entries.At(0).Offset)
	}

	// §6 client CertificateVerify: rsa_pss_rsae_sha256 with a 128-byte signature.
	cv := sample(t, "rfc8448/s6_client_certificate_verify_rsa_pss_rsae_sha256")
	golden(t, "rfc8448/s6_client_certificate_verify_rsa_pss_rsae_sha256", &ca.CertificateVerify{
		Algorithm: ca.SignatureScheme(0x0804), Signature: cv.Msg[8:],
	})
	if len(cv.Msg[8:]) != 128 {
		t.Errorf("signature is %d bytes", len(cv.Msg[8:]))
	}
}

func TestGoldenSeedCapture(t *testing.T) {
	m := golden(t, "seed-capture/tls12_certificate_request", &ca.CertificateRequest{
		CertificateTypes:    []ca.ClientCertificateType{1, 2, 64},
		SignatureAlgorithms: samples.SeedCaptureSchemes,
	})
	cr := m.CertificateRequest
	if cr.SignatureAlgorithms.Len() != 23 || cr.CertificateAuthorities.Len() != 0 || len(cr.CertificateTypes) != 3 {
		t.Errorf("view: %d algorithms, %d CAs, %d types", cr.SignatureAlgorithms.Len(), cr.CertificateAuthorities.Len(), len(cr.CertificateTypes))
	}
	// Legacy pairs the capture offers (SHA-224, DSA) are accepted in a CR
	// (8446-4.2.3-k applies to what is used, not what is offered).
	for _, s := range []ca.SignatureScheme{0x0303, 0x0301, 0x0302, 0x0202} {
		if !cr.SignatureAlgorithms.Contains(s) {
			t.Errorf("%v missing", s)
		}
	}
}

// TestSamples parses every sample (RFC 8448, seed capture, OpenSSL harvest,
// synthetic), re-encodes it byte for byte, and asserts that parsing and
// encoding allocate nothing.
func TestSamples(t *testing.T) {
	all, err := samples.All()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[ca.HandshakeType]int{}
	for _, s := range all {
		p := parser.New(s.Params)
		m, err := p.Parse(s.Msg)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		counts[m.Type]++
		v := m.Value()
		e := encoder.New(s.Params)
		out, err := e.Encode(nil, v)
		if err != nil || !bytes.Equal(out, s.Msg) {
			t.Errorf("%s: re-encoding differs: %v", s.Name, err)
		}
		if n := testing.AllocsPerRun(20, func() { p.Parse(s.Msg) }); n != 0 {
			t.Errorf("%s: parse allocates %v times", s.Name, n)
		}
		buf := make([]byte, 0, len(s.Msg))
		if n := testing.AllocsPerRun(20, func() { samples.EncodeTyped(e, buf, v) }); n != 0 {
			t.Errorf("%s: encode allocates %v times", s.Name, n)
		}
	}
	t.Logf("%d samples: %v", len(all), counts)
}

// TestInvalidAllocs: rejections allocate nothing either. Every sample is cut
// at several lengths and has each length prefix set one too high and one too
// low.
func TestInvalidAllocs(t *testing.T) {
	all, err := samples.All()
	if err != nil {
		t.Fatal(err)
	}
	var rejected int
	for _, s := range all {
		p := parser.New(s.Params)
		var spans []parser.Span
		p.Layout = &spans
		if _, err := p.Parse(s.Msg); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		p.Layout = nil
		var bad [][]byte
		for _, n := range []int{0, 3, 4, len(s.Msg) / 2, len(s.Msg) - 1} {
			bad = append(bad, s.Msg[:n])
		}
		for _, sp := range spans {
			for _, d := range []int{-1, 1} {
				if m, ok := setLength(s.Msg, sp, sp.Len+d); ok {
					bad = append(bad, m)
				}
			}
		}
		for _, m := range bad {
			if _, err := p.Parse(m); err == nil {
				continue // a shorter length can leave a valid message (e.g. a list losing its last item is not possible; an opaque body can shrink only with trailing bytes)
			}
			rejected++
			if n := testing.AllocsPerRun(5, func() { p.Parse(m) }); n != 0 {
				t.Errorf("%s: rejecting %x allocates %v times", s.Name, m, n)
			}
		}
	}
	t.Logf("%d rejections measured", rejected)
}

func setLength(msg []byte, s parser.Span, n int) ([]byte, bool) {
	if s.Width == 0 || n < 0 || n >= 1<<(8*s.Width) {
		return nil, false
	}
	out := append([]byte(nil), msg...)
	for i := s.Width - 1; i >= 0; i-- {
		out[s.Offset+i] = byte(n)
		n >>= 8
	}
	return out, true
}

func TestStream(t *testing.T) {
	var flight []byte
	var want [][]byte
	for _, name := range []string{"rfc8448/s6_client_certificate_rsa", "rfc8448/s6_client_certificate_verify_rsa_pss_rsae_sha256"} {
		m := sample(t, name).Msg
		flight = append(flight, m...)
		want = append(want, m)
	}
	s := parser.NewStream(flight)
	var got [][]byte
	var offs []int
	for {
		m, off, ok := s.Next()
		if !ok {
			break
		}
		got = append(got, m)
		offs = append(offs, off)
	}
	if s.Err() != nil || !cmp.Equal(got, want) || !cmp.Equal(offs, []int{0, len(want[0])}) {
		t.Errorf("stream: err %v, %d messages at %v", s.Err(), len(got), offs)
	}
	if &got[0][0] != &flight[0] {
		t.Error("stream copied the message")
	}
	// A tail that is not a whole message: past the end, and a short header.
	for _, tail := range [][]byte{{15, 0, 0, 9, 1}, {15, 0}} {
		s := parser.NewStream(append(append([]byte(nil), want[0]...), tail...))
		n := 0
		for _, _, ok := s.Next(); ok; _, _, ok = s.Next() {
			n++
		}
		if n != 1 || s.Err() == nil || len(s.Rest()) != len(tail) {
			t.Errorf("tail %x: %d messages, err %v, rest %d", tail, n, s.Err(), len(s.Rest()))
		}
	}
}

// TestStreamCutOffAgreesWithParse: a header that runs past the buffer gets
// the alert Parse gives the same bytes. Parse judges the type before the
// length, so an unknown type is unexpected_message, a known one decode_error.
func TestStreamCutOffAgreesWithParse(t *testing.T) {
	for _, c := range []struct {
		in    []byte
		alert ca.Alert
	}{
		{[]byte{0x81, 0x00, 0x00, 0x10}, ca.AlertUnexpectedMessage},
		{[]byte{0x0d, 0x00, 0x00, 0x10}, ca.AlertDecodeError},
	} {
		s := parser.NewStream(c.in)
		if _, _, ok := s.Next(); ok {
			t.Fatalf("%x: a message", c.in)
		}
		_, perr := parser.New(ca.Params{}).Parse(c.in)
		var se, pe *ca.Error
		if !errors.As(s.Err(), &se) || !errors.As(perr, &pe) || se.Alert != c.alert || pe.Alert != c.alert || se.Requirement != pe.Requirement {
			t.Errorf("%x: Stream.Err %v, Parse %v; want both %v", c.in, s.Err(), perr, c.alert)
		}
	}
}

// TestStreamNoAllocs: walking a whole flight and asking Err allocates
// nothing when the flight is well formed.
func TestStreamNoAllocs(t *testing.T) {
	var flight []byte
	for _, name := range []string{"rfc8448/s6_client_certificate_rsa", "rfc8448/s6_client_certificate_verify_rsa_pss_rsae_sha256"} {
		flight = append(flight, sample(t, name).Msg...)
	}
	n := testing.AllocsPerRun(20, func() {
		s := parser.NewStream(flight)
		for {
			if _, _, ok := s.Next(); !ok {
				break
			}
		}
		if s.Err() != nil {
			t.Fatal(s.Err())
		}
	})
	if n != 0 {
		t.Errorf("stream walk allocates %v times", n)
	}
}
