package conform

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/corpus"
)

// TestProfileVerdicts: a TLS 1.3 message RFC 9846 reads otherwise gets its
// verdict under that profile too; other messages and versions get none; the
// report with them follows the schema and reads back unchanged.
func TestProfileVerdicts(t *testing.T) {
	inv := func(alert, req string) Expect {
		return Expect{Result: corpus.ResultInvalid, Alerts: []string{alert}, Requirements: []string{req}}
	}
	res := func(vers, msg string, e Expect, kind, alert, verdict string) Result {
		return Result{Case: Case{Peer: "go", Role: RoleClient, Version: vers, Message: "certificate_request", Source: "fixed", Family: "fixed/x", Expect: e},
			PeerVersion: "Go", Observed: Observed{Kind: kind, Alert: alert, Msg: msg}, Verdict: verdict}
	}
	rep := &Report{Schema: ResultsSchemaID, Tool: "clientauth conform", Go: "go1.26", Started: "2026-01-01T00:00:00Z",
		Counts: map[string]int{}, Confirmed: map[string]int{}, Peers: []PeerInfo{{Name: "go", Version: "Go"}},
		Results: []Result{
			// server_name in a CertificateRequest: forbidden by RFC 8446, allowed by RFC 9846.
			res("1.3", "0d00000f00000c000d00040002040300000000", inv("illegal_parameter", "8446-4.2-b"), OutCompleted, "", Lenient),
			// An empty extensions block: decode_error under RFC 8446, missing_extension under RFC 9846.
			res("1.3", "0d000003000000", inv("decode_error", "8446-4.3.2-b"), OutAlert, "decode_error", Conforms),
			// A trailing byte: decode_error under both.
			res("1.3", "0d00000f00000c000d0004000204030000000000", inv("decode_error", "8446-6-a"), OutAlert, "decode_error", Conforms),
			// TLS 1.2: no RFC 9846 profile.
			res("1.2", "0d000006010100020000", inv("decode_error", "5246-7.4.4-b"), OutContinued, "", Lenient),
		}}
	if n := rep.ProfileVerdicts(); n != 2 {
		t.Fatalf("%d results with an RFC 9846 verdict, want 2", n)
	}
	want := []string{Conforms, OtherAlert, "", ""}
	for i, r := range rep.Results {
		if r.VerdictRFC9846 != want[i] {
			t.Errorf("result %d: RFC 9846 verdict %q, want %q (expect %+v)", i, r.VerdictRFC9846, want[i], r.ExpectRFC9846)
		}
	}
	if x := rep.Results[1].ExpectRFC9846; x == nil || x.Alerts[0] != "missing_extension" {
		t.Errorf("empty extensions under RFC 9846: %+v, want missing_extension", x)
	}
	dir, b := writeReport(t, rep)
	validate(t, compileSchema(t), b)
	back, err := ReadReport(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Results, rep.Results) {
		t.Errorf("results read back differ:\n%+v\n%+v", back.Results, rep.Results)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "conformance.md"))
	if !strings.Contains(string(md), "| go | client | lenient | conforms | 1 |") {
		t.Errorf("conformance.md has no RFC 9846 row for the server_name case:\n%s", md)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"schema":"x"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadReport(filepath.Join(dir, "bad.json")); err == nil {
		t.Error("ReadReport accepts a file of another schema")
	}
}
