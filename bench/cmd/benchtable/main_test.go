package main

import (
	"bytes"
	"strings"
	"testing"
)

// Two runs each; pair ratios are 10/1=10 and 30/2=15 (median 12.5), while
// the ratio of medians would be 20/1.5=13.3.
const out = `BenchmarkMessages/CR13/9schemes_2cas/parse/ours-2 	100	1.0 ns/op	0 B/op	0 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/parse/ours-2 	100	2.0 ns/op	0 B/op	0 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/parse/walk-2 	100	1.0 ns/op	0 B/op	0 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/parse/walk-2 	100	1.0 ns/op	0 B/op	0 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/parse/crypto_tls-2 	100	10.0 ns/op	200 B/op	5 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/parse/crypto_tls-2 	100	30.0 ns/op	200 B/op	5 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/encode/ours-2 	100	2.0 ns/op	0 B/op	0 allocs/op
BenchmarkMessages/CR13/9schemes_2cas/encode/crypto_tls-2 	100	20.0 ns/op	300 B/op	9 allocs/op
BenchmarkGrowth/CT13/count=1/size=1KB/parse/ours-2 	100	5.0 ns/op	0 B/op	0 allocs/op
PASS
`

func TestTable(t *testing.T) {
	var o, e bytes.Buffer
	if code := run(nil, strings.NewReader(out), &o, &e); code != 0 {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	for _, want := range []string{
		"| CR13/9schemes_2cas | parse | 1.5 | 20.0 | 12.5× | 0 | 5 | 1.0 | 1.50× |",
		"| CR13/9schemes_2cas | encode | 2.0 | 20.0 | 10.0× | 0 | 9 | — | — |",
		"| Growth/CT13/count=1/size=1KB | parse | 5.0 | — | — | 0 | — | — | — |",
		"CR13/9schemes_2cas parse: crypto/tls ÷ ours ≥ 6×: met (12.5×)",
		"CR13/9schemes_2cas encode: crypto/tls ÷ ours ≥ 50×: MISSED (10.0×)",
		"CT13/3certs_1KB parse: crypto/tls ÷ ours ≥ 10×: not measured",
		"MISSED on 1 of 1 inputs: CR13/9schemes_2cas 1.50×",
	} {
		if !strings.Contains(o.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, o.String())
		}
	}
	if code := run([]string{"-strict"}, strings.NewReader(out), &o, &e); code != 1 {
		t.Errorf("-strict with a missed target: exit %d, want 1", code)
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
