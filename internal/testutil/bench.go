package testutil

import (
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// BenchSamples runs one sub-benchmark per valid sample, named by message
// type and sample so that -bench can pick a family, reporting allocations
// and the message's size. prepare gets the sample and its parsed message and
// returns the operation to time.
func BenchSamples(b *testing.B, prepare func(s samples.Sample, m parser.Message) (op func() error)) {
	for _, s := range Must(b, samples.All) {
		m, err := parser.New(s.Params).Parse(s.Msg)
		if err != nil {
			b.Fatalf("%s: %v", s.Name, err)
		}
		b.Run(m.Type.String()+"/"+strings.ReplaceAll(s.Name, "/", "_"), func(b *testing.B) {
			op := prepare(s, m)
			b.ReportAllocs()
			b.SetBytes(int64(len(s.Msg)))
			for b.Loop() {
				if err := op(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
