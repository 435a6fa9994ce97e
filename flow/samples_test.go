package flow_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/clientauth/clientauth/flow"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
)

// requirementIDs reads the IDs of spec/requirements.md's rule rows.
func requirementIDs(t *testing.T) map[ca.Requirement]bool {
	b, err := os.ReadFile(filepath.Join(samples.Root(), "spec", "requirements.md"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[ca.Requirement]bool{}
	for _, m := range regexp.MustCompile(`(?m)^\| ([0-9]{4}-[0-9.]+-[a-zA-Z_]+) \|`).FindAllSubmatch(b, -1) {
		ids[ca.Requirement(m[1])] = true
	}
	if len(ids) < 100 {
		t.Fatalf("only %d requirement rows read", len(ids))
	}
	return ids
}

func readHex(t *testing.T, path string) []byte {
	t.Helper()
	return testutil.Must(t, func() ([]byte, error) { return samples.ReadHex(path) })
}

// TestRFC8448 feeds RFC 8448 §6 (TLS 1.3 with client authentication), from
// ClientHello to the client's Finished, as the RFC prints it.
func TestRFC8448(t *testing.T) {
	byName := map[string][]byte{}
	for _, s := range samples.RFC8448() {
		byName[strings.TrimPrefix(s.Name, "rfc8448/")] = s.Msg
	}
	ctx := func(n string) []byte { return readHex(t, filepath.Join("testdata", "rfc8448", n+".hex")) }
	trace := []msg{
		{false, ctx("s6_client_hello")},
		{true, ctx("s6_server_hello")},
		{true, ctx("s6_encrypted_extensions")},
		{true, byName["s6_server_certificate_request"]},
		{true, byName["s6_server_certificate_ecdsa_p256"]},
		{true, byName["s6_server_certificate_verify_ecdsa_secp256r1_sha256"]},
		{true, ctx("s6_server_finished")},
		{false, byName["s6_client_certificate_rsa"]},
		{false, byName["s6_client_certificate_verify_rsa_pss_rsae_sha256"]},
		{false, ctx("s6_client_finished")},
	}
	for i, m := range trace {
		if len(m.b) == 0 {
			t.Fatalf("message %d of the trace is missing", i)
		}
	}
	// The §6 ClientHello offers these (RFC 8448 §6, signature_algorithms).
	offered := []ca.SignatureScheme{0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202}
	v := flow.New(flow.Config{Params: ca.Params{Version: ca.VersionTLS13}, ClientSignatureAlgorithms: offered})
	if i, err := feed(v, trace); err != nil {
		t.Fatalf("message %d refused: %v", i, err)
	}
	if !v.Done() {
		t.Fatal("not done")
	}
	// The same trace with the client's CertificateVerify moved before its
	// Certificate is refused.
	trace[7], trace[8] = trace[8], trace[7]
	if _, err := feed(flow.New(flow.Config{Params: ca.Params{Version: ca.VersionTLS13}}), trace); !errors.Is(err, ca.AlertUnexpectedMessage) {
		t.Fatalf("reordered trace: %v", err)
	}
}

// opensslRow is one manifest line.
type opensslRow struct {
	file, message, sender, kex, key, options string
	version                                  ca.Version
	params                                   ca.Params
	msg                                      []byte
	reject                                   ca.Requirement
	tolerate                                 ca.Deviations // known deviations the message needs (ca.KnownDeviations)
}

func (r opensslRow) has(opt string) bool { return contains(strings.Split(r.options, ","), opt) }

// fillKey says which earlier message a deduplicated one was identical to:
// the harvest keeps byte-identical messages of a version once, so a case's
// server Certificate, CertificateRequest, ServerHelloDone, client
// Certificate or PSK ClientKeyExchange may live under an earlier case.
func (r opensslRow) fillKey() string {
	var k []string
	switch r.sender + " " + r.message {
	case "server certificate":
		k = append(k, "rsa")
		for _, o := range []string{"server_ecdsa", "server_ed25519"} {
			if r.has(o) {
				k[0] = o
			}
		}
	case "server certificate_request":
		if r.has("no_ca_names") && r.version != ca.VersionTLS13 {
			k = append(k, "no_ca_list") // TLS ≤1.2 has no CA-names extension to leave empty: the list is just empty
			break
		}
		for _, o := range strings.Split(r.options, ",") {
			if o == "ca_list" || o == "no_ca_list" || o == "multi_ca" || o == "no_ca_names" || strings.HasPrefix(o, "sigalgs_") {
				k = append(k, o)
			}
		}
	case "client certificate":
		k = append(k, r.key)
		if r.has("handshake_failed") {
			k[0] = "none" // the key could not answer: an empty Certificate
		}
		for _, o := range []string{"chain", "auto_chain"} {
			if r.has(o) {
				k = append(k, o)
			}
		}
	case "client client_key_exchange":
		k = append(k, r.kex)
	}
	return r.version.String() + " " + r.sender + " " + r.message + " " + strings.Join(k, ",")
}

var caseSuffix = regexp.MustCompile(`_(client|server)_[a-z_]+?(_[0-9]+)?\.hex$`)

// opensslFlights rebuilds each harvested handshake of testdata/openssl
// (file names share a prefix per case) in wire order, filling in the
// messages deduplication dropped, and returns the flights with their
// Config; a renegotiation case gives two flights. TLS 1.3 flights get a
// minimal EncryptedExtensions (the harvest keeps client-authentication
// messages only); TLS ≤1.2 ones go without ServerKeyExchange, which the
// validator does not require.
func opensslFlights(t *testing.T) (names []string, cfgs []flow.Config, flights [][]msg, rejects []ca.Requirement) {
	dir := filepath.Join(samples.Root(), "testdata", "openssl")
	all, err := samples.OpenSSLDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	reject := map[string]ca.Requirement{}
	tolerate := map[string]ca.Deviations{}
	for _, s := range all {
		reject[strings.TrimPrefix(s.Name, "openssl/")] = s.Reject
		tolerate[strings.TrimPrefix(s.Name, "openssl/")] = s.Tolerate
	}
	b, err := os.ReadFile(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	cases := map[string][]opensslRow{}
	var cols []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.Split(line, "\t")
		if cols == nil {
			cols = f
			continue
		}
		m := map[string]string{}
		for i, c := range cols {
			m[c] = f[i]
		}
		p, err := samples.ManifestParams(m)
		if err != nil {
			t.Fatal(err)
		}
		r := opensslRow{file: m["file"], message: m["message"], sender: m["sender"], kex: m["kex"], key: m["key"],
			options: m["options"], version: p.Version, params: p, msg: readHex(t, filepath.Join(dir, m["file"])), reject: reject[m["file"]],
			tolerate: tolerate[m["file"]]}
		c := caseSuffix.ReplaceAllString(r.file, "")
		if cases[c] == nil {
			order = append(order, c)
		}
		cases[c] = append(cases[c], r)
	}
	bank := map[string]opensslRow{}
	for _, c := range order {
		rows := cases[c]
		for _, r := range rows {
			if _, ok := bank[r.fillKey()]; !ok {
				bank[r.fillKey()] = r
			}
		}
		first := rows[0]
		want := func(sender, message string, second bool) (opensslRow, bool) {
			for _, r := range rows {
				if r.sender == sender && r.message == message && strings.Contains(r.file, "_"+message+"_2.") == second {
					return r, true
				}
			}
			probe := first
			probe.sender, probe.message = sender, message
			r, ok := bank[probe.fillKey()]
			return r, ok
		}
		cfg := flow.Config{Params: ca.Params{Version: first.version, KeyExchange: first.params.KeyExchange, FinishedLen: first.params.FinishedLen}}
		var seqs [][][3]any // per flight: sender, message, second
		step := func(sender, message string, second bool) [3]any { return [3]any{sender, message, second} }
		keyed := first.key != "none" && !first.has("handshake_failed")
		switch {
		case first.version == ca.VersionTLS13 && first.has("pha"):
			cfg.PostHandshakeAuth = true
			s := [][3]any{step("server", "certificate", false), step("server", "certificate_verify", false), step("server", "finished", false),
				step("client", "finished", false), step("server", "certificate_request", false), step("client", "certificate", false)}
			if keyed {
				s = append(s, step("client", "certificate_verify", false))
			}
			seqs = append(seqs, append(s, step("client", "finished", true)))
		case first.version == ca.VersionTLS13:
			s := [][3]any{step("server", "certificate_request", false), step("server", "certificate", false), step("server", "certificate_verify", false),
				step("server", "finished", false), step("client", "certificate", false)}
			if keyed {
				s = append(s, step("client", "certificate_verify", false))
			}
			seqs = append(seqs, append(s, step("client", "finished", false)))
		default:
			anonymous := first.kex == "psk" || first.kex == "dhe_psk" || first.kex == "ecdhe_psk"
			full := func(request, second bool) [][3]any {
				var s [][3]any
				if !anonymous {
					s = append(s, step("server", "certificate", false))
				}
				if request {
					s = append(s, step("server", "certificate_request", false))
				}
				s = append(s, step("server", "server_hello_done", false))
				if request {
					s = append(s, step("client", "certificate", false))
				}
				s = append(s, step("client", "client_key_exchange", second))
				if request && keyed {
					s = append(s, step("client", "certificate_verify", false))
				}
				return append(s, step("client", "finished", second), step("server", "finished", second))
			}
			if first.has("renegotiation") { // client authentication only in the second handshake
				seqs = append(seqs, full(false, false))
			}
			seqs = append(seqs, full(!anonymous, first.has("renegotiation")))
		}
		for i, s := range seqs {
			cfg.Tolerate = 0
			var f []msg
			var rej ca.Requirement
			if first.version == ca.VersionTLS13 {
				f = append(f, msg{true, encryptedExtensions})
			}
			complete := true
			for _, st := range s {
				r, ok := want(st[0].(string), st[1].(string), st[2].(bool))
				if !ok {
					complete = false
					break
				}
				if r.reject != "" && rej == "" {
					rej = r.reject
				}
				cfg.Tolerate |= r.tolerate
				f = append(f, msg{r.sender == "server", r.msg})
			}
			if !complete {
				t.Logf("%s: cannot rebuild flight %d", c, i)
				continue
			}
			names = append(names, fmt.Sprintf("%s#%d", c, i))
			cfgs, flights, rejects = append(cfgs, cfg), append(flights, f), append(rejects, rej)
		}
	}
	return names, cfgs, flights, rejects
}

// TestOpenSSLFlights: every handshake OpenSSL 3 made in the harvest is
// accepted, except those whose CertificateRequest the parser refuses (see
// testdata/openssl/README.md), which are refused for that rule; a TLS 1.0
// empty CA list passes only with Config.Tolerate naming the deviation.
func TestOpenSSLFlights(t *testing.T) {
	names, cfgs, flights, rejects := opensslFlights(t)
	count := map[ca.Version]int{}
	refused, mutated, tolerated := 0, 0, 0
	var v flow.Validator
	for i, f := range flights {
		v.Reset(cfgs[i])
		n, err := feed(&v, f)
		switch {
		case rejects[i] != "":
			if !errors.Is(err, rejects[i]) {
				t.Errorf("%s: want refusal for %s, got %v", names[i], rejects[i], err)
			}
			refused++
		case err != nil:
			t.Errorf("%s: message %d refused: %v", names[i], n, err)
		case !v.Done():
			t.Errorf("%s: not done", names[i])
		default:
			count[cfgs[i].Version]++
			if cfgs[i].Tolerate != 0 {
				// Accepted under a known deviation's tolerance: strict
				// flow refuses the same connection for the rule relaxed.
				strict := cfgs[i]
				strict.Tolerate = 0
				v.Reset(strict)
				_, err := feed(&v, f)
				for _, d := range ca.KnownDeviations() {
					if cfgs[i].Tolerate.Has(d.Deviation) && !errors.Is(err, d.Relaxes) {
						t.Errorf("%s without tolerating %s: want refusal for %s, got %v", names[i], d.Name, d.Relaxes, err)
					}
				}
				tolerated++
			}
			// Without the client's CertificateVerify, or with its
			// Certificate and CertificateVerify swapped, the same real
			// flight is refused.
			for j, m := range f {
				if m.server || m.typ() != ca.TypeCertificateVerify {
					continue
				}
				v.Reset(cfgs[i])
				if _, err := feed(&v, cat(f[:j], f[j+1:])); !errors.Is(err, ca.AlertUnexpectedMessage) {
					t.Errorf("%s without the client CertificateVerify: %v", names[i], err)
				}
				g := append([]msg{}, f...)
				k := j - 1
				if g[k].typ() == ca.TypeClientKeyExchange {
					k-- // TLS ≤1.2: Certificate, ClientKeyExchange, CertificateVerify
				}
				g[k], g[j] = g[j], g[k]
				v.Reset(cfgs[i])
				if _, err := feed(&v, g); !errors.Is(err, ca.AlertUnexpectedMessage) {
					t.Errorf("%s with the client CertificateVerify before its Certificate: %v", names[i], err)
				}
				mutated++
			}
		}
	}
	t.Logf("refused as the manifest says: %d; accepted only under a known deviation: %d; mutated real flights refused: %d", refused, tolerated, mutated)
	if tolerated == 0 {
		t.Error("no flight needs a known deviation's tolerance (OpenSSL 3's TLS 1.0 empty CA list)")
	}
	if mutated < 100 {
		t.Errorf("only %d flights with a client CertificateVerify", mutated)
	}
	t.Logf("accepted flights: %v", count)
	for _, ver := range []ca.Version{ca.VersionTLS10, ca.VersionTLS11, ca.VersionTLS12, ca.VersionTLS13} {
		if count[ver] < 20 {
			t.Errorf("only %d %v flights accepted", count[ver], ver)
		}
	}
}

// The hellos of a renegotiation travel encrypted and the harvest keeps
// client-authentication messages only; the validator places hellos without
// parsing them, so these stand in for them (type and framing are what it
// reads).
var (
	helloRequest = raw(ca.TypeHelloRequest)
	clientHello  = raw(ca.TypeClientHello, 3, 3)
	serverHello  = raw(ca.TypeServerHello, 3, 3)
)

// renegotiated joins two handshakes of one connection as RFC 5246 §7.4.1
// runs them: the second starts with a ClientHello, asked for by a
// HelloRequest or not.
func renegotiated(first, second []msg, asked bool) []msg {
	out := append([]msg{}, first...)
	if asked {
		out = append(out, msg{true, helloRequest})
	}
	return cat(out, []msg{{false, clientHello}, {true, serverHello}}, second)
}

// TestOpenSSLRenegotiation feeds each harvested renegotiation (the server
// asks for a certificate only in the second handshake) as the one
// connection it was: both handshakes, in order, to one validator. It is
// accepted, not Done between the handshakes, and the second handshake's
// client authentication is checked like a first one's: without its
// CertificateVerify, or with the CertificateVerify before the Certificate,
// or with a CertificateRequest the client's key does not fit, it is
// refused.
func TestOpenSSLRenegotiation(t *testing.T) {
	names, cfgs, flights, rejects := opensslFlights(t)
	at := map[string]int{}
	for i, n := range names {
		at[n] = i
	}
	var v flow.Validator
	joined, refused := 0, 0
	for i, n := range names {
		base, ok := strings.CutSuffix(n, "#0")
		j, ok2 := at[base+"#1"]
		if !ok || !ok2 {
			continue
		}
		if rejects[i] != "" || rejects[j] != "" {
			t.Errorf("%s: a harvested renegotiation the parser refuses", base)
			continue
		}
		first, second := flights[i], flights[j]
		for _, asked := range []bool{true, false} {
			conn := renegotiated(first, second, asked)
			v.Reset(cfgs[i])
			if k, err := feed(&v, conn[:len(first)]); err != nil || !v.Done() {
				t.Fatalf("%s: first handshake: message %d: %v (done=%v)", base, k, err, v.Done())
			}
			if k, err := feed(&v, conn[len(first):len(first)+2]); err != nil || v.Done() {
				t.Fatalf("%s: renegotiation start: message %d: %v (done=%v)", base, k, err, v.Done())
			}
			if k, err := feed(&v, conn[len(first)+2:]); err != nil || !v.Done() {
				t.Errorf("%s (asked %v): message %d refused: %v (done=%v)", base, asked, len(first)+2+k, err, v.Done())
				continue
			}
			joined++
		}
		// Mutations of the second handshake's client authentication.
		cv, ct := -1, -1
		for k, m := range second {
			switch {
			case !m.server && m.typ() == ca.TypeCertificateVerify:
				cv = k
			case !m.server && m.typ() == ca.TypeCertificate:
				ct = k
			}
		}
		if ct < 0 {
			t.Errorf("%s: the second handshake has no client Certificate", base)
			continue
		}
		off := len(first) + 3 // HelloRequest, ClientHello, ServerHello
		type mutation struct {
			name string
			msgs []msg
			at   int
			req  ca.Requirement
		}
		var muts []mutation
		if cv >= 0 {
			muts = append(muts,
				mutation{"without the client CertificateVerify", cat(second[:cv], second[cv+1:]), cv, "5246-7.4.8-a"},
				mutation{"CertificateVerify before the Certificate", swapped(second, ct, cv), ct, "5246-7.4.8-a"})
		}
		muts = append(muts, mutation{"client Certificate not asked for", cat(second[:1], second[2:]), ct - 1, "5246-7.4.6-a"})
		for _, mu := range muts {
			v.Reset(cfgs[i])
			k, err := feed(&v, renegotiated(first, mu.msgs, true))
			if !errors.Is(err, mu.req) || k != off+mu.at {
				t.Errorf("%s, second handshake %s: message %d: %v; want message %d refused for %s", base, mu.name, k, err, off+mu.at, mu.req)
			}
			refused++
		}
	}
	t.Logf("harvested renegotiations accepted as one connection: %d; mutated second handshakes refused: %d", joined, refused)
	if joined < 2*9 {
		t.Errorf("only %d renegotiated connections", joined)
	}
}

func swapped(f []msg, i, j int) []msg {
	g := append([]msg{}, f...)
	g[i], g[j] = g[j], g[i]
	return g
}
