package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const base = `goos: linux
goarch: amd64
pkg: github.com/clientauth/clientauth/bench
BenchmarkMessages/CR13/x/parse/ours-2   	 1000	        90.0 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkMessages/CR13/x/parse/ours-2   	 1000	        95.0 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkMessages/CR13/x/parse/ours-2   	 1000	        93.0 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkMessages/CR13/x/encode/ours-2  	 1000	        50.0 ns/op	      64 B/op	       1 allocs/op
BenchmarkGone-2                          	 1000	        50.0 ns/op	       0 B/op	       0 allocs/op
PASS
`

func write(t *testing.T, name, s string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGate(t *testing.T) {
	for _, tc := range []struct {
		name, head string
		code       int
		want       string
	}{
		{"same, only timing worse", strings.ReplaceAll(base, "90.0 ns/op", "900.0 ns/op"), 0, "OK"},
		{"allocs rise", strings.ReplaceAll(base, " 0 allocs/op", " 1 allocs/op"), 1, "| BenchmarkMessages/CR13/x/parse/ours | allocs/op | 0 | 1 | rise |"},
		{"bytes rise", strings.Replace(base, "64 B/op", "80 B/op", 1), 1, "| B/op | 64 | 80 | rise |"},
		{"drop passes", strings.Replace(base, "1 allocs/op", "0 allocs/op", 1), 0, "| allocs/op | 1 | 0 | drop |"},
		{"one run of three rises: median", strings.Replace(base, "0 B/op	       0 allocs/op", "0 B/op	       2 allocs/op", 1), 0, "OK"},
		{"new benchmark is reported, not gated", base + "BenchmarkNew-2 10 5 ns/op 8 B/op 1 allocs/op\n", 0, "| BenchmarkNew | allocs/op | — | 1 | new |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{write(t, "base.txt", base), write(t, "head.txt", tc.head)}, &out, &errb)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out.String(), errb.String())
			}
			if !strings.Contains(out.String(), tc.want) {
				t.Errorf("report lacks %q:\n%s", tc.want, out.String())
			}
		})
	}
}

func TestGateGoneBenchmark(t *testing.T) {
	var out bytes.Buffer
	head := strings.ReplaceAll(base, "BenchmarkGone-2", "BenchmarkOther-2")
	run([]string{write(t, "b", base), write(t, "h", head)}, &out, &out)
	if !strings.Contains(out.String(), "| BenchmarkGone | allocs/op | 0 | — | gone |") {
		t.Errorf("removed benchmark not reported:\n%s", out.String())
	}
}

func TestGateUsage(t *testing.T) {
	var out bytes.Buffer
	if code := run(nil, &out, &out); code != 2 {
		t.Errorf("no arguments: exit %d, want 2", code)
	}
	if code := run([]string{"/nonexistent/a", "/nonexistent/b"}, &out, &out); code != 2 {
		t.Errorf("missing files: exit %d, want 2", code)
	}
	empty := write(t, "empty", "PASS\n")
	if code := run([]string{empty, empty}, &out, &out); code != 2 {
		t.Errorf("no results on head: exit %d, want 2", code)
	}
}

// runs renders n runs of ours and walk for one input, with the walk at
// walk ns/op and ours at ratio times that, in the order a CI run writes them
// (each run's ours then walk).
func runs(input string, n int, walk, ratio float64) string {
	var b strings.Builder
	for range n {
		fmt.Fprintf(&b, "BenchmarkMessages/%s/parse/ours-2 \t1000\t%.4f ns/op\t0 B/op\t0 allocs/op\n", input, walk*ratio)
		fmt.Fprintf(&b, "BenchmarkMessages/%s/parse/walk-2 \t1000\t%.4f ns/op\t0 B/op\t0 allocs/op\n", input, walk)
	}
	return b.String()
}

// TestWalkGateThreshold: the gate is on the rise of the ratio, not on times:
// head twice as slow on both sides passes; a 19% rise passes, 21% fails.
func TestWalkGateThreshold(t *testing.T) {
	base := runs("CR13/a", 10, 50, 2) + runs("CT13/b", 10, 80, 1.5)
	for _, tc := range []struct {
		name, head string
		code       int
		want       string
	}{
		{"everything slower alike", runs("CR13/a", 10, 100, 2) + runs("CT13/b", 10, 160, 1.5), 0, "OK: ours ÷ walk rose by at most 20% on all 2 inputs"},
		{"19% rise", runs("CR13/a", 10, 50, 2*1.19) + runs("CT13/b", 10, 80, 1.5), 0, "| Messages/CR13/a | 2.00× | 2.38× | 1.19 | ok |"},
		{"21% rise", runs("CR13/a", 10, 50, 2) + runs("CT13/b", 10, 80, 1.5*1.21), 1, "| Messages/CT13/b | 1.50× | 1.81× | 1.21 | **rise** |"},
		{"new input is not gated", base + runs("CV13/new", 10, 10, 9), 0, "OK"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run([]string{write(t, "base.txt", base), write(t, "head.txt", tc.head)}, &out, &errb)
			if code != tc.code || !strings.Contains(out.String(), tc.want) {
				t.Errorf("exit %d (want %d), report lacks %q:\n%s%s", code, tc.code, tc.want, out.String(), errb.String())
			}
		})
	}
}

// TestWalkGateRefusesFewRuns: fewer than ten runs on either side gives no
// verdict, exit 2, and says why.
func TestWalkGateRefusesFewRuns(t *testing.T) {
	for _, tc := range []struct{ base, head string }{
		{runs("CR13/a", 10, 50, 2), runs("CR13/a", 9, 50, 2)},
		{runs("CR13/a", 6, 50, 2), runs("CR13/a", 10, 50, 2)},
	} {
		var out, errb bytes.Buffer
		code := run([]string{write(t, "base.txt", tc.base), write(t, "head.txt", tc.head)}, &out, &errb)
		if code != 2 || !strings.Contains(errb.String(), "needs at least 10 runs of each side (go test -count 10)") || !strings.Contains(errb.String(), "Messages/CR13/a") {
			t.Errorf("exit %d, want 2 with the reason:\n%s%s", code, out.String(), errb.String())
		}
	}
}

// TestWalkGateRecorded runs the gate on outputs recorded on this project's
// machine (testdata/README.md says how): a base, a head of the same code
// (pass), and a head whose parser was built without optimisation (-N -l on
// package parser only), so ours slowed while the walk did not (fail).
func TestWalkGateRecorded(t *testing.T) {
	for _, tc := range []struct {
		head string
		code int
		want []string
	}{
		{"testdata/head_same.txt", 0, []string{"OK: no allocation rose.", "OK: ours ÷ walk rose by at most 20% on all 6 inputs"}},
		{"testdata/head_parser_unoptimised.txt", 1, []string{"**FAIL**: ours ÷ walk rose by more than 20% on head.", "| Messages/CV13/rfc8448 |"}},
	} {
		var out, errb bytes.Buffer
		code := run([]string{"testdata/base.txt", tc.head}, &out, &errb)
		if code != tc.code {
			t.Errorf("%s: exit %d, want %d:\n%s%s", tc.head, code, tc.code, out.String(), errb.String())
		}
		for _, w := range tc.want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s: report lacks %q:\n%s", tc.head, w, out.String())
			}
		}
	}
}
