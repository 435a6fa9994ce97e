package flow_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/flow"
)

// ecdsaCert is a real certificate, so the key-type check reads a real
// SubjectPublicKeyInfo.
var ecdsaCert = func() []byte {
	k, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "flow test"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		panic(err)
	}
	return der
}()

type step struct {
	server bool
	msg    []byte
}

func enc(p ca.Params, v any) []byte {
	out, err := encoder.New(p).Encode(nil, v)
	if err != nil {
		panic(err)
	}
	return out
}

// flight12 is a conforming TLS 1.2 flight with client authentication.
func flight12(withCert bool) []step {
	p := ca.Params{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}
	sp := p
	sp.FromServer = true
	cert := &ca.Certificate{}
	if withCert {
		cert.Entries = []ca.CertificateEntry{{Data: ecdsaCert}}
	}
	out := []step{
		{true, enc(sp, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: ecdsaCert}}})},
		{true, enc(sp, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1, 64}, SignatureAlgorithms: []ca.SignatureScheme{0x0403, 0x0804}})},
		{true, enc(sp, &ca.ServerHelloDone{})},
		{false, enc(p, cert)},
		{false, enc(p, &ca.ClientKeyExchange{ECPoint: make([]byte, 65)})},
	}
	if withCert {
		out = append(out, step{false, enc(p, &ca.CertificateVerify{Algorithm: 0x0403, Signature: make([]byte, 70)})})
	}
	return append(out, step{false, enc(p, &ca.Finished{VerifyData: make([]byte, 12)})}, step{true, enc(sp, &ca.Finished{VerifyData: make([]byte, 12)})})
}

var encryptedExtensions = []byte{8, 0, 0, 2, 0, 0}

// flight13 is a conforming TLS 1.3 main handshake with client
// authentication; entryExt asks for (and the client sends) an OCSP status.
func flight13(withCert, entryExt bool) []step {
	p := ca.Params{Version: ca.VersionTLS13}
	sp := p
	sp.FromServer = true
	exts := []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0403, 0x0804}}}
	entry := ca.CertificateEntry{Data: ecdsaCert}
	if entryExt {
		exts = append(exts, ca.Extension{Type: 5})
		entry.Extensions = []ca.Extension{{Type: 5, OCSPResponse: []byte{0x30, 0}}}
	}
	cert := &ca.Certificate{}
	if withCert {
		cert.Entries = []ca.CertificateEntry{entry}
	}
	out := []step{
		{true, encryptedExtensions},
		{true, enc(sp, &ca.CertificateRequest{Extensions: exts})},
		{true, enc(sp, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: ecdsaCert}}})},
		{true, enc(sp, &ca.CertificateVerify{Algorithm: 0x0403, Signature: make([]byte, 70)})},
		{true, enc(sp, &ca.Finished{VerifyData: make([]byte, 32)})},
		{false, enc(p, cert)},
	}
	if withCert {
		out = append(out, step{false, enc(p, &ca.CertificateVerify{Algorithm: 0x0403, Signature: make([]byte, 70)})})
	}
	return append(out, step{false, enc(p, &ca.Finished{VerifyData: make([]byte, 32)})})
}

// pha is one post-handshake authentication round with the given context.
func pha(ctx []byte, withCert bool) []step {
	p := ca.Params{Version: ca.VersionTLS13, PostHandshake: true}
	sp := p
	sp.FromServer = true
	cert := &ca.Certificate{Context: ctx}
	out := []step{{true, enc(sp, &ca.CertificateRequest{Context: ctx, Extensions: []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804, 0x0403}}}})}}
	if withCert {
		cert.Entries = []ca.CertificateEntry{{Data: ecdsaCert}}
	}
	out = append(out, step{false, enc(p, cert)})
	if withCert {
		out = append(out, step{false, enc(p, &ca.CertificateVerify{Algorithm: 0x0804, Signature: make([]byte, 256)})})
	}
	return append(out, step{false, enc(p, &ca.Finished{VerifyData: make([]byte, 32)})})
}

func feed(v *flow.Validator, steps []step) (int, error) {
	for i, s := range steps {
		if err := v.Feed(s.server, s.msg); err != nil {
			return i, err
		}
	}
	return len(steps), nil
}

func TestConformingFlights(t *testing.T) {
	cases := []struct {
		name  string
		cfg   flow.Config
		steps []step
	}{
		{"tls12 with certificate", flow.Config{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}, flight12(true)},
		{"tls12 empty certificate", flow.Config{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}, flight12(false)},
		{"tls13 with certificate", flow.Config{Version: ca.VersionTLS13}, flight13(true, false)},
		{"tls13 with OCSP requested", flow.Config{Version: ca.VersionTLS13}, flight13(true, true)},
		{"tls13 empty certificate", flow.Config{Version: ca.VersionTLS13}, flight13(false, false)},
		{"tls13 two post-handshake rounds", flow.Config{Version: ca.VersionTLS13, PostHandshakeAuth: true},
			append(append(flight13(true, false), pha([]byte{1, 2, 3}, true)...), pha([]byte{4}, false)...)},
	}
	for _, c := range cases {
		v := flow.New(c.cfg)
		if i, err := feed(v, c.steps); err != nil {
			t.Errorf("%s: step %d: %v", c.name, i, err)
		}
		if !v.Done() {
			t.Errorf("%s: not done", c.name)
		}
		if n := testing.AllocsPerRun(10, func() {
			v := flow.New(c.cfg)
			feed(v, c.steps)
		}); n > 1 { // New's one allocation; Feed none
			t.Errorf("%s: %v allocations per flight", c.name, n)
		}
	}
}

