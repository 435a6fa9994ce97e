package parser_test

import (
	"testing"

	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// BenchmarkParse parses each sample, grouped by message family:
// go test ./parser -bench Parse -benchmem.
func BenchmarkParse(b *testing.B) {
	testutil.BenchSamples(b, func(s samples.Sample, _ parser.Message) func() error {
		p := parser.New(s.Params)
		return func() error { _, err := p.Parse(s.Msg); return err }
	})
}

// BenchmarkStream frames the RFC 8448 §6 client flight.
func BenchmarkStream(b *testing.B) {
	var flight []byte
	for _, s := range samples.RFC8448()[1:3] {
		flight = append(flight, s.Msg...)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(flight)))
	for b.Loop() {
		s := parser.NewStream(flight)
		for _, _, ok := s.Next(); ok; _, _, ok = s.Next() {
		}
	}
}
