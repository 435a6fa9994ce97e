package linelog

import (
	"strings"
	"sync"
	"testing"
)

// TestWholeLines: lines from many goroutines come out whole, one each.
func TestWholeLines(t *testing.T) {
	var b strings.Builder
	l := New(&b)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() { l.Printf("case %d: %s", i, strings.Repeat("x", 100)) })
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 50 {
		t.Fatalf("%d lines, want 50", len(lines))
	}
	seen := map[string]bool{}
	for _, line := range lines {
		n, rest, ok := strings.Cut(line, ": ")
		if !ok || rest != strings.Repeat("x", 100) || seen[n] {
			t.Errorf("line %q: torn or repeated", line)
		}
		seen[n] = true
	}
	New(nil).Printf("dropped %d", 1) // a quiet run: nothing to write to, no panic
}
