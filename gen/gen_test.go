package gen_test

import (
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/gen"
)

// TestEdgesReached: the generator's claims about the edges it hits hold over
// a fixed set of seeds, so a change that quietly stops reaching them fails.
func TestEdgesReached(t *testing.T) {
	seen := map[string]bool{}
	crTypes := map[ca.ExtensionType]bool{}
	for seed := range 3000 {
		m := gen.Any().Example(seed)
		msg, err := encoder.New(m.Params).Encode(nil, m.Value)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		switch v := m.Value.(type) {
		case *ca.CertificateRequest:
			seen["cr context 255"] = seen["cr context 255"] || len(v.Context) == 255
			seen["cr context 1"] = seen["cr context 1"] || len(v.Context) == 1
			for _, e := range v.Extensions {
				crTypes[e.Type] = true
				seen["grease"] = seen["grease"] || e.Type&0x0f0f == 0x0a0a
				seen["ext body 65535"] = seen["ext body 65535"] || len(e.Data) >= 65535-64
			}
			seen["cr extensions block full"] = seen["cr extensions block full"] || m.Params.Version == ca.VersionTLS13 && len(msg) >= 4+1+len(v.Context)+2+65535-64
			seen["tls10 ca list"] = seen["tls10 ca list"] || m.Params.Version == ca.VersionTLS10 && len(v.CertificateAuthorities) > 0
		case *ca.Certificate:
			seen["certificate list past 2^16"] = seen["certificate list past 2^16"] || len(msg) > 1<<16+8
			seen["empty certificate"] = seen["empty certificate"] || len(v.Entries) == 0
			for _, e := range v.Entries {
				for _, x := range e.Extensions {
					seen["entry ext "+x.Type.String()] = true
				}
			}
		case *ca.ClientKeyExchange:
			seen["kex "+m.Params.KeyExchange.String()] = true
		}
	}
	for _, info := range ca.Extensions() {
		if info.InCR != 0 && !crTypes[info.Type] {
			t.Errorf("no CertificateRequest carried %s", info.Name)
		}
		if info.InCT != 0 && !seen["entry ext "+info.Type.String()] {
			t.Errorf("no CertificateEntry carried %s", info.Name)
		}
	}
	for _, k := range ca.KeyExchanges {
		if !seen["kex "+k.String()] {
			t.Errorf("no ClientKeyExchange for %v", k)
		}
	}
	for _, want := range []string{"cr context 255", "cr context 1", "grease", "ext body 65535", "cr extensions block full", "tls10 ca list", "certificate list past 2^16", "empty certificate"} {
		if !seen[want] {
			t.Errorf("never generated: %s", want)
		}
	}
}
