package conform

import (
	"fmt"
	"os"
	"testing"
)

// requirePeers skips with the message, or fails under
// CLIENTAUTH_REQUIRE_PEERS=1 (set by .ci/run).
func requirePeers(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CLIENTAUTH_REQUIRE_PEERS") == "1" {
		t.Fatal("CLIENTAUTH_REQUIRE_PEERS=1: " + msg)
	}
	t.Skip(msg + " (set CLIENTAUTH_REQUIRE_PEERS=1 to make this a failure)")
}
