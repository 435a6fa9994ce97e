package clientauth_test

import (
	"encoding/json"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
)

// everyParams is the product of every field's values that Validate accepts.
func everyParams() []ca.Params {
	var out []ca.Params
	for _, v := range ca.Versions {
		for _, prof := range ca.Profiles {
			for _, k := range ca.KeyExchanges {
				for _, fl := range []int{0, 12, 48} {
					for _, ph := range []bool{false, true} {
						for _, srv := range []bool{false, true} {
							for _, ct := range ca.CertificateTypes {
								p := ca.Params{Version: v, Profile: prof, KeyExchange: k, FinishedLen: fl, PostHandshake: ph, FromServer: srv, CertType: ct}
								if p.Validate() == nil {
									out = append(out, p)
								}
							}
						}
					}
				}
			}
		}
	}
	return out
}

func TestParamsTextRoundTrip(t *testing.T) {
	all := everyParams()
	if len(all) < 100 {
		t.Fatalf("only %d valid Params", len(all))
	}
	for _, p := range all {
		text, err := p.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var q ca.Params
		if err := q.UnmarshalText(text); err != nil || q != p.Resolved() {
			t.Errorf("%s: read back %+v, %v", text, q, err)
		}
		js, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var r ca.Params
		if err := json.Unmarshal(js, &r); err != nil || r != p.Resolved() {
			t.Errorf("%s: read back %+v, %v", js, r, err)
		}
	}
	// The zero value is written with its version, never left implicit.
	if got := (ca.Params{}).String(); got != "version=1.3 profile=rfc8446 kex=rsa finished_len=32 post_handshake=false sender=client cert_type=x509 tolerate=none" {
		t.Errorf("Params{} is %q", got)
	}
	if js, _ := json.Marshal(ca.Params{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}); string(js) != `{"version":"1.2","profile":"rfc8446","kex":"ecdhe","finished_len":12,"post_handshake":false,"sender":"client","cert_type":"x509","tolerate":"none"}` {
		t.Errorf("JSON form %s", js)
	}
}

func TestParamsTextRefuses(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"profile=rfc8446", "version missing"},
		{"version=1.3 version=1.2", "twice"},
		{"version=1.4", `version "1.4": want 1.0, 1.1, 1.2 or 1.3`},
		{"version=1.3 colour=red", `unknown parameter "colour"`},
		{"version=1.3 kex", "not key=value"},
		{"version=1.3 kex=ecdhe_psk", "applies to TLS <=1.2 only"},
		{"version=1.2 profile=rfc9846", "applies to TLS 1.3 only"},
		{"version=1.2 post_handshake=true", "only in TLS 1.3"},
		{"version=1.3 finished_len=x", "want a number"},
		{"version=1.3 finished_len=5000", "outside"},
		{"version=1.3 sender=both", "want client or server"},
		{"version=1.3 cert_type=pgp", "want x509, openpgp or raw_public_key"},
	} {
		var p ca.Params
		err := p.UnmarshalText([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an error containing %q", c.in, err, c.want)
		}
	}
	for _, c := range []struct{ in, want string }{
		{`{"profile":"rfc8446"}`, "version missing"},
		{`{"version":"1.3","finished_len":"32"}`, "want a JSON number"},
		{`{"version":"1.3","post_handshake":1}`, "want a JSON boolean"},
		{`{"version":"1.3","suite":"x"}`, `unknown key "suite"`},
		{`[]`, "want a JSON object"},
		{`null`, "want a JSON object"},
	} {
		var p ca.Params
		err := json.Unmarshal([]byte(c.in), &p)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", c.in, err, c.want)
		}
	}
}

// TestValidateContradictions: mixed-up contexts are refused by Validate
// itself, so every entry point (flags, JSON, vectors, parser) refuses them.
func TestValidateContradictions(t *testing.T) {
	for _, p := range []ca.Params{
		{Version: ca.VersionTLS13, KeyExchange: ca.KexECDHEPSK},
		{KeyExchange: ca.KexDHE}, // the zero Version is TLS 1.3
		{Version: ca.VersionTLS12, Profile: ca.RFC9846},
		{Version: ca.VersionTLS10, PostHandshake: true},
	} {
		if p.Validate() == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}