// TestDeviations: a conforming flight with one deviation injected by rapid
// is refused at the deviation, with the alert the rule names; the same flight
// without it is accepted.
func TestDeviations(t *testing.T) {
	type deviation struct {
		name  string
		alert ca.Alert
		apply func(t *rapid.T) (flow.Config, []step, int) // flight, index of the step that must fail
	}
	tls12 := flow.Config{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}
	tls13 := flow.Config{Version: ca.VersionTLS13}
	sp13 := ca.Params{Version: ca.VersionTLS13, FromServer: true}
	devs := []deviation{
		{"repeat a message", ca.AlertUnexpectedMessage, func(t *rapid.T) (flow.Config, []step, int) {
			cfg, f := tls12, flight12(rapid.Bool().Draw(t, "cert"))
			if rapid.Bool().Draw(t, "v13") {
				cfg, f = tls13, flight13(rapid.Bool().Draw(t, "cert13"), false)
			}
			i := rapid.IntRange(1, len(f)-1).Draw(t, "i")
			return cfg, append(append(append([]step{}, f[:i]...), f[i-1]), f[i:]...), i
		}},
		{"swap two messages", ca.AlertUnexpectedMessage, func(t *rapid.T) (flow.Config, []step, int) {
			cfg, f := tls12, flight12(true)
			if rapid.Bool().Draw(t, "v13") {
				cfg, f = tls13, flight13(true, false)
			}
			i := rapid.IntRange(1, len(f)-2).Draw(t, "i") // EE and the last message stay
			g := append([]step{}, f...)
			g[i], g[i+1] = g[i+1], g[i]
			return cfg, g, i
		}},
		{"CertificateVerify after an empty Certificate", ca.AlertUnexpectedMessage, func(t *rapid.T) (flow.Config, []step, int) {
			f := flight12(false)
			cv := flight12(true)[5]
			return tls12, append(append(append([]step{}, f[:5]...), cv), f[5:]...), 5
		}},
		{"CertificateVerify algorithm not requested", ca.AlertIllegalParameter, func(t *rapid.T) (flow.Config, []step, int) {
			f := flight13(true, false)
			f[6] = step{false, enc(ca.Params{Version: ca.VersionTLS13}, &ca.CertificateVerify{Algorithm: 0x0503, Signature: make([]byte, 70)})}
			return tls13, f, 6
		}},
		{"entry extension not requested", ca.AlertUnsupportedExtension, func(t *rapid.T) (flow.Config, []step, int) {
			f, asked := flight13(true, false), flight13(true, true)
			f[5] = asked[5]
			return tls13, f, 5
		}},
		{"context not echoed", ca.AlertIllegalParameter, func(t *rapid.T) (flow.Config, []step, int) {
			f := append(flight13(true, false), pha([]byte{7, 7}, true)...)
			f[len(f)-3] = pha([]byte{8}, true)[1]
			return flow.Config{Version: ca.VersionTLS13, PostHandshakeAuth: true}, f, len(f) - 3
		}},
		{"post-handshake request not offered", ca.AlertUnexpectedMessage, func(t *rapid.T) (flow.Config, []step, int) {
			f := append(flight13(true, false), pha([]byte{1}, true)...)
			return tls13, f, len(flight13(true, false))
		}},
		{"post-handshake context repeated", ca.AlertIllegalParameter, func(t *rapid.T) (flow.Config, []step, int) {
			ctx := rapid.SliceOfN(rapid.Byte(), 1, 8).Draw(t, "ctx")
			f := append(append(flight13(true, false), pha(ctx, true)...), pha(ctx, false)...)
			return flow.Config{Version: ca.VersionTLS13, PostHandshakeAuth: true}, f, len(flight13(true, false)) + 4
		}},
		{"CertificateRequest in a PSK handshake", ca.AlertUnexpectedMessage, func(t *rapid.T) (flow.Config, []step, int) {
			return flow.Config{Version: ca.VersionTLS13, PSK: true}, flight13(true, false), 1
		}},
		{"client key not among certificate_types", ca.AlertUnsupportedCertificate, func(t *rapid.T) (flow.Config, []step, int) {
			f := flight12(true)
			f[1] = step{true, enc(ca.Params{Version: ca.VersionTLS12, FromServer: true}, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{0x0403}})}
			return tls12, f, 3
		}},
		{"CertificateRequest after the server Certificate (TLS 1.3)", ca.AlertUnexpectedMessage, func(t *rapid.T) (flow.Config, []step, int) {
			f := flight13(true, false)
			f[1], f[2] = f[2], step{true, enc(sp13, &ca.CertificateRequest{Extensions: []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0403}}}})}
			return tls13, f, 2
		}},
	}
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.SampledFrom(devs).Draw(t, "deviation")
		cfg, f, at := d.apply(t)
		i, err := feed(flow.New(cfg), f)
		var e *ca.Error
		// A swap is refused where the sequence stops being a conforming
		// prefix: at the first moved message, or the second when the
		// first may legally come there (ServerHelloDone with no request).
		if d.name == "swap two messages" && i == at+1 {
			at++
		}
		if err == nil || i != at {
			t.Fatalf("%s: want refusal at step %d, got step %d: %v", d.name, at, i, err)
		}
		if e, _ = err.(*ca.Error); e == nil || e.Alert != d.alert || e.Requirement == "" {
			t.Fatalf("%s: want %v with a requirement, got %v", d.name, d.alert, err)
		}
	})
}

