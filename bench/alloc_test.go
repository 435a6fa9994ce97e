package bench_test

import (
	"bytes"
	"errors"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// The allocation budgets of the hot path, as plain tests: every benchmark
// input parses, encodes (into a buffer with room) and streams with zero
// allocations, so go test ./... fails on a regression without running a
// benchmark. Allocation counts are exact; timing is not asserted anywhere.

func allInputs(t *testing.T) []bench.Input {
	return append(testutil.Must(t, bench.Inputs), testutil.Must(t, bench.Growth)...)
}

func TestParseAllocatesNothing(t *testing.T) {
	for _, in := range allInputs(t) {
		p := parser.New(in.Params)
		var err error
		if n := testing.AllocsPerRun(50, func() { err = bench.Parse(p, in.Msg) }); n != 0 {
			t.Errorf("%s: parse allocates %.1f times per message, budget 0", in.Name, n)
		}
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
}

func TestEncodeAllocatesNothing(t *testing.T) {
	for _, in := range allInputs(t) {
		e := encoder.New(in.Params)
		buf := make([]byte, 0, len(in.Msg))
		var err error
		if n := testing.AllocsPerRun(50, func() { _, err = e.Encode(buf, in.Value) }); n != 0 {
			t.Errorf("%s: encode allocates %.1f times per message, budget 0", in.Name, n)
		}
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
}

func TestStreamAllocatesNothing(t *testing.T) {
	for _, f := range testutil.Must(t, bench.Flights) {
		ps := f.Parsers()
		var err error
		if n := testing.AllocsPerRun(50, func() { err = bench.ParseFlight(&f, ps) }); n != 0 {
			t.Errorf("%s: stream allocates %.1f times per flight, budget 0", f.Name, n)
		}
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
}

// TestWalkAllocatesNothing keeps the reference honest: a walk that allocated
// would flatter every ratio against it.
func TestWalkAllocatesNothing(t *testing.T) {
	for _, in := range allInputs(t) {
		if n := testing.AllocsPerRun(50, func() { bench.Walk(in.Params, in.Msg) }); n != 0 {
			t.Errorf("%s: walk allocates %.1f times", in.Name, n)
		}
	}
}

// TestEncodeReproducesInput: the encode benchmark writes exactly the bytes
// the parse benchmark reads.
func TestEncodeReproducesInput(t *testing.T) {
	for _, in := range allInputs(t) {
		out, err := encoder.New(in.Params).Encode(nil, in.Value)
		if err != nil {
			t.Errorf("%s: %v", in.Name, err)
			continue
		}
		if !bytes.Equal(out, in.Msg) {
			t.Errorf("%s: encoding differs from the input (%d bytes, want %d)", in.Name, len(out), len(in.Msg))
		}
	}
}

// TestAppendMatchesMsg: the hand-written reference writes every message
// input's bytes exactly, into a buffer with room without allocating, so the
// encode/append benchmark measures the same output as encode/ours.
func TestAppendMatchesMsg(t *testing.T) {
	ins := testutil.Must(t, bench.Inputs)
	for i := range ins {
		in := &ins[i]
		prefix := []byte{0xAA, 0xBB}
		got := bench.Append(prefix, in)
		if !bytes.Equal(got[:len(prefix)], []byte{0xAA, 0xBB}) || !bytes.Equal(got[len(prefix):], in.Msg) {
			t.Errorf("%s: Append wrote\n%x\nwant\n%x", in.Name, got[len(prefix):], in.Msg)
			continue
		}
		buf := make([]byte, 0, len(in.Msg))
		if n := testing.AllocsPerRun(10, func() { bench.Append(buf, in) }); n != 0 {
			t.Errorf("%s: Append allocated %v times into a buffer with room", in.Name, n)
		}
	}
}

// TestWalkIsValidating: the reference accepts every input and rejects every
// body truncation (header length fixed up so only the inner lengths are
// wrong), as the parser does; a walk that skipped checks would be a false
// floor.
func TestWalkIsValidating(t *testing.T) {
	for _, in := range testutil.Must(t, bench.Inputs) {
		if !bench.Walk(in.Params, in.Msg) || !bench.WalkDER(in.Params, in.Msg) {
			t.Errorf("%s: walk or walk with DER rejects the input", in.Name)
			continue
		}
		if in.Type() == ca.TypeFinished {
			continue // verify_data has no inner structure: the walk checks the header only
		}
		p := parser.New(in.Params)
		buf := make([]byte, len(in.Msg))
		for n := parser.HeaderLen; n < len(in.Msg); n++ {
			cut := buf[:n]
			copy(cut, in.Msg)
			body := n - parser.HeaderLen
			cut[1], cut[2], cut[3] = byte(body>>16), byte(body>>8), byte(body)
			if bench.Walk(in.Params, cut) {
				t.Errorf("%s: walk accepts the body cut to %d bytes", in.Name, body)
				break
			}
			if bench.Parse(p, cut) == nil {
				t.Errorf("%s: parser accepts the body cut to %d bytes", in.Name, body)
				break
			}
		}
	}
}

// TestWalkDERChecksDER: on every vector the parser rejects only for a DER
// rule inside an item (a DistinguishedName that is no DER Name, a
// certificate without the X.509 outer shape) and whose framing the walk
// accepts, WalkDER rejects it; so walk+DER is the walk plus those rules.
func TestWalkDERChecksDER(t *testing.T) {
	vs := testutil.Must(t, corpus.AllVectors)
	seen := map[ca.CheckID]int{}
	for _, v := range vs {
		var e *ca.Error
		if !errors.As(bench.Parse(parser.New(v.Params), v.Msg), &e) ||
			e.Check != ca.CheckDistinguishedNameDER && e.Check != ca.CheckCertificateDER ||
			!bench.Walk(v.Params, v.Msg) {
			continue
		}
		seen[e.Check]++
		if bench.WalkDER(v.Params, v.Msg) {
			t.Errorf("%s: %v, but WalkDER accepts it", v.Name(), e)
		}
	}
	if seen[ca.CheckDistinguishedNameDER] == 0 || seen[ca.CheckCertificateDER] == 0 {
		t.Fatalf("vectors with a DER failure only: %v; want both kinds", seen)
	}
	t.Logf("%v", seen)
}
