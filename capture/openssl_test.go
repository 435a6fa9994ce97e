package capture

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/syncbuf"
)

// waitFor polls until cond holds on the output, or fails after 15 s.
func waitFor(t *testing.T, what string, out *syncbuf.Buffer, cond func(string) bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond(out.String()) {
			return
		}
	}
	t.Fatalf("timed out waiting for %s; output:\n%s", what, out.String())
}

// writePEMs writes the PKI as the files openssl takes.
func writePEMs(t *testing.T, p *pki, dir string) {
	t.Helper()
	write := func(name, typ string, der []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("ca.pem", "CERTIFICATE", p.caDER)
	write("server.pem", "CERTIFICATE", p.server.Certificate[0])
	write("client.pem", "CERTIFICATE", p.client.Certificate[0])
	for name, k := range map[string]any{"server.key": p.server.PrivateKey, "client.key": p.client.PrivateKey} {
		der, err := x509.MarshalPKCS8PrivateKey(k)
		if err != nil {
			t.Fatal(err)
		}
		write(name, "PRIVATE KEY", der)
	}
}

// msgEntry is one handshake message as s_client -msg printed it.
type msgEntry struct {
	sent bool // >>> (client to server)
	b    []byte
}

// parseMsgOutput reads the handshake messages out of s_client -msg output:
// a ">>> TLS 1.3, Handshake [length 0124], ClientHello" line, then the
// message in hex, 16 bytes a line.
func parseMsgOutput(t *testing.T, out string) []msgEntry {
	t.Helper()
	var entries []msgEntry
	var cur *msgEntry
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, ">>> ") || strings.HasPrefix(line, "<<< "):
			cur = nil
			if strings.Contains(line, ", Handshake [length ") {
				entries = append(entries, msgEntry{sent: line[0] == '>'})
				cur = &entries[len(entries)-1]
			}
		case cur != nil && strings.HasPrefix(line, "    "):
			b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(line), " ", ""))
			if err != nil {
				cur = nil
				continue
			}
			cur.b = append(cur.b, b...)
		default:
			cur = nil
		}
	}
	return entries
}

// sServer is a running openssl s_server behind a Relay.
type sServer struct {
	cmd   *exec.Cmd
	out   *syncbuf.Buffer
	stdin io.WriteCloser
	relay *Relay
}

// startSServer starts s_server on a free loopback port with the PKI in dir
// and the extra arguments, waits for it to listen, and puts a Relay in
// front of it. Both are stopped at the end of the test.
func startSServer(t *testing.T, openssl, dir string, args ...string) *sServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	f := func(name string) string { return filepath.Join(dir, name) }
	sargs := []string{"s_server", "-accept", addr, "-naccept", "1",
		"-cert", f("server.pem"), "-key", f("server.key"), "-CAfile", f("ca.pem")}
	s := &sServer{cmd: exec.Command(openssl, append(sargs, args...)...), out: &syncbuf.Buffer{}}
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.stdin, _ = s.cmd.StdinPipe()
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill() })
	waitFor(t, "s_server ACCEPT", s.out, func(s string) bool { return strings.Contains(s, "ACCEPT") })
	if s.relay, err = NewRelay(addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.relay.Close() })
	return s
}

