package fuzz

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/tlsshim"
)

// TestDiffWithShim builds this package with the crypto/tls overlay and runs
// the differential targets on their seeds and TestDivergences, so that
// go test ./... exercises them. Where the shim does not compile against
// this Go it skips, unless CLIENTAUTH_REQUIRE_TLSSHIM=1 (set by .ci/run).
func TestDiffWithShim(t *testing.T) {
	if CryptoTLS != nil {
		t.Skip("already built with the shim")
	}
	if testing.Short() {
		t.Skip("builds the package again with the overlay")
	}
	require := os.Getenv("CLIENTAUTH_REQUIRE_TLSSHIM") == "1"
	skip := func(format string, args ...any) {
		t.Helper()
		if require {
			t.Fatalf("CLIENTAUTH_REQUIRE_TLSSHIM=1: "+format, args...)
		}
		t.Skipf(format, args...)
	}
	s, err := tlsshim.Prepare(t.TempDir())
	if err != nil {
		skip("preparing the crypto/tls shim: %v", err)
	}
	if len(s.Dropped) > 0 {
		skip("this Go's crypto/tls lacks what the shim needs: %s", strings.Join(s.Dropped, "; "))
	}
	vet := exec.Command("go", append(append([]string{"vet"}, s.Flags()...), ".")...)
	if out, err := vet.CombinedOutput(); err != nil {
		skip("the crypto/tls shim does not compile against this Go:\n%s", out)
	}
	args := append(append([]string{"test"}, s.Flags()...), "-count=1", "-v", "-run", "^(FuzzDiff|TestDivergences$)", ".")
	out, err := exec.Command("go", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	for _, name := range append(targetNames(), "TestDivergences") {
		if !strings.Contains(string(out), "--- PASS: "+name+" ") {
			t.Errorf("%s did not pass with the shim:\n%s", name, out)
		}
	}
}

func targetNames() []string {
	var n []string
	for _, dt := range DiffTargets {
		n = append(n, dt.Name)
	}
	return n
}

// TestCheckDiffCatches runs CheckDiff against a stand-in for crypto/tls
// that disagrees on purpose: each kind of disagreement must fail, unless a
// Divergence explains it.
func TestCheckDiffCatches(t *testing.T) {
	saved := CryptoTLS
	defer func() { CryptoTLS = saved }()
	target := LookupDiff("FuzzDiffCR")
	cr12 := []byte{2}
	valid := append(cr12, 0x01, 0x01, 0x00, 0x02, 0x04, 0x03, 0x00, 0x00) // rsa_sign; ecdsa_secp256r1_sha256; no CAs
	fake := func(accept bool, fields map[string]any) {
		CryptoTLS = func(string) (ShimOps, bool) {
			return ShimOps{
				Unmarshal: func([]byte, uint16) (any, bool) { return nil, accept },
				Fields:    func(any) map[string]any { return fields },
			}, true
		}
	}
	same := map[string]any{"certificate_authorities": [][]byte(nil), "certificate_types": []byte{1}, "supported_signature_algorithms": []uint16{0x0403}}
	for _, c := range []struct {
		name    string
		accept  bool
		fields  map[string]any
		input   []byte
		wantErr string
	}{
		{"agree", true, same, valid, ""},
		{"both reject", false, nil, append(valid, 0), ""},
		{"field differs", true, map[string]any{"certificate_authorities": [][]byte(nil), "certificate_types": []byte{2}, "supported_signature_algorithms": []uint16{0x0403}}, valid, "certificate_types"},
		{"missing field", true, map[string]any{"certificate_authorities": [][]byte(nil), "certificate_types": []byte{1}}, valid, "supported_signature_algorithms"},
		{"crypto/tls rejects", false, nil, valid, "crypto/tls: rejects"},
		{"ours rejects, unexplained", true, same, append(valid, 0), "ours: rejects"},
		{"ours rejects, known", true, same, []byte{2, 0x01, 0x01, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00}, ""}, // anonymous-signature-algorithm
	} {
		fake(c.accept, c.fields)
		err := CheckDiff(target, c.input)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
			t.Errorf("%s: got %v, want an error mentioning %q", c.name, err, c.wantErr)
		}
	}
}

// TestUnready: no shim in the build is a skip; a reader missing from the
// shim is a skip, or fatal under CLIENTAUTH_REQUIRE_TLSSHIM=1.
func TestUnready(t *testing.T) {
	saved := CryptoTLS
	defer func() { CryptoTLS = saved }()
	target := LookupDiff("FuzzDiffCV")
	t.Setenv("CLIENTAUTH_REQUIRE_TLSSHIM", "1")
	CryptoTLS = nil
	if err, fatal := target.Unready(); err == nil || fatal {
		t.Errorf("no shim: %v, fatal %v; want a skip", err, fatal)
	}
	CryptoTLS = func(string) (ShimOps, bool) { return ShimOps{}, false }
	if err, fatal := target.Unready(); err == nil || !fatal {
		t.Errorf("missing reader under REQUIRE: %v, fatal %v; want fatal", err, fatal)
	}
	t.Setenv("CLIENTAUTH_REQUIRE_TLSSHIM", "")
	if err, fatal := target.Unready(); err == nil || fatal {
		t.Errorf("missing reader: %v, fatal %v; want a skip", err, fatal)
	}
	CryptoTLS = func(string) (ShimOps, bool) { return ShimOps{}, true }
	if err, fatal := target.Unready(); err != nil || fatal {
		t.Errorf("ready: %v, fatal %v", err, fatal)
	}
}
