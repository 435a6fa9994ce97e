package conform

import (
	"context"
	"testing"
	"time"

	"github.com/clientauth/clientauth/internal/testutil"
)

// requirePeers skips with the message, or fails under
// CLIENTAUTH_REQUIRE_PEERS=1 (set by .ci/run).
func requirePeers(t *testing.T, format string, args ...any) {
	t.Helper()
	testutil.Require(t, "CLIENTAUTH_REQUIRE_PEERS", format, args...)
}

// liveRun runs cfg within the time given, with the live tests' handshake
// timeout and a fresh endpoint build, and fails t when Run does.
func liveRun(t *testing.T, within time.Duration, cfg Config) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), within)
	defer cancel()
	cfg.Timeout, cfg.CacheDir = 10*time.Second, t.TempDir()
	rep, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
