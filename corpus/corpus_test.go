package corpus_test

import (
	"errors"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// minReal is the floor for distinct real messages.
const minReal = 300

// TestRealMessages: every embedded real message parses under its manifest
// Params and re-encodes byte for byte, or, when a stack sent it against the
// RFC, is refused for the requirement the manifest names (derived from the
// bounds table when harvested).
func TestRealMessages(t *testing.T) {
	all := testutil.Must(t, corpus.Real)
	distinct := map[string]bool{}
	stacks := map[string]int{}
	var rejected, tolerated int
	for _, m := range all {
		distinct[m.Version.String()+string(m.Bytes)] = true
		stacks[stackFamily(m.Stack)]++
		msg, err := parser.New(m.Params).Parse(m.Bytes)
		if m.Expect != nil {
			if err == nil || !errors.Is(err, ca.Requirement(m.Expect.Requirement)) {
				t.Errorf("%s: want rejection under %s, got %v", m.Path, m.Expect.Requirement, err)
				continue
			}
			var e *ca.Error
			if errors.As(err, &e) && e.Alert.String() != m.Expect.Alert {
				t.Errorf("%s: alert %v, manifest says %s", m.Path, e.Alert, m.Expect.Alert)
			}
			rejected++
			// A known deployed deviation passes under its tolerance.
			for _, d := range ca.KnownDeviations() {
				if string(d.Relaxes) != m.Expect.Requirement {
					continue
				}
				p := m.Params
				p.Tolerate = ca.Tolerating(d.Deviation)
				if msg, err := parser.New(p).Parse(m.Bytes); err != nil {
					t.Errorf("%s: rejected under tolerance %s: %v", m.Path, d.Name, err)
				} else if err := testutil.Reencode(p, msg, m.Bytes); err != nil {
					t.Errorf("%s: under tolerance %s: %v", m.Path, d.Name, err)
				} else {
					tolerated++
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", m.Path, err)
			continue
		}
		if err := testutil.Reencode(m.Params, msg, m.Bytes); err != nil {
			t.Errorf("%s: %v", m.Path, err)
		}
	}
	if len(distinct) != len(all) {
		t.Errorf("%d messages but %d distinct: the manifest lists a byte-identical message twice", len(all), len(distinct))
	}
	if len(distinct) < minReal {
		t.Errorf("%d distinct real messages, want at least %d", len(distinct), minReal)
	}
	for _, s := range []string{"go", "openssl", "gnutls", "rfc8448", "seed"} {
		if stacks[s] == 0 {
			t.Errorf("no real message from %s", s)
		}
	}
	if tolerated == 0 {
		t.Error("no real message passes under a known deviation's tolerance")
	}
	t.Logf("%d real messages (%d refused as the manifest expects, %d of them accepted under a known deviation); per stack %v", len(all), rejected, tolerated, stacks)
}

func stackFamily(s string) string {
	switch {
	case len(s) >= 3 && s[:3] == "Go ":
		return "go"
	case len(s) >= 8 && s[:8] == "OpenSSL ":
		return "openssl"
	case len(s) >= 7 && s[:7] == "GnuTLS ":
		return "gnutls"
	case s == "RFC 8448":
		return "rfc8448"
	case s == "seed capture":
		return "seed"
	}
	return s
}

// TestRealCoverage: the harvest spans what the matrix asks for.
func TestRealCoverage(t *testing.T) {
	all := testutil.Must(t, corpus.Real)
	have := map[string]bool{}
	for _, m := range all {
		have["version "+m.Version.String()] = true
		have["key "+m.Key] = true
		have["message "+m.Type.String()] = true
		for _, o := range m.Options {
			have["option "+o] = true
		}
		if m.Type == ca.TypeClientKeyExchange {
			have["kex "+m.Kex] = true
		}
	}
	want := []string{"version 1.0", "version 1.1", "version 1.2", "version 1.3",
		"key rsa2048", "key p256", "key p384", "key ed25519", "key ed448", "key none",
		"message certificate_request", "message certificate", "message certificate_verify",
		"message client_key_exchange", "message server_hello_done", "message finished",
		"option ca_list", "option no_ca_list", "option no_client_cert", "option post_handshake",
		"option raw_public_key", "option multi_ca",
		"kex rsa", "kex dhe", "kex ecdhe", "kex psk", "kex rsa_psk", "kex dhe_psk", "kex ecdhe_psk"}
	for _, w := range want {
		if !have[w] {
			t.Errorf("no real message with %s", w)
		}
	}
}

// TestRealManifestOptions: options come from the documented vocabulary.
func TestRealManifestOptions(t *testing.T) {
	all := testutil.Must(t, corpus.Real)
	for _, m := range all {
		for _, o := range m.Options {
			if _, ok := corpus.RealOptions[o]; !ok {
				t.Errorf("%s: option %q not in corpus.RealOptions", m.Path, o)
			}
		}
	}
}
