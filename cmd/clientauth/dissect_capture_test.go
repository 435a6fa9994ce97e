package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/capture"
	"github.com/clientauth/clientauth/internal/testutil"
)

// notes returns the note lines of dissect -json output, and the messages'
// params objects.
func notes(t *testing.T, out string) (ns []noteBody, params []map[string]any) {
	t.Helper()
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var v map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("bad JSON line %q: %v", line, err)
		}
		if raw, ok := v["note"]; ok {
			var n noteBody
			if err := json.Unmarshal(raw, &n); err != nil {
				t.Fatal(err)
			}
			ns = append(ns, n)
			continue
		}
		var p map[string]any
		if err := json.Unmarshal(v["params"], &p); err != nil {
			t.Fatal(err)
		}
		params = append(params, p)
	}
	return ns, params
}

// TestDissectTLS13NoKeyLog: a TLS 1.3 capture without -keylog shows its
// hellos, says on stderr (and in a JSON note) that the encrypted records
// were skipped and why, and exits 0; an empty key log file is a key log
// with no entries, not an I/O error.
func TestDissectTLS13NoKeyLog(t *testing.T) {
	pcap := captureFile(t, "go-tls13.pcapng")
	empty := writeFile(t, "empty.keys", nil)
	for _, tc := range []struct {
		name   string
		args   []string
		reason string
	}{
		{"no key log", nil, "no key log"},
		{"empty key log", []string{"-keylog", empty}, "the key log is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runExpect(t, exitOK, append(append([]string{"dissect"}, tc.args...), pcap)...)
			if !strings.Contains(r.stdout, "Handshake Protocol: Client Hello") || !strings.Contains(r.stdout, "Handshake Protocol: Server Hello") {
				t.Errorf("hellos not shown:\n%s", r.stdout)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 2 {
				t.Fatalf("stderr %q, want one warning per direction", r.stderr)
			}
			for _, l := range lines {
				if !strings.HasPrefix(l, "clientauth: warning: ") || !strings.Contains(l, "encrypted record") || !strings.HasSuffix(l, "not read: "+tc.reason) {
					t.Errorf("warning %q", l)
				}
			}
			j := runRaw(t, nil, append(append([]string{"dissect", "-json"}, tc.args...), pcap)...)
			if j.code != exitOK {
				t.Fatalf("-json: exit %d: %s", j.code, j.stderr)
			}
			ns, _ := notes(t, j.stdout)
			if len(ns) != 2 {
				t.Fatalf("%d notes in %s", len(ns), j.stdout)
			}
			for _, n := range ns {
				if n.Kind != "skipped" || n.Reason != tc.reason || n.Records == 0 || n.Conn == nil {
					t.Errorf("note %+v", n)
				}
			}
			// encode skips the notes: the JSON stays a valid encode input.
			e := runRaw(t, strings.NewReader(j.stdout), "encode", "-format", "bin", "-")
			if e.code != exitOK || e.stdout != "" {
				t.Errorf("encode of the notes: exit %d, %d bytes, %s", e.code, len(e.stdout), e.stderr)
			}
		})
	}
}

// TestDissectJSONKex: the params of a TLS 1.3 capture's messages name no
// key exchange ("rsa" was the zero value showing through); TLS 1.2's name
// the suite's.
func TestDissectJSONKex(t *testing.T) {
	for _, tc := range []struct {
		name, version, kex string
	}{{"go-tls13", "1.3", ""}, {"go-tls12", "1.2", "ecdhe"}} {
		r := runRaw(t, nil, "dissect", "-json", "-keylog", captureFile(t, tc.name+".keys"), captureFile(t, tc.name+".pcapng"))
		if r.code != exitOK || r.stderr != "" {
			t.Fatalf("%s: exit %d: %s", tc.name, r.code, r.stderr)
		}
		ns, params := notes(t, r.stdout)
		if len(ns) != 0 || len(params) < 5 {
			t.Fatalf("%s: %d notes, %d messages", tc.name, len(ns), len(params))
		}
		for _, p := range params {
			kex, _ := p["kex"].(string)
			if p["version"] != tc.version || kex != tc.kex {
				t.Errorf("%s: params %v, want version %s kex %q", tc.name, p, tc.version, tc.kex)
			}
		}
		e := runRaw(t, strings.NewReader(r.stdout), "encode", "-format", "bin", "-")
		if e.code != exitOK {
			t.Errorf("%s: encode: exit %d: %s", tc.name, e.code, e.stderr)
		}
	}
}

// TestDissectTruncated: a capture cut inside a packet is dissected up to
// the cut, then the truncation is reported and the exit status is 3.
func TestDissectTruncated(t *testing.T) {
	data := testutil.ReadFile(t, captureFile(t, "go-tls13.pcapng"))
	keys := captureFile(t, "go-tls13.keys")
	keyLog := testutil.ReadFile(t, keys)
	cut := data[:len(data)*2/3+1] // inside a packet block: blocks are multiples of 4 bytes
	res, err := capture.ReadAll(bytes.NewReader(cut), capture.Options{KeyLog: keyLog})
	if err != nil || res.Truncated == nil || len(res.Messages) < 3 {
		t.Fatalf("the cut capture reads as %d messages, truncated %v, %v", len(res.Messages), res.Truncated, err)
	}
	f := writeFile(t, "cut.pcapng", cut)
	r := runExpect(t, exitTruncated, "dissect", "-keylog", keys, f)
	if got := strings.Count(r.stdout, "\nMessage ") + 1; got != len(res.Messages) {
		t.Errorf("%d messages dissected, want the %d whole ones", got, len(res.Messages))
	}
	if !strings.HasPrefix(r.stderr, "clientauth: warning: "+f+": file truncated") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr %q", r.stderr)
	}
	j := runRaw(t, nil, "dissect", "-json", "-keylog", keys, f)
	ns, _ := notes(t, j.stdout)
	if j.code != exitTruncated || len(ns) != 1 || ns[0].Kind != "truncated" {
		t.Errorf("-json: exit %d, notes %+v", j.code, ns)
	}
}

// TestDissectRenegotiation: with the key log, the client certificate asked
// for in a TLS 1.2 renegotiation is dissected.
func TestDissectRenegotiation(t *testing.T) {
	r := runRaw(t, nil, "dissect", "-keylog", captureFile(t, "openssl-tls12-reneg.keys"), captureFile(t, "openssl-tls12-reneg.pcapng"))
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	wantAll(t, r.stdout,
		"server message 6 (TLS 1.2, cipher suite 0xc02b, decrypted)\n    Handshake Protocol: Hello Request",
		", decrypted)\n    Handshake Protocol: Certificate Request\n",
		"client message 4 (TLS 1.2, cipher suite 0xc02b, decrypted)\n    Handshake Protocol: Certificate\n",
		", decrypted)\n    Handshake Protocol: Certificate Verify\n",
	)
}
