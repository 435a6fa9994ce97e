package conform

import (
	"testing"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/testutil"
)

// TestControls: for every peer, role and version it supports, the
// handshake without a substitution completes (under each key exchange our
// client offers), or nothing after it could be judged.
func TestControls(t *testing.T) {
	testutil.SkipShort(t, "builds the endpoint and runs live handshakes")
	for _, p := range Peers {
		t.Run(p.Name(), func(t *testing.T) {
			if _, err := p.Version(); err != nil {
				requirePeers(t, "peer %s: %v", p.Name(), err)
			}
			rep := liveRun(t, 3*time.Minute, Config{Peers: []string{p.Name()}, ControlOnly: true})
			want := 0
			for _, role := range []string{RoleClient, RoleServer} {
				for _, v := range ca.Versions {
					if !p.Supports(role, v) {
						continue
					}
					if role == RoleServer && v < ca.VersionTLS13 {
						want += len(peerKeyExchanges(p)) // ECDHE and RSA key transport
					} else {
						want++
					}
				}
			}
			if len(rep.Controls) != want {
				t.Errorf("%d control handshakes, want %d: %+v (notes %v)", len(rep.Controls), want, rep.Controls, rep.Peers)
			}
			for _, c := range rep.Controls {
				if c.Kind != OutCompleted {
					t.Errorf("%s as %s, TLS %s, suite %s: %s %s", c.Peer, c.Role, c.Version, c.Suite, c.Kind, c.Detail)
				}
			}
		})
	}
}
