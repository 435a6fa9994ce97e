package flow_test

import (
	"bytes"
	"errors"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/flow"
)

var (
	tls12 = flow.Config{Params: ca.Params{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}}
	tls13 = flow.Config{Params: ca.Params{Version: ca.VersionTLS13}}
	pha13 = flow.Config{Params: ca.Params{Version: ca.VersionTLS13}, PostHandshakeAuth: true}
)

var listed12 = []ca.SignatureScheme{0x0403, 0x0804, 0x0807}

// flight12 is a conforming TLS ≤1.2 full handshake with a request; k nil
// sends an empty Certificate.
func flight12(v ca.Version, k *key) []msg {
	out := []msg{
		certificate(v, true, false, nil, entry(keyNamed("rsa").cert)),
		{true, serverKeyExchange},
		request12(v, []ca.ClientCertificateType{1, 64}, listed12),
		serverHelloDone,
	}
	if k == nil {
		out = append(out, certificate(v, false, false, nil), clientKeyExchange(v))
	} else {
		alg := ca.SignatureScheme(0)
		for _, s := range k.schemes(v) {
			if alg == 0 && contains(listed12, s) {
				alg = s
			}
		}
		out = append(out, certificate(v, false, false, nil, entry(k.cert)), clientKeyExchange(v), verify(v, false, false, alg))
	}
	return append(out, finished(v, false), msg{true, newSessionTicket}, finished(v, true))
}

// flight13 is a conforming TLS 1.3 main handshake with a request asking for
// the entry extensions ask; the client's entry carries them.
func flight13(k *key, ask ...ca.ExtensionType) []msg {
	v := ca.VersionTLS13
	out := []msg{
		{true, encryptedExtensions},
		request13(nil, []ca.SignatureScheme{0x0403, 0x0804, 0x0807}, ask...),
		certificate(v, true, false, nil, entry(keyNamed("p256").cert)),
		verify(v, true, false, 0x0403),
		finished(v, true),
	}
	if k == nil {
		out = append(out, certificate(v, false, false, nil))
	} else {
		out = append(out, certificate(v, false, false, nil, entry(k.cert, ask...)), verify(v, false, false, k.tls13[0]))
	}
	return append(out, finished(v, false))
}

// answer is a client's post-handshake response to the request with ctx.
func answer(ctx []byte, k *key) []msg {
	v := ca.VersionTLS13
	if k == nil {
		return []msg{certificate(v, false, true, ctx), finished(v, false)}
	}
	return []msg{certificate(v, false, true, ctx, entry(k.cert)), verify(v, false, true, k.tls13[0]), finished(v, false)}
}

func phaRequest(ctx []byte) msg { return request13(ctx, []ca.SignatureScheme{0x0804, 0x0403}) }

