package capture

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
)

// TestRenegotiationTestdata reads the committed OpenSSL renegotiations
// (testdata/README.md): s_server's 'R' asked for the client certificate in
// a second handshake, inside the encrypted connection. The request and the
// client's Certificate and CertificateVerify must come out of the records
// of the first handshake's keys, and the renegotiation's Finished messages
// out of the second's; TLS 1.0 also chains its CBC IVs across the change.
func TestRenegotiationTestdata(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version ca.Version
		suite   uint16
	}{{"openssl-tls12-reneg", ca.VersionTLS12, 0xc02b}, {"openssl-tls10-reneg", ca.VersionTLS10, 0x002f}} {
		t.Run(tc.name, func(t *testing.T) {
			msgs := readCommitted(t, tc.name, ".pcapng")
			checkMessages(t, msgs, tc.version, tc.suite)
			var seq []string
			for _, m := range msgs {
				seq = append(seq, seqLabel(m))
			}
			// The first handshake without a certificate request, then the
			// renegotiation asking for one; * marks decrypted messages.
			kx := ""
			if tc.version == ca.VersionTLS12 {
				kx = " S:server_key_exchange"
			}
			want := "C:client_hello S:server_hello S:certificate" + kx + " S:server_hello_done C:client_key_exchange C:finished* S:new_session_ticket S:finished*" +
				" S:hello_request* C:client_hello* S:server_hello* S:certificate*" + strings.ReplaceAll(kx, "exchange", "exchange*") +
				" S:certificate_request* S:server_hello_done* C:certificate* C:client_key_exchange* C:certificate_verify* C:finished* S:finished*"
			if got := strings.Join(seq, " "); got != want {
				t.Errorf("messages:\n got %s\nwant %s", got, want)
			}
			// Without the key log the renegotiation is invisible, and said so.
			res, err := ReadAll(bytes.NewReader(readTestdata(t, tc.name+".pcapng")), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range res.Messages {
				if m.Type() == ca.TypeCertificateRequest {
					t.Errorf("a CertificateRequest came out without the key log")
				}
			}
			if len(res.Skips) != 2 {
				t.Fatalf("skips %v, want one per direction", res.Skips)
			}
			for _, s := range res.Skips {
				if s.Reason != "no key log" || s.Handshake < 1 || s.Records < s.Handshake {
					t.Errorf("skip %v", s)
				}
				t.Log(s)
			}
		})
	}
}

// TestKeyLogGaps: a TLS 1.2 key log that lacks the connection, an empty key
// log, and a corrupt master secret.
func TestKeyLogGaps(t *testing.T) {
	f := readTestdata(t, "openssl-tls12-reneg.pcapng")
	keyLog := readTestdata(t, "openssl-tls12-reneg.keys")
	lines := strings.SplitAfter(string(keyLog), "\n")[1:] // after OpenSSL's comment line
	if len(lines) < 2 {
		t.Fatalf("key log of %d lines", len(lines))
	}
	for _, tc := range []struct {
		name, keyLog, reason string
		messages             int
	}{
		{"empty", "", "the key log is empty", 7},
		{"comments only", "# SSL/TLS secrets log file\n\n", "the key log is empty", 7},
		// The renegotiation's messages up to its ChangeCipherSpecs travel
		// under the first handshake's keys: its CertificateRequest and the
		// client's answer come out.
		{"first handshake only", lines[0], "the key log has no line for ClientHello random", 19},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := ReadAll(bytes.NewReader(f), Options{KeyLog: []byte(tc.keyLog)})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Messages) != tc.messages {
				t.Errorf("%d messages, want %d", len(res.Messages), tc.messages)
			}
			if len(res.Skips) != 2 {
				t.Fatalf("skips %v", res.Skips)
			}
			for _, s := range res.Skips {
				if !strings.HasPrefix(s.Reason, tc.reason) {
					t.Errorf("reason %q, want %q", s.Reason, tc.reason)
				}
			}
		})
	}
	// A master secret of the right length but wrong value: the first
	// record under it fails its check, an error naming the record.
	f0 := strings.Fields(lines[0])
	bad := fmt.Sprintf("%s %s %s\n", f0[0], f0[1], strings.Repeat("00", 48))
	if _, err := Read(bytes.NewReader(f), Options{KeyLog: []byte(bad + lines[1])}); err == nil || !strings.Contains(err.Error(), "cannot decrypt") {
		t.Errorf("wrong master secret: %v", err)
	}
}
