package capture

import (
	"bytes"
	"crypto/tls"
	"testing"

	ca "github.com/clientauth/clientauth"
)

// record frames one TLS record.
func record(typ byte, body []byte) []byte {
	return append([]byte{typ, 3, 3, byte(len(body) >> 8), byte(len(body))}, body...)
}

// seal is open's mirror, for tests that build protected records.
func (k *trafficKeys) seal(inner []byte) []byte {
	nonce := k.iv
	for i := 0; i < 8; i++ {
		nonce[4+i] ^= byte(k.seq >> (56 - 8*i))
	}
	k.seq++
	n := len(inner) + k.aead.Overhead()
	h := []byte{recordApplicationData, 3, 3, byte(n >> 8), byte(n)}
	return k.aead.Seal(h, nonce[:], inner, h)
}

// splitRecords returns the records of a stream.
func splitRecords(t *testing.T, s []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(s) > 0 {
		n := 5 + (int(s[3])<<8 | int(s[4]))
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// countRecords counts the records of one content type (before the
// ChangeCipherSpec, for handshake records).
func countRecords(t *testing.T, s []byte, typ byte) int {
	n := 0
	for _, r := range splitRecords(t, s) {
		if r[0] == recordChangeCipherSpec && typ == recordHandshake {
			break
		}
		if r[0] == typ {
			n++
		}
	}
	return n
}

// chunker decides record sizes: it cuts the handshake bytes so that the
// message of type split spans three records, and puts everything else in
// records as large as allowed (so that several messages share one).
func chunker(hs []byte, split ca.HandshakeType) []int {
	var sizes []int
	run := 0
	for p := hs; len(p) >= 4; {
		n := 4 + (int(p[1])<<16 | int(p[2])<<8 | int(p[3]))
		if ca.HandshakeType(p[0]) == split {
			if run > 0 {
				sizes = append(sizes, run)
				run = 0
			}
			sizes = append(sizes, n/3, n/3, n-2*(n/3))
		} else {
			run += n
		}
		p = p[n:]
	}
	if run > 0 {
		sizes = append(sizes, run)
	}
	return sizes
}

// rechunk12 rewrites the plaintext handshake records before the
// ChangeCipherSpec of a TLS ≤1.2 stream with the record sizes of chunker.
func rechunk12(t *testing.T, s []byte, split ca.HandshakeType) []byte {
	var hs, rest []byte
	for i, r := range splitRecords(t, s) {
		if r[0] != recordHandshake {
			rest = bytes.Join(splitRecords(t, s)[i:], nil)
			break
		}
		hs = append(hs, r[5:]...)
	}
	var out []byte
	for _, n := range chunker(hs, split) {
		for n > 0 {
			m := min(n, 1<<14)
			out = append(out, record(recordHandshake, hs[:m])...)
			hs, n = hs[m:], n-m
		}
	}
	return append(out, rest...)
}

// rechunk13 re-encrypts the handshake-epoch records of a TLS 1.3 stream
// with the record sizes of chunker (the application epoch follows as it
// was, under keys of its own).
func rechunk13(t *testing.T, s []byte, suite uint16, secret []byte, split ca.HandshakeType) ([]byte, int) {
	open, err := newTrafficKeys(suite, secret)
	if err != nil {
		t.Fatal(err)
	}
	sealer, _ := newTrafficKeys(suite, secret)
	var out, hs []byte
	recs := splitRecords(t, s)
	i := 0
	for ; i < len(recs); i++ {
		r := recs[i]
		if r[0] != recordApplicationData {
			out = append(out, r...)
			continue
		}
		pt, err := open.open(nil, r[:5], r[5:])
		if err != nil {
			t.Fatal(err)
		}
		if pt[len(pt)-1] != recordHandshake {
			t.Fatalf("record %d: inner type %d in the handshake epoch", i, pt[len(pt)-1])
		}
		hs = append(hs, pt[:len(pt)-1]...)
		if endsWithFinished(hs) {
			i++
			break
		}
	}
	sizes := chunker(hs, split)
	for _, n := range sizes {
		// Padding too, which the reader must strip (8446 §5.4).
		out = append(out, sealer.seal(append(append(bytes.Clone(hs[:n]), recordHandshake), 0, 0, 0))...)
		hs = hs[n:]
	}
	for ; i < len(recs); i++ {
		out = append(out, recs[i]...)
	}
	return out, len(sizes)
}

// endsWithFinished reports whether hs frames into whole messages, the last
// a Finished.
func endsWithFinished(hs []byte) bool {
	last := byte(0)
	for len(hs) >= 4 {
		n := 4 + (int(hs[1])<<16 | int(hs[2])<<8 | int(hs[3]))
		if len(hs) < n {
			return false
		}
		last, hs = hs[0], hs[n:]
	}
	return len(hs) == 0 && ca.HandshakeType(last) == ca.TypeFinished
}

// TestRecordFraming checks messages split across three records and several
// messages in one record, in clear (TLS 1.2) and encrypted (TLS 1.3): the
// messages must come out as they do from the connection as Go framed it.
func TestRecordFraming(t *testing.T) {
	p := testPKI(t, false)
	t.Run("TLS12", func(t *testing.T) {
		c, _ := goHandshake(t, p, tls.VersionTLS12, nil)
		want, err := FromStreams(c.Client, c.Server, Options{})
		if err != nil {
			t.Fatal(err)
		}
		server := rechunk12(t, c.Server, ca.TypeCertificate)
		client := rechunk12(t, c.Client, ca.TypeCertificate)
		// ServerHello; Certificate in three records; ServerKeyExchange,
		// CertificateRequest and ServerHelloDone in one.
		if n := countRecords(t, server, recordHandshake); n != 5 {
			t.Fatalf("rechunked server flight has %d handshake records, want 5", n)
		}
		got, err := FromStreams(client, server, Options{})
		if err != nil {
			t.Fatal(err)
		}
		sameMessages(t, got, want)
	})
	t.Run("TLS13", func(t *testing.T) {
		c, keyLog, want := goTLS13(t)
		kl, _ := parseKeyLog(keyLog)
		secrets := kl[string(want[0].Bytes[6:38])]
		suite := want[0].Suite
		// EncryptedExtensions, CertificateRequest and Certificate in one
		// record, CertificateVerify in three, Finished alone.
		server, ns := rechunk13(t, c.Server, suite, secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"], ca.TypeCertificateVerify)
		// Certificate in three records, CertificateVerify and Finished in one.
		client, nc := rechunk13(t, c.Client, suite, secrets["CLIENT_HANDSHAKE_TRAFFIC_SECRET"], ca.TypeCertificate)
		got, err := FromStreams(client, server, Options{KeyLog: keyLog})
		if err != nil {
			t.Fatal(err)
		}
		sameMessages(t, got, want)
		if ns != 5 || nc != 4 {
			t.Errorf("handshake epoch rechunked into %d server and %d client records, want 5 and 4", ns, nc)
		}
	})
}

// TestKeyUpdate builds a server stream whose application epoch carries a
// KeyUpdate, then a post-handshake CertificateRequest under the next
// secret (8446 §4.6.2, §4.6.3, §7.2).
func TestKeyUpdate(t *testing.T) {
	c, keyLog, base := goTLS13(t)
	kl, _ := parseKeyLog(keyLog)
	secrets := kl[string(base[0].Bytes[6:38])]
	suite := base[0].Suite
	// Keep the server's handshake epoch; replace its application epoch.
	hsKeys, _ := newTrafficKeys(suite, secrets["SERVER_HANDSHAKE_TRAFFIC_SECRET"])
	var server []byte
	for _, r := range splitRecords(t, c.Server) {
		if r[0] == recordApplicationData {
			if _, err := hsKeys.open(nil, r[:5], r[5:]); err != nil {
				break // first application-epoch record
			}
		}
		server = append(server, r...)
	}
	app, _ := newTrafficKeys(suite, secrets["SERVER_TRAFFIC_SECRET_0"])
	keyUpdate := []byte{byte(ca.TypeKeyUpdate), 0, 0, 1, 0}
	server = append(server, app.seal(append(keyUpdate, recordHandshake))...)
	next, err := app.next()
	if err != nil {
		t.Fatal(err)
	}
	cr := []byte{byte(ca.TypeCertificateRequest), 0, 0, 12, 1, 7, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3}
	// The message and an alert record under the new keys.
	server = append(server, next.seal(append(bytes.Clone(cr), recordHandshake))...)
	server = append(server, next.seal([]byte{1, 0, recordAlert})...)
	got, err := FromStreams(c.Client, server, Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, m := range got {
		if m.Params.FromServer && bytes.Equal(m.Bytes, cr) {
			found = true
			if !m.Params.PostHandshake || !m.Decrypted {
				t.Errorf("post-handshake CertificateRequest: %+v decrypted=%v", m.Params, m.Decrypted)
			}
			if _, err := parserParse(m); err != nil {
				t.Errorf("post-handshake CertificateRequest: %v", err)
			}
		}
	}
	if !found {
		t.Errorf("CertificateRequest after KeyUpdate not found among %d messages", len(got))
	}
}
