package conform

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/corpus"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestResultsSchema: a written report follows the schema, and the schema
// refuses a verdict outside the list.
func TestResultsSchema(t *testing.T) {
	sch := compileSchema(t)
	rep := &Report{Schema: ResultsSchemaID, Tool: "clientauth conform", Go: "go1.26", Started: "2026-01-01T00:00:00Z",
		Peers:    []PeerInfo{{Name: "openssl", Version: "OpenSSL 3.0.19"}},
		Controls: []Control{{Peer: "openssl", Role: RoleServer, Version: "1.3", Suite: "default", Kind: OutCompleted}},
		Results: []Result{{Case: Case{Peer: "openssl", Role: RoleServer, Version: "1.3", Message: "certificate", Source: "live",
			Mutation: "framing/trailing-byte", Family: "framing", Expect: Expect{Result: corpus.ResultInvalid, Alerts: []string{"decode_error"}, Requirements: []string{"8446-6-a"}}},
			PeerVersion: "OpenSSL 3.0.19", Observed: Observed{Kind: OutAlert, Alert: "decode_error", Level: 2, Msg: "0b000000"}, Verdict: Conforms}},
		Counts: map[string]int{Conforms: 1}, Confirmed: map[string]int{}}
	dir, b := writeReport(t, rep)
	validate(t, sch, b)
	bad := bytes.Replace(b, []byte(`"verdict": "conforms"`), []byte(`"verdict": "fine"`), 1)
	var v any
	if json.Unmarshal(bad, &v) != nil || sch.Validate(v) == nil {
		t.Error("the schema accepts an unknown verdict")
	}
	md, _ := os.ReadFile(filepath.Join(dir, "conformance.md"))
	if !strings.Contains(string(md), "| openssl | server | certificate | framing | 1 |") {
		t.Errorf("conformance.md has no matrix row for the result:\n%s", md)
	}
}

// writeReport writes rep into a temporary directory and returns it and
// results.json's bytes.
func writeReport(t *testing.T, rep *Report) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	return dir, b
}

func validate(t *testing.T, sch *jsonschema.Schema, b []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("results.json does not follow the schema: %v", err)
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(resultsSchema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(ResultsSchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(ResultsSchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}
