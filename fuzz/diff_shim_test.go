//go:build clientauth_tlsshim && go1.21

package fuzz

import (
	"encoding/hex"
	"testing"
)

// TestDivergences re-checks crypto/tls's side of every minimal case in
// docs/divergences.md: the two sides disagree the way the entry says.
func TestDivergences(t *testing.T) {
	variants := map[string]Variant{}
	for _, dt := range DiffTargets {
		if err := dt.Ready(); err != nil {
			t.Fatal(err)
		}
		for _, v := range dt.Variants {
			variants[v.Name] = v
		}
	}
	for _, d := range Divergences {
		for _, c := range d.Cases {
			msg, _ := hex.DecodeString(c.Hex)
			o, err := Compare(variants[c.Variant], msg)
			if err != nil {
				t.Fatal(err)
			}
			if !o.Disagree() || o.GoOK != (d.Side == OursStricter) {
				t.Errorf("%s: %s no longer diverges as documented:\n%s", d.ID, c.Hex, o.Describe())
				continue
			}
			if got := Explain(o); got == nil || got.ID != d.ID {
				t.Errorf("%s: %s is explained by %v", d.ID, c.Hex, got)
			}
		}
	}
}
