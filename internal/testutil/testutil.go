// Package testutil holds the few helpers that tests of several packages
// share: loading a fixture or a test set, or encoding a value and reading it
// back, and stopping the test at once when that fails. It is imported by _test.go files only; the fuzz package's
// FuzzX wrappers (fuzz_test.go) must not use it, since go-118-fuzz-build
// cannot pass a *testing.T to another package.
package testutil

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/parser"
)

// Must returns what load returns, and fails tb at once when load fails: a
// test cannot go on without its inputs (corpus.Real, samples.All,
// bench.Inputs and the like).
func Must[T any](tb testing.TB, load func() (T, error)) T {
	tb.Helper()
	v, err := load()
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// ReadFile returns the contents of the file at path, and fails tb at once
// when it cannot be read.
func ReadFile(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// EncodeParse encodes the owned message value v (given by pointer) under p
// and parses the bytes back under p, failing tb at once when either side
// refuses: for tests whose subject is what comes back, not a refusal.
func EncodeParse(tb testing.TB, p ca.Params, v any) ([]byte, parser.Message) {
	tb.Helper()
	msg, err := encoder.New(p).Encode(nil, v)
	if err != nil {
		tb.Fatal(err)
	}
	m, err := parser.New(p).Parse(msg)
	if err != nil {
		tb.Fatal(err)
	}
	return msg, m
}

// Reencode encodes the value of m, which was parsed from msg under p, and
// returns an error when the encoder refuses it or gives other bytes than
// msg: parsing then encoding must give back the input byte for byte.
func Reencode(p ca.Params, m parser.Message, msg []byte) error {
	out, err := encoder.New(p).Encode(nil, m.Value())
	if err != nil {
		return fmt.Errorf("re-encoding refused: %w", err)
	}
	if !bytes.Equal(out, msg) {
		return fmt.Errorf("re-encoding differs:\n got %x\nwant %x", out, msg)
	}
	return nil
}
