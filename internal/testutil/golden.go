package testutil

import (
	"flag"
	"os"
	"testing"
)

// update makes Golden write the files it checks: go test -update, which is
// how go generate makes such a file.
var update = flag.Bool("update", false, "write the golden files with what the tests render, instead of comparing")

// Golden fails tb when the file at path does not hold want, the rendering
// the test made of its source (a table, a generator): the committed file
// went stale. Under -update it writes want to path instead.
func Golden(tb testing.TB, path, want string) {
	tb.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			tb.Fatal(err)
		}
		return
	}
	if string(ReadFile(tb, path)) != want {
		tb.Errorf("%s is stale: rewrite it with go test -run '^%s$' -update", path, tb.Name())
	}
}
