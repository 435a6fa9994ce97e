package testutil

import (
	"fmt"
	"os"
	"testing"
)

// SkipShort skips tb under -short. why says what the test does that -short
// is for leaving out (compiling, running real TLS stacks).
func SkipShort(tb testing.TB, why string) {
	tb.Helper()
	if testing.Short() {
		tb.Skip(why + "; skipped under -short")
	}
}

// Require stops tb when something it needs from the machine (an external
// tool, a TLS stack) is missing: a skip with the message, or a failure when
// the environment variable env is 1, as .ci/run sets the CLIENTAUTH_REQUIRE_*
// variables after installing what they name: there a missing tool is a
// broken setup, not an excuse.
func Require(tb testing.TB, env, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(env) == "1" {
		tb.Fatalf("%s=1: %s", env, msg)
	}
	tb.Skipf("%s (set %s=1 to make this a failure)", msg, env)
}
