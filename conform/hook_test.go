package conform

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestOverlayBuilds: the hook applies to this Go's crypto/tls and the
// endpoint compiles with it.
func TestOverlayBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles crypto/tls")
	}
	dir := t.TempDir()
	ov, err := PrepareOverlay(dir)
	if err != nil {
		requirePeers(t, "the crypto/tls hook: %v", err)
	}
	out, err := exec.Command("go", "build", "-overlay", ov, "-tags", EndpointTag, "-o", filepath.Join(dir, "endpoint"), "./endpoint").CombinedOutput()
	if err != nil {
		t.Fatalf("endpoint does not build with the hook: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "endpoint")); err != nil {
		t.Fatal(err)
	}
}

func TestPatchMissingAnchor(t *testing.T) {
	if _, err := Patch("package tls\n"); err == nil {
		t.Fatal("Patch accepted a conn.go without its anchors")
	}
}
