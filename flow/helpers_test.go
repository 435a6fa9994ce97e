package flow_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/keygen"
)

// key is a client (or server) key of one kind, with a real self-signed
// certificate, so the validator reads a real SubjectPublicKeyInfo.
type key struct {
	name string
	cert []byte
	// certType is the TLS ≤1.2 ClientCertificateType that admits it.
	certType ca.ClientCertificateType
	// tls13 and tls12 are the CertificateVerify algorithms it can sign with.
	tls13, tls12 []ca.SignatureScheme
}

func selfSigned(k crypto.Signer) []byte {
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "flow test"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, k.Public(), k)
	if err != nil {
		panic(err)
	}
	return der
}

var keys = func() []key {
	// RSA at 1024 bits, which keygen does not make: quicker than 2048, and
	// enough for a certificate only (key keeps no private key to sign with).
	rk, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		panic(err)
	}
	gen := func(kind string) crypto.Signer {
		k, err := keygen.New(kind)
		if err != nil {
			panic(err)
		}
		return k
	}
	return []key{
		{"rsa", selfSigned(rk), 1,
			[]ca.SignatureScheme{0x0804, 0x0805, 0x0806}, []ca.SignatureScheme{0x0401, 0x0501, 0x0601, 0x0804, 0x0805}},
		{"p256", selfSigned(gen(keygen.P256)), 64,
			[]ca.SignatureScheme{0x0403}, []ca.SignatureScheme{0x0403, 0x0503, 0x0603}},
		{"p384", selfSigned(gen(keygen.P384)), 64,
			[]ca.SignatureScheme{0x0503}, []ca.SignatureScheme{0x0403, 0x0503, 0x0603}},
		{"ed25519", selfSigned(gen(keygen.Ed25519)), 64,
			[]ca.SignatureScheme{0x0807}, []ca.SignatureScheme{0x0807}},
	}
}()

func keyNamed(n string) key {
	for _, k := range keys {
		if k.name == n {
			return k
		}
	}
	panic(n)
}

// schemePool is what generated requests list, per version: every scheme
// some key above signs with, and one none does.
func schemePool(v ca.Version) []ca.SignatureScheme {
	if v == ca.VersionTLS13 {
		return []ca.SignatureScheme{0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808}
	}
	return []ca.SignatureScheme{0x0401, 0x0501, 0x0601, 0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0807, 0x0808}
}

func (k key) schemes(v ca.Version) []ca.SignatureScheme {
	if v == ca.VersionTLS13 {
		return k.tls13
	}
	return k.tls12
}

func contains[T comparable](l []T, x T) bool {
	for _, y := range l {
		if y == x {
			return true
		}
	}
	return false
}

func enc(p ca.Params, v any) []byte {
	out, err := encoder.New(p).Encode(nil, v)
	if err != nil {
		panic(err)
	}
	return out
}

// msg is one handshake message on the wire and who sent it.
type msg struct {
	server bool
	b      []byte
}

func (m msg) typ() ca.HandshakeType { return ca.HandshakeType(m.b[0]) }

// Messages the encoder does not make (not client authentication): only
// their type matters to the validator.
func raw(t ca.HandshakeType, body ...byte) []byte {
	return append([]byte{byte(t), 0, byte(len(body) >> 8), byte(len(body))}, body...)
}

var (
	encryptedExtensions = raw(ca.TypeEncryptedExtensions, 0, 0)
	serverKeyExchange   = raw(ca.TypeServerKeyExchange, 3, 0, 23, 65)
	certificateStatus   = raw(ca.TypeCertificateStatus, 1, 0, 0, 1, 0x30)
	newSessionTicket    = raw(ca.TypeNewSessionTicket, 0, 0, 0, 0)
	keyUpdate           = raw(ca.TypeKeyUpdate, 0)
	endOfEarlyData      = raw(ca.TypeEndOfEarlyData)
)

func params(v ca.Version, server, post bool) ca.Params {
	return ca.Params{Version: v, KeyExchange: ca.KexECDHE, FromServer: server, PostHandshake: post}
}

func certificate(v ca.Version, server, post bool, ctx []byte, entries ...ca.CertificateEntry) msg {
	return msg{server, enc(params(v, server, post), &ca.Certificate{Context: ctx, Entries: entries})}
}

func verify(v ca.Version, server, post bool, alg ca.SignatureScheme) msg {
	if v < ca.VersionTLS12 {
		alg = 0
	}
	return msg{server, enc(params(v, server, post), &ca.CertificateVerify{Algorithm: alg, Signature: make([]byte, 64)})}
}

func finished(v ca.Version, server bool) msg {
	n := 12
	if v == ca.VersionTLS13 {
		n = 32
	}
	return msg{server, enc(params(v, server, false), &ca.Finished{VerifyData: make([]byte, n)})}
}

func request12(v ca.Version, types []ca.ClientCertificateType, schemes []ca.SignatureScheme) msg {
	cr := &ca.CertificateRequest{CertificateTypes: types}
	if v == ca.VersionTLS12 {
		cr.SignatureAlgorithms = schemes
	}
	if v == ca.VersionTLS10 {
		cr.CertificateAuthorities = [][]byte{{0x30, 0}} // 2246-7.4.4-a: not empty
	}
	return msg{true, enc(params(v, true, false), cr)}
}

// request13 is a TLS 1.3 CertificateRequest; ask lists the CertificateEntry
// extensions it asks for (status_request 5, signed_certificate_timestamp 18).
func request13(ctx []byte, schemes []ca.SignatureScheme, ask ...ca.ExtensionType) msg {
	exts := []ca.Extension{{Type: 13, SignatureAlgorithms: schemes}}
	for _, t := range ask {
		exts = append(exts, ca.Extension{Type: t})
	}
	return msg{true, enc(params(ca.VersionTLS13, true, len(ctx) > 0), &ca.CertificateRequest{Context: ctx, Extensions: exts})}
}

// entry is a client CertificateEntry carrying the given extensions.
func entry(cert []byte, exts ...ca.ExtensionType) ca.CertificateEntry {
	e := ca.CertificateEntry{Data: cert}
	for _, t := range exts {
		switch t {
		case 5:
			e.Extensions = append(e.Extensions, ca.Extension{Type: 5, OCSPResponse: []byte{0x30, 0}})
		case 18:
			e.Extensions = append(e.Extensions, ca.Extension{Type: 18, SCTs: [][]byte{{1, 2, 3}}})
		}
	}
	return e
}

func clientKeyExchange(v ca.Version) msg {
	return msg{false, enc(params(v, false, false), &ca.ClientKeyExchange{ECPoint: make([]byte, 65)})}
}

var serverHelloDone = msg{true, []byte{14, 0, 0, 0}}
