package clientauth_test

import (
	"os"
	"regexp"
	"testing"
)

// OSS-Fuzz's base-builder-go ships Go 1.25.0: a dependency that raises the go
// line (golang.org/x/crypto v0.57+ does) breaks the fuzz build.
func TestGoModKeepsGo125(t *testing.T) {
	b, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b); m == nil || string(m[1]) != "1.25.0" {
		t.Errorf("go.mod go line is %q, want 1.25.0", m)
	}
}
