package bench_test

import (
	"errors"
	"os"
	"testing"

	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// Benchmark names are <set>/<input>/<operation>/<implementation>, where the
// implementation is ours, walk (the bare cryptobyte length walk) or
// crypto_tls (only when built by scripts/bench-vs-crypto-tls). The script's
// table and the CI gate key on these names.

// cryptoTLS is crypto/tls's parser and marshaller for an input; tlsshim_test.go
// sets it when the package is built with the overlay shim.
var cryptoTLS func(in *bench.Input) (tlsImpl, error)

type tlsImpl struct {
	unmarshal func([]byte) bool
	marshal   func() ([]byte, error) // nil when crypto/tls cannot reproduce the bytes
	why       string                 // why marshal is nil
}

// BenchmarkMessages: parse and encode of every message input, beside the
// walk and (with the shim) crypto/tls.
func BenchmarkMessages(b *testing.B) {
	ins := testutil.Must(b, bench.Inputs)
	for i := range ins {
		in := &ins[i]
		benchParses(b, in)
		b.Run(in.Name+"/encode/ours", func(b *testing.B) { benchEncode(b, in) })
		benchAppend(b, in)
		benchTLSEncode(b, in)
	}
}

// BenchmarkGrowth: parse cost against certificate count and size. Ours (and
// the walk) must grow with the count only; TestParserSkipsCertificateBytes
// checks that structurally, without timing.
func BenchmarkGrowth(b *testing.B) {
	ins := testutil.Must(b, bench.Growth)
	for i := range ins {
		benchParses(b, &ins[i])
	}
}

// BenchmarkStream frames a whole client flight with parser.Stream and parses
// every message in it.
func BenchmarkStream(b *testing.B) {
	for _, f := range testutil.Must(b, bench.Flights) {
		b.Run(f.Name+"/parse/ours", func(b *testing.B) {
			ps := f.Parsers()
			b.ReportAllocs()
			b.SetBytes(int64(len(f.Buf)))
			for b.Loop() {
				if err := bench.ParseFlight(&f, ps); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchParses adds the parse sub-benchmarks of in: ours, the walk and (with
// the shim) crypto/tls.
func benchParses(b *testing.B, in *bench.Input) {
	b.Run(in.Name+"/parse/ours", func(b *testing.B) { benchParse(b, in) })
	b.Run(in.Name+"/parse/walk", func(b *testing.B) { benchWalk(b, in) })
	benchTLSParse(b, in)
}

func benchParse(b *testing.B, in *bench.Input) {
	p := parser.New(in.Params)
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Msg)))
	for b.Loop() {
		if err := bench.Parse(p, in.Msg); err != nil {
			b.Fatal(err)
		}
	}
}

func benchWalk(b *testing.B, in *bench.Input) {
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Msg)))
	for b.Loop() {
		if !bench.Walk(in.Params, in.Msg) {
			b.Fatal("walk rejected the input")
		}
	}
}

func benchEncode(b *testing.B, in *bench.Input) {
	e := encoder.New(in.Params)
	buf := make([]byte, 0, len(in.Msg))
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Msg)))
	for b.Loop() {
		if _, err := e.Encode(buf, in.Value); err != nil {
			b.Fatal(err)
		}
	}
}

// benchTLSParse adds the crypto/tls parse sub-benchmark when the shim is
// built in.
func benchTLSParse(b *testing.B, in *bench.Input) {
	benchTLS(b, in, "parse", func(impl tlsImpl) (func() error, string) {
		return func() error {
			if !impl.unmarshal(in.Msg) {
				return errors.New("crypto/tls rejected the input")
			}
			return nil
		}, ""
	})
}

// benchTLSEncode adds the crypto/tls encode sub-benchmark when the shim is
// built in; it skips inputs crypto/tls cannot reproduce.
func benchTLSEncode(b *testing.B, in *bench.Input) {
	benchTLS(b, in, "encode", func(impl tlsImpl) (func() error, string) {
		if impl.marshal == nil {
			return nil, impl.why
		}
		return func() error {
			_, err := impl.marshal()
			return err
		}, ""
	})
}

// benchTLS runs the operation op makes of crypto/tls's implementation for
// in as the sub-benchmark <input>/<name>/crypto_tls; op returns no function,
// and why, when crypto/tls cannot do it for this input.
func benchTLS(b *testing.B, in *bench.Input, name string, op func(tlsImpl) (func() error, string)) {
	if cryptoTLS == nil {
		return
	}
	b.Run(in.Name+"/"+name+"/crypto_tls", func(b *testing.B) {
		impl, err := cryptoTLS(in)
		if err != nil {
			skipShim(b, err)
		}
		run, why := op(impl)
		if run == nil {
			b.Skip(why)
		}
		b.ReportAllocs()
		b.SetBytes(int64(len(in.Msg)))
		for b.Loop() {
			if err := run(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// skipShim skips a crypto/tls sub-benchmark whose message type this Go's
// crypto/tls lacks, or fails it under CLIENTAUTH_REQUIRE_TLSSHIM=1.
func skipShim(b *testing.B, err error) {
	b.Helper()
	if os.Getenv("CLIENTAUTH_REQUIRE_TLSSHIM") == "1" {
		b.Fatalf("CLIENTAUTH_REQUIRE_TLSSHIM=1: %v", err)
	}
	b.Skip(err)
}
