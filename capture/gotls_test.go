package capture

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// checkGoMessages checks what a Go mutual-auth handshake must yield: the
// client-authentication messages parse under the Params the capture gave
// them, and the certificates are the ones Go sent.
func checkGoMessages(t *testing.T, msgs []Message, p *pki, version ca.Version, kex ca.KeyExchange, suite uint16) {
	t.Helper()
	seen := map[string]int{}
	for _, m := range msgs {
		if m.Params.Version != version {
			t.Errorf("%v: version %v, want %v", m.Type(), m.Params.Version, version)
		}
		if m.Suite != suite {
			t.Errorf("%v: suite 0x%04x, want 0x%04x", m.Type(), m.Suite, suite)
		}
		if version < ca.VersionTLS13 && m.Params.KeyExchange != kex {
			t.Errorf("%v: key exchange %v, want %v", m.Type(), m.Params.KeyExchange, kex)
		}
		// TLS 1.3 encrypts everything after the hellos; TLS ≤1.2 the
		// Finished (after ChangeCipherSpec) and the tickets some servers
		// send before it are in clear.
		wantDecrypted := m.Type() == ca.TypeFinished
		if version == ca.VersionTLS13 {
			wantDecrypted = m.Type() != ca.TypeClientHello && m.Type() != ca.TypeServerHello
		}
		if m.Decrypted != wantDecrypted {
			t.Errorf("%v from server=%v: Decrypted=%v", m.Type(), m.Params.FromServer, m.Decrypted)
		}
		if !IsClientAuth(m.Type()) {
			continue
		}
		side := "client"
		if m.Params.FromServer {
			side = "server"
		}
		key := side + " " + m.Type().String()
		seen[key]++
		pm, err := parser.New(m.Params).Parse(m.Bytes)
		if err != nil {
			t.Errorf("%s (params %+v): %v", key, m.Params, err)
			continue
		}
		if c, ok := pm.Value().(*ca.Certificate); ok {
			want := p.client.Certificate[0]
			if m.Params.FromServer {
				want = p.server.Certificate[0]
			}
			if len(c.Entries) != 1 || !bytes.Equal(c.Entries[0].Data, want) {
				t.Errorf("%s: leaf differs from the tls.Certificate Go used", key)
			}
		}
	}
	want := []string{"server certificate_request", "server certificate", "client certificate", "client certificate_verify", "server finished", "client finished"}
	if version == ca.VersionTLS13 {
		want = append(want, "server certificate_verify")
	} else {
		want = append(want, "server server_hello_done", "client client_key_exchange")
	}
	for _, k := range want {
		if seen[k] != 1 {
			t.Errorf("%s seen %d times, want 1 (seen: %v)", k, seen[k], seen)
		}
	}
}

// roundTrip writes a relayed connection as pcapng, reads it back, and
// checks that Read and FromStreams agree.
func roundTrip(t *testing.T, c Conn, keyLog []byte) []Message {
	t.Helper()
	var pcap bytes.Buffer
	if err := WritePcapng(&pcap, []Conn{c}); err != nil {
		t.Fatal(err)
	}
	msgs, err := Read(bytes.NewReader(pcap.Bytes()), Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	direct, err := FromStreams(c.Client, c.Server, Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	if len(direct) != len(msgs) {
		t.Fatalf("FromStreams gave %d messages, Read %d", len(direct), len(msgs))
	}
	for i := range msgs {
		a, b := msgs[i], direct[i]
		if !bytes.Equal(a.Bytes, b.Bytes) || a.Params != b.Params || a.Index != b.Index || a.Decrypted != b.Decrypted || a.Suite != b.Suite {
			t.Errorf("message %d: Read %v %+v, FromStreams %v %+v", i, a.Type(), a.Params, b.Type(), b.Params)
		}
	}
	if os.Getenv("CAPTURE_KEEP") != "" {
		os.WriteFile(filepath.Join(os.Getenv("CAPTURE_KEEP"), t.Name()[len("Test"):]+".pcapng"), pcap.Bytes(), 0o644)
	}
	return msgs
}

// TestGoTLS12 decrypts Go's TLS ≤1.2 records with its key log: AES-GCM
// (with the SHA-384 PRF for AES-256), AES-CBC with HMAC-SHA1 and
// HMAC-SHA256 (Go does not do encrypt_then_mac), ChaCha20-Poly1305, and
// TLS 1.0 (implicit, chained CBC IV) and TLS 1.1 (explicit IV).
func TestGoTLS12(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rsa     bool
		version uint16
		suite   uint16
		kex     ca.KeyExchange
	}{
		{"ECDHE", false, tls.VersionTLS12, tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ca.KexECDHE},
		{"RSA", true, tls.VersionTLS12, tls.TLS_RSA_WITH_AES_128_GCM_SHA256, ca.KexRSA},
		{"GCM256", false, tls.VersionTLS12, tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ca.KexECDHE},
		{"CBC-SHA", false, tls.VersionTLS12, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, ca.KexECDHE},
		{"CBC-SHA256", false, tls.VersionTLS12, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, ca.KexECDHE},
		{"RSA-CBC-SHA256", true, tls.VersionTLS12, tls.TLS_RSA_WITH_AES_128_CBC_SHA256, ca.KexRSA},
		{"CHACHA20", false, tls.VersionTLS12, tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ca.KexECDHE},
		{"TLS11-CBC", false, tls.VersionTLS11, tls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, ca.KexECDHE},
		{"TLS10-CBC", false, tls.VersionTLS10, tls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, ca.KexECDHE},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.kex == ca.KexRSA {
				t.Setenv("GODEBUG", "tlsrsakex=1") // RSA key exchange is off by default since Go 1.22
			}
			p := testPKI(t, tc.rsa)
			c, keyLog := goHandshake(t, p, tc.version, []uint16{tc.suite})
			msgs := roundTrip(t, c, keyLog)
			checkGoMessages(t, msgs, p, ca.Version(tc.version), tc.kex, tc.suite)
			// Without a key log TLS ≤1.2 reads the same up to the two
			// encrypted Finished messages.
			plain, err := FromStreams(c.Client, c.Server, Options{})
			if err != nil || len(plain) != len(msgs)-2 {
				t.Errorf("without key log: %d messages, %v; want %d", len(plain), err, len(msgs)-2)
			}
		})
	}
}

