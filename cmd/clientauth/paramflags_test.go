package main

import (
	"flag"
	"io"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
)

func parseParamFlags(t *testing.T, args []string) (ca.Params, error) {
	t.Helper()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	pf := addParamFlags(fs)
	if err := fs.Parse(args); err != nil {
		return ca.Params{}, err
	}
	return pf.params()
}

// TestParamFlagsRoundTrip: the flags rendered from every sample's and every
// vector group's Params parse back to the same Params, and so does the
// -params text form: every context the corpus uses is expressible on the
// command line (OpenPGP included).
func TestParamFlagsRoundTrip(t *testing.T) {
	all := testutil.Must(t, samples.All)
	files := testutil.Must(t, corpus.Vectors)
	var ps []ca.Params
	for _, s := range all {
		ps = append(ps, s.Params)
	}
	groups := 0
	for _, f := range files {
		for i := range f.TestGroups {
			ps = append(ps, f.TestGroups[i].Params)
			groups++
		}
	}
	seen := map[ca.Params]bool{}
	for _, p := range ps {
		p = p.Resolved()
		if seen[p] {
			continue
		}
		seen[p] = true
		got, err := parseParamFlags(t, flagsFor(p))
		if err != nil || got != p {
			t.Errorf("%v: flags %v gave %v, %v", p, flagsFor(p), got, err)
		}
		got, err = parseParamFlags(t, []string{"-params", p.String()})
		if err != nil || got != p {
			t.Errorf("%v: -params gave %v, %v", p, got, err)
		}
	}
	if !seen[ca.Params{Version: ca.VersionTLS13, FinishedLen: 32, CertType: ca.CertTypeOpenPGP, PostHandshake: true}] {
		t.Error("no OpenPGP vector group among the contexts")
	}
	t.Logf("%d vector groups, %d distinct Params", groups, len(seen))
}

// TestParamFlagsRefuse: contradictory or malformed flags are usage errors
// that say what is wrong.
func TestParamFlagsRefuse(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-version", "1.3", "-kex", "ecdhe_psk"}, "key exchange ecdhe_psk applies to TLS <=1.2 only"},
		{[]string{"-kex", "dhe"}, "applies to TLS <=1.2 only"}, // the default version is 1.3
		{[]string{"-profile", "rfc9846", "-version", "1.2"}, "profile rfc9846 applies to TLS 1.3 only"},
		{[]string{"-version", "1.2", "-post-handshake"}, "only in TLS 1.3"},
		{[]string{"-cert-type", "pgp"}, `"pgp": want x509, openpgp or raw_public_key`},
		{[]string{"-version", "1.4"}, `"1.4": want 1.0, 1.1, 1.2 or 1.3`},
		{[]string{"-params", "version=1.2", "-kex", "rsa"}, "cannot be combined"},
		{[]string{"-params", "kex=rsa"}, "version missing"},
	} {
		_, err := parseParamFlags(t, c.args)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	if p, err := parseParamFlags(t, []string{"-cert-type", "openpgp"}); err != nil || p.CertType != ca.CertTypeOpenPGP {
		t.Errorf("-cert-type openpgp: %v, %v", p, err)
	}
}
