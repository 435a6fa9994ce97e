package fuzz

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestTargetNames: every target has its FuzzX wrapper, and no target name is
// a prefix of another (the OSS-Fuzz Go builder then silently builds nothing).
func TestTargetNames(t *testing.T) {
	src, err := os.ReadFile("fuzz_test.go")
	if err != nil {
		t.Fatal(err)
	}
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^func (Fuzz\w+)\(f \*testing\.F\)`).FindAllStringSubmatch(string(src), -1) {
		defined[m[1]] = true
	}
	names := []string{"FuzzStream", "FuzzStructured", "FuzzFlow"}
	for _, tg := range Targets {
		names = append(names, tg.Name)
		if !defined[tg.Name] {
			t.Errorf("%s has no wrapper in fuzz_test.go", tg.Name)
		}
		if len(tg.Seeds()) == 0 {
			t.Errorf("%s has no seeds", tg.Name)
		}
	}
	for _, dt := range DiffTargets {
		names = append(names, dt.Name)
		if !defined[dt.Name] {
			t.Errorf("%s has no wrapper in fuzz_test.go", dt.Name)
		}
		if len(dt.Seeds()) == 0 {
			t.Errorf("%s has no seeds", dt.Name)
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
