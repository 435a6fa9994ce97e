package parser_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// checkHarvest asserts what the issue asks of real OpenSSL messages: every
// valid one is accepted and re-encoded byte for byte, every one flagged as
// breaking a rule is refused for that rule, and the harvest covers each
// version, message, key exchange and client key type it was meant to.
func checkHarvest(t *testing.T, all []samples.Sample) {
	t.Helper()
	type key struct {
		v    ca.Version
		what string
	}
	seen := map[key]int{}
	var valid, rejected, tolerated int
	for _, s := range all {
		params := s.Tolerating() // a known deployed deviation parses under its tolerance
		p := parser.New(params)
		m, err := p.Parse(s.Msg)
		if s.Reject != "" {
			if err == nil || !errors.Is(err, s.Reject) {
				t.Errorf("%s: want rejection under %s, got %v", s.Name, s.Reject, err)
			}
			rejected++
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		if s.Tolerate != 0 {
			// A known deployed deviation: strict parsing refuses it for the
			// rule the tolerance relaxes.
			_, err := parser.New(s.Params).Parse(s.Msg)
			for _, d := range ca.KnownDeviations {
				if s.Tolerate.Has(d.Deviation) && !errors.Is(err, d.Relaxes) {
					t.Errorf("%s: strict parse gives %v, want a rejection citing %s", s.Name, err, d.Relaxes)
				}
			}
			tolerated++
		}
		out, err := encoder.New(params).Encode(nil, m.Value())
		if err != nil || !bytes.Equal(out, s.Msg) {
			t.Errorf("%s: re-encoding differs (%v)", s.Name, err)
			continue
		}
		valid++
		sender := "client"
		if s.Params.FromServer {
			sender = "server"
		}
		seen[key{s.Params.Version, sender + " " + m.Type.String()}]++
		if m.Type == ca.TypeClientKeyExchange {
			seen[key{s.Params.Version, "kex " + s.Params.KeyExchange.String()}]++
		}
	}
	for _, v := range []ca.Version{ca.VersionTLS10, ca.VersionTLS11, ca.VersionTLS12, ca.VersionTLS13} {
		want := []string{"server certificate_request", "client certificate", "client certificate_verify", "client finished", "server finished"}
		if v != ca.VersionTLS13 {
			want = append(want, "server server_hello_done", "client client_key_exchange")
			for _, k := range []ca.KeyExchange{ca.KexRSA, ca.KexDHE, ca.KexECDHE, ca.KexPSK, ca.KexRSAPSK, ca.KexDHEPSK, ca.KexECDHEPSK} {
				want = append(want, "kex "+k.String())
			}
		}
		for _, w := range want {
			if seen[key{v, w}] == 0 {
				t.Errorf("harvest has no valid %s message for %v", w, v)
			}
		}
	}
	if tolerated == 0 {
		t.Error("no harvested message needs a known deviation's tolerance (OpenSSL 3's TLS 1.0 empty CA list)")
	}
	t.Logf("%d messages: %d valid and re-encoded (%d under a known deviation's tolerance), %d refused as the manifest expects", len(all), valid, tolerated, rejected)
}

func TestOpenSSLCommitted(t *testing.T) {
	all, err := samples.OpenSSL()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatal("testdata/openssl is empty")
	}
	checkHarvest(t, all)
	// The client keys the issue names each signed a CertificateVerify in the
	// versions that can use them (EdDSA needs TLS 1.2's signature_algorithms).
	keys := map[string]bool{}
	for _, s := range all {
		if bytes.HasPrefix(s.Msg, []byte{byte(ca.TypeCertificateVerify)}) && !s.Params.FromServer {
			keys[s.Params.Version.String()+" "+keyOf(s.Name)] = true
		}
	}
	for _, v := range []string{"1.0", "1.1", "1.2", "1.3"} {
		for _, k := range []string{"rsa2048", "p256", "p384", "ed25519", "ed448"} {
			if (k == "ed25519" || k == "ed448") && (v == "1.0" || v == "1.1") {
				continue
			}
			if !keys[v+" "+k] {
				t.Errorf("no client CertificateVerify with a %s key in TLS %s", k, v)
			}
		}
	}
}

// keyOf reads the client key from a harvest file name
// (<version>/<kex>_<key>_<options>_<sender>_<message>.hex).
func keyOf(name string) string {
	for _, k := range []string{"rsa2048", "p256", "p384", "ed25519", "ed448"} {
		if bytes.Contains([]byte(filepath.Base(name)), []byte("_"+k+"_")) {
			return k
		}
	}
	return ""
}

// TestOpenSSLReharvest runs scripts/harvest-openssl against the local
// OpenSSL and holds the fresh messages to the same standard as the committed
// ones, so the test data stays reproducible and a new OpenSSL cannot drift
// unnoticed.
func TestOpenSSLReharvest(t *testing.T) {
	require := os.Getenv("CLIENTAUTH_REQUIRE_OPENSSL") == "1"
	skip := func(why string) {
		if require {
			t.Fatalf("CLIENTAUTH_REQUIRE_OPENSSL=1 but %s", why)
		}
		t.Skip(why + " (set CLIENTAUTH_REQUIRE_OPENSSL=1 to make this a failure)")
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		skip("openssl is not on PATH")
	}
	if testing.Short() && !require {
		skip("-short: the harvest runs ~230 loopback handshakes")
	}
	out := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(samples.Root(), "scripts", "harvest-openssl"), out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("harvest-openssl: %v\n%s", err, stderr.String())
	}
	all, err := samples.OpenSSLDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) == 0 {
		t.Fatalf("harvest wrote nothing:\n%s", stderr.String())
	}
	checkHarvest(t, all)
}
