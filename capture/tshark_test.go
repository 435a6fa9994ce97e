package capture

import (
	"bytes"
	"crypto/tls"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/testutil"
)

// needTool skips when an external tool is absent, and fails instead when
// env is set to 1 (CI installs the tool and sets it).
func needTool(t *testing.T, name, env string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		testutil.Require(t, env, "%s not installed", name)
	}
	return path
}

// tsharkFields runs tshark on a file and returns one line per matching
// packet.
func tsharkFields(t *testing.T, tshark, file, keyLog, filter string, fields ...string) []string {
	t.Helper()
	args := []string{"-n", "-r", file, "-Y", filter, "-T", "fields"}
	if keyLog != "" {
		args = append(args, "-o", "tls.keylog_file:"+keyLog)
	}
	for _, f := range fields {
		args = append(args, "-e", f)
	}
	cmd := exec.Command(tshark, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tshark %v: %v\n%s", args, err, stderr.String())
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestTshark proves WritePcapng's files are well formed: tshark reassembles
// them without TCP complaints and, with the key log, decrypts the TLS 1.3
// flight to find the CertificateRequest.
func TestTshark(t *testing.T) {
	tshark := needTool(t, "tshark", "CLIENTAUTH_REQUIRE_TSHARK")
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		version uint16
	}{{"TLS12", tls.VersionTLS12}, {"TLS13", tls.VersionTLS13}} {
		t.Run(tc.name, func(t *testing.T) {
			p := testPKI(t, false)
			c, keyLog := goHandshake(t, p, tc.version, nil)
			var pcap bytes.Buffer
			if err := WritePcapng(&pcap, []Conn{c, c}); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, tc.name+".pcapng")
			kl := filepath.Join(dir, tc.name+".keys")
			if err := os.WriteFile(file, pcap.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(kl, keyLog, 0o644); err != nil {
				t.Fatal(err)
			}
			// Two connections (the same one written twice), each with its
			// CertificateRequest and the client's CertificateVerify.
			if got := tsharkFields(t, tshark, file, kl, "tls.handshake.type==13", "tcp.stream"); len(got) != 2 || got[0] != "0" || got[1] != "1" {
				t.Errorf("CertificateRequest in tcp.stream %q, want 0 and 1", got)
			}
			if got := tsharkFields(t, tshark, file, kl, "tls.handshake.type==15 && tcp.srcport!=443", "ip.src"); len(got) < 2 {
				t.Errorf("client CertificateVerify found in %d packets, want 2", len(got))
			}
			// Sequence and acknowledgement numbers are consistent: no
			// retransmission, gap or unseen-ACK warnings (the reused ports of the
			// second copy are expected).
			if got := tsharkFields(t, tshark, file, "", "tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.reused_ports", "frame.number", "_ws.expert.message"); len(got) != 0 {
				t.Errorf("tshark flags TCP problems: %q", got)
			}
			msgs, err := Read(bytes.NewReader(pcap.Bytes()), Options{KeyLog: keyLog})
			if err != nil {
				t.Fatal(err)
			}
			if msgs[len(msgs)-1].Conn != 1 {
				t.Errorf("last message in conn %d, want 1", msgs[len(msgs)-1].Conn)
			}
		})
	}
}

// TestTsharkRenegotiation: tshark, given the same key log, decrypts the
// committed TLS ≤1.2 renegotiations into the same handshake messages in the
// same order as Read.
func TestTsharkRenegotiation(t *testing.T) {
	tshark := needTool(t, "tshark", "CLIENTAUTH_REQUIRE_TSHARK")
	for _, name := range []string{"openssl-tls12-reneg", "openssl-tls10-reneg"} {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join("testdata", name+".pcapng")
			kl := filepath.Join("testdata", name+".keys")
			var theirs []string
			for _, line := range tsharkFields(t, tshark, file, kl, "tls.handshake.type", "tls.handshake.type") {
				theirs = append(theirs, strings.Split(line, ",")...)
			}
			msgs, err := Read(bytes.NewReader(readTestdata(t, name+".pcapng")), Options{KeyLog: readTestdata(t, name+".keys")})
			if err != nil {
				t.Fatal(err)
			}
			var ours []string
			for _, m := range msgs {
				ours = append(ours, strconv.Itoa(int(m.Type())))
			}
			if strings.Join(ours, " ") != strings.Join(theirs, " ") {
				t.Errorf("handshake types:\n Read   %v\n tshark %v", ours, theirs)
			}
		})
	}
}
