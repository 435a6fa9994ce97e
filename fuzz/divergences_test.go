package fuzz

import (
	"encoding/hex"
	"slices"
	"testing"

	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/testutil"
)

// TestDivergencesDoc: docs/divergences.md is the rendering of the table.
func TestDivergencesDoc(t *testing.T) {
	got := testutil.ReadFile(t, "../docs/divergences.md")
	if string(got) != Render() {
		t.Error("docs/divergences.md is stale: run go generate ./fuzz")
	}
}

// TestDivergenceTable checks the table without crypto/tls: well-formed
// entries, known requirement IDs, and our side of every minimal case (the
// shim-built TestDivergences checks crypto/tls's side).
func TestDivergenceTable(t *testing.T) {
	md := testutil.ReadFile(t, "../spec/requirements.md")
	known := map[string]bool{}
	for _, r := range corpus.ParseRequirements(md) {
		known[r.ID] = true
	}
	variants := map[string]Variant{}
	for _, dt := range DiffTargets {
		for _, v := range dt.Variants {
			variants[v.Name] = v
		}
	}
	ids := map[string]bool{}
	for _, d := range Divergences {
		if ids[d.ID] || d.ID == "" || d.Title == "" || d.Ours == "" || d.TLS == "" || d.RFC == "" || len(d.Cases) == 0 {
			t.Errorf("%q: duplicate or incomplete entry", d.ID)
		}
		ids[d.ID] = true
		for _, r := range d.Requirements {
			if !known[string(r)] {
				t.Errorf("%s: requirement %s is not in spec/requirements.md", d.ID, r)
			}
		}
		for _, name := range d.Variants {
			if _, ok := variants[name]; !ok {
				t.Errorf("%s: no variant %s", d.ID, name)
			}
		}
		if d.Side == TLSStricter && d.Match == nil {
			t.Errorf("%s: a TLSStricter entry needs a Match", d.ID)
		}
		for _, c := range d.Cases {
			v, ok := variants[c.Variant]
			msg, err := hex.DecodeString(c.Hex)
			if !ok || err != nil || !slices.Contains(d.Variants, c.Variant) || !known[string(c.Requirement)] {
				t.Errorf("%s: bad case %+v", d.ID, c)
				continue
			}
			o, err := ReadOurs(v, msg)
			if err != nil {
				t.Fatal(err)
			}
			o.GoOK = d.Side == OursStricter
			switch d.Side {
			case OursStricter:
				if o.Ours == nil || o.Ours.Requirement != c.Requirement || !d.matches(o) {
					t.Errorf("%s: %s: ours %v, want a rejection naming %s that the entry matches", d.ID, c.Hex, o.Ours, c.Requirement)
				}
			case TLSStricter:
				if o.Ours != nil {
					t.Errorf("%s: %s: ours rejects (%v), the entry says we accept", d.ID, c.Hex, o.Ours)
					continue
				}
				if !d.matches(o) {
					t.Errorf("%s: %s: the entry's Match does not hold", d.ID, c.Hex)
				}
			}
			if got := Explain(o); got == nil || got.ID != d.ID {
				t.Errorf("%s: %s is explained by %v", d.ID, c.Hex, got)
			}
		}
	}
}
