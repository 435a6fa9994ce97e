package conform

import (
	"testing"
	"time"

	"github.com/clientauth/clientauth/fuzz"
	"github.com/clientauth/clientauth/internal/testutil"
)

// TestCrossCheckGo runs the Go peer's whole matrix and holds it against
// docs/divergences.md: every divergence where crypto/tls's message layer
// accepts what ours rejects shows as a leniency of the Go peer (or is
// listed in Unobservable with the reason, which the run must bear out),
// and no leniency of the Go peer is left without a divergence.
func TestCrossCheckGo(t *testing.T) {
	testutil.SkipShort(t, "builds the endpoint and runs the Go peer's matrix")
	rep := liveRun(t, 10*time.Minute, Config{Peers: []string{goPeer.Name()}})
	for _, c := range rep.Controls {
		if c.Kind != OutCompleted {
			t.Fatalf("control %s %s TLS %s did not complete: %s %s", c.Role, c.Version, c.Suite, c.Kind, c.Detail)
		}
	}
	checks, unexplained := CrossCheck(rep.Results)
	shown, later, notSent := 0, 0, 0
	for _, c := range checks {
		for _, p := range c.Problems {
			t.Errorf("%s (%s): %s", c.ID, c.Variant, p)
		}
		switch c.Why {
		case Shows:
			shown++
		case LaterLayer:
			later++
		case NotSent:
			notSent++
		}
		t.Logf("%-34s %-10s %-40s %3d cases %s", c.ID, c.Variant, c.Side, len(c.Cases), c.Reason)
	}
	for _, u := range unexplained {
		t.Error(u)
	}
	t.Logf("%d divergence variants: %d shown live, %d refused by crypto/tls's handshake layer, %d never sent", len(checks), shown, later, notSent)
	if len(checks) == 0 || len(fuzz.Divergences) == 0 {
		t.Fatal("nothing cross-checked")
	}
}

// TestUnobservableListed: every Unobservable entry names a divergence
// variant of the table, so that a renamed one cannot linger.
func TestUnobservableListed(t *testing.T) {
	known := map[string]bool{}
	for _, d := range fuzz.Divergences {
		for _, v := range d.Variants {
			known[d.ID+"/"+v] = true
		}
	}
	for k, u := range Unobservable {
		if !known[k] || u.Reason == "" || u.Why == Shows {
			t.Errorf("Unobservable[%q]: no such divergence variant, or no reason", k)
		}
	}
}
