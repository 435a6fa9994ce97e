package syncbuf

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentWrites: writes from several goroutines all land, whole,
// while another goroutine reads (run with -race to see the lock matter).
func TestConcurrentWrites(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 100 {
				fmt.Fprintf(&b, "<%d.%d>", i, j)
				_ = b.Contains("<0.0>")
			}
		}()
	}
	wg.Wait()
	for i := range 8 {
		for j := range 100 {
			if w := fmt.Sprintf("<%d.%d>", i, j); !b.Contains(w) {
				t.Fatalf("lost write %s", w)
			}
		}
	}
	if got := b.Bytes(); string(got) != b.String() {
		t.Fatal("Bytes and String disagree")
	}
	b.Bytes()[0] = 'x' // a copy: the buffer keeps its first byte
	if b.String()[0] != '<' {
		t.Fatal("Bytes aliases the buffer")
	}
}
