package capture

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/keygen"
	"github.com/clientauth/clientauth/internal/testutil"
)

// pki is a CA with one server and one client certificate.
type pki struct {
	caDER          []byte
	pool           *x509.CertPool
	server, client tls.Certificate
}

var (
	pkiMu    sync.Mutex
	pkiCache = map[bool]*pki{}
)

// testPKI returns a PKI with RSA keys (rsaKeys, for the RSA key exchange)
// or ECDSA P-256 keys.
func testPKI(t testing.TB, rsaKeys bool) *pki {
	pkiMu.Lock()
	defer pkiMu.Unlock()
	if pkiCache[rsaKeys] == nil {
		pkiCache[rsaKeys] = newPKI(t, rsaKeys)
	}
	return pkiCache[rsaKeys]
}

func newPKI(t testing.TB, rsaKeys bool) *pki {
	kind := keygen.P256
	if rsaKeys {
		kind = keygen.RSA2048
	}
	key := func() crypto.Signer {
		k, err := keygen.New(kind)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	now := time.Now()
	caKey := key()
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "capture test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leaf := func(serial int64, cn string, usage x509.ExtKeyUsage) tls.Certificate {
		k := key()
		tmpl := &x509.Certificate{
			SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn},
			NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
			ExtKeyUsage: []x509.ExtKeyUsage{usage}, DNSNames: []string{cn},
			KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, k.Public(), caKey)
		if err != nil {
			t.Fatal(err)
		}
		return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}
	}
	p := &pki{caDER: caDER, pool: x509.NewCertPool()}
	p.pool.AddCert(caCert)
	p.server = leaf(2, "server.test", x509.ExtKeyUsageServerAuth)
	p.client = leaf(3, "client.test", x509.ExtKeyUsageClientAuth)
	return p
}

// goHandshake runs one Go crypto/tls mutual-auth connection through a
// Relay: client and server configs get the PKI, the client a key log. The
// server sends a line of application data so that tickets go out too.
// It returns the relayed connection and the key log.
// goTLS13 is a Go TLS 1.3 client-auth handshake, its key log and the
// messages FromStreams reads from it: the baseline the reader tests vary.
func goTLS13(t testing.TB) (c Conn, keyLog []byte, msgs []Message) {
	t.Helper()
	c, keyLog = goHandshake(t, testPKI(t, false), tls.VersionTLS13, nil)
	msgs, err := FromStreams(c.Client, c.Server, Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	return c, keyLog, msgs
}

func goHandshake(t testing.TB, p *pki, version uint16, suites []uint16) (Conn, []byte) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	scfg := &tls.Config{
		Certificates: []tls.Certificate{p.server}, ClientAuth: tls.RequireAndVerifyClientCert,
		ClientCAs: p.pool, MinVersion: version, MaxVersion: version, CipherSuites: suites,
	}
	srvErr := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			srvErr <- err
			return
		}
		defer c.Close()
		tc := tls.Server(c, scfg)
		if err := tc.Handshake(); err != nil {
			srvErr <- err
			return
		}
		if _, err := tc.Write([]byte("hello\n")); err != nil {
			srvErr <- err
			return
		}
		io.Copy(io.Discard, tc)
		srvErr <- nil
	}()
	r, err := NewRelay(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	var keyLog bytes.Buffer
	ccfg := &tls.Config{
		Certificates: []tls.Certificate{p.client}, RootCAs: p.pool, ServerName: "server.test",
		MinVersion: version, MaxVersion: version, CipherSuites: suites, KeyLogWriter: &keyLog,
		// A session cache makes the server send NewSessionTicket: post-handshake
		// messages under the application traffic secret.
		ClientSessionCache: tls.NewLRUClientSessionCache(1),
	}
	c, err := tls.Dial("tcp", r.Addr(), ccfg)
	if err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 6)
	if _, err := io.ReadFull(c, line); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := <-srvErr; err != nil {
		t.Fatal(err)
	}
	r.Close()
	conns := r.Conns()
	if len(conns) != 1 {
		t.Fatalf("relay recorded %d connections, want 1", len(conns))
	}
	return conns[0], keyLog.Bytes()
}

// readTestdata reads one file of testdata/.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	return testutil.ReadFile(t, filepath.Join("testdata", name))
}

// readCommitted reads the committed capture testdata/name+ext with its key
// log, testdata/name.keys, and fails t when Read does.
func readCommitted(t *testing.T, name, ext string) []Message {
	t.Helper()
	msgs, err := Read(bytes.NewReader(readTestdata(t, name+ext)), Options{KeyLog: readTestdata(t, name+".keys")})
	if err != nil {
		t.Fatalf("%s%s: %v", name, ext, err)
	}
	return msgs
}

// checkMessages checks that every message has the version and the cipher
// suite its capture was made with (0: either not checked), and that the
// client-authentication messages among them parse.
func checkMessages(t *testing.T, msgs []Message, version ca.Version, suite uint16) {
	t.Helper()
	for _, m := range msgs {
		if version != 0 && m.Params.Version != version || suite != 0 && m.Suite != suite {
			t.Errorf("%v: version %v suite 0x%04x", m.Type(), m.Params.Version, m.Suite)
		}
		if IsClientAuth(m.Type()) {
			if _, err := parserParse(m); err != nil {
				t.Errorf("%v: %v", m.Type(), err)
			}
		}
	}
}

// seqLabel is a message as the tests write message sequences: C: or S: for
// its sender, its type, and * when it was decrypted.
func seqLabel(m Message) string {
	side := "C:"
	if m.Params.FromServer {
		side = "S:"
	}
	if m.Decrypted {
		return side + m.Type().String() + "*"
	}
	return side + m.Type().String()
}