// machine is the rapid state machine of TestStateMachine: a model of a
// conforming pair of peers produces the next message; rapid interleaves
// conforming steps, new post-handshake rounds and one injected deviation,
// and the validator must accept exactly the conforming sequence.
type machine struct {
	cfg      flow.Config
	v        *flow.Validator
	queue    []step // conforming messages still to come
	prev     *step
	withCert bool
	rounds   int
	dead     bool // a deviation was injected and refused
	complete bool // the client's Finished ended the latest flight
}

func (m *machine) init(t *rapid.T) {
	m.withCert = rapid.Bool().Draw(t, "cert")
	if rapid.Bool().Draw(t, "tls13") {
		m.cfg = flow.Config{Version: ca.VersionTLS13, PostHandshakeAuth: rapid.Bool().Draw(t, "pha")}
		m.queue = flight13(m.withCert, rapid.Bool().Draw(t, "ocsp"))
	} else {
		m.cfg = flow.Config{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}
		m.queue = flight12(m.withCert)
	}
	m.v = flow.New(m.cfg)
}

func (m *machine) Step(t *rapid.T) {
	if m.dead || len(m.queue) == 0 {
		t.Skip("nothing to send")
	}
	s := m.queue[0]
	if err := m.v.Feed(s.server, s.msg); err != nil {
		t.Fatalf("conforming message %x refused: %v", s.msg[:4], err)
	}
	m.prev, m.queue = &s, m.queue[1:]
	switch {
	case !s.server && s.msg[0] == byte(ca.TypeFinished):
		m.complete = true
	case s.server && s.msg[0] == byte(ca.TypeCertificateRequest):
		m.complete = false
	}
}

func (m *machine) NewRound(t *rapid.T) {
	if m.dead || len(m.queue) > 0 || m.cfg.Version != ca.VersionTLS13 || !m.cfg.PostHandshakeAuth {
		t.Skip("no post-handshake round possible now")
	}
	m.rounds++
	m.queue = pha([]byte{byte(m.rounds), 0xcc}, rapid.Bool().Draw(t, "round cert"))
}

func (m *machine) Deviate(t *rapid.T) {
	if m.dead {
		t.Skip("connection already refused")
	}
	var bad step
	want := ca.AlertUnexpectedMessage
	switch {
	case len(m.queue) == 0 && m.cfg.Version == ca.VersionTLS13 && !m.cfg.PostHandshakeAuth:
		bad = pha([]byte{9}, true)[0] // 8446-4.6.2-d
	case m.prev != nil && rapid.Bool().Draw(t, "repeat"):
		bad = *m.prev
	case len(m.queue) > 0 && m.cfg.Version == ca.VersionTLS13 && !m.queue[0].server && m.queue[0].msg[0] == byte(ca.TypeCertificate) && m.rounds > 0:
		bad, want = pha([]byte{0xee}, m.withCert)[1], ca.AlertIllegalParameter // context not echoed
	case len(m.queue) > 0 && !m.queue[0].server && m.queue[0].msg[0] == byte(ca.TypeCertificateVerify):
		p := ca.Params{Version: m.cfg.Version, PostHandshake: m.rounds > 0}
		bad, want = step{false, enc(p, &ca.CertificateVerify{Algorithm: 0x0603, Signature: make([]byte, 9)})}, ca.AlertIllegalParameter
	default:
		t.Skip("no deviation modelled here")
	}
	err := m.v.Feed(bad.server, bad.msg)
	if e, _ := err.(*ca.Error); e == nil || e.Alert != want {
		t.Fatalf("deviation %x: want %v, got %v", bad.msg[:4], want, err)
	}
	m.dead = true
}

// Wait sends nothing: a peer may pause at any point, and a finished or
// refused connection has nothing left to do.
func (m *machine) Wait(t *rapid.T) {}

// Check is the invariant: the validator says done exactly when the model's
// client has sent the Finished that ends the latest flight.
func (m *machine) Check(t *rapid.T) {
	if !m.dead && m.v.Done() != m.complete {
		t.Fatalf("done = %v, model complete = %v, %d messages queued", m.v.Done(), m.complete, len(m.queue))
	}
}

func TestStateMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := &machine{}
		m.init(t)
		t.Repeat(rapid.StateMachineActions(m))
	})
}
