package capture

import (
	"bytes"
	"crypto/aes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
)

// TestCCM checks the CCM construction against NIST SP 800-38C Appendix C,
// Example 3 (12-byte nonce, 8-byte tag), and that a flipped bit fails.
func TestCCM(t *testing.T) {
	h := func(s string) []byte {
		b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	key := h("404142434445464748494a4b4c4d4e4f")
	nonce := h("101112131415161718191a1b")
	ad := h("000102030405060708090a0b0c0d0e0f10111213")
	pt := h("202122232425262728292a2b2c2d2e2f3031323334353637")
	want := h("e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5 484392fbc1b09951")
	b, _ := aes.NewCipher(key)
	c := newCCM(b, 8)
	got := c.Seal(nil, nonce, pt, ad)
	if !bytes.Equal(got, want) {
		t.Fatalf("Seal = %x, want %x", got, want)
	}
	back, err := c.Open(nil, nonce, got, ad)
	if err != nil || !bytes.Equal(back, pt) {
		t.Fatalf("Open = %x, %v", back, err)
	}
	for i := range got {
		bad := bytes.Clone(got)
		bad[i] ^= 1
		if _, err := c.Open(nil, nonce, bad, ad); err == nil {
			t.Errorf("Open accepted a flipped bit in byte %d", i)
		}
	}
}

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
			keyLog := readTestdata(t, tc.name+".keys")
			f := readTestdata(t, tc.name+".pcapng")
			msgs, err := Read(bytes.NewReader(f), Options{KeyLog: keyLog})
			if err != nil {
				t.Fatal(err)
			}
			var seq []string
			for _, m := range msgs {
				side := "C"
				if m.Params.FromServer {
					side = "S"
				}
				enc := ""
				if m.Decrypted {
					enc = "*"
				}
				seq = append(seq, side+":"+m.Type().String()+enc)
				if m.Params.Version != tc.version || m.Suite != tc.suite {
					t.Errorf("%v: version %v suite 0x%04x", m.Type(), m.Params.Version, m.Suite)
				}
				if IsClientAuth(m.Type()) {
					if _, err := parserParse(m); err != nil {
						t.Errorf("%v: %v", m.Type(), err)
					}
				}
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
			res, err := ReadAll(bytes.NewReader(f), Options{})
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

// TestCCMTestdata reads the committed OpenSSL TLS_AES_128_CCM_SHA256
// connection: the handshake after the ServerHello decrypts.
func TestCCMTestdata(t *testing.T) {
	f := readTestdata(t, "openssl-tls13-ccm.pcapng")
	keyLog := readTestdata(t, "openssl-tls13-ccm.keys")
	msgs, err := Read(bytes.NewReader(f), Options{KeyLog: keyLog})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		if m.Suite != 0x1304 {
			t.Errorf("%v: suite 0x%04x", m.Type(), m.Suite)
		}
		if IsClientAuth(m.Type()) {
			if _, err := parserParse(m); err != nil {
				t.Errorf("%v: %v", m.Type(), err)
			}
		}
		seen[fmt.Sprintf("%v/%v/%v", m.Type(), m.Params.FromServer, m.Decrypted)] = true
	}
	for _, k := range []string{"certificate_request/true/true", "certificate/false/true", "certificate_verify/false/true", "finished/false/true"} {
		if !seen[k] {
			t.Errorf("no %s among %v", k, seen)
		}
	}
}

// TestTruncated cuts the committed captures inside packets, the way a
// capture stopped mid-write ends: every whole packet before the cut is
// read, the messages they complete come out as in the whole file, and the
// truncation is reported (ErrTruncated), not hidden.
func TestTruncated(t *testing.T) {
	keyLog := readTestdata(t, "go-tls13.keys")
	for _, name := range []string{"go-tls13.pcap", "go-tls13.pcapng"} {
		data := readTestdata(t, name)
		full, err := Read(bytes.NewReader(data), Options{KeyLog: keyLog})
		if err != nil {
			t.Fatal(err)
		}
		type key struct {
			server bool
			index  int
		}
		byKey := map[key][]byte{}
		for _, m := range full {
			byKey[key{m.Params.FromServer, m.Index}] = m.Bytes
		}
		starts := packetStarts(t, data, strings.HasSuffix(name, ".pcapng"))
		most := 0
		for i, start := range starts[1:] {
			for _, into := range []int{3, 17, 40} { // inside the header, just after it, inside the frame
				cut := data[:start+into]
				res, err := ReadAll(bytes.NewReader(cut), Options{KeyLog: keyLog})
				if err != nil {
					t.Fatalf("%s cut at %d: %v", name, len(cut), err)
				}
				if res.Truncated == nil || !strings.Contains(res.Truncated.Error(), "file truncated") {
					t.Fatalf("%s cut at %d: truncation not reported (%v)", name, len(cut), res.Truncated)
				}
				if res.Packets != i+1 {
					t.Errorf("%s cut in packet %d: %d whole packets read", name, i+2, res.Packets)
				}
				for _, m := range res.Messages {
					if !bytes.Equal(byKey[key{m.Params.FromServer, m.Index}], m.Bytes) {
						t.Errorf("%s cut at %d: %v differs from the whole file's", name, len(cut), m.Type())
					}
				}
				most = max(most, len(res.Messages))
				msgs, err := Read(bytes.NewReader(cut), Options{KeyLog: keyLog})
				if !errorsIsTruncated(err) || len(msgs) != len(res.Messages) {
					t.Errorf("%s cut at %d: Read gave %d messages, %v", name, len(cut), len(msgs), err)
				}
			}
		}
		if most != len(full) {
			t.Errorf("%s: at most %d of %d messages before the last packet", name, most, len(full))
		}
	}
}

func errorsIsTruncated(err error) bool { return errors.Is(err, ErrTruncated) }

// packetStarts returns the offsets of the packet records (pcap) or of the
// blocks after the interface description (pcapng).
func packetStarts(t *testing.T, data []byte, ng bool) []int {
	t.Helper()
	var out []int
	if !ng {
		for off := 24; off+16 <= len(data); off += 16 + int(binary.LittleEndian.Uint32(data[off+8:])) {
			out = append(out, off)
		}
		return out
	}
	for off := 0; off+12 <= len(data); off += int(binary.LittleEndian.Uint32(data[off+4:])) {
		if binary.LittleEndian.Uint32(data[off:]) == 6 {
			out = append(out, off)
		}
	}
	return out
}

// readTestdata reads one file of testdata/.
func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