// TestGoTLS13 covers the suite Go negotiates on this machine. Go chooses
// TLS 1.3 suites itself (tls.Config.CipherSuites does not apply): AES-128-GCM
// when the CPU has AES-GCM instructions, else ChaCha20-Poly1305.
// TestGoTLS13ChaCha forces the second by turning the CPU feature off.
func TestGoTLS13(t *testing.T) {
	p := testPKI(t, false)
	c, keyLog := goHandshake(t, p, tls.VersionTLS13, nil)
	msgs := roundTrip(t, c, keyLog)
	suite := msgs[0].Suite
	if suite != tls.TLS_AES_128_GCM_SHA256 && suite != tls.TLS_CHACHA20_POLY1305_SHA256 {
		t.Fatalf("Go negotiated 0x%04x", suite)
	}
	checkGoMessages(t, msgs, p, ca.VersionTLS13, 0, suite)
	if os.Getenv("CAPTURE_WANT_SUITE") != "" && fmt.Sprintf("0x%04x", suite) != os.Getenv("CAPTURE_WANT_SUITE") {
		t.Errorf("suite 0x%04x, want %s", suite, os.Getenv("CAPTURE_WANT_SUITE"))
	}
	tickets := 0
	for _, m := range msgs {
		if m.Type() == ca.TypeNewSessionTicket {
			tickets++
		}
		if m.Type() == ca.TypeNewSessionTicket && !m.Params.PostHandshake {
			t.Errorf("NewSessionTicket not marked post-handshake")
		}
		if m.Type() == ca.TypeFinished && m.Params.PostHandshake {
			t.Errorf("handshake Finished marked post-handshake")
		}
		if m.Type() == ca.TypeFinished && m.Params.FinishedLen != 32 {
			t.Errorf("Finished length %d", m.Params.FinishedLen)
		}
	}
	if tickets == 0 {
		t.Errorf("no NewSessionTicket decrypted under the server application traffic secret")
	}
	// Without the key log only the hellos are in clear.
	plain, err := FromStreams(c.Client, c.Server, Options{})
	if err != nil || len(plain) != 2 {
		t.Errorf("without key log: %d messages, %v; want the 2 hellos", len(plain), err)
	}
}

// TestGoTLS13ChaCha reruns TestGoTLS13 in a child process with
// GODEBUG=cpu.aes=off: Go then has no AES-GCM hardware, so its client lists
// ChaCha20-Poly1305 first and its server picks it (crypto/tls
// hasAESGCMHardwareSupport and aesgcmPreferred).
func TestGoTLS13ChaCha(t *testing.T) {
	if os.Getenv("CAPTURE_WANT_SUITE") != "" {
		t.Skip("already the child")
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestGoTLS13$", "-test.v")
	cmd.Env = append(os.Environ(), "GODEBUG=cpu.aes=off", "CAPTURE_WANT_SUITE=0x1303")
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestGoTLS13")) {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

func parserParse(m Message) (parser.Message, error) { return parser.New(m.Params).Parse(m.Bytes) }
