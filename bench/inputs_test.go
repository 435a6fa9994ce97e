package bench_test

import (
	"bytes"
	"crypto/x509"
	"encoding/binary"
	"strings"
	"testing"

	"golang.org/x/crypto/ocsp"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// TestInputsCoverIssue: the inputs the issue names are all present, with the
// shapes it names.
func TestInputsCoverIssue(t *testing.T) {
	byName := map[string]bench.Input{}
	for _, in := range testutil.Must(t, bench.Inputs) {
		if _, dup := byName[in.Name]; dup {
			t.Errorf("duplicate input name %s", in.Name)
		}
		byName[in.Name] = in
	}
	get := func(name string) bench.Input {
		in, ok := byName[name]
		if !ok {
			t.Fatalf("input %s missing", name)
		}
		return in
	}
	for _, name := range []string{"CR13/rfc8448", "CT13/rfc8448", "CV13/rfc8448", "CR13/openssl", "CR12/openssl",
		"CT13/openssl_chain", "CT12/openssl_chain", "CV13/openssl", "CV12/openssl", "Kex12/openssl_ecdhe", "Kex12/openssl_rsa", "Finished13/openssl", "Finished12/openssl"} {
		get(name)
	}

	p13 := parser.New(get("CR13/9schemes_2cas").Params)
	cr, err := p13.CertificateRequest(get("CR13/9schemes_2cas").Msg)
	if err != nil || cr.SignatureAlgorithms.Len() != 9 || cr.CertificateAuthorities.Len() != 2 {
		t.Errorf("CR13/9schemes_2cas: %d schemes, %d CAs, %v; want 9, 2", cr.SignatureAlgorithms.Len(), cr.CertificateAuthorities.Len(), err)
	}
	for _, name := range []string{"CR13/100cas", "CR12/100cas"} {
		in := get(name)
		cr, err := parser.New(in.Params).CertificateRequest(in.Msg)
		if err != nil || cr.CertificateAuthorities.Len() != 100 {
			t.Errorf("%s: %d CAs, %v; want 100", name, cr.CertificateAuthorities.Len(), err)
		}
	}
	in := get("CR12/seed_23algs")
	if cr, err := parser.New(in.Params).CertificateRequest(in.Msg); err != nil || cr.SignatureAlgorithms.Len() != 23 {
		t.Errorf("CR12/seed_23algs: %d algorithms, %v; want 23", cr.SignatureAlgorithms.Len(), err)
	}

	for _, tc := range []struct {
		name       string
		n          int
		stapled    bool
		minS, maxS int
	}{
		{"CT13/3certs_1KB", 3, false, 1000, 1100},
		{"CT12/3certs_1KB", 3, false, 1000, 1100},
		{"CT13/10certs_ocsp_sct", 10, true, 1000, 1100},
	} {
		in := get(tc.name)
		ct, err := parser.New(in.Params).Certificate(in.Msg)
		if err != nil || ct.Entries.Len() != tc.n {
			t.Errorf("%s: %d entries, %v; want %d", tc.name, ct.Entries.Len(), err, tc.n)
			continue
		}
		var prev *x509.Certificate
		for i, e := range ct.Entries.All() {
			cert, err := x509.ParseCertificate(e.Data)
			if err != nil {
				t.Errorf("%s[%d]: not X.509: %v", tc.name, i, err)
				continue
			}
			if len(e.Data) < tc.minS || len(e.Data) > tc.maxS {
				t.Errorf("%s[%d]: %d bytes, want %d..%d", tc.name, i, len(e.Data), tc.minS, tc.maxS)
			}
			if prev != nil {
				if err := prev.CheckSignatureFrom(cert); err != nil {
					t.Errorf("%s[%d] did not sign [%d]: %v", tc.name, i, i-1, err)
				}
			}
			prev = cert
			if !tc.stapled {
				continue
			}
			resp, ok := e.OCSPResponse()
			if !ok {
				t.Errorf("%s[%d]: no OCSP response", tc.name, i)
			} else if r, err := ocsp.ParseResponse(resp, nil); err != nil || r.Status != ocsp.Good || r.SerialNumber.Cmp(cert.SerialNumber) != 0 {
				t.Errorf("%s[%d]: OCSP response does not read as good for serial %v: %v", tc.name, i, cert.SerialNumber, err)
			}
			scts, ok := e.SCTs()
			if !ok || scts.Len() != 2 {
				t.Errorf("%s[%d]: want 2 SCTs", tc.name, i)
				continue
			}
			for _, s := range scts.All() {
				// RFC 6962 §3.2: v1, 32-byte log id, timestamp, no extensions, then the signature.
				if len(s) < 47 || s[0] != 0 || binary.BigEndian.Uint16(s[41:43]) != 0 {
					t.Errorf("%s[%d]: SCT is not RFC 6962 v1", tc.name, i)
				}
			}
		}
	}
}

func TestGrowthShape(t *testing.T) {
	ins := testutil.Must(t, bench.Growth)
	if len(ins) != len(bench.GrowthCounts)*len(bench.GrowthSizes) {
		t.Fatalf("%d growth inputs, want %d", len(ins), len(bench.GrowthCounts)*len(bench.GrowthSizes))
	}
	for _, in := range ins {
		ct, err := parser.New(in.Params).Certificate(in.Msg)
		if err != nil || ct.Entries.Len() != in.Count {
			t.Errorf("%s: %d entries, %v", in.Name, ct.Entries.Len(), err)
			continue
		}
		for i, e := range ct.Entries.All() {
			if d := len(e.Data) - in.Size; d < 0 || d > 4 {
				t.Errorf("%s[%d]: %d bytes, want %d", in.Name, i, len(e.Data), in.Size)
			}
		}
	}
}

// TestFlights: each flight frames into its messages, in order.
func TestFlights(t *testing.T) {
	for _, f := range testutil.Must(t, bench.Flights) {
		if err := bench.ParseFlight(&f, f.Parsers()); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
		if len(f.Msgs) < 2 {
			t.Errorf("%s: %d messages; a flight has several", f.Name, len(f.Msgs))
		}
		short := bench.Flight{Name: f.Name, Buf: f.Buf, Msgs: f.Msgs[:len(f.Msgs)-1]}
		if err := bench.ParseFlight(&short, short.Parsers()); err == nil || !strings.Contains(err.Error(), "more messages") {
			t.Errorf("%s: an extra message went unnoticed: %v", f.Name, err)
		}
	}
}

// TestInputsDeterministic: the built inputs are the same bytes each time
// they are built (Ed25519 signatures, seeded keys, fixed times), so a base
// and a head run measure identical inputs.
func TestInputsDeterministic(t *testing.T) {
	a, b := bench.BuildForTest()
	if len(a) != len(b) {
		t.Fatalf("%d inputs, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Msg, b[i].Msg) {
			t.Errorf("%s: bytes differ between two builds", a[i].Name)
		}
	}
}

// TestRealInputs: the real set has every family of RealTypes the corpus
// has, unique names whose family matches the bytes, each input accepted by
// both our parser and the walk, and says what it left out.
func TestRealInputs(t *testing.T) {
	ins := testutil.Must(t, bench.Real)
	skipped := testutil.Must(t, bench.RealSkipped)
	names := map[string]bool{}
	families := map[string]int{}
	for _, in := range ins {
		if names[in.Name] {
			t.Errorf("duplicate real input name %s", in.Name)
		}
		names[in.Name] = true
		if want := bench.FamilyName(in.Type(), in.Params.Vers()); in.Family() != want {
			t.Errorf("%s: family %s, its bytes are a %s", in.Name, in.Family(), want)
		}
		families[in.Family()]++
		if err := bench.Parse(parser.New(in.Params), in.Msg); err != nil || !bench.Walk(in.Params, in.Msg) {
			t.Errorf("%s: ours %v, walk %v", in.Name, err, bench.Walk(in.Params, in.Msg))
		}
	}
	have := map[string]bool{}
	for _, in := range ins {
		have[string(in.Msg)] = true
	}
	for _, m := range testutil.Must(t, corpus.Real) {
		if m.Expect != nil || (m.Type != ca.TypeCertificateRequest && m.Type != ca.TypeCertificate && m.Type != ca.TypeCertificateVerify) {
			continue
		}
		// A family is missing only when each of its messages is the same
		// bytes as another family's input (TLS 1.1 Certificates: TLS 1.0's).
		if f := bench.FamilyName(m.Type, m.Version); families[f] == 0 && !have[string(m.Bytes)] {
			t.Errorf("corpus/real has %s messages (%s) but the real set none", f, m.Path)
		}
	}
	if len(ins)+len(skipped) < 700 {
		t.Errorf("%d inputs and %d skipped: the corpus has more CR/CT/CV messages", len(ins), len(skipped))
	}
	t.Logf("%d real inputs %v; %d left out", len(ins), families, len(skipped))
}
