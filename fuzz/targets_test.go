package fuzz

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestTargetNames: every target has its FuzzX wrapper, and no target name is
// a prefix of another (the OSS-Fuzz Go builder then silently builds nothing).
func TestTargetNames(t *testing.T) {
	// The wrappers are read as Go declarations, whatever their layout; go
	// test itself holds a FuzzX to func(*testing.F).
	f, err := parser.ParseFile(token.NewFileSet(), "fuzz_test.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && strings.HasPrefix(fn.Name.Name, "Fuzz") {
			defined[fn.Name.Name] = true
		}
	}
	// Targets and DiffTargets hold the same promise: a wrapper and seeds.
	type seeded struct {
		name  string
		seeds func() [][]byte
	}
	var tables []seeded
	for _, tg := range Targets {
		tables = append(tables, seeded{tg.Name, tg.Seeds})
	}
	for _, dt := range DiffTargets {
		tables = append(tables, seeded{dt.Name, dt.Seeds})
	}
	names := []string{"FuzzStream", "FuzzStructured", "FuzzFlow"}
	for _, tg := range tables {
		names = append(names, tg.name)
		if !defined[tg.name] {
			t.Errorf("%s has no wrapper in fuzz_test.go", tg.name)
		}
		if len(tg.seeds()) == 0 {
			t.Errorf("%s has no seeds", tg.name)
		}
	}
	if len(defined) != len(names) {
		t.Errorf("%d wrappers for %d targets", len(defined), len(names))
	}
	for _, a := range names {
		for _, b := range names {
			if a != b && strings.HasPrefix(b, a) {
				t.Errorf("%s is a prefix of %s", a, b)
			}
		}
	}
}

// TestSeedsPass: the harness holds on every seed (the corpus' valid and
// invalid messages alike), so a fuzz run starts from a passing corpus.
func TestSeedsPass(t *testing.T) {
	n := 0
	for _, tg := range Targets {
		for _, s := range tg.Seeds() {
			if err := Check(tg.Params, s); err != nil {
				t.Fatalf("%s: %v", tg.Name, err)
			}
			n++
		}
	}
	t.Logf("%d seed runs", n)
}

// TestSeedsEnv: SeedsEnv caps every target's seeds with an even, repeatable
// sample of the full list, never below MinSeeds.
func TestSeedsEnv(t *testing.T) {
	full := map[string][][]byte{}
	for _, tg := range Targets {
		full[tg.Name] = tg.Seeds()
	}
	for _, dt := range DiffTargets {
		full[dt.Name] = dt.Seeds()
	}
	t.Setenv(SeedsEnv, "50")
	for name, all := range full {
		var got [][]byte
		if strings.HasPrefix(name, "FuzzDiff") {
			got = LookupDiff(name).Seeds()
		} else {
			got = Lookup(name).Seeds()
		}
		want := min(50, len(all))
		if len(got) != want {
			t.Errorf("%s: %d seeds of %d, want %d", name, len(got), len(all), want)
			continue
		}
		if len(all) > 50 && (!bytes.Equal(got[0], all[0]) || !bytes.Equal(got[1], all[len(all)/50])) {
			t.Errorf("%s: sample is not spread evenly from the first seed", name)
		}
	}
	t.Setenv(SeedsEnv, "1")
	if n := len(Lookup("FuzzCV13").Seeds()); n != MinSeeds {
		t.Errorf("SeedsEnv=1: %d seeds, want MinSeeds %d", n, MinSeeds)
	}
	t.Setenv(SeedsEnv, "all")
	if n := len(Lookup("FuzzCV13").Seeds()); n != len(full["FuzzCV13"]) {
		t.Errorf("SeedsEnv=all: %d seeds, want every one (%d)", n, len(full["FuzzCV13"]))
	}
}

func TestSample(t *testing.T) {
	var seeds [][]byte
	for i := range 10 {
		seeds = append(seeds, []byte{byte(i)})
	}
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0123456789"}, {10, "0123456789"}, {20, "0123456789"}, {5, "02468"}, {3, "036"}, {1, "0"}} {
		var got strings.Builder
		for _, s := range Sample(seeds, c.n) {
			got.WriteByte('0' + s[0])
		}
		if got.String() != c.want {
			t.Errorf("Sample(10 seeds, %d) = %s, want %s", c.n, got.String(), c.want)
		}
	}
}
