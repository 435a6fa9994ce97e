package main

import (
	"bytes"
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
