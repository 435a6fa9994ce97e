// Package testutil holds the few helpers that tests of several packages
// share: loading a fixture or a test set and stopping the test at once when
// it cannot be had. It is imported by _test.go files only; the fuzz package's
// FuzzX wrappers (fuzz_test.go) must not use it, since go-118-fuzz-build
// cannot pass a *testing.T to another package.
package testutil

import (
	"os"
	"testing"
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
