package flow_test

import (
	"errors"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/certcompress"
	"github.com/clientauth/clientauth/flow"
	"github.com/clientauth/clientauth/parser"
)

// compressedPair returns a CompressedCertificate of cert (a Certificate
// message) and the Certificate certcompress inflates it back to, as a
// receiver would feed them.
func compressedPair(t *testing.T, p ca.Params, alg ca.CertificateCompressionAlgorithm, cert msg) (msg, msg) {
	t.Helper()
	cc, err := certcompress.Compress(alg, cert.b)
	if err != nil {
		t.Fatal(err)
	}
	wire := enc(p, &cc)
	view, err := parser.New(p).CompressedCertificate(wire)
	if err != nil {
		t.Fatal(err)
	}
	inflated, _, err := certcompress.Decompress(parser.New(p), view, nil)
	if err != nil {
		t.Fatal(err)
	}
	return msg{cert.server, wire}, msg{cert.server, inflated}
}

// TestCompressedCertificate: RFC 8879 in both directions, main handshake and
// post-handshake; the validator takes the CompressedCertificate in the
// Certificate's place and checks the inflated Certificate fed after it.
func TestCompressedCertificate(t *testing.T) {
	v13 := ca.VersionTLS13
	p256 := keyNamed("p256")
	withCompression := func(ctx []byte, algs ...ca.CertificateCompressionAlgorithm) msg {
		exts := []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0403}}}
		if algs != nil {
			exts = append(exts, ca.Extension{Type: 27, CompressionAlgorithms: algs})
		}
		return msg{true, enc(params(v13, true, ctx != nil), &ca.CertificateRequest{Context: ctx, Extensions: exts})}
	}
	clientCert := certificate(v13, false, false, nil, entry(p256.cert))
	ccZlib, inflated := compressedPair(t, params(v13, false, false), 1, clientCert)
	ccBrotli, _ := compressedPair(t, params(v13, false, false), 2, clientCert)
	srvCC, srvInflated := compressedPair(t, params(v13, true, false), 3, certificate(v13, true, false, nil, entry(p256.cert)))
	phaCert := certificate(v13, false, true, []byte{5}, entry(p256.cert))
	phaCC, phaInflated := compressedPair(t, params(v13, false, true), 1, phaCert)

	main := func(cr msg, client ...msg) []msg {
		return cat([]msg{{true, encryptedExtensions}, cr, srvCC, srvInflated, verify(v13, true, false, 0x0403), finished(v13, true)},
			client, []msg{verify(v13, false, false, 0x0403), finished(v13, false)})
	}
	cfg := flow.Config{Params: ca.Params{Version: v13}, PostHandshakeAuth: true, ClientCompressionAlgorithms: []ca.CertificateCompressionAlgorithm{3}}

	ok := main(withCompression(nil, 1, 2), ccZlib, inflated)
	v := flow.New(cfg)
	if i, err := feed(v, cat(ok, []msg{withCompression([]byte{5}, 1)}, []msg{phaCC, phaInflated, verify(v13, false, true, 0x0403), finished(v13, false)})); err != nil || !v.Done() {
		t.Fatalf("message %d: %v (done=%v)", i, err, v.Done())
	}

	for _, c := range []struct {
		name  string
		cfg   flow.Config
		msgs  []msg
		at    int
		alert ca.Alert
		req   ca.Requirement
		check ca.CheckID
	}{
		{"client compresses unasked", cfg, main(withCompression(nil), ccZlib, inflated), 6, ca.AlertUnexpectedMessage, "8879-4-a", ca.CheckCompressionNotOffered},
		{"client uses an algorithm not offered", cfg, main(withCompression(nil, 1), ccBrotli, inflated), 6, ca.AlertIllegalParameter, "8879-4-a", ca.CheckCompressionAlgorithmNotOffered},
		{"server compresses unasked", flow.Config{Params: ca.Params{Version: v13}}, main(withCompression(nil, 1), ccZlib, inflated), 2, ca.AlertUnexpectedMessage, "8879-4-a", ca.CheckCompressionNotOffered},
		{"inflated message is not the Certificate", cfg, main(withCompression(nil, 1), ccZlib), 7, ca.AlertBadCertificate, "8879-4-b", ca.CheckInflatedMismatch},
		{"inflated Certificate of another length", cfg, main(withCompression(nil, 1), ccZlib, certificate(v13, false, false, nil)), 7, ca.AlertBadCertificate, "8879-4-b", ca.CheckInflatedMismatch},
		// The context is inside the payload: the request answered, and so
		// its algorithms, are known once the inflated Certificate is fed.
		{"post-handshake answer compressed with an algorithm its request did not list", cfg,
			cat(ok, []msg{withCompression([]byte{5}, 2), withCompression([]byte{6}, 1)}, []msg{phaCC, phaInflated}), 13, ca.AlertIllegalParameter, "8879-4-a", ca.CheckCompressionAlgorithmNotOffered},
	} {
		v := flow.New(c.cfg)
		i, err := feed(v, c.msgs)
		var fe *flow.Error
		if err == nil || i != c.at || !errors.As(err, &fe) || fe.Alert() != c.alert || fe.Requirement() != c.req || fe.Err.Check != c.check {
			t.Errorf("%s: message %d: %v; want message %d refused with %v (%s, check %d)", c.name, i, err, c.at, c.alert, c.req, c.check)
		}
	}
}
