package corpus_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
	again, err := vecgen.Generate()
	if err != nil {
		t.Fatal(err)
	}
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
	for id := ca.BoundID(1); int(id) < len(ca.Bounds); id++ {
		b := &ca.Bounds[id]
		// Only a row with a length its prefix can carry outside [Min, Max]
		// can be broken by a length alone.
		expressible := b.Min > 0 || b.Elem > 1 || (b.Width > 0 && b.Max < b.PrefixMax()) || b.Width == 0
		if expressible && !bounds[id] && id != ca.BoundFinishedVerifyData && id != ca.BoundHandshakeLength {
			t.Errorf("no vector is rejected by bound %s", ca.Bounds[id].Struct)
		}
	}
	for id := ca.CheckID(1); int(id) < len(ca.Checks); id++ {
		// One message breaks parser and decompression rows; encoder rows
		// and flow rows (handshake state) cannot be carried by a vector, nor
		// the caller's bad Params.
		if l := ca.Checks[id].Layer; l == ca.LayerEncoder || l == ca.LayerFlow || id == ca.CheckBadParams {
			continue
		}
		if !checks[id] {
			t.Errorf("no vector is rejected by check %d (%s)", id, ca.Checks[id].Reason)
		}
	}
}
