package benchtext

import (
	"strings"
	"testing"
)

func TestParseAndSplit(t *testing.T) {
	rs, err := Parse(strings.NewReader("goos: linux\nBenchmarkInvalid/CR13/rfc8448/truncated/parse/ours-2 \t 100\t 12.5 ns/op\t 0 allocs/op\nBenchmarkX-2 log line\nPASS\n"))
	if err != nil || len(rs) != 1 {
		t.Fatalf("%d results, %v; want 1", len(rs), err)
	}
	if rs[0].Name != "BenchmarkInvalid/CR13/rfc8448/truncated/parse/ours" || rs[0].N != 100 || rs[0].Metrics["ns/op"] != 12.5 {
		t.Errorf("parsed %+v", rs[0])
	}
	n, ok := Split(rs[0].Name)
	if want := (Name{Set: "Invalid", Input: "CR13/rfc8448/truncated", Op: "parse", Impl: "ours"}); !ok || n != want {
		t.Errorf("Split = %+v, %v; want %+v", n, ok, want)
	}
	if _, ok := Split("BenchmarkStream/x/parse"); ok {
		t.Error("a three-part name split")
	}
}
