// Package bench holds the inputs of the hot-path benchmarks and the
// reference each is measured against: RFC 8448 §6 and harvested OpenSSL
// messages from internal/samples, and messages built here from owned values
// through the encoder (real X.509 chains from crypto/x509, OCSP responses,
// SCTs, long CA lists), so no length is typed by hand.
//
// The benchmarks themselves are in this package's tests (go test ./bench
// -bench .); the allocation budgets are plain tests, so go test ./... fails
// on an allocation regression. scripts/bench-vs-crypto-tls runs the same
// benchmarks beside crypto/tls's own parsers on the same bytes, and
// docs/benchmarks.md shows its latest table.
package bench

import (
	"crypto/x509"
	"fmt"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// Input is one benchmark input: a whole handshake message and the owned
// value that encodes to exactly those bytes.
type Input struct {
	// Name is "<family>/<variant>": the family is the message table's short
	// name and the version's digits (FamilyName: CR13, CT12, CV10, Kex12,
	// Finished13, ...), as the fuzz targets and samples spell them.
	Name   string
	Params ca.Params
	Msg    []byte // header included
	Value  any    // *ca.CertificateRequest, *ca.Certificate, ...
	Source string // where the bytes come from

	// Growth inputs only: entries in the certificate_list, bytes per entry.
	Count, Size int
}

// Type is the message's msg_type.
func (in *Input) Type() ca.HandshakeType { return ca.HandshakeType(in.Msg[0]) }

// Family is the part of Name before the slash.
func (in *Input) Family() string { f, _, _ := strings.Cut(in.Name, "/"); return f }

// FamilyName is the family of a message of type t under version v: the
// message table's Short name and the version without its dot ("CR" + "13").
func FamilyName(t ca.HandshakeType, v ca.Version) string {
	m, ok := ca.LookupMessage(t)
	if !ok {
		return fmt.Sprintf("type%d_", t) + strings.ReplaceAll(v.String(), ".", "")
	}
	return m.Short + strings.ReplaceAll(v.String(), ".", "")
}

// Flight is consecutive messages of one sender, as one record stream carries
// them, for the stream reader.
type Flight struct {
	Name string
	Buf  []byte  // the messages concatenated
	Msgs []Input // each message with the Params it parses under
}

var (
	inputsOnce  = sync.OnceValues(buildInputs)
	growthOnce  = sync.OnceValues(buildGrowth)
	flightsOnce = sync.OnceValues(buildFlights)
)

// Inputs returns the message benchmark inputs. They are built once and
// shared: callers must not modify them.
func Inputs() ([]Input, error) { return inputsOnce() }

// Growth returns TLS 1.3 client Certificates of GrowthCounts entries of
// GrowthSizes bytes each (shared; do not modify).
func Growth() ([]Input, error) { return growthOnce() }

// Flights returns the client flights for the stream benchmarks (shared; do
// not modify).
func Flights() ([]Flight, error) { return flightsOnce() }

// GrowthCounts and GrowthSizes span the cost-growth benchmarks: ours must
// grow with the number of entries, not with their bytes.
var (
	GrowthCounts = []int{1, 10, 100}
	GrowthSizes  = []int{1 << 10, 16 << 10}
)

// NineSchemes is the signature_algorithms list of the built TLS 1.3
// CertificateRequest: what a current server accepts from clients.
var NineSchemes = []ca.SignatureScheme{
	ca.SchemeECDSASecp256r1SHA256, ca.SchemeECDSASecp384r1SHA384, ca.SchemeECDSASecp521r1SHA512, // ecdsa_secp{256,384,521}r1_sha{256,384,512}
	ca.SchemeEd25519,                                                                // ed25519
	ca.SchemeRSAPSSRSAESHA256, ca.SchemeRSAPSSRSAESHA384, ca.SchemeRSAPSSRSAESHA512, // rsa_pss_rsae_sha{256,384,512}
	ca.SchemeRSAPKCS1SHA256, ca.SchemeRSAPKCS1SHA384, // rsa_pkcs1_sha{256,384}
}

var (
	v12       = ca.Params{Version: ca.VersionTLS12}
	v13       = ca.Params{Version: ca.VersionTLS13}
	v13server = ca.Params{Version: ca.VersionTLS13, FromServer: true}
)

// The harvested messages the benchmarks use, by samples name.
const (
	harvestCR13     = "openssl/tls13/tls13_rsa2048_ca_server_certificate_request.hex"
	harvestCR12     = "openssl/tls12/rsa_rsa2048_ca_server_certificate_request.hex"
	harvestFlight13 = "openssl/tls13/tls13_p256_ca-chain_client_"
	harvestFlight12 = "openssl/tls12/ecdhe_p256_ca-chain_client_"
	harvestCKERSA   = "openssl/tls12/rsa_rsa2048_ca_client_client_key_exchange.hex"
	harvestCV13     = "openssl/tls13/tls13_p256_ca_client_certificate_verify.hex"
)

func harvested() (map[string]samples.Sample, error) {
	all, err := samples.OpenSSL()
	if err != nil {
		return nil, err
	}
	m := make(map[string]samples.Sample, len(all))
	for _, s := range all {
		m[s.Name] = s
	}
	return m, nil
}

func lookup(h map[string]samples.Sample, name string) (samples.Sample, error) {
	s, ok := h[name]
	if !ok {
		return s, fmt.Errorf("bench: harvested message %s missing (re-run scripts/harvest-openssl?)", name)
	}
	if s.Reject != "" {
		return s, fmt.Errorf("bench: harvested message %s is an expected rejection", name)
	}
	return s, nil
}

// fromSample takes a real message and derives its owned value by parsing;
// its name is its family (FamilyName) and variant.
func fromSample(variant string, s samples.Sample) (Input, error) {
	m, err := parser.New(s.Params).Parse(s.Msg)
	if err != nil {
		return Input{}, fmt.Errorf("bench: %s (%s): %v", variant, s.Name, err)
	}
	name := FamilyName(ca.HandshakeType(s.Msg[0]), s.Params.Vers()) + "/" + variant
	return Input{Name: name, Params: s.Params, Msg: s.Msg, Value: m.Value(), Source: s.Name}, nil
}

// fromValue encodes a built value, named as fromSample names a sample.
func fromValue(variant, source string, p ca.Params, v any) (Input, error) {
	msg, err := encoder.New(p).Encode(nil, v)
	if err != nil {
		return Input{}, fmt.Errorf("bench: %s: %v", variant, err)
	}
	name := FamilyName(ca.HandshakeType(msg[0]), p.Vers()) + "/" + variant
	return Input{Name: name, Params: p, Msg: msg, Value: v, Source: source}, nil
}

func buildInputs() ([]Input, error) {
	h, err := harvested()
	if err != nil {
		return nil, err
	}
	var out []Input
	add := func(in Input, err error) error {
		if err == nil {
			out = append(out, in)
		}
		return err
	}
	sample := func(name, harvestName string) error {
		s, err := lookup(h, harvestName)
		if err != nil {
			return err
		}
		return add(fromSample(name, s))
	}
	rfc := map[string]samples.Sample{}
	for _, s := range samples.RFC8448() {
		rfc[s.Name] = s
	}

	dns, err := distinguishedNames(100)
	if err != nil {
		return nil, err
	}
	chain3, err := chain("Bench", 3, 1<<10)
	if err != nil {
		return nil, err
	}
	stapled, err := stapledChain(10, 1<<10)
	if err != nil {
		return nil, err
	}
	entries := func(certs []*x509.Certificate) []ca.CertificateEntry {
		out := make([]ca.CertificateEntry, len(certs))
		for i, c := range certs {
			out[i].Data = c.Raw
		}
		return out
	}

	steps := []func() error{
		// TLS 1.3 CertificateRequest.
		func() error { return add(fromSample("rfc8448", rfc["rfc8448/s6_server_certificate_request"])) },
		func() error { return sample("openssl", harvestCR13) },
		func() error {
			return add(fromValue("9schemes_2cas", "built: 9 schemes, 2 CA names", v13server, &ca.CertificateRequest{Extensions: []ca.Extension{
				{Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: NineSchemes}, // signature_algorithms
				{Type: ca.ExtCertificateAuthorities, Authorities: dns[:2]},          // certificate_authorities
			}}))
		},
		func() error {
			return add(fromValue("100cas", "built: 9 schemes, 100 CA names", v13server, &ca.CertificateRequest{Extensions: []ca.Extension{
				{Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: NineSchemes},
				{Type: ca.ExtCertificateAuthorities, Authorities: dns},
			}}))
		},
		// TLS 1.2 CertificateRequest.
		func() error { return add(fromSample("seed_23algs", samples.SeedCaptureCR())) },
		func() error { return sample("openssl", harvestCR12) },
		func() error {
			return add(fromValue("100cas", "built: 3 types, 23 algorithms, 100 CA names", v12, &ca.CertificateRequest{
				CertificateTypes:       []ca.ClientCertificateType{1, 2, 64}, // rsa_sign, dss_sign, ecdsa_sign
				SignatureAlgorithms:    samples.SeedCaptureSchemes,
				CertificateAuthorities: dns,
			}))
		},
		// TLS 1.3 Certificate.
		func() error { return add(fromSample("rfc8448", rfc["rfc8448/s6_client_certificate_rsa"])) },
		func() error { return sample("openssl_chain", harvestFlight13+"certificate.hex") },
		func() error {
			return add(fromValue("3certs_1KB", "built: crypto/x509 chain of 3", v13, &ca.Certificate{Entries: entries(chain3)}))
		},
		func() error {
			return add(fromValue("10certs_ocsp_sct", "built: crypto/x509 chain of 10, OCSP + 2 SCTs each", v13, &ca.Certificate{Entries: stapled}))
		},
		// TLS 1.2 Certificate.
		func() error { return sample("openssl_chain", harvestFlight12+"certificate.hex") },
		func() error {
			return add(fromValue("3certs_1KB", "built: crypto/x509 chain of 3", v12, &ca.Certificate{Entries: entries(chain3)}))
		},
		// CertificateVerify, ClientKeyExchange, Finished.
		func() error {
			return add(fromSample("rfc8448", rfc["rfc8448/s6_client_certificate_verify_rsa_pss_rsae_sha256"]))
		},
		func() error { return sample("openssl", harvestCV13) },
		func() error { return sample("openssl", harvestFlight12+"certificate_verify.hex") },
		func() error { return sample("openssl_ecdhe", harvestFlight12+"client_key_exchange.hex") },
		func() error { return sample("openssl_rsa", harvestCKERSA) },
		func() error { return sample("openssl", harvestFlight13+"finished.hex") },
		func() error { return sample("openssl", harvestFlight12+"finished.hex") },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stapledChain is a chain of n certificates of about size bytes, each entry
// carrying an OCSP response (status_request) and two SCTs: RFC 8446 §4.4.2.1
// lets every entry, not only the leaf's, carry them.
func stapledChain(n, size int) ([]ca.CertificateEntry, error) {
	certs, err := chain("Bench stapled", n, size)
	if err != nil {
		return nil, err
	}
	out := make([]ca.CertificateEntry, n)
	for i, c := range certs {
		issuerCert := certs[min(i+1, n-1)]
		resp, err := ocspResponseFor(c, issuerCert)
		if err != nil {
			return nil, err
		}
		var scts [][]byte
		for _, log := range []string{"argon", "xenon"} {
			s, err := sct(log, c.Raw)
			if err != nil {
				return nil, err
			}
			scts = append(scts, s)
		}
		out[i] = ca.CertificateEntry{Data: c.Raw, Extensions: []ca.Extension{
			{Type: ca.ExtStatusRequest, OCSPResponse: resp},      // status_request
			{Type: ca.ExtSignedCertificateTimestamp, SCTs: scts}, // signed_certificate_timestamp
		}}
	}
	return out, nil
}

func buildGrowth() ([]Input, error) {
	var out []Input
	for _, size := range GrowthSizes {
		certs, err := chain(fmt.Sprintf("Bench growth %d", size), GrowthCounts[len(GrowthCounts)-1], size)
		if err != nil {
			return nil, err
		}
		for _, n := range GrowthCounts {
			c := &ca.Certificate{}
			for _, cert := range certs[:n] {
				c.Entries = append(c.Entries, ca.CertificateEntry{Data: cert.Raw})
			}
			name := fmt.Sprintf("count=%d/size=%dKB", n, size>>10)
			in, err := fromValue(name, "built: crypto/x509 chain", v13, c)
			if err != nil {
				return nil, err
			}
			in.Count, in.Size = n, size
			out = append(out, in)
		}
	}
	return out, nil
}

func buildFlights() ([]Flight, error) {
	h, err := harvested()
	if err != nil {
		return nil, err
	}
	rfc := map[string]samples.Sample{}
	for _, s := range samples.RFC8448() {
		rfc[s.Name] = s
	}
	flights := []struct {
		name string
		msgs []samples.Sample
	}{
		{"rfc8448_s6_client", []samples.Sample{
			rfc["rfc8448/s6_client_certificate_rsa"], rfc["rfc8448/s6_client_certificate_verify_rsa_pss_rsae_sha256"],
		}},
	}
	for _, f := range []struct{ name, prefix, msgs string }{
		{"openssl_tls13_client", harvestFlight13, "certificate certificate_verify finished"},
		{"openssl_tls12_client", harvestFlight12, "certificate client_key_exchange certificate_verify finished"},
	} {
		var msgs []samples.Sample
		for _, m := range strings.Fields(f.msgs) {
			s, err := lookup(h, f.prefix+m+".hex")
			if err != nil {
				return nil, err
			}
			msgs = append(msgs, s)
		}
		flights = append(flights, struct {
			name string
			msgs []samples.Sample
		}{f.name, msgs})
	}
	var out []Flight
	for _, f := range flights {
		fl := Flight{Name: f.name}
		for _, s := range f.msgs {
			in, err := fromSample(f.name, s)
			if err != nil {
				return nil, err
			}
			fl.Buf = append(fl.Buf, s.Msg...)
			fl.Msgs = append(fl.Msgs, in)
		}
		out = append(out, fl)
	}
	return out, nil
}
