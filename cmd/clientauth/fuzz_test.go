package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// A failing run as go test -fuzz prints it.
const failingFuzzOutput = `fuzz: elapsed: 0s, gathering baseline coverage: 0/250 completed
fuzz: elapsed: 0s, gathering baseline coverage: 250/250 completed, now fuzzing with 2 workers
fuzz: elapsed: 3s, execs: 81234 (27071/sec), new interesting: 4 (total: 254)
fuzz: elapsed: 4s, execs: 99000 (20000/sec), new interesting: 5 (total: 255)
--- FAIL: FuzzCR13 (4.12s)
    --- FAIL: FuzzCR13 (0.00s)
        fuzz_test.go:52: re-encoding differs

    Failing input written to testdata/fuzz/FuzzCR13/4d5e6f7a8b9c0d1e
    To re-run:
    go test -run=FuzzCR13/4d5e6f7a8b9c0d1e
FAIL
exit status 1
FAIL	github.com/clientauth/clientauth/fuzz	4.300s
`

func TestScanFuzz(t *testing.T) {
	st := &fuzzStatus{target: "FuzzCR13"}
	lines := 0
	scanFuzz(strings.NewReader(failingFuzzOutput), st, func(*fuzzStatus) { lines++ })
	if lines != 2 || st.execs != 99000 || st.rate != 20000 || st.interesting != 5 || st.corpus != 255 || st.elapsed != "4s" {
		t.Errorf("progress: %d lines, %+v", lines, st)
	}
	if r := st.meanRate(); r != 24750 {
		t.Errorf("mean rate %d, want 99000/4s", r)
	}
	if !st.failed || st.input != "testdata/fuzz/FuzzCR13/4d5e6f7a8b9c0d1e" || st.rerun != "go test -run=FuzzCR13/4d5e6f7a8b9c0d1e" {
		t.Errorf("failure: failed=%v input=%q rerun=%q", st.failed, st.input, st.rerun)
	}
}

// TestFuzzRuns fuzzes one real target briefly through the command.
func TestFuzzRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and fuzzes a target")
	}
	var out, errb bytes.Buffer
	code := run([]string{"fuzz", "-time", "2s", "-target", "^FuzzCV13$", "-parallel", "1"}, nil, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if !regexp.MustCompile(`(?m)^FuzzCV13 +ok\*? `).MatchString(out.String()) {
		t.Errorf("no summary row:\n%s", out.String())
	}
}

// TestFuzzDiffRuns fuzzes one differential target through the command,
// which compiles the crypto/tls shim in.
func TestFuzzDiffRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and fuzzes a target")
	}
	var out, errb bytes.Buffer
	code := run([]string{"fuzz", "-diff", "-time", "2s", "-target", "CV", "-parallel", "1"}, nil, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "skip") {
		msg := "the differential target was skipped:\n" + out.String()
		if os.Getenv("CLIENTAUTH_REQUIRE_TLSSHIM") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if !regexp.MustCompile(`(?m)^FuzzDiffCV +ok\*? `).MatchString(out.String()) || strings.Contains(out.String(), "FuzzCV13") {
		t.Errorf("want only FuzzDiffCV, ok:\n%s", out.String())
	}
}

func TestScanFuzzBaselineOnly(t *testing.T) {
	st := &fuzzStatus{target: "FuzzDiffCV"}
	scanFuzz(strings.NewReader("fuzz: elapsed: 0s, gathering baseline coverage: 0/2896 completed\nfuzz: elapsed: 3s, gathering baseline coverage: 1800/2896 completed\nPASS\n"), st, func(*fuzzStatus) {})
	if st.failed || st.execs != 0 || st.baseline != 1800 || st.baselineOf != 2896 || st.elapsed != "3s" {
		t.Errorf("baseline not read: %+v", st)
	}
}

func TestScanFuzzSkip(t *testing.T) {
	st := &fuzzStatus{target: "FuzzDiffCR"}
	scanFuzz(strings.NewReader("--- SKIP: FuzzDiffCR (0.00s)\n    fuzz_test.go:301: crypto/tls in this Go lacks certificateMsg\nPASS\n"), st, func(*fuzzStatus) {})
	if st.failed || st.skipped != "fuzz_test.go:301: crypto/tls in this Go lacks certificateMsg" {
		t.Errorf("skip not read: %+v", st)
	}
}

func TestFuzzUsage(t *testing.T) {
	for _, args := range [][]string{{"fuzz", "extra"}, {"fuzz", "-time", "0s"}, {"fuzz", "-target", "("}, {"fuzz", "-target", "^NoSuchTarget$"}} {
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
