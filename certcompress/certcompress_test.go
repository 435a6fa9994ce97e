package certcompress_test

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	"github.com/klauspost/compress/zstd"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/certcompress"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// tls13Certificates are the valid TLS 1.3 Certificate messages of the shared
// samples (RFC 8448, OpenSSL, synthetic), X.509 and raw public key alike.
func tls13Certificates(t *testing.T) []samples.Sample {
	all, err := samples.All()
	if err != nil {
		t.Fatal(err)
	}
	var out []samples.Sample
	for _, s := range all {
		if s.Params.Version == ca.VersionTLS13 && ca.HandshakeType(s.Msg[0]) == ca.TypeCertificate {
			out = append(out, s)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d TLS 1.3 Certificate samples", len(out))
	}
	return out
}

// compressed runs the whole sender path: compress, encode the
// CompressedCertificate, and parse it back as a receiver would.
func compressed(t *testing.T, p ca.Params, alg ca.CertificateCompressionAlgorithm, cert []byte) ([]byte, parser.CompressedCertificate) {
	t.Helper()
	v, err := certcompress.Compress(alg, cert)
	if err != nil {
		t.Fatal(err)
	}
	msg, m := testutil.EncodeParse(t, p, &v)
	return msg, m.CompressedCertificate
}

func TestRoundTrip(t *testing.T) {
	n := 0
	for _, s := range tls13Certificates(t) {
		for _, alg := range certcompress.Algorithms {
			_, cc := compressed(t, s.Params, alg, s.Msg)
			if cc.Algorithm != alg || cc.UncompressedLength != len(s.Msg)-4 {
				t.Fatalf("%s/%v: framing %v/%d", s.Name, alg, cc.Algorithm, cc.UncompressedLength)
			}
			p := parser.New(s.Params)
			out, cert, err := certcompress.Decompress(p, cc, []byte("prefix"))
			if err != nil {
				t.Fatalf("%s/%v: %v", s.Name, alg, err)
			}
			if !bytes.Equal(out[6:], s.Msg) || string(out[:6]) != "prefix" {
				t.Fatalf("%s/%v: decompressed message differs", s.Name, alg)
			}
			want, _ := parser.New(s.Params).Certificate(s.Msg)
			if cert.Entries.Len() != want.Entries.Len() {
				t.Fatalf("%s/%v: %d entries, want %d", s.Name, alg, cert.Entries.Len(), want.Entries.Len())
			}
			n++
		}
	}
	t.Logf("%d certificate × algorithm round trips", n)
}

func wantCheck(t *testing.T, err error, id ca.CheckID, field string) {
	t.Helper()
	var e *ca.Error
	if !errors.As(err, &e) || e.Check != id || e.Field() != field || e.Alert != ca.AlertBadCertificate {
		t.Fatalf("got %v; want check %q on %s (bad_certificate)", err, ca.CheckOf(id).Requirement, field)
	}
	if !errors.Is(err, ca.CheckOf(id).Requirement) {
		t.Fatalf("errors.Is(%v, %s) is false", err, ca.CheckOf(id).Requirement)
	}
}

func TestLengthMismatch(t *testing.T) {
	s := tls13Certificates(t)[0]
	p := parser.New(s.Params)
	for _, alg := range certcompress.Algorithms {
		_, cc := compressed(t, s.Params, alg, s.Msg)
		exact := cc.UncompressedLength

		cc.UncompressedLength = exact - 1 // output passes the claim: stop (8879-5-a)
		dst := []byte("keep")
		out, _, err := certcompress.Decompress(p, cc, dst)
		over := ca.CheckDecompressOverflow
		if alg == 3 {
			// A one-shot zstd frame states its content size: refused from
			// the header, before decoding (8879-4-b).
			over = ca.CheckDecompressedLength
		}
		wantCheck(t, err, over, "compressed_certificate.uncompressed_length")
		if string(out) != "keep" {
			t.Errorf("%v: partial output left in dst: %d bytes", alg, len(out))
		}

		cc.UncompressedLength = exact + 1 // output falls short (8879-4-b)
		_, _, err = certcompress.Decompress(p, cc, nil)
		wantCheck(t, err, ca.CheckDecompressedLength, "compressed_certificate.uncompressed_length")
	}
}

func TestUndecodable(t *testing.T) {
	s := tls13Certificates(t)[0]
	p := parser.New(s.Params)
	for _, alg := range certcompress.Algorithms {
		_, cc := compressed(t, s.Params, alg, s.Msg)
		bad := append([]byte(nil), cc.CompressedCertificateMessage...)
		for i := range bad {
			bad[i] ^= 0x5a
		}
		cc.CompressedCertificateMessage = bad
		_, _, err := certcompress.Decompress(p, cc, nil)
		wantCheck(t, err, ca.CheckDecompress, "compressed_certificate.compressed_certificate_message")
	}
	// Truncated payloads: every algorithm notices the stream ends early.
	for _, alg := range certcompress.Algorithms {
		_, cc := compressed(t, s.Params, alg, s.Msg)
		cc.CompressedCertificateMessage = cc.CompressedCertificateMessage[:len(cc.CompressedCertificateMessage)/2]
		if _, _, err := certcompress.Decompress(p, cc, nil); err == nil {
			t.Errorf("%v: half a payload decompressed", alg)
		}
	}
	// An algorithm RFC 8879 does not define cannot be decompressed.
	cc := parser.CompressedCertificate{Algorithm: 0x4a4a, UncompressedLength: 10, CompressedCertificateMessage: []byte{1}}
	_, _, err := certcompress.Decompress(p, cc, nil)
	wantCheck(t, err, ca.CheckDecompress, "compressed_certificate.algorithm")
}

// TestBomb: a payload that inflates to 16 MiB while claiming 100 bytes
// costs about 100 bytes of output, not 16 MiB (8879-5-a: bound memory), with
// every algorithm.
func TestBomb(t *testing.T) {
	const n = 1<<24 - 1
	big := make([]byte, 4+n)
	big[0], big[1], big[2], big[3] = byte(ca.TypeCertificate), n>>16, n>>8&0xff, n&0xff
	p := parser.New(ca.Params{Version: ca.VersionTLS13})
	// A streaming zstd frame leaves the content size out and asks for a
	// 16 MiB window: the decoder must refuse the window, not reserve it.
	var stream bytes.Buffer
	zw, _ := zstd.NewWriter(&stream, zstd.WithWindowSize(1<<24))
	zw.Write(big[4:])
	zw.Close()
	bombs := []struct {
		name string
		alg  ca.CertificateCompressionAlgorithm
		want ca.CheckID
		max  uint64 // bytes the refusal may allocate
	}{
		{"zlib", 1, ca.CheckDecompressOverflow, 1 << 20},
		// brotli's window is the format's own bound (at most 16 MiB; the
		// writer's default is 4 MiB).
		{"brotli", 2, ca.CheckDecompressOverflow, 17 << 20},
		{"zstd one-shot", 3, ca.CheckDecompressedLength, 1 << 20}, // header states 16 MiB
		{"zstd stream", 3, ca.CheckDecompress, 1 << 20},
	}
	for _, b := range bombs {
		payload := stream.Bytes()
		if b.name != "zstd stream" {
			v, err := certcompress.Compress(b.alg, big)
			if err != nil {
				t.Fatal(err)
			}
			payload = v.CompressedCertificateMessage
		}
		cc := parser.CompressedCertificate{Algorithm: b.alg, UncompressedLength: 100, CompressedCertificateMessage: payload}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, _, err := certcompress.Decompress(p, cc, nil)
		runtime.ReadMemStats(&after)
		field := "compressed_certificate.uncompressed_length"
		if b.want == ca.CheckDecompress {
			field = "compressed_certificate.compressed_certificate_message"
		}
		wantCheck(t, err, b.want, field)
		grew := after.TotalAlloc - before.TotalAlloc
		if grew > b.max {
			t.Errorf("%s: refusing a %d-byte bomb allocated %d bytes", b.name, len(payload), grew)
		}
		t.Logf("%s: %d-byte payload inflating to 16 MiB, claiming 100 bytes: %d bytes allocated before refusing", b.name, len(payload), grew)
	}
}

// TestInflatedCertificateIsParsed: what comes out is held to every rule of
// an uncompressed Certificate (8879-5-a), under the negotiated certificate
// type (8879-4-d).
func TestInflatedCertificateIsParsed(t *testing.T) {
	var x509, rpk samples.Sample
	for _, s := range tls13Certificates(t) {
		switch {
		case s.Params.CertType == ca.CertTypeRawPublicKey && rpk.Msg == nil:
			rpk = s
		case s.Params.CertType == ca.CertTypeX509 && !s.Params.FromServer && !s.Params.PostHandshake && x509.Msg == nil:
			x509 = s
		}
	}
	if x509.Msg == nil || rpk.Msg == nil {
		t.Fatal("samples lack a TLS 1.3 X.509 client Certificate or a raw public key one")
	}
	// A raw-public-key Certificate compresses and comes back as one when RPK
	// is negotiated; an X.509 Certificate decompressed where RPK was
	// negotiated is refused, as it would be uncompressed.
	_, cc := compressed(t, rpk.Params, 3, rpk.Msg)
	if _, _, err := certcompress.Decompress(parser.New(rpk.Params), cc, nil); err != nil {
		t.Fatalf("raw public key: %v", err)
	}
	asRPK := x509.Params
	asRPK.CertType = ca.CertTypeRawPublicKey
	_, cc = compressed(t, x509.Params, 2, x509.Msg)
	_, _, err := certcompress.Decompress(parser.New(asRPK), cc, nil)
	_, direct := parser.New(asRPK).Certificate(x509.Msg)
	if err == nil || direct == nil || err.Error() != direct.Error() {
		t.Errorf("X.509 under RPK: decompressed: %v; uncompressed: %v", err, direct)
	}
	// A client Certificate with a non-empty context outside post-handshake
	// authentication is refused after decompression as it would be before.
	bad := append([]byte(nil), x509.Msg...)
	bad = append(bad[:4:4], append([]byte{1, 0xaa}, bad[5:]...)...)
	n := len(bad) - 4
	bad[1], bad[2], bad[3] = byte(n>>16), byte(n>>8), byte(n)
	_, cc = compressed(t, x509.Params, 1, bad)
	_, _, err = certcompress.Decompress(parser.New(x509.Params), cc, nil)
	_, direct = parser.New(x509.Params).Certificate(bad)
	if err == nil || direct == nil || err.Error() != direct.Error() {
		t.Errorf("decompressed: %v; uncompressed: %v", err, direct)
	}
}

func TestCompressRefuses(t *testing.T) {
	s := tls13Certificates(t)[0]
	if _, err := certcompress.Compress(9, s.Msg); err == nil {
		t.Error("unknown algorithm accepted")
	}
	if _, err := certcompress.Compress(1, s.Msg[:len(s.Msg)-1]); err == nil {
		t.Error("header/body mismatch accepted")
	}
	cr := samples.RFC8448()[0].Msg
	if _, err := certcompress.Compress(1, cr); err == nil {
		t.Error("a CertificateRequest compressed as a Certificate")
	}
}
