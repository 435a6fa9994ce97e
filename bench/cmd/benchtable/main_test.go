package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/testutil"
)

// lines renders one benchmark's runs: one ns/op value per run, in the
// format of testdata/*.txt.
func lines(name string, allocs int, ns ...float64) string {
	var b strings.Builder
	for _, v := range ns {
		fmt.Fprintf(&b, "Benchmark%s-2 \t100\t%.4f ns/op\t0 B/op\t%d allocs/op\n", name, v, allocs)
	}
	return b.String()
}

// TestTable: the tables and goals of testdata/two-runs.txt, whose comments
// say what each row's values are chosen to show.
func TestTable(t *testing.T) {
	out := string(testutil.ReadFile(t, filepath.Join("testdata", "two-runs.txt")))
	var o, e bytes.Buffer
	if code := run(nil, strings.NewReader(out), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	got := o.String()
	for _, want := range []string{
		// input | ours | walk | ÷walk | ÷walk+DER | Parse÷typed | tls | tls÷ours | conn | conn÷ours | allocs
		"| CR13/a | 15.0 | 10.0 | 1.50× | 1.00× | 1.08× | 25.0 | 2.00× | 40.0 | 3.00× | 0 / 4 / 6 |",
		"| CR13/b | 10.0 | 8.3 | 1.20× | — | — | 12.0 | 1.20× | — | — | 0 / 4 / — |",
		"| Growth/CT13/count=1/size=1KB | 12.0 | 10.0 | 1.20× |",
		"| Stream/flight | 99.0 | — | — |",
		// encode: ours ÷ append pairs 3 and 1, median 2.
		"| CR13/a | 30.0 | 300.0 | 10.00× | 20.0 | 2.00× | 0 / 9 |",
		"| CR13/a/truncated | 50.0 | 15.0 | 3.00× | 0 |",
		"| CR13/b/bad_bound | 35.0 | 10.0 | 3.50× | 0 |",
		"### Parse: real messages (corpus/real, 2 inputs)",
		"| CV13/go_0011aabb | 10.0 | 5.0 | 2.00× | — | — | 5.0 | 0.50× |",
		// Family medians: real CV13 walk 2.0 and 1.25, median 1.625; crypto/tls 0.5 and 2, median 1.25.
		"| real | CV13 | 2 | 1.62× | — | 1.25× | — | — |",
		"| built | CR13 | 2 | 1.35× | 1.00× | 1.60× | 3.00× | 1.08× |",
		"| built | CT13 | 1 | 1.20× | — | — | — |",
		"- typed ÷ walk ≤ 1.3× (median per family): MISSED on 2 of 3: real CV13 1.62×, built CR13 1.35×",
		"- typed ÷ walk ≤ 1.6× (every input): MISSED on 1 of 5: CV13/go_0011aabb 2.00×",
		"- crypto/tls ÷ ours ≥ 1.5× (median per family): MISSED on 1 of 2: real CV13 1.25×",
		"- crypto/tls ÷ ours ≥ 1× (every input): MISSED on 1 of 4: CV13/go_0011aabb 0.50×",
		"- Parse ÷ typed ≤ 1.1× (every input): met (1 of 1)",
		"- invalid ÷ valid ≤ 3× (every variant): MISSED on 1 of 2: CR13/b/bad_bound 3.50×",
		"- encode ÷ append ≤ 1.5× (every input): MISSED on 1 of 1: CR13/a 2.00×",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(got, "| built | Kex12") || strings.Contains(got, "Kex12/x 5.00×") {
		t.Errorf("Kex12 counted towards the CR/CT/CV goals")
	}
	if t.Failed() {
		t.Logf("output:\n%s", got)
	}
	if code := run([]string{"-strict"}, strings.NewReader(out), &o, &e); code != 1 {
		t.Errorf("-strict with a missed goal: exit %d, want 1", code)
	}
}

// TestGoalsMet: a run that meets every goal passes -strict, and goals with
// nothing to measure say so.
func TestGoalsMet(t *testing.T) {
	in := string(testutil.ReadFile(t, filepath.Join("testdata", "goals-met.txt")))
	var o, e bytes.Buffer
	if code := run([]string{"-strict"}, strings.NewReader(in), &o, &e); code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, o.String(), e.String())
	}
	for _, want := range []string{
		"- typed ÷ walk ≤ 1.3× (median per family): met (1 of 1)",
		"- crypto/tls ÷ ours ≥ 1× (every input): met (1 of 1)",
		"- invalid ÷ valid ≤ 3× (every variant): not measured",
		"- encode ÷ append ≤ 1.5× (every input): not measured",
	} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, o.String())
		}
	}
}

// TestMissesListed: at most ten misses are named, worst first.
func TestMissesListed(t *testing.T) {
	var in strings.Builder
	for i := range 12 {
		in.WriteString(lines(fmt.Sprintf("Real/CT12/go_%02d/parse/ours", i), 0, float64(20+i)))
		in.WriteString(lines(fmt.Sprintf("Real/CT12/go_%02d/parse/walk", i), 0, 10))
	}
	var o, e bytes.Buffer
	run(nil, strings.NewReader(in.String()), &o, &e)
	want := "- typed ÷ walk ≤ 1.6× (every input): MISSED on 12 of 12: CT12/go_11 3.10×, CT12/go_10 3.00×"
	if !strings.Contains(o.String(), want) || !strings.Contains(o.String(), "CT12/go_02 2.20×, and 2 more") {
		t.Errorf("output lacks the worst-first list %q ... and 2 more:\n%s", want, o.String())
	}
}

func TestTableUsage(t *testing.T) {
	var o bytes.Buffer
	if code := run(nil, strings.NewReader("PASS\n"), &o, &o); code != 2 {
		t.Errorf("no results: exit %d, want 2", code)
	}
	if code := run([]string{"a", "b"}, strings.NewReader(""), &o, &o); code != 2 {
		t.Errorf("two files: exit %d, want 2", code)
	}
	if code := run([]string{"/nonexistent"}, strings.NewReader(""), &o, &o); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}
