package fuzz

import (
	"regexp"
	"strings"
	"testing"

	"github.com/clientauth/clientauth/internal/testutil"
)

// TestTargetNames: every target has its FuzzX wrapper, and no target name is
// a prefix of another (the OSS-Fuzz Go builder then silently builds nothing).
func TestTargetNames(t *testing.T) {
	src := testutil.ReadFile(t, "fuzz_test.go")
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`).FindAllStringSubmatch(string(src), -1) {
		defined[m[1]] = true
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
