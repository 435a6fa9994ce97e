package bench_test

import (
	"errors"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// BenchmarkInvalid: parse of the invalid variants of every message input
// (bench.Invalids); the table divides each by the valid input's parse.
func BenchmarkInvalid(b *testing.B) {
	for _, v := range testutil.Must(b, bench.Invalids) {
		b.Run(v.Name+"/parse/ours", func(b *testing.B) {
			p := parser.New(v.Valid.Params)
			b.ReportAllocs()
			b.SetBytes(int64(len(v.Msg)))
			for b.Loop() {
				if bench.Parse(p, v.Msg) == nil {
					b.Fatal("parser accepted an invalid variant")
				}
			}
		})
	}
}

// TestInvalidRejected: every variant is rejected with exactly the bound or
// check, offset and value it was made to break, with no allocation, and the
// variants cover what the issue lists.
func TestInvalidRejected(t *testing.T) {
	vs := testutil.Must(t, bench.Invalids)
	byVariant := map[string]int{}
	truncatable := map[string]bool{}
	for _, v := range vs {
		byVariant[v.Variant]++
		if v.Variant == bench.VariantTruncated {
			truncatable[v.Valid.Name] = true
		}
		p := parser.New(v.Valid.Params)
		err := bench.Parse(p, v.Msg)
		var e *ca.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: parse returned %v, want a *clientauth.Error", v.Name, err)
			continue
		}
		if e.Bound != v.Want.Bound || e.Check != v.Want.Check || e.Offset != v.Want.Offset || e.Value != v.Want.Value {
			t.Errorf("%s: got bound %d check %d offset %d value %d (%v); want bound %d check %d offset %d value %d",
				v.Name, e.Bound, e.Check, e.Offset, e.Value, e, v.Want.Bound, v.Want.Check, v.Want.Offset, v.Want.Value)
		}
		if n := testing.AllocsPerRun(20, func() { _ = bench.Parse(p, v.Msg) }); n != 0 {
			t.Errorf("%s: rejecting allocates %.1f times, budget 0", v.Name, n)
		}
	}
	for _, in := range testutil.Must(t, bench.Inputs) {
		if in.Type() != ca.TypeFinished && !truncatable[in.Name] {
			t.Errorf("%s: no truncated variant", in.Name)
		}
	}
	for _, want := range []string{bench.VariantTruncated, bench.VariantBadBound, bench.VariantDuplicate} {
		if byVariant[want] == 0 {
			t.Errorf("no %s variant at all", want)
		}
	}
	t.Logf("variants: %v", byVariant)
}