// TestOpenSSL runs openssl s_server -Verify 1 and s_client -cert
// -keylogfile through a Relay, for TLS 1.0–1.2 (key exchanges, every record
// protection this package decrypts: AES-CBC with HMAC-SHA1/256/384 with and
// without encrypt_then_mac, TLS 1.0's implicit IV, AES-GCM, AES-CCM(_8),
// ChaCha20-Poly1305; a renegotiation that asks for the client certificate)
// and TLS 1.3 (each AEAD suite, and a post-handshake authentication after a
// KeyUpdate both ways), and checks the extracted messages byte for byte
// against s_client -msg.
func TestOpenSSL(t *testing.T) {
	openssl := needTool(t, "openssl", "CLIENTAUTH_REQUIRE_OPENSSL")
	const legacy = ":@SECLEVEL=0" // TLS 1.0 and 1.1 need security level 0 in OpenSSL 3
	for _, tc := range []struct {
		name     string
		args     []string
		suite    uint16
		version  ca.Version
		kex      ca.KeyExchange
		postAuth bool
		reneg    bool // no client certificate at first; s_server's 'R' renegotiates and asks for one
		etm      bool // the ServerHello must echo encrypt_then_mac
	}{
		{name: "TLS12-ECDHE", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"}, suite: 0xc02b, version: ca.VersionTLS12, kex: ca.KexECDHE},
		{name: "TLS12-RSA", args: []string{"-tls1_2", "-cipher", "AES256-SHA256"}, suite: 0x003d, version: ca.VersionTLS12, kex: ca.KexRSA, etm: true},
		{name: "TLS12-DHE", args: []string{"-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256"}, suite: 0x009e, version: ca.VersionTLS12, kex: ca.KexDHE},
		{name: "TLS12-GCM256", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"}, suite: 0xc02c, version: ca.VersionTLS12, kex: ca.KexECDHE},
		{name: "TLS12-CBC-SHA1-ETM", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA"}, suite: 0xc009, version: ca.VersionTLS12, kex: ca.KexECDHE, etm: true},
		{name: "TLS12-CBC-SHA384-ETM", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-SHA384"}, suite: 0xc024, version: ca.VersionTLS12, kex: ca.KexECDHE, etm: true},
		{name: "TLS12-CBC-SHA256-MTE", args: []string{"-tls1_2", "-no_etm", "-cipher", "ECDHE-ECDSA-AES128-SHA256"}, suite: 0xc023, version: ca.VersionTLS12, kex: ca.KexECDHE},
		{name: "TLS11-CBC-ETM", args: []string{"-tls1_1", "-cipher", "ECDHE-ECDSA-AES256-SHA" + legacy}, suite: 0xc00a, version: ca.VersionTLS11, kex: ca.KexECDHE, etm: true},
		{name: "TLS11-CBC-MTE", args: []string{"-tls1_1", "-no_etm", "-cipher", "ECDHE-ECDSA-AES128-SHA" + legacy}, suite: 0xc009, version: ca.VersionTLS11, kex: ca.KexECDHE},
		{name: "TLS10-CBC-ETM", args: []string{"-tls1", "-cipher", "ECDHE-ECDSA-AES128-SHA" + legacy}, suite: 0xc009, version: ca.VersionTLS10, kex: ca.KexECDHE, etm: true},
		{name: "TLS10-CBC-MTE", args: []string{"-tls1", "-no_etm", "-cipher", "AES256-SHA" + legacy}, suite: 0x0035, version: ca.VersionTLS10, kex: ca.KexRSA},
		{name: "TLS12-CHACHA20", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"}, suite: 0xcca9, version: ca.VersionTLS12, kex: ca.KexECDHE},
		{name: "TLS12-CCM", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-CCM"}, suite: 0xc0ac, version: ca.VersionTLS12, kex: ca.KexECDHE},
		{name: "TLS12-CCM8", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-CCM8"}, suite: 0xc0af, version: ca.VersionTLS12, kex: ca.KexECDHE},
		{name: "TLS12-RSA-CCM", args: []string{"-tls1_2", "-cipher", "AES128-CCM"}, suite: 0xc09c, version: ca.VersionTLS12, kex: ca.KexRSA},
		{name: "TLS12-RENEG", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"}, suite: 0xc02b, version: ca.VersionTLS12, kex: ca.KexECDHE, reneg: true},
		{name: "TLS12-RENEG-CBC", args: []string{"-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256"}, suite: 0xc023, version: ca.VersionTLS12, kex: ca.KexECDHE, reneg: true, etm: true},
		{name: "TLS10-RENEG", args: []string{"-tls1", "-no_etm", "-cipher", "AES128-SHA" + legacy}, suite: 0x002f, version: ca.VersionTLS10, kex: ca.KexRSA, reneg: true},
		{name: "TLS13-AES128", args: []string{"-tls1_3", "-ciphersuites", "TLS_AES_128_GCM_SHA256"}, suite: 0x1301, version: ca.VersionTLS13},
		{name: "TLS13-AES256", args: []string{"-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"}, suite: 0x1302, version: ca.VersionTLS13},
		{name: "TLS13-CHACHA20", args: []string{"-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"}, suite: 0x1303, version: ca.VersionTLS13},
		{name: "TLS13-CCM", args: []string{"-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_SHA256"}, suite: 0x1304, version: ca.VersionTLS13},
		{name: "TLS13-CCM8", args: []string{"-tls1_3", "-ciphersuites", "TLS_AES_128_CCM_8_SHA256"}, suite: 0x1305, version: ca.VersionTLS13},
		{name: "TLS13-PHA", args: []string{"-tls1_3", "-ciphersuites", "TLS_AES_256_GCM_SHA384"}, suite: 0x1302, version: ca.VersionTLS13, postAuth: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			// RSA key transport encrypts to the server's key and DHE_RSA
			// signs with it: those suites need RSA keys.
			p := testPKI(t, tc.kex == ca.KexRSA || tc.kex == ca.KexDHE)
			writePEMs(t, p, dir)
			f := func(name string) string { return filepath.Join(dir, name) }
			var sargs []string
			switch {
			case tc.postAuth: // 'c' on stdin asks after the handshake
			case tc.reneg:
				// 'R' on stdin renegotiates asking for a certificate; a
				// resumed session would skip the request.
				sargs = append(sargs, "-no_resumption_on_reneg")
			default:
				sargs = append(sargs, "-Verify", "1")
			}
			srv := startSServer(t, openssl, dir, append(sargs, tc.args...)...)
			server, sin, sout, r := srv.cmd, srv.stdin, srv.out, srv.relay
			cargs := []string{"s_client", "-connect", r.Addr(), "-cert", f("client.pem"), "-key", f("client.key"),
				"-CAfile", f("ca.pem"), "-keylogfile", f("keys.log"), "-msg"}
			if tc.postAuth {
				cargs = append(cargs, "-enable_pha")
			}
			client := exec.Command(openssl, append(cargs, tc.args...)...)
			var cout syncbuf.Buffer
			client.Stdout, client.Stderr = &cout, &cout
			cin, _ := client.StdinPipe()
			if err := client.Start(); err != nil {
				t.Fatal(err)
			}
			defer client.Process.Kill()
			waitFor(t, "s_client handshake", &cout, func(s string) bool { return strings.Contains(s, "Verify return code") })
			if tc.postAuth {
				// KeyUpdate asking the peer to update too, then a
				// post-handshake CertificateRequest (s_server's 'K' and 'c').
				io.WriteString(sin, "K\n")
				waitFor(t, "KeyUpdate", &cout, func(s string) bool { return strings.Contains(s, "KeyUpdate") })
				io.WriteString(sin, "c\n")
				waitFor(t, "post-handshake Finished", &cout, func(s string) bool {
					i := strings.LastIndex(s, ", CertificateRequest")
					return i >= 0 && strings.Contains(s[i:], "], Finished")
				})
			} else if tc.reneg {
				io.WriteString(sin, "R\n")
				waitFor(t, "renegotiation's Finished", &cout, func(s string) bool { return strings.Count(s, "], Finished") >= 4 })
			} else if tc.version == ca.VersionTLS13 {
				// The server's tickets come after the client's Finished.
				waitFor(t, "NewSessionTicket", &cout, func(s string) bool { return strings.Contains(s, "NewSessionTicket") })
			}
			time.Sleep(100 * time.Millisecond)
			cin.Close()
			client.Wait()
			sin.Close()
			done := make(chan error, 1)
			go func() { done <- server.Wait() }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("s_server did not exit; output:\n%s", sout.String())
			}
			r.Close()
			conns := r.Conns()
			if len(conns) != 1 {
				t.Fatalf("%d relayed connections", len(conns))
			}
			keyLog, err := os.ReadFile(f("keys.log"))
			if err != nil {
				t.Fatal(err)
			}
			if dir := os.Getenv("CAPTURE_KEEP"); dir != "" {
				// roundTrip writes the capture there too (testdata/README.md).
				os.MkdirAll(filepath.Join(dir, "OpenSSL"), 0o755)
				os.WriteFile(filepath.Join(dir, "OpenSSL", tc.name+".keys"), keyLog, 0o644)
			}
			got := roundTrip(t, conns[0], keyLog)
			want := parseMsgOutput(t, cout.String())
			checkAgainstMsg(t, got, want)
			var summary []string
			for _, m := range got {
				summary = append(summary, fmt.Sprintf("%s%v%s", map[bool]string{false: "C:", true: "S:"}[m.Params.FromServer], m.Type(), map[bool]string{true: "(post)"}[m.Params.PostHandshake]))
			}
			t.Logf("%d messages: %s", len(got), strings.Join(summary, " "))
			seen := map[string]bool{}
			hellos := 0
			for _, m := range got {
				if m.Type() == ca.TypeServerHello {
					h, err := ParseServerHello(m.Bytes)
					if err != nil || h.EncryptThenMAC != tc.etm {
						t.Errorf("ServerHello: encrypt_then_mac %v, want %v (%v)", h.EncryptThenMAC, tc.etm, err)
					}
					hellos++
				}
				// Everything after the first ChangeCipherSpec (TLS ≤1.2) or
				// the ServerHello (TLS 1.3) is decrypted; with a renegotiation,
				// everything after the first Finished.
				if tc.reneg && hellos > 1 && !m.Decrypted {
					t.Errorf("%v of the renegotiation not marked decrypted", m.Type())
				}
				if m.Params.Version != tc.version || m.Suite != tc.suite || tc.version < ca.VersionTLS13 && m.Params.KeyExchange != tc.kex {
					t.Errorf("%v: version %v suite 0x%04x kex %v", m.Type(), m.Params.Version, m.Suite, m.Params.KeyExchange)
				}
				if !IsClientAuth(m.Type()) {
					continue
				}
				if _, err := parserParse(m); err != nil {
					t.Errorf("%v (%+v): %v", m.Type(), m.Params, err)
				}
				seen[fmt.Sprintf("%v server=%v post=%v", m.Type(), m.Params.FromServer, m.Params.PostHandshake)] = true
			}
			if tc.reneg && hellos != 2 {
				t.Errorf("%d ServerHellos, want 2 (the handshake and the renegotiation)", hellos)
			}
			for _, k := range []string{"certificate_request server=true post=%v", "certificate server=false post=%v", "certificate_verify server=false post=%v"} {
				if k := fmt.Sprintf(k, tc.postAuth); !seen[k] {
					t.Errorf("no %s among %v", k, seen)
				}
			}
		})
	}
}

// checkAgainstMsg compares each direction's messages with what s_client
// printed, all of them: with the key log every record decrypts, TLS 1.2's
// Finished and renegotiations included.
func checkAgainstMsg(t *testing.T, got []Message, want []msgEntry) {
	t.Helper()
	for _, fromServer := range []bool{false, true} {
		var g, w [][]byte
		for _, m := range got {
			if m.Params.FromServer == fromServer {
				g = append(g, m.Bytes)
			}
		}
		for _, e := range want {
			if e.sent != fromServer {
				w = append(w, e.b)
			}
		}
		if len(g) != len(w) {
			t.Errorf("server=%v: %d messages, s_client -msg shows %d", fromServer, len(g), len(w))
			continue
		}
		for i := range g {
			if !bytes.Equal(g[i], w[i]) {
				t.Errorf("server=%v message %d (%v): differs from s_client -msg", fromServer, i, ca.HandshakeType(g[i][0]))
			}
		}
	}
}

// TestGoClientRenegotiation: a Go crypto/tls client that accepts one
// renegotiation (tls.RenegotiateOnceAsClient) against s_server, whose 'R'
// renegotiates asking for the client certificate. Go's key log has the
// master secrets of both handshakes; the request and Go's certificate come
// out, decrypted, and agree with what s_server -msg saw.
func TestGoClientRenegotiation(t *testing.T) {
	openssl := needTool(t, "openssl", "CLIENTAUTH_REQUIRE_OPENSSL")
	dir := t.TempDir()
	p := testPKI(t, false)
	writePEMs(t, p, dir)
	srv := startSServer(t, openssl, dir, "-no_resumption_on_reneg", "-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384", "-msg")
	server, sin, sout, r := srv.cmd, srv.stdin, srv.out, srv.relay
	var keyLog bytes.Buffer
	c, err := tls.Dial("tcp", r.Addr(), &tls.Config{
		Certificates: []tls.Certificate{p.client}, RootCAs: p.pool, ServerName: "server.test",
		MaxVersion: tls.VersionTLS12, KeyLogWriter: &keyLog, Renegotiation: tls.RenegotiateOnceAsClient,
	})
	if err != nil {
		t.Fatal(err)
	}
	read := make(chan error, 1)
	go func() {
		// Read handles the HelloRequest, then returns the line s_server sends.
		line := make([]byte, 6)
		_, err := io.ReadFull(c, line)
		if err == nil && string(line) != "hello\n" {
			err = fmt.Errorf("read %q", line)
		}
		read <- err
	}()
	waitFor(t, "the handshake", sout, func(s string) bool { return strings.Count(s, "], Finished") >= 2 })
	io.WriteString(sin, "R\n")
	waitFor(t, "the renegotiation", sout, func(s string) bool { return strings.Count(s, "], Finished") >= 4 })
	io.WriteString(sin, "hello\n")
	select {
	case err := <-read:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no application data after the renegotiation; s_server:\n%s", sout.String())
	}
	c.Close()
	sin.Close()
	server.Wait()
	r.Close()
	conns := r.Conns()
	if len(conns) != 1 {
		t.Fatalf("%d relayed connections", len(conns))
	}
	got := roundTrip(t, conns[0], keyLog.Bytes())
	// s_server's -msg: its ">>>" lines are what the server sent.
	want := parseMsgOutput(t, sout.String())
	for i := range want {
		want[i].sent = !want[i].sent
	}
	checkAgainstMsg(t, got, want)
	var certReq, clientCert bool
	for _, m := range got {
		if m.Type() == ca.TypeCertificateRequest && m.Decrypted {
			certReq = true
		}
		if m.Type() == ca.TypeCertificate && !m.Params.FromServer && m.Decrypted {
			pm, err := parserParse(m)
			if err != nil {
				t.Fatal(err)
			}
			cert := pm.Value().(*ca.Certificate)
			clientCert = len(cert.Entries) == 1 && bytes.Equal(cert.Entries[0].Data, p.client.Certificate[0])
		}
	}
	if !certReq || !clientCert {
		t.Errorf("renegotiation's CertificateRequest %v, Go's certificate %v", certReq, clientCert)
	}
}
