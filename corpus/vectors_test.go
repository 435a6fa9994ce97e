package corpus_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/certcompress"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/corpus/internal/vecgen"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := fs.ReadFile(corpus.VectorsFS(), corpus.VectorsSchemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(corpus.VectorsSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(corpus.VectorsSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestVectorsSchema validates every vector file against the JSON Schema
// that ships beside them, and checks the validator refuses broken files.
func TestVectorsSchema(t *testing.T) {
	s := compileSchema(t)
	names, err := fs.Glob(corpus.VectorsFS(), corpus.VectorsDir+"/*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no vector files (%v)", err)
	}
	var first []byte
	for _, n := range names {
		b, err := fs.ReadFile(corpus.VectorsFS(), n)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if err := s.Validate(inst); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	for _, bad := range [][2]string{
		{`"result": "valid"`, `"result": "maybe"`},
		{`"tcId": 1,`, `"tcId": 0,`},
		{`"schema": "vectors.schema.json"`, `"schema": "other.json"`},
		{`"msg": "`, `"msg": "zz`},
		{`"comment":`, `"note": 1, "comment":`},
		{`"cert_type": "x509"`, `"cert_type": "x.509"`},
		{`"post_handshake": false`, `"post_handshake": "false"`},
		{`"version": "1.`, `"tls_version": "1.`},
		{`"params": {`, `"params": {"postHandshake": false, `},
	} {
		b := bytes.Replace(first, []byte(bad[0]), []byte(bad[1]), 1)
		if bytes.Equal(b, first) {
			t.Fatalf("mutation %q does not apply", bad[0])
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(inst) == nil {
			t.Errorf("schema accepts a file with %s", bad[1])
		}
	}
}

// verdict parses v as a parser must: framing and every rule its Params let
// it decide, and for a CompressedCertificate the inflated Certificate too
// (RFC 8879 §5: it is processed as if it had arrived uncompressed).
func verdict(v corpus.Vector) (parser.Message, error) {
	p := parser.New(v.Params)
	m, err := p.Parse(v.Msg)
	if err != nil || m.Type != ca.TypeCompressedCertificate {
		return m, err
	}
	cc := m.CompressedCertificate
	_, _, err = certcompress.Decompress(parser.New(v.Params), cc, nil)
	return m, err
}

// TestVectorsParser checks that the parser agrees with every vector: valid
// ones are accepted and re-encode to the same bytes; invalid ones are
// rejected with one of the vector's alerts and citing one of its
// requirements; acceptable ones, when rejected, likewise.
func TestVectorsParser(t *testing.T) {
	vs := testutil.Must(t, corpus.AllVectors)
	counts := map[string]int{}
	for _, v := range vs {
		counts[v.Test.Result]++
		m, err := verdict(v)
		switch {
		case v.Test.Result == corpus.ResultValid && err != nil:
			t.Errorf("%s (%s): valid vector rejected: %v", v.Name(), v.Test.Mutation, err)
		case v.Test.Result == corpus.ResultValid:
			if err := testutil.Reencode(v.Params, m, v.Msg); err != nil {
				t.Errorf("%s (%s): %v", v.Name(), v.Test.Mutation, err)
			}
		case v.Test.Result == corpus.ResultInvalid && err == nil:
			t.Errorf("%s (%s): invalid vector accepted", v.Name(), v.Test.Mutation)
		case err != nil:
			var e *ca.Error
			if !errors.As(err, &e) {
				t.Errorf("%s: %T is not a *clientauth.Error", v.Name(), err)
				continue
			}
			if !slices.Contains(v.Test.Alerts, e.Alert.String()) {
				t.Errorf("%s (%s): alert %s, vector allows %v (%v)", v.Name(), v.Test.Mutation, e.Alert, v.Test.Alerts, err)
			}
			if !slices.Contains(v.Test.Requirements, string(e.Requirement)) {
				t.Errorf("%s (%s): cites %s, vector names %v (%v)", v.Name(), v.Test.Mutation, e.Requirement, v.Test.Requirements, err)
			}
		}
	}
	t.Logf("%d vectors: %v", len(vs), counts)
	if counts[corpus.ResultValid] < 500 || counts[corpus.ResultInvalid] < 300 {
		t.Errorf("too few vectors: %v", counts)
	}
}

// TestVectorsCurrent fails when the committed files differ from what the
// generator makes now: run go generate ./corpus/... after changing the
// tables, the parser's layout, the samples or the real corpus.
func TestVectorsCurrent(t *testing.T) {
	want := testutil.Must(t, vecgen.Generate)
	total := 0
	for name, b := range want {
		got, err := os.ReadFile(filepath.FromSlash(name))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./corpus/...)", name, err)
			continue
		}
		if !bytes.Equal(got, b) {
			t.Errorf("%s is stale: run go generate ./corpus/...", name)
		}
		total += len(b)
	}
	have, _ := filepath.Glob(filepath.Join(corpus.VectorsDir, "*.json"))
	for _, h := range have {
		if _, ok := want[filepath.ToSlash(h)]; !ok {
			t.Errorf("%s is not generated any more: run go generate ./corpus/...", h)
		}
	}
	// A generator whose output depends on map order or time would differ here.
	again := testutil.Must(t, vecgen.Generate)
	for name, b := range want {
		if !bytes.Equal(again[name], b) {
			t.Errorf("%s: two runs of the generator differ", name)
		}
	}
	t.Logf("%d files, %d bytes", len(want), total)
	if total > 6<<20 {
		t.Errorf("the vectors take %d bytes; keep them to a few MB", total)
	}
}

// TestVectorsCoverRequirements: every P and P+c requirement of
// spec/requirements.md has at least one vector, and every ID a vector names
// is defined there.
func TestVectorsCoverRequirements(t *testing.T) {
	md := testutil.ReadFile(t, "../spec/requirements.md")
	rows := corpus.ParseRequirements(md)
	defined := map[string]bool{}
	for _, r := range rows {
		defined[r.ID] = true
	}
	vs := testutil.Must(t, corpus.AllVectors)
	count := map[string]int{}
	for _, v := range vs {
		for _, r := range v.Test.Requirements {
			if !defined[r] {
				t.Errorf("%s names %s, which requirements.md does not define", v.Name(), r)
			}
			count[r]++
		}
	}
	n := 0
	for _, r := range rows {
		if !r.ParserCheckable() {
			continue
		}
		n++
		if count[r.ID] == 0 {
			t.Errorf("%s (%s) has no vector", r.ID, r.Level)
		}
	}
	if n < 50 {
		t.Errorf("only %d P/P+c requirements found in requirements.md", n)
	}
}

// TestVectorsCatalog: every row of the bounds table and every parser-side
// check row has a vector (the catalog reads the tables; a new row without a
// filler or mutation fails here).
func TestVectorsCatalog(t *testing.T) {
	vs := testutil.Must(t, corpus.AllVectors)
	bounds := map[ca.BoundID]bool{}
	checks := map[ca.CheckID]bool{}
	for _, v := range vs {
		if _, err := verdict(v); err != nil {
			var e *ca.Error
			if errors.As(err, &e) {
				bounds[e.Bound] = true
				checks[e.Check] = true
			}
		}
	}
	for id := ca.BoundID(1); int(id) < int(ca.NumBounds); id++ {
		b := ca.BoundOf(id)
		// Only a row with a length its prefix can carry outside [Min, Max]
		// can be broken by a length alone.
		expressible := b.Min > 0 || b.Elem > 1 || (b.Width > 0 && b.Max < b.PrefixMax()) || b.Width == 0
		if expressible && !bounds[id] && id != ca.BoundFinishedVerifyData && id != ca.BoundHandshakeLength {
			t.Errorf("no vector is rejected by bound %s", ca.BoundOf(id).Struct)
		}
	}
	for id := ca.CheckID(1); int(id) < int(ca.NumChecks); id++ {
		// One message breaks parser and decompression rows; encoder rows
		// and flow rows (handshake state) cannot be carried by a vector, nor
		// the caller's bad Params.
		if l := ca.CheckOf(id).Layer; l == ca.LayerEncoder || l == ca.LayerFlow || id == ca.CheckBadParams {
			continue
		}
		if !checks[id] {
			t.Errorf("no vector is rejected by check %d (%s)", id, ca.CheckOf(id).Reason)
		}
	}
}

// TestVectorsDeviations: a vector flagged with a known deployed deviation
// (ca.KnownDeviations, issue 15) is acceptable in its strict group, is
// rejected there citing the requirement the deviation relaxes, and is valid
// (re-encoding to the same bytes) under Params.Tolerate naming it. Every
// deviation has such a vector.
func TestVectorsDeviations(t *testing.T) {
	vs := testutil.Must(t, corpus.AllVectors)
	seen := map[ca.Deviation]int{}
	for _, v := range vs {
		for _, f := range v.Test.Flags {
			d, ok := ca.ParseDeviation(f)
			if !ok {
				continue
			}
			seen[d]++
			if v.Test.Result != corpus.ResultAcceptable || v.Params.Tolerate != 0 {
				t.Errorf("%s: a %s vector is %s in a group tolerating %q; want acceptable under strict rules", v.Name(), f, v.Test.Result, v.Params.Tolerate)
			}
			if _, err := parser.New(v.Params).Parse(v.Msg); !errors.Is(err, ca.DeviationOf(d).Relaxes) {
				t.Errorf("%s: strict parse gives %v, want a rejection citing %s", v.Name(), err, ca.DeviationOf(d).Relaxes)
			}
			p := v.Params
			p.Tolerate = ca.Tolerating(d)
			m, err := parser.New(p).Parse(v.Msg)
			if err != nil {
				t.Errorf("%s: rejected under tolerance %s: %v", v.Name(), f, err)
				continue
			}
			if err := testutil.Reencode(p, m, v.Msg); err != nil {
				t.Errorf("%s: under %s: %v", v.Name(), f, err)
			}
		}
	}
	for _, d := range ca.KnownDeviations() {
		if seen[d.Deviation] == 0 {
			t.Errorf("no vector is flagged %s", d.Name)
		}
	}
	t.Logf("deviation vectors: %v", seen)
}

// TestVectorsNamesAndCertificates: issue 15's shapes. No valid vector holds
// a DistinguishedName that is not a DER Name or an X.509 entry that is not a
// Certificate, and the catalog has rejections for both, citing the rule of
// the group's version.
func TestVectorsNamesAndCertificates(t *testing.T) {
	vs := testutil.Must(t, corpus.AllVectors)
	rejected := map[string]int{}
	for _, v := range vs {
		m, err := verdict(v)
		if err != nil {
			var e *ca.Error
			if errors.As(err, &e) && (e.Check == ca.CheckDistinguishedNameDER || e.Check == ca.CheckCertificateDER) {
				if want := ca.CheckOf(e.Check).RequirementIn(v.Params.Vers()); e.Requirement != want {
					t.Errorf("%s: cites %s, want %s", v.Name(), e.Requirement, want)
				}
				rejected[fmt.Sprintf("%d %v", e.Check, v.Params.Vers())]++
			}
			continue
		}
		switch m.Type {
		case ca.TypeCertificateRequest:
			for _, dn := range m.CertificateRequest.CertificateAuthorities.All() {
				if ca.DistinguishedNameCheck(dn) != ca.NoCheck {
					t.Errorf("%s: accepted DN %x is no Name", v.Name(), dn)
				}
			}
		case ca.TypeCertificate:
			if v.Params.CertType != ca.CertTypeX509 {
				continue
			}
			for _, e := range m.Certificate.Entries.All() {
				if ca.CertificateDataCheck(v.Params.CertType, e.Data) != ca.NoCheck {
					t.Errorf("%s: accepted entry is no Certificate", v.Name())
				}
			}
		}
	}
	for _, k := range []string{
		fmt.Sprintf("%d %v", ca.CheckDistinguishedNameDER, ca.VersionTLS12), fmt.Sprintf("%d %v", ca.CheckDistinguishedNameDER, ca.VersionTLS13),
		fmt.Sprintf("%d %v", ca.CheckCertificateDER, ca.VersionTLS12), fmt.Sprintf("%d %v", ca.CheckCertificateDER, ca.VersionTLS13),
	} {
		if rejected[k] == 0 {
			t.Errorf("no vector rejected by check/version %s", k)
		}
	}
	t.Logf("shape rejections by check and version: %v", rejected)
}

// TestDecodeVectorFileParams: a group's params are read by ca.Params' JSON
// codec, which requires the version and refuses unknown keys and values; a
// group without params is refused rather than read as the zero Params.
func TestDecodeVectorFileParams(t *testing.T) {
	b, err := fs.ReadFile(corpus.VectorsFS(), corpus.VectorsDir+"/finished_tls12.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := corpus.DecodeVectorFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if p := f.TestGroups[0].Params; p.Vers() != ca.VersionTLS12 || p.VerifyDataLen() != 12 {
		t.Fatalf("params %v", p)
	}
	var params struct {
		TestGroups []struct {
			Params json.RawMessage `json:"params"`
		} `json:"testGroups"`
	}
	if err := json.Unmarshal(b, &params); err != nil {
		t.Fatal(err)
	}
	first := string(params.TestGroups[0].Params)
	for _, c := range []struct{ repl, want string }{
		{`{"version":"1.2"}`, ""}, // the other fields default
		{`{"version":"1.2","certType":"x509"}`, `unknown key "certType"`},
		{`{"version":"1.5"}`, `version "1.5"`},
		{`{"profile":"rfc8446"}`, "version missing"},
		{`{"version":"1.2","finished_len":"12"}`, "finished_len: want a JSON number"},
	} {
		mut := bytes.Replace(b, []byte(first), []byte(c.repl), 1)
		if bytes.Equal(mut, b) {
			t.Fatal("mutation does not apply")
		}
		_, err := corpus.DecodeVectorFile(mut)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("params %s: err %v, want %q", c.repl, err, c.want)
		}
	}
	mut := bytes.Replace(b, []byte(`"params": `+first+`,`), nil, 1)
	if _, err := corpus.DecodeVectorFile(mut); err == nil || !strings.Contains(err.Error(), "params missing") {
		t.Errorf("no params: err %v", err)
	}
}
