package bench_test

import (
	"errors"
	"os"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/bench"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// Benchmark names are <set>/<input>/<operation>/<implementation>, where the
// operation is parse or encode, or, in BenchmarkInvalid, <variant>/parse.
// Parse implementations:
//
//	ours             the typed method for the message type (bench.Parse)
//	parse_any        Parser.ParseInto on the same bytes, into one kept Message
//	                 (Parser.Parse is ParseInto plus a copy of the union)
//	walk             the bare cryptobyte length walk (bench.Walk)
//	walk_der         the walk plus the parser's two DER rules inside items
//	                 (bench.WalkDER): what those rules alone cost
//	crypto_tls       crypto/tls's unmarshal at its cheapest: a message value
//	                 that does not escape, the bytes read in place
//	crypto_tls_conn  crypto/tls as its Conn reads a message: its own
//	                 Conn.unmarshalHandshakeMessage (a new message value and
//	                 a copy of the bytes, then unmarshal)
//
// The crypto_tls implementations exist only when the package is built by
// scripts/bench-vs-crypto-tls (the overlay shim). The script's table
// (bench/cmd/benchtable) and the CI gate (bench/cmd/benchgate) key on these
// names.

// cryptoTLS is crypto/tls's parser and marshaller for an input; tlsshim_test.go
// sets it when the package is built with the overlay shim.
var cryptoTLS func(in *bench.Input) (tlsImpl, error)

type tlsImpl struct {
	unmarshal func([]byte) bool      // on a value that does not escape, no copy
	conn      func([]byte) bool      // as Conn reads it; nil when this Go's crypto/tls lacks it
	marshal   func() ([]byte, error) // nil when crypto/tls cannot reproduce the bytes
	why       string                 // why marshal is nil
	connWhy   string                 // why conn is nil
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
		benchTLS(b, in, "encode")
	}
}

// BenchmarkReal: parse of every CertificateRequest, Certificate and
// CertificateVerify of corpus/real (bench.Real) that ours, the walk and,
// when the shim is built in, crypto/tls all accept. There are hundreds:
// scripts/bench-vs-crypto-tls and the CI job run this set with a short
// -benchtime of its own.
func BenchmarkReal(b *testing.B) {
	ins := testutil.Must(b, bench.Real)
	for i := range ins {
		in := &ins[i]
		if cryptoTLS != nil {
			if err := tlsAccepts(in); err != nil {
				continue // not in the set: "all three accept" (TestRealSet logs which)
			}
		}
		benchParses(b, in)
	}
}

// tlsAccepts reports why crypto/tls refuses in, through either reader.
func tlsAccepts(in *bench.Input) error {
	impl, err := cryptoTLS(in)
	switch {
	case err != nil:
		return err
	case !impl.unmarshal(in.Msg):
		return errors.New("crypto/tls's unmarshal refuses it")
	case impl.conn != nil && !impl.conn(in.Msg):
		return errors.New("crypto/tls's Conn reader refuses it")
	}
	return nil
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

// benchParses adds the parse sub-benchmarks of in: ours, parse_any, the
// walk and (with the shim) both crypto/tls readers.
func benchParses(b *testing.B, in *bench.Input) {
	b.Run(in.Name+"/parse/ours", func(b *testing.B) { benchParse(b, in) })
	b.Run(in.Name+"/parse/parse_any", func(b *testing.B) { benchParseAny(b, in) })
	b.Run(in.Name+"/parse/walk", func(b *testing.B) { benchWalk(b, in, bench.Walk) })
	b.Run(in.Name+"/parse/walk_der", func(b *testing.B) { benchWalk(b, in, bench.WalkDER) })
	benchTLS(b, in, "parse")
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

// benchParseAny is Parser.ParseInto, the entry for any message type, into
// one Message kept across calls as a caller parsing many messages does: the
// issue asks it to cost within 1.1× of the typed method.
func benchParseAny(b *testing.B, in *bench.Input) {
	p := parser.New(in.Params)
	var m parser.Message
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Msg)))
	for b.Loop() {
		if err := p.ParseInto(in.Msg, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func benchWalk(b *testing.B, in *bench.Input, walk func(ca.Params, []byte) bool) {
	b.ReportAllocs()
	b.SetBytes(int64(len(in.Msg)))
	for b.Loop() {
		if !walk(in.Params, in.Msg) {
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

// tlsOps are crypto/tls's sub-benchmarks of an input, <op>/<impl>, added
// when the shim is built in. get returns the operation on ti, or no
// function and why when crypto/tls cannot do it for this input.
var tlsOps = []struct {
	op, impl string
	get      func(ti tlsImpl, msg []byte) (func() error, string)
}{
	{"parse", "crypto_tls", func(ti tlsImpl, msg []byte) (func() error, string) {
		return reads(ti.unmarshal, msg, "crypto/tls rejected the input"), ""
	}},
	{"parse", "crypto_tls_conn", func(ti tlsImpl, msg []byte) (func() error, string) {
		if ti.conn == nil {
			return nil, ti.connWhy
		}
		return reads(ti.conn, msg, "crypto/tls's Conn reader rejected the input"), ""
	}},
	// Inputs crypto/tls cannot reproduce are skipped.
	{"encode", "crypto_tls", func(ti tlsImpl, _ []byte) (func() error, string) {
		if ti.marshal == nil {
			return nil, ti.why
		}
		return func() error {
			_, err := ti.marshal()
			return err
		}, ""
	}},
}

// reads is the operation of reading msg with read, which fails as refused.
func reads(read func([]byte) bool, msg []byte, refused string) func() error {
	return func() error {
		if !read(msg) {
			return errors.New(refused)
		}
		return nil
	}
}

// benchTLS adds the sub-benchmarks of tlsOps for operation op (parse or
// encode) of in, as <input>/<op>/<impl>, when the shim is built in.
func benchTLS(b *testing.B, in *bench.Input, op string) {
	if cryptoTLS == nil {
		return
	}
	for _, o := range tlsOps {
		if o.op != op {
			continue
		}
		b.Run(in.Name+"/"+o.op+"/"+o.impl, func(b *testing.B) {
			ti, err := cryptoTLS(in)
			if err != nil {
				skipShim(b, err)
			}
			run, why := o.get(ti, in.Msg)
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
