package fuzz

import (
	"encoding/hex"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/testutil"
)

// TestDivergencesDoc: docs/divergences.md is the rendering of the table
// (go generate ./fuzz runs this test with -update).
func TestDivergencesDoc(t *testing.T) {
	testutil.Golden(t, "../docs/divergences.md", Render())
}

// TestDivergenceTable checks what loading the table cannot: requirement
// IDs that spec/requirements.md holds, and, without crypto/tls, our side of
// every minimal case (the shim-built TestDivergences checks crypto/tls's
// side).
func TestDivergenceTable(t *testing.T) {
	md := testutil.ReadFile(t, "../spec/requirements.md")
	known := map[ca.Requirement]bool{}
	for _, r := range corpus.ParseRequirements(md) {
		known[ca.Requirement(r.ID)] = true
	}
	variants := map[string]Variant{}
	for _, dt := range DiffTargets {
		for _, v := range dt.Variants {
			variants[v.Name] = v
		}
	}
	for _, d := range Divergences {
		for _, r := range d.Requirements {
			if !known[r] {
				t.Errorf("%s: requirement %s is not in spec/requirements.md", d.ID, r)
			}
		}
		for _, c := range d.Cases {
			if !known[c.Requirement] {
				t.Errorf("%s: case %s: requirement %s is not in spec/requirements.md", d.ID, c.Hex, c.Requirement)
			}
			msg, _ := hex.DecodeString(c.Hex) // the load checked it
			o, err := ReadOurs(variants[c.Variant], msg)
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

// TestLoadDivergencesRefuses: each check of the load stops a table that
// fails it, with the entry named; the good entry alone loads.
func TestLoadDivergencesRefuses(t *testing.T) {
	const good = `{"id": "x", "title": "t", "rejects": "clientauth", "variants": ["CR13"], "requirements": ["8446-4.3.2-b"],
		"cases": [{"variant": "CR13", "requirement": "8446-4.3.2-b", "hex": "0d000003000000"}], "ours": "o", "tls": "t", "rfc": "r"}`
	if ds, err := loadDivergences([]byte("[" + good + "]")); err != nil || len(ds) != 1 || ds[0].Side != OursStricter {
		t.Fatalf("the good entry: %v, %v", ds, err)
	}
	for _, c := range []struct{ old, new, want string }{
		{`"title": "t"`, `"title": ""`, "incomplete"},
		{`"cases": [{"variant": "CR13", "requirement": "8446-4.3.2-b", "hex": "0d000003000000"}]`, `"cases": []`, "incomplete"},
		{`"id": "x"`, `"id": "x", "tittle": "t"`, "unknown field"},
		{`"rejects": "clientauth"`, `"rejects": "both"`, `rejects "both"`},
		{`"variants": ["CR13"]`, `"variants": ["CR13", "CR14"]`, "no differential variant CR14"},
		{`"id": "x"`, `"id": "x", "field": "("`, "field:"},
		{`"id": "x"`, `"id": "x", "match": "in server_name"`, `no matcher "in server_name"`},
		{`"requirements": ["8446-4.3.2-b"],`, ``, "needs the requirements"},
		{`"rejects": "clientauth"`, `"rejects": "crypto/tls"`, "names its requirements in its cases"},
		{`"rejects": "clientauth", "variants": ["CR13"], "requirements": ["8446-4.3.2-b"],`, `"rejects": "crypto/tls", "variants": ["CR13"],`, "needs a match"},
		{`"hex": "0d000003000000"`, `"hex": "0d00000300000"`, "case"},
		{`{"variant": "CR13"`, `{"variant": "CR12"`, "case"},
		{`"requirement": "8446-4.3.2-b", "hex"`, `"requirement": "8446-4.3.2-f", "hex"`, "case"},
		{`"requirement": "8446-4.3.2-b", "hex"`, `"requirement": "", "hex"`, "case"},
	} {
		bad := strings.Replace(good, c.old, c.new, 1)
		if bad == good {
			t.Fatalf("%q is not in the good entry", c.old)
		}
		if _, err := loadDivergences([]byte("[" + bad + "]")); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "unknown field") && !strings.Contains(err.Error(), `entry 0 ("x")`) {
			t.Errorf("%s → %s: error %v, want one naming the entry and saying %q", c.old, c.new, err, c.want)
		}
	}
	for _, table := range []string{"[" + good + "," + good + "]", "[" + good + "] []", "{}"} {
		if _, err := loadDivergences([]byte(table)); err == nil {
			t.Errorf("%.40s...: loaded", table)
		}
	}
}