func cat(parts ...[]msg) []msg {
	var out []msg
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func feed(v *flow.Validator, ms []msg) (int, error) {
	for i, m := range ms {
		if err := v.Feed(m.server, m.b); err != nil {
			return i, err
		}
	}
	return len(ms), nil
}

func ptr(k key) *key { return &k }

// sha1Flight is a TLS 1.2 handshake whose request lists the SHA-1 pairs
// and whose client k signs with alg.
func sha1Flight(k *key, alg ca.SignatureScheme) []msg {
	v := ca.VersionTLS12
	f := flight12(v, k)
	f[2] = request12(v, []ca.ClientCertificateType{1, 64}, []ca.SignatureScheme{0x0201, 0x0203})
	f[6] = verify(v, false, false, alg)
	return f
}

// sha224CV is a TLS 1.2 CertificateVerify signed sha224/ecdsa, which the
// encoder refuses to write (8446-4.2.3-k): a sha256/ecdsa one with the
// hash byte changed.
func sha224CV() msg {
	m := verify(ca.VersionTLS12, false, false, 0x0403)
	m.b[4] = 3 // DigitallySigned.algorithm.hash, right after the header
	return m
}

// noRequest12 is a TLS 1.2 full handshake without client authentication.
func noRequest12() []msg {
	v := ca.VersionTLS12
	return []msg{certificate(v, true, false, nil, entry(keyNamed("rsa").cert)), serverHelloDone,
		clientKeyExchange(v), finished(v, false), finished(v, true)}
}

func conforming() []struct {
	name string
	cfg  flow.Config
	msgs []msg
} {
	p256, rsa, ed := ptr(keyNamed("p256")), ptr(keyNamed("rsa")), ptr(keyNamed("ed25519"))
	return []struct {
		name string
		cfg  flow.Config
		msgs []msg
	}{
		{"tls12 p256", tls12, flight12(ca.VersionTLS12, p256)},
		{"tls12 rsa", tls12, flight12(ca.VersionTLS12, rsa)},
		{"tls12 ed25519", tls12, flight12(ca.VersionTLS12, ed)},
		{"tls12 empty certificate", tls12, flight12(ca.VersionTLS12, nil)},
		{"tls11 rsa", flow.Config{Params: ca.Params{Version: ca.VersionTLS11, KeyExchange: ca.KexECDHE}}, flight12(ca.VersionTLS11, rsa)},
		{"tls10 p256", flow.Config{Params: ca.Params{Version: ca.VersionTLS10, KeyExchange: ca.KexECDHE}}, flight12(ca.VersionTLS10, p256)},
		{"tls12 no request", tls12, noRequest12()},
		// 5246-7.4.1.1-a, 5246-7.4.1.2-a: renegotiation and HelloRequest.
		{"tls12 renegotiation asked for, client authentication in both", tls12,
			renegotiated(flight12(ca.VersionTLS12, p256), flight12(ca.VersionTLS12, rsa), true)},
		{"tls12 client-initiated renegotiation adding client authentication", tls12,
			renegotiated(noRequest12(), flight12(ca.VersionTLS12, ed), false)},
		{"tls10 renegotiation, then one more", flow.Config{Params: ca.Params{Version: ca.VersionTLS10, KeyExchange: ca.KexECDHE}},
			renegotiated(renegotiated(flight12(ca.VersionTLS10, nil), flight12(ca.VersionTLS10, p256), true), flight12(ca.VersionTLS10, rsa), true)},
		{"tls12 HelloRequests ignored: before, inside and after the handshake", tls12,
			cat([]msg{{true, helloRequest}}, flight12(ca.VersionTLS12, p256)[:3], []msg{{true, helloRequest}}, flight12(ca.VersionTLS12, p256)[3:], []msg{{true, helloRequest}})},
		// 5246-7.4.8-c: a TLS 1.2 pair names a hash and a signature
		// algorithm, no curve: any ECDSA key may sign with any hash.
		{"tls12 P-384 key signs sha256/ecdsa", tls12, flight12(ca.VersionTLS12, ptr(keyNamed("p384")))},
		{"tls12 sha1 pairs: rsa_pkcs1_sha1 from RSA", tls12, sha1Flight(rsa, 0x0201)},
		{"tls12 sha1 pairs: ecdsa_sha1 from P-384", tls12, sha1Flight(ptr(keyNamed("p384")), 0x0203)},
		{"tls13 p256", tls13, flight13(p256)},
		{"tls13 rsa, OCSP and SCT asked and sent", tls13, flight13(rsa, 5, 18)},
		{"tls13 empty certificate", tls13, flight13(nil)},
		{"tls13 PSK", flow.Config{Params: ca.Params{Version: ca.VersionTLS13}, PSK: flow.ResumptionPSK},
			[]msg{{true, encryptedExtensions}, finished(ca.VersionTLS13, true), {false, endOfEarlyData}, finished(ca.VersionTLS13, false)}},
		{"tls13 two post-handshake rounds", pha13,
			cat(flight13(p256), []msg{phaRequest([]byte{1, 2, 3})}, answer([]byte{1, 2, 3}, rsa), []msg{phaRequest([]byte{4})}, answer([]byte{4}, nil))},
		{"tls13 post-handshake answers out of order, server talking meanwhile", pha13,
			cat(flight13(nil), []msg{phaRequest([]byte{1}), phaRequest([]byte{2}), {true, newSessionTicket}},
				answer([]byte{2}, rsa)[:1], []msg{{true, keyUpdate}}, answer([]byte{2}, rsa)[1:],
				[]msg{{false, keyUpdate}}, answer([]byte{1}, p256))},
		{"tls13 PSK with post-handshake authentication", flow.Config{Params: ca.Params{Version: ca.VersionTLS13}, PSK: flow.ExternalPSK, PostHandshakeAuth: true},
			cat([]msg{{true, encryptedExtensions}, finished(ca.VersionTLS13, true), finished(ca.VersionTLS13, false), phaRequest([]byte{9})}, answer([]byte{9}, p256))},
	}
}

func TestConformingFlights(t *testing.T) {
	for _, c := range conforming() {
		v := flow.New(c.cfg)
		if i, err := feed(v, c.msgs); err != nil {
			t.Errorf("%s: message %d refused: %v", c.name, i, err)
			continue
		}
		if !v.Done() {
			t.Errorf("%s: not done", c.name)
		}
	}
}

// TestZeroAllocs: a reused validator allocates nothing for a whole
// handshake, accepted or refused, post-handshake rounds included.
func TestZeroAllocs(t *testing.T) {
	var v flow.Validator
	for _, c := range conforming() {
		per := testing.AllocsPerRun(20, func() {
			v.Reset(c.cfg)
			feed(&v, c.msgs)
		})
		if per != 0 {
			t.Errorf("%s: %v allocations per handshake of %d messages", c.name, per, len(c.msgs))
		}
	}
	for _, c := range rules() {
		per := testing.AllocsPerRun(20, func() {
			v.Reset(c.cfg)
			feed(&v, c.msgs)
		})
		if per != 0 {
			t.Errorf("%s (refused): %v allocations", c.name, per)
		}
	}
}

type rule struct {
	name  string
	cfg   flow.Config
	msgs  []msg
	at    int // the message that must be refused
	alert ca.Alert
	req   ca.Requirement
}

// rules: one deviation per rule the validator enforces, each refused at the
// deviating message with the rule's alert and requirement.
func rules() []rule {
	v12, v13 := ca.VersionTLS12, ca.VersionTLS13
	p256, rsa, ed := ptr(keyNamed("p256")), ptr(keyNamed("rsa")), ptr(keyNamed("ed25519"))
	f12, f13 := flight12(v12, p256), flight13(p256)
	swap := func(f []msg, i, j int) []msg {
		g := append([]msg{}, f...)
		g[i], g[j] = g[j], g[i]
		return g
	}
	with := func(f []msg, i int, m msg) []msg {
		g := append([]msg{}, f...)
		g[i] = m
		return g
	}
	insert := func(f []msg, i int, m ...msg) []msg {
		return cat(f[:i:i], m, f[i:])
	}
	return []rule{
		// TLS ≤1.2
		{"CR before the server Certificate", tls12, swap(f12, 0, 2), 0, ca.AlertHandshakeFailure, "5246-7.4.4-f"},
		{"CR from an anonymous server", tls12, f12[1:], 1, ca.AlertHandshakeFailure, "5246-7.4.4-f"},
		{"CR before ServerKeyExchange", tls12, swap(f12, 1, 2), 2, ca.AlertUnexpectedMessage, "5246-7.4.4-a"},
		{"CR after ServerHelloDone", tls12, swap(f12, 2, 3), 3, ca.AlertUnexpectedMessage, "5246-7.4.4-a"},
		{"CR twice", tls12, insert(f12, 3, f12[2]), 3, ca.AlertUnexpectedMessage, "5246-7.4.4-a"},
		{"client Certificate before ServerHelloDone", tls12, swap(f12, 3, 4), 3, ca.AlertUnexpectedMessage, "5246-7.4.6-a"},
		{"client Certificate unasked", tls12, cat(f12[:2], f12[3:]), 3, ca.AlertUnexpectedMessage, "5246-7.4.6-a"},
		{"TLS 1.2 client skips its Certificate", tls12, cat(f12[:4], f12[5:]), 4, ca.AlertUnexpectedMessage, "5246-7.4.6-a"},
		{"CKE before the client Certificate", tls12, swap(f12, 4, 5), 4, ca.AlertUnexpectedMessage, "5246-7.4.6-a"},
		{"CV before CKE", tls12, swap(f12, 5, 6), 5, ca.AlertUnexpectedMessage, "5246-7.4.8-a"},
		{"CV after an empty Certificate", tls12, insert(flight12(v12, nil), 6, verify(v12, false, false, 0x0403)), 6, ca.AlertUnexpectedMessage, "5246-7.4.8-a"},
		{"Finished without CV", tls12, cat(f12[:6], f12[7:]), 6, ca.AlertUnexpectedMessage, "5246-7.4.8-a"},
		{"CV algorithm not requested", tls12, with(f12, 6, verify(v12, false, false, 0x0503)), 6, ca.AlertIllegalParameter, "5246-7.4.8-c"},
		{"CV algorithm not for the key", tls12, with(f12, 6, verify(v12, false, false, 0x0804)), 6, ca.AlertIllegalParameter, "5246-7.4.8-c"},
		{"key type not requested", tls12, with(f12, 2, request12(v12, []ca.ClientCertificateType{1}, []ca.SignatureScheme{0x0403})), 4, ca.AlertUnsupportedCertificate, "5246-7.4.4-e"},
		{"rsa_pkcs1_sha1 from an EC key", tls12, sha1Flight(p256, 0x0201), 6, ca.AlertIllegalParameter, "5246-7.4.8-c"},
		{"ecdsa_sha1 from an RSA key", tls12, sha1Flight(rsa, 0x0203), 6, ca.AlertIllegalParameter, "5246-7.4.8-c"},
		{"sha224 pair: the parser refuses it first", tls12,
			with(with(f12, 2, request12(v12, []ca.ClientCertificateType{1, 64}, []ca.SignatureScheme{0x0303, 0x0403})), 6, sha224CV()),
			6, ca.AlertIllegalParameter, "8446-4.2.3-k"},
		{"RSA key, only ecdsa_sign requested", tls12, with(flight12(v12, rsa), 2, request12(v12, []ca.ClientCertificateType{64}, []ca.SignatureScheme{0x0804})), 4, ca.AlertUnsupportedCertificate, "5246-7.4.4-e"},
		{"Ed25519 key, only rsa_sign requested (TLS 1.1)", flow.Config{Params: ca.Params{Version: ca.VersionTLS11, KeyExchange: ca.KexECDHE}},
			with(flight12(ca.VersionTLS11, ed), 2, request12(ca.VersionTLS11, []ca.ClientCertificateType{1}, nil)), 4, ca.AlertUnsupportedCertificate, "5246-7.4.4-e"},
		{"leaf without a SubjectPublicKeyInfo", tls12, with(f12, 4, certificate(v12, false, false, nil, entry([]byte{0x30, 10, 0x30, 3, 2, 1, 0, 0x30, 0, 3, 1, 0}))), 4, ca.AlertBadCertificate, "5246-7.4.6-d"},
		{"server Finished before the client's", tls12, swap(f12, 7, 9), 7, ca.AlertUnexpectedMessage, "8446-4-a"},
		{"a malformed message is the parser's refusal", tls12, with(f12, 3, msg{true, []byte{14, 0, 0, 1, 0}}), 3, ca.AlertDecodeError, "5246-7.4-a"}, // RFC 5246's rule on a TLS 1.2 connection
		// Renegotiation (TLS ≤1.2): nothing of the first handshake carries
		// over to the second, whose client authentication is checked alike.
		{"client HelloRequest", tls12, insert(f12, 4, msg{false, helloRequest}), 4, ca.AlertUnexpectedMessage, "5246-7.4.1.1-a"},
		{"ClientHello inside a handshake", tls12, insert(f12, 5, msg{false, clientHello}), 5, ca.AlertUnexpectedMessage, "8446-4-a"},
		{"ClientHello before the server Finished", tls12, insert(f12, 9, msg{false, clientHello}), 9, ca.AlertUnexpectedMessage, "8446-4-a"},
		{"renegotiation: client Certificate the second handshake did not ask for", tls12,
			renegotiated(f12, insert(noRequest12(), 2, f12[4]), true), len(f12) + 3 + 2, ca.AlertUnexpectedMessage, "5246-7.4.6-a"},
		{"renegotiation: request from a server anonymous in the second handshake", tls12,
			renegotiated(f12, f12[1:], false), len(f12) + 2 + 1, ca.AlertHandshakeFailure, "5246-7.4.4-f"},
		{"renegotiation: second CV algorithm not requested", tls12,
			renegotiated(f12, with(f12, 6, verify(v12, false, false, 0x0503)), true), len(f12) + 3 + 6, ca.AlertIllegalParameter, "5246-7.4.8-c"},
		{"renegotiation: second handshake without CV", tls12,
			renegotiated(noRequest12(), cat(f12[:6], f12[7:]), true), len(noRequest12()) + 3 + 6, ca.AlertUnexpectedMessage, "5246-7.4.8-a"},
		// TLS 1.3
		{"CR after the server Certificate", tls13, swap(f13, 1, 2), 2, ca.AlertUnexpectedMessage, "8446-4.3.2-a"},
		{"CR before EncryptedExtensions", tls13, swap(f13, 0, 1), 0, ca.AlertUnexpectedMessage, "8446-4.3.2-a"},
		{"CR in a PSK main handshake", flow.Config{Params: ca.Params{Version: v13}, PSK: flow.ResumptionPSK}, f13, 1, ca.AlertUnexpectedMessage, "8446-4.3.2-j"},
		{"server Certificate in a PSK handshake", flow.Config{Params: ca.Params{Version: v13}, PSK: flow.ResumptionPSK}, cat(f13[:1], f13[2:]), 1, ca.AlertUnexpectedMessage, "8446-4.4.2-a"},
		{"no server Certificate", tls13, cat(f13[:2], f13[4:]), 2, ca.AlertUnexpectedMessage, "8446-4.4.2-a"},
		{"server CV not offered by the client", flow.Config{Params: ca.Params{Version: v13}, ClientSignatureAlgorithms: []ca.SignatureScheme{0x0804}}, f13, 3, ca.AlertIllegalParameter, "8446-4.4.3-d"},
		{"server CV not for its key", tls13, with(f13, 3, verify(v13, true, false, 0x0807)), 3, ca.AlertIllegalParameter, "8446-4.4.3-f"},
		{"client Certificate unasked", tls13, cat(f13[:1], f13[2:]), 4, ca.AlertUnexpectedMessage, "8446-4.4.2-b"},
		{"client Certificate missing", tls13, cat(f13[:5], f13[7:]), 5, ca.AlertUnexpectedMessage, "8446-4.4.2-b"},
		{"client Certificate before the server Finished", tls13, swap(f13, 4, 5), 4, ca.AlertUnexpectedMessage, "8446-4-a"},
		{"CV after an empty Certificate", tls13, insert(flight13(nil), 6, verify(v13, false, false, 0x0403)), 6, ca.AlertUnexpectedMessage, "8446-4.4.3-a"},
		{"Finished without CV", tls13, cat(f13[:6], f13[7:]), 6, ca.AlertUnexpectedMessage, "8446-4.4.3-a"},
		// 8446-4.4.3-f: a TLS 1.3 ECDSA scheme names its curve.
		{"P-384 client key signs ecdsa_secp256r1_sha256", tls13, with(flight13(ptr(keyNamed("p384"))), 6, verify(v13, false, false, 0x0403)), 6, ca.AlertIllegalParameter, "8446-4.4.3-f"},
		{"P-384 server key signs ecdsa_secp256r1_sha256", tls13, with(f13, 2, certificate(v13, true, false, nil, entry(keyNamed("p384").cert))), 3, ca.AlertIllegalParameter, "8446-4.4.3-f"},
		{"CV scheme not in signature_algorithms", tls13, with(f13, 6, verify(v13, false, false, 0x0503)), 6, ca.AlertIllegalParameter, "8446-4.4.3-e"},
		{"CV scheme listed but not for the key", tls13, with(f13, 6, verify(v13, false, false, 0x0804)), 6, ca.AlertIllegalParameter, "8446-4.4.3-f"},
		{"entry extension not requested", tls13, with(f13, 5, certificate(v13, false, false, nil, entry(p256.cert, 5))), 5, ca.AlertUnsupportedExtension, "8446-4.4.2-e"},
		{"SCT requested, OCSP sent", tls13, with(flight13(p256, 18), 5, certificate(v13, false, false, nil, entry(p256.cert, 5))), 5, ca.AlertUnsupportedExtension, "8446-4.4.2-e"},
		{"non-empty context in the main handshake", tls13, with(f13, 5, certificate(v13, false, true, []byte{1}, entry(p256.cert))), 5, ca.AlertIllegalParameter, "8446-4.4.2-d"},
		// 8446-4.1.2-a: TLS 1.3 has no renegotiation.
		{"TLS 1.3 ClientHello after the handshake", tls13, cat(f13, []msg{{false, clientHello}}), 8, ca.AlertUnexpectedMessage, "8446-4.1.2-a"},
		{"TLS 1.3 ClientHello inside the handshake", tls13, insert(f13, 5, msg{false, clientHello}), 5, ca.AlertUnexpectedMessage, "8446-4.1.2-a"},
		{"TLS 1.3 HelloRequest after the handshake", tls13, cat(f13, []msg{{true, helloRequest}}), 8, ca.AlertUnexpectedMessage, "8446-4-a"},
		{"TLS 1.3 HelloRequest inside the handshake", tls13, insert(f13, 2, msg{true, helloRequest}), 2, ca.AlertUnexpectedMessage, "8446-4-a"},
		// Post-handshake authentication
		{"post-handshake CR not offered", tls13, cat(f13, []msg{phaRequest([]byte{1})}), 8, ca.AlertUnexpectedMessage, "8446-4.6.2-d"},
		{"post-handshake CR, external PSK, RFC 9846", flow.Config{Params: ca.Params{Version: v13, Profile: ca.RFC9846}, PSK: flow.ExternalPSK, PostHandshakeAuth: true},
			[]msg{{true, encryptedExtensions}, finished(v13, true), finished(v13, false), phaRequest([]byte{9})}, 3, ca.AlertUnexpectedMessage, "9846-4.3.2-k"},
		{"post-handshake CR before the client Finished", pha13, insert(f13, 7, phaRequest([]byte{1})), 7, ca.AlertUnexpectedMessage, "8446-4.3.2-a"},
		{"post-handshake empty context", pha13, cat(f13, []msg{phaRequest(nil)}), 8, ca.AlertIllegalParameter, "8446-4.3.2-c"},
		{"post-handshake context repeated", pha13, cat(f13, []msg{phaRequest([]byte{7})}, answer([]byte{7}, p256), []msg{phaRequest([]byte{7})}), 12, ca.AlertIllegalParameter, "8446-4.3.2-c"},
		{"post-handshake context not echoed", pha13, cat(f13, []msg{phaRequest([]byte{7})}, answer([]byte{8}, p256)), 9, ca.AlertIllegalParameter, "8446-4.4.2-d"},
		{"post-handshake answer without a request", pha13, cat(f13, answer([]byte{7}, p256)), 8, ca.AlertUnexpectedMessage, "8446-4.4.2-b"},
		{"post-handshake responses interleaved", pha13,
			cat(f13, []msg{phaRequest([]byte{1}), phaRequest([]byte{2})}, answer([]byte{1}, p256)[:1], answer([]byte{2}, p256)), 11, ca.AlertUnexpectedMessage, "8446-4.6.2-c"},
		{"client KeyUpdate inside a response", pha13, cat(f13, []msg{phaRequest([]byte{1})}, answer([]byte{1}, p256)[:1], []msg{{false, keyUpdate}}), 10, ca.AlertUnexpectedMessage, "8446-4.6.2-c"},
		{"post-handshake Finished without CV", pha13, cat(f13, []msg{phaRequest([]byte{1})}, answer([]byte{1}, p256)[:1], answer([]byte{1}, p256)[2:]), 10, ca.AlertUnexpectedMessage, "8446-4.4.3-a"},
		{"post-handshake CV scheme not requested", pha13, cat(f13, []msg{phaRequest([]byte{1})}, answer([]byte{1}, ed)), 10, ca.AlertIllegalParameter, "8446-4.4.3-e"},
		storeFull(pha13, f13, p256),
		{"too many unanswered requests", pha13, cat(f13, []msg{phaRequest([]byte{1}), phaRequest([]byte{2}), phaRequest([]byte{3}), phaRequest([]byte{4}), phaRequest([]byte{5})}),
			8 + flow.MaxPending, ca.AlertInternalError, "8446-4.6.2-e"},
	}
}

// storeFull answers post-handshake requests with distinct 255-byte
// contexts until the validator can no longer remember them all: it must
// then refuse the next request rather than stop checking uniqueness.
func storeFull(cfg flow.Config, f13 []msg, k *key) rule {
	msgs := append([]msg{}, f13...)
	for i := 0; ; i++ {
		ctx := bytes.Repeat([]byte{byte(i)}, 255)
		if (i+1)*256 > flow.ContextStoreSize {
			return rule{"post-handshake context store full", cfg, append(msgs, phaRequest(ctx)), len(msgs), ca.AlertInternalError, "8446-4.3.2-c"}
		}
		msgs = append(append(msgs, phaRequest(ctx)), answer(ctx, k)...)
	}
}

func TestRules(t *testing.T) {
	hit := map[ca.CheckID]bool{}
	for _, c := range rules() {
		v := flow.New(c.cfg)
		i, err := feed(v, c.msgs)
		var fe *flow.Error
		if errors.As(err, &fe) {
			hit[fe.Err.Check] = true
		}
		switch {
		case err == nil:
			t.Errorf("%s: accepted", c.name)
		case i != c.at:
			t.Errorf("%s: refused message %d, want %d: %v", c.name, i, c.at, err)
		case !errors.As(err, &fe) || fe.Alert() != c.alert || fe.Requirement() != c.req:
			t.Errorf("%s: got %v, want %v (%s)", c.name, err, c.alert, c.req)
		case !errors.Is(err, c.alert) || !errors.Is(err, c.req):
			t.Errorf("%s: errors.Is does not match %v / %s", c.name, c.alert, c.req)
		case fe.Message != c.at:
			t.Errorf("%s: Error.Message = %d", c.name, fe.Message)
		}
		if err != nil {
			if again := v.Feed(true, finished(ca.VersionTLS13, true).b); again != err {
				t.Errorf("%s: after a refusal got %v", c.name, again)
			}
			if v.Done() {
				t.Errorf("%s: done after a refusal", c.name)
			}
			if fe != nil && fe.Error() == "" {
				t.Errorf("%s: empty message", c.name)
			}
		}
	}
	// Every cross-message row of ca.Checks is some rule's refusal.
	for _, c := range ca.Checks {
		switch c.ID {
		case ca.CheckCompressionNotOffered, ca.CheckCompressionAlgorithmNotOffered, ca.CheckInflatedMismatch:
			continue // TestCompressedCertificate
		}
		if c.Layer == ca.LayerFlow && !hit[c.ID] {
			t.Errorf("no rule is refused by ca.Checks row %d (%s)", c.ID, c.Reason)
		}
	}
}

// TestRequirementsExist: every requirement the validator cites (its own
// rows and the ones the rules above expect) is a row of spec/requirements.md.
func TestRequirementsExist(t *testing.T) {
	ids := requirementIDs(t)
	n := 0
	for _, c := range ca.Checks {
		if c.Layer != ca.LayerFlow {
			continue
		}
		n++
		if !ids[c.Requirement] {
			t.Errorf("flow check %d cites %q, not in requirements.md", c.ID, c.Requirement)
		}
	}
	if n < 13 {
		t.Errorf("only %d LayerFlow rows in ca.Checks", n)
	}
	for _, r := range rules() {
		if !ids[r.req] {
			t.Errorf("rule %q cites %q, not in requirements.md", r.name, r.req)
		}
	}
}

func TestDoneWaitsForPostHandshakeAnswer(t *testing.T) {
	v := flow.New(pha13)
	p256 := ptr(keyNamed("p256"))
	feed(v, flight13(p256))
	if !v.Done() {
		t.Fatal("main handshake not done")
	}
	feed(v, []msg{phaRequest([]byte{1})})
	if v.Done() {
		t.Fatal("done with a request unanswered")
	}
	a := answer([]byte{1}, p256)
	feed(v, a[:2])
	if v.Done() {
		t.Fatal("done inside a response")
	}
	if _, err := feed(v, a[2:]); err != nil || !v.Done() {
		t.Fatalf("after the answer: %v, done=%v", err, v.Done())
	}
}

func TestFeedFlight(t *testing.T) {
	f := flight12(ca.VersionTLS12, ptr(keyNamed("p256")))
	var server, client []byte
	for _, m := range f[:4] {
		server = append(server, m.b...)
	}
	for _, m := range f[4:8] {
		client = append(client, m.b...)
	}
	v := flow.New(tls12)
	if err := v.FeedFlight(true, server); err != nil {
		t.Fatal(err)
	}
	if err := v.FeedFlight(false, client); err != nil {
		t.Fatal(err)
	}
	if err := v.FeedFlight(true, append(append([]byte{}, f[8].b...), f[9].b...)); err != nil || !v.Done() {
		t.Fatalf("%v, done=%v", err, v.Done())
	}
	v = flow.New(tls12)
	err := v.FeedFlight(true, server[:len(server)-1])
	if !errors.Is(err, ca.AlertDecodeError) {
		t.Fatalf("truncated flight: %v", err)
	}
}

// TestFeedFlightPastEnd: a header whose length runs past the flight is
// refused as that message (its position and type), decode_error for
// CheckPastEnd with the declared length, after the whole messages before it
// were fed; a flight ending inside a header is CheckTruncated; and a
// refused connection answers a later flight with the same error.
func TestFeedFlightPastEnd(t *testing.T) {
	f := flight12(ca.VersionTLS12, ptr(keyNamed("p256")))
	var server []byte
	for _, m := range f[:3] { // Certificate, ServerKeyExchange, CertificateRequest
		server = append(server, m.b...)
	}
	past := append(append([]byte{}, server...), byte(ca.TypeServerHelloDone), 0, 0, 9, 0, 0) // 9 bytes declared, 2 present
	v := flow.New(tls12)
	err := v.FeedFlight(true, past)
	var fe *flow.Error
	switch {
	case !errors.As(err, &fe):
		t.Fatalf("past the end: %v", err)
	case fe.Err.Check != ca.CheckPastEnd || fe.Alert() != ca.AlertDecodeError || fe.Requirement() != "8446-6-a":
		t.Errorf("past the end: %v", err)
	case fe.Message != 3 || fe.Type != ca.TypeServerHelloDone || !fe.FromServer || fe.Err.Value != 9 || fe.Err.Offset != 1:
		t.Errorf("past the end: message %d type %v value %d offset %d: %v", fe.Message, fe.Type, fe.Err.Value, fe.Err.Offset, err)
	}
	if again := v.FeedFlight(false, f[4].b); again != err {
		t.Errorf("after the refusal: %v", again)
	}
	if again := v.FeedFlight(true, past[len(server):]); again != err {
		t.Errorf("a bad flight after the refusal: %v", again)
	}

	// The same three messages and a header cut short.
	v = flow.New(tls12)
	err = v.FeedFlight(true, append(append([]byte{}, server...), byte(ca.TypeServerHelloDone), 0))
	if !errors.As(err, &fe) || fe.Err.Check != ca.CheckTruncated || fe.Message != 3 || fe.Alert() != ca.AlertDecodeError {
		t.Errorf("header cut short: %v", err)
	}
	// Whole, the flight goes on.
	v = flow.New(tls12)
	if err := v.FeedFlight(true, append(append([]byte{}, server...), serverHelloDone.b...)); err != nil {
		t.Errorf("whole flight: %v", err)
	}
}
