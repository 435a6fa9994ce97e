package main

import (
	"flag"
	"io"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
)

// TestParamFlagsRoundTrip: the flags rendered from every sample's Params
// parse back to the same Params.
func TestParamFlagsRoundTrip(t *testing.T) {
	all, err := samples.All()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[ca.Params]bool{}
	for _, s := range all {
		p := s.Params
		p.Version = p.Vers()
		if seen[p] {
			continue
		}
		seen[p] = true
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		pf := addParamFlags(fs)
		if err := fs.Parse(flagsFor(p)); err != nil {
			t.Fatal(err)
		}
		got, err := pf.params()
		if err != nil || got != p {
			t.Errorf("%+v: flags %v gave %+v, %v", p, flagsFor(p), got, err)
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d distinct Params in the samples", len(seen))
	}
	t.Logf("%d distinct Params", len(seen))
}
