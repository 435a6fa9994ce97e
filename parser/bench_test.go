package parser_test

import (
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// BenchmarkParse parses each sample, grouped by message family:
// go test ./parser -bench Parse -benchmem.
func BenchmarkParse(b *testing.B) {
	all, err := samples.All()
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range all {
		h, _ := parser.ParseHeader(s.Msg)
		b.Run(h.Type.String()+"/"+strings.ReplaceAll(s.Name, "/", "_"), func(b *testing.B) {
			p := parser.New(s.Params)
			b.ReportAllocs()
			b.SetBytes(int64(len(s.Msg)))
			for b.Loop() {
				if _, err := p.Parse(s.Msg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
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
