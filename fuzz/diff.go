package fuzz

import (
	"crypto/ecdh"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The differential targets compare our parser with crypto/tls's unexported
// one on the same bytes. crypto/tls is reached through the overlay shim
// (internal/tlsshim); fuzz/diff_tlsshim.go, built only with that overlay and
// the clientauth_tlsshim tag, fills CryptoTLS. Without it the targets skip.

// ShimOps is one crypto/tls reader, as the shim exports it.
type ShimOps struct {
	Unmarshal func(data []byte, vers uint16) (any, bool)
	Fields    func(m any) map[string]any
}

// CryptoTLS returns crypto/tls's reader registered under name by the shim;
// nil when this binary was built without the shim.
var CryptoTLS func(name string) (ShimOps, bool)

// Variant is one way of reading a message on both sides: our Params and
// the crypto/tls reader (a shim name) that reads the same thing.
type Variant struct {
	Name   string
	Type   ca.HandshakeType
	Params ca.Params
	TLS    string
}

// DiffTarget is a differential target. Its input is a selector byte
// (choosing the Variant, modulo their number) and a message body: the
// harness adds the handshake header, which crypto/tls's connection layer,
// not its message parsers, checks.
type DiffTarget struct {
	Name     string
	Variants []Variant
}

func cr(name string, v ca.Version, tls string) Variant {
	return Variant{name, ca.TypeCertificateRequest, ca.Params{Version: v, FromServer: true}, tls}
}

// DiffTargets are the differential targets, one per crypto/tls message
// family the module shares with crypto/tls (crypto/tls has no
// CompressedCertificate, no DHE or PSK key exchange).
var DiffTargets = []DiffTarget{
	{"FuzzDiffCR", []Variant{
		cr("CR10", ca.VersionTLS10, "certificateRequestMsg"),
		cr("CR11", ca.VersionTLS11, "certificateRequestMsg"),
		cr("CR12", ca.VersionTLS12, "certificateRequestMsg"),
		cr("CR13", ca.VersionTLS13, "certificateRequestMsgTLS13"),
	}},
	{"FuzzDiffCT", []Variant{
		{"CT12", ca.TypeCertificate, ca.Params{Version: ca.VersionTLS12}, "certificateMsg"},
		{"CT13", ca.TypeCertificate, ca.Params{Version: ca.VersionTLS13}, "certificateMsgTLS13"},
	}},
	{"FuzzDiffCV", []Variant{
		{"CV10", ca.TypeCertificateVerify, ca.Params{Version: ca.VersionTLS10}, "certificateVerifyMsg"},
		{"CV12", ca.TypeCertificateVerify, ca.Params{Version: ca.VersionTLS12}, "certificateVerifyMsg"},
		{"CV13", ca.TypeCertificateVerify, ca.Params{Version: ca.VersionTLS13}, "certificateVerifyMsg"},
	}},
	{"FuzzDiffKex", []Variant{
		{"RSAKex", ca.TypeClientKeyExchange, ca.Params{Version: ca.VersionTLS12, KeyExchange: ca.KexRSA}, "rsaKeyAgreement"},
		{"ECDHEKex", ca.TypeClientKeyExchange, ca.Params{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}, "ecdheKeyAgreement"},
	}},
	{"FuzzDiffFinishedSHD", []Variant{
		{"Finished12", ca.TypeFinished, ca.Params{Version: ca.VersionTLS12}, "finishedMsg"},
		{"Finished13", ca.TypeFinished, ca.Params{Version: ca.VersionTLS13}, "finishedMsg"},
		{"SHD12", ca.TypeServerHelloDone, ca.Params{Version: ca.VersionTLS12}, "serverHelloDoneMsg"},
	}},
}

// LookupDiff returns the differential target named name.
func LookupDiff(name string) DiffTarget {
	for _, t := range DiffTargets {
		if t.Name == name {
			return t
		}
	}
	panic("fuzz: no differential target " + name)
}

// ErrNoShim is why a differential target skips.
var ErrNoShim = errors.New("crypto/tls shim not compiled in: run `go run ./cmd/clientauth fuzz -diff`, " +
	"or go test with the flags `go run ./internal/tlsshim/mkoverlay DIR` prints")

// Ready reports whether crypto/tls has every reader the target needs.
func (t DiffTarget) Ready() error {
	if CryptoTLS == nil {
		return ErrNoShim
	}
	for _, v := range t.Variants {
		if _, ok := CryptoTLS(v.TLS); !ok {
			return fmt.Errorf("crypto/tls in this Go lacks %s as the shim reads it (see internal/tlsshim)", v.TLS)
		}
	}
	return nil
}

// Unready says whether the target can run. Without the shim in this build
// (plain go test; TestDiffWithShim runs the targets with it) it is a skip.
// With the shim but a reader missing from this Go's crypto/tls it is a
// skip too, unless CLIENTAUTH_REQUIRE_TLSSHIM=1 makes it fatal. (No testing
// types here: the FuzzX wrappers call it with whatever F they are built with.)
func (t DiffTarget) Unready() (err error, fatal bool) {
	err = t.Ready()
	return err, err != nil && !errors.Is(err, ErrNoShim) && os.Getenv("CLIENTAUTH_REQUIRE_TLSSHIM") == "1"
}

// Input is the fuzz input that reads msg (a whole message) as variant i.
func (t DiffTarget) Input(i int, msg []byte) []byte {
	return append([]byte{byte(i)}, msg[4:]...)
}

// Split is the inverse of Input: the variant and the whole message.
func (t DiffTarget) Split(data []byte) (Variant, []byte, bool) {
	if len(data) == 0 || len(data)-1 >= 1<<24 {
		return Variant{}, nil, false
	}
	v := t.Variants[int(data[0])%len(t.Variants)]
	body := data[1:]
	n := len(body)
	msg := append([]byte{byte(v.Type), byte(n >> 16), byte(n >> 8), byte(n)}, body...)
	return v, msg, true
}

// Seeds are the target's corpus messages, once per variant whose type they
// have, or the sample SeedsEnv asks for.
func (t DiffTarget) Seeds() [][]byte {
	seedMu.Lock()
	defer seedMu.Unlock()
	if s, ok := seedCache[t.Name]; ok {
		return Sample(s, seedLimit())
	}
	var types []ca.HandshakeType
	for _, v := range t.Variants {
		types = append(types, v.Type)
	}
	var out [][]byte
	for _, msg := range (Target{Name: t.Name, Types: types}).seeds() {
		if len(msg) < 4 {
			continue
		}
		for i, v := range t.Variants {
			if ca.HandshakeType(msg[0]) == v.Type {
				out = append(out, t.Input(i, msg))
			}
		}
	}
	seedCache[t.Name] = out
	return Sample(out, seedLimit())
}

// Outcome is what the two sides did with one input.
type Outcome struct {
	Variant Variant
	Msg     []byte
	Ours    *ca.Error // nil: accepted
	Value   any       // our parsed value when accepted
	GoOK    bool
	Diff    string // field differences when both accepted
}

// Disagree reports whether the sides disagree.
func (o Outcome) Disagree() bool { return (o.Ours == nil) != o.GoOK || o.Diff != "" }

// Compare reads msg as v on both sides.
func Compare(v Variant, msg []byte) (Outcome, error) {
	if CryptoTLS == nil {
		return Outcome{}, ErrNoShim
	}
	ops, ok := CryptoTLS(v.TLS)
	if !ok {
		return Outcome{}, fmt.Errorf("no crypto/tls reader %s", v.TLS)
	}
	o, err := ReadOurs(v, msg)
	if err != nil {
		return o, err
	}
	theirs, goOK := ops.Unmarshal(msg, uint16(v.Params.Vers()))
	o.GoOK = goOK
	if o.Ours == nil && goOK {
		o.Diff = valueDiff(OurFields(v, o.Value), ops.Fields(theirs))
	}
	return o, nil
}

// valueDiff is the targets' one comparison of two readings of a message
// (values or field maps), empty when they agree: a nil list and an empty
// one are the same bytes on the wire.
func valueDiff(x, y any) string { return cmp.Diff(x, y, cmpopts.EquateEmpty()) }

// ReadOurs is our half of Compare: our verdict and value (GoOK unset).
func ReadOurs(v Variant, msg []byte) (Outcome, error) {
	o := Outcome{Variant: v, Msg: msg}
	m, err := parser.New(v.Params).Parse(msg)
	if err != nil {
		var e *ca.Error
		if !errors.As(err, &e) {
			return o, fmt.Errorf("rejection is not a *clientauth.Error: %v", err)
		}
		cp := *e
		o.Ours = &cp
		return o, nil
	}
	o.Value = m.Value()
	return o, nil
}

// OurFields is our parse of a message in the shape the shim gives
// crypto/tls's (field names and types as in internal/tlsshim).
func OurFields(v Variant, value any) map[string]any {
	f := map[string]any{}
	switch m := value.(type) {
	case *ca.CertificateRequest:
		f["certificate_authorities"] = m.CertificateAuthorities
		if v.Params.Vers() == ca.VersionTLS13 {
			f["status_request"], f["signed_certificate_timestamp"] = false, false
			f["signature_algorithms"], f["signature_algorithms_cert"] = []uint16(nil), []uint16(nil)
			var cas [][]byte
			for _, e := range m.Extensions {
				switch name := e.Type.String(); name {
				case "status_request", "signed_certificate_timestamp":
					f[name] = true
				case "signature_algorithms", "signature_algorithms_cert":
					f[name] = append(f[name].([]uint16), schemes(e.SignatureAlgorithms)...)
				case "certificate_authorities":
					cas = append(cas, e.Authorities...)
				}
			}
			f["certificate_authorities"] = cas
			break
		}
		types := make([]byte, len(m.CertificateTypes))
		for i, t := range m.CertificateTypes {
			types[i] = byte(t)
		}
		f["certificate_types"] = types
		if v.Params.Vers() >= ca.VersionTLS12 {
			f["supported_signature_algorithms"] = schemes(m.SignatureAlgorithms)
		}
	case *ca.Certificate:
		var certs [][]byte
		for _, e := range m.Entries {
			certs = append(certs, e.Data)
		}
		f["certificate_list"] = certs
		if v.Params.Vers() == ca.VersionTLS13 {
			// crypto/tls keeps the leaf's OCSP response and SCTs only.
			var ocsp []byte
			var scts [][]byte
			if len(m.Entries) > 0 {
				for _, e := range m.Entries[0].Extensions {
					switch e.Type.String() {
					case "status_request":
						ocsp = e.OCSPResponse
					case "signed_certificate_timestamp":
						scts = e.SCTs
					}
				}
			}
			f["leaf_ocsp_response"], f["leaf_signed_certificate_timestamps"] = ocsp, scts
		}
	case *ca.CertificateVerify:
		f["signature"] = m.Signature
		if v.Params.Vers() >= ca.VersionTLS12 {
			f["algorithm"] = uint16(m.Algorithm)
		}
	case *ca.ClientKeyExchange:
		switch v.Params.KeyExchange {
		case ca.KexRSA:
			f["encrypted_pre_master_secret"] = m.EncryptedPreMasterSecret
		case ca.KexECDHE:
			f["ecdh_Yc"] = m.ECPoint
		}
	case *ca.Finished:
		f["verify_data"] = m.VerifyData
	case *ca.ServerHelloDone:
	}
	return f
}

func schemes(s []ca.SignatureScheme) []uint16 {
	out := make([]uint16, len(s))
	for i, x := range s {
		out[i] = uint16(x)
	}
	return out
}

// CheckDiff is the differential property: both sides accept or both
// reject, and when both accept they read the same fields, unless a known
// divergence (Divergences) explains the difference.
func CheckDiff(t DiffTarget, data []byte) error {
	v, msg, ok := t.Split(data)
	if !ok {
		return nil
	}
	o, err := Compare(v, msg)
	if err != nil {
		return err
	}
	if !o.Disagree() {
		return nil
	}
	if d := Explain(o); d != nil {
		return nil
	}
	return fmt.Errorf("%s: unexplained disagreement with crypto/tls on %x\n%s", v.Name, msg, o.Describe())
}

// Describe says what each side did.
func (o Outcome) Describe() string {
	var b strings.Builder
	if o.Ours != nil {
		fmt.Fprintf(&b, "ours: rejects: %v (%s)\n", o.Ours, o.Ours.Requirement)
	} else {
		b.WriteString("ours: accepts\n")
	}
	if o.GoOK {
		b.WriteString("crypto/tls: accepts\n")
	} else {
		b.WriteString("crypto/tls: rejects\n")
	}
	if o.Diff != "" {
		fmt.Fprintf(&b, "fields (-ours +crypto/tls):\n%s", o.Diff)
	}
	return b.String()
}

// x25519Rejects reports whether crypto/tls's X25519 key agreement refuses
// the point: wrong length, or a low-order point (all-zero shared secret).
func x25519Rejects(point []byte) bool {
	x25519Once.Do(func() {
		seed := make([]byte, 32)
		for i := range seed {
			seed[i] = byte(i + 1)
		}
		x25519Key, _ = ecdh.X25519().NewPrivateKey(seed)
	})
	pub, err := ecdh.X25519().NewPublicKey(point)
	if err != nil {
		return true
	}
	_, err = x25519Key.ECDH(pub)
	return err != nil
}

var (
	x25519Once sync.Once
	x25519Key  *ecdh.PrivateKey
)
