package bench_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/testutil"
)

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

// BenchmarkEncodeRatio runs encode/ours and encode/append of every message
// input in alternating turns of some hundreds of microseconds on one locked
// thread, timing each turn by the thread's CPU clock (threadCPU), so that
// both see the same machine and time taken by other processes counts for
// neither. It
// reports ours ÷ append as the metric ours/append; with -count ≥ 6 compare
// the medians, one run alone says little on a shared machine.
func BenchmarkEncodeRatio(b *testing.B) {
	ins := testutil.Must(b, bench.Inputs)
	for i := range ins {
		in := &ins[i]
		b.Run(in.Name+"/encode/ratio", func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			e := encoder.New(in.Params)
			buf := make([]byte, 0, len(in.Msg))
			turn := max(64, 1<<19/len(in.Msg)) // iterations per turn: the clock is a system call
			var ours, ref time.Duration
			b.ReportAllocs()
			for b.Loop() {
				t0 := threadCPU(b)
				for range turn {
					if _, err := e.Encode(buf, in.Value); err != nil {
						b.Fatal(err)
					}
				}
				t1 := threadCPU(b)
				for range turn {
					bench.Append(buf, in)
				}
				t2 := threadCPU(b)
				ours, ref = ours+t1-t0, ref+t2-t1
			}
			n := float64(b.N * turn)
			b.ReportMetric(float64(ours.Nanoseconds())/n, "ours-ns/op")
			b.ReportMetric(float64(ref.Nanoseconds())/n, "append-ns/op")
			b.ReportMetric(float64(ours)/float64(ref), "ours/append")
		})
	}
}
