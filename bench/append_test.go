package bench_test

import (
	"bytes"
	"testing"

	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/internal/testutil"
)

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

// benchAppend adds <input>/encode/append, the hand-written append of the
// same bytes that encode/ours is measured against.
func benchAppend(b *testing.B, in *bench.Input) {
	b.Run(in.Name+"/encode/append", func(b *testing.B) {
		buf := make([]byte, 0, len(in.Msg))
		b.ReportAllocs()
		b.SetBytes(int64(len(in.Msg)))
		for b.Loop() {
			if len(bench.Append(buf, in)) != len(in.Msg) {
				b.Fatal("append wrote the wrong length")
			}
		}
	})
}
