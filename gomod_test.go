package clientauth_test

import (
	"regexp"
	"testing"

	"github.com/clientauth/clientauth/internal/testutil"
)

// OSS-Fuzz's base-builder-go ships Go 1.25.0: a dependency that raises the go
// line (golang.org/x/crypto v0.57+ does) breaks the fuzz build.
func TestGoModKeepsGo125(t *testing.T) {
	b := testutil.ReadFile(t, "go.mod")
	if m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b); m == nil || string(m[1]) != "1.25.0" {
		t.Errorf("go.mod go line is %q, want 1.25.0", m)
	}
}
