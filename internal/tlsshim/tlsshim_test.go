package tlsshim

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func TestFilter(t *testing.T) {
	src := "package tls\n\n//clientauth:section a\n//clientauth:requires func   a()  {\nfunc init() { A() }\n//clientauth:end\n//clientauth:section b\n//clientauth:requires func b() {\nfunc init() { B() }\n//clientauth:end\nvar tail int\n"
	text, kept, dropped := Filter(src, map[string]bool{"func a() {": true})
	if strings.Join(kept, ",") != "a" || len(dropped) != 1 || !strings.Contains(dropped[0], `"func b() {"`) {
		t.Errorf("kept %v, dropped %v", kept, dropped)
	}
	if !strings.Contains(text, "A()") || strings.Contains(text, "B()") || strings.Contains(text, "clientauth:") || !strings.Contains(text, "var tail") {
		t.Errorf("filtered text:\n%s", text)
	}
}

// TestPrepare: against this Go every section is kept and the overlay
// compiles into crypto/tls.
func TestPrepare(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles crypto/tls")
	}
	s, err := Prepare(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Dropped) > 0 {
		msg := "this Go's crypto/tls lacks: " + strings.Join(s.Dropped, "; ")
		if os.Getenv("CLIENTAUTH_REQUIRE_TLSSHIM") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if len(s.Kept) < 10 {
		t.Errorf("only %d sections kept: %v", len(s.Kept), s.Kept)
	}
	if out, err := exec.Command("go", append(append([]string{"vet"}, s.Flags()...), "crypto/tls")...).CombinedOutput(); err != nil {
		t.Fatalf("the shim does not compile: %v\n%s", err, out)
	}
}
