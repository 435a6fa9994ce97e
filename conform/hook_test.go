package conform

import (
	"os"
	"testing"

	"github.com/clientauth/clientauth/internal/testutil"
)

// TestOverlayBuilds: the hook applies to this Go's crypto/tls and the
// endpoint compiles with it.
func TestOverlayBuilds(t *testing.T) {
	testutil.SkipShort(t, "compiles crypto/tls")
	dir := t.TempDir()
	if _, err := PrepareOverlay(dir); err != nil {
		requirePeers(t, "the crypto/tls hook: %v", err)
	}
	// BuildEndpoint writes the overlay again into dir, and builds with it
	// what Run builds.
	bin, err := BuildEndpoint(dir)
	if err != nil {
		t.Fatalf("endpoint does not build with the hook: %v", err)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatal(err)
	}
}

func TestPatchMissingAnchor(t *testing.T) {
	if _, err := Patch("package tls\n"); err == nil {
		t.Fatal("Patch accepted a conn.go without its anchors")
	}
}
