package dissect

import (
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// TestTreeCoversLayout: for every valid sample, every length field the
// parser reads (Parser.Layout) has a line at its offset, so the walker and
// the parser agree on the structure.
func TestTreeCoversLayout(t *testing.T) {
	all := testutil.Must(t, samples.All)
	for _, s := range all {
		var layout []parser.Span
		p := parser.New(s.Params)
		p.Layout = &layout
		if _, err := p.Parse(s.Msg); err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		tree, err := Dissect(s.Msg, s.Params)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		at := map[int]bool{}
		tree.Walk(func(n *Node, _ int) { at[n.Offset] = true })
		for _, sp := range layout {
			if sp.Width == 0 && sp.Len == 0 {
				continue // an empty body the context sizes: no byte to show
			}
			if !at[sp.Offset] {
				t.Errorf("%s: no line for %s at offset %d\n%s", s.Name, sp.Field(), sp.Offset, tree)
				break
			}
		}
		if strings.Contains(tree.String(), "[Expert Info") {
			t.Errorf("%s: expert info on a valid message", s.Name)
		}
	}
}

// TestTreeInvalidNeverPanics: every prefix of every sample, and the
// rejected samples, dissect without panic and carry the parser's error.
func TestTreeInvalidNeverPanics(t *testing.T) {
	all, _ := samples.All()
	rej, _ := samples.Rejected()
	n := 0
	for _, s := range append(all, rej...) {
		cuts := []int{0, 1, 3, 4, 5, len(s.Msg) / 2, len(s.Msg) - 1}
		for _, c := range cuts {
			if c < 0 || c >= len(s.Msg) {
				continue
			}
			msg := s.Msg[:c]
			tree, err := Dissect(msg, s.Params)
			if err == nil {
				continue
			}
			n++
			if !strings.Contains(tree.String(), "[Expert Info (Error/clientauth): ") {
				t.Fatalf("%s[:%d]: no error line\n%s", s.Name, c, tree)
			}
		}
		// Every length field one more than its content.
		layout, err := mutate.Layout(parser.New(s.Params), s.Msg)
		if err != nil {
			continue
		}
		for _, sp := range layout {
			msg, ok := mutate.SetLength(s.Msg, sp, sp.Len+1)
			if !ok {
				continue
			}
			tree, err := Dissect(msg, s.Params)
			if err == nil {
				continue
			}
			if _, ok := err.(*ca.Error); !ok || !strings.Contains(tree.String(), "[Expert Info (Error/clientauth): ") {
				t.Fatalf("%s, %s+1: error %v without its line\n%s", s.Name, sp.Field(), err, tree)
			}
			n++
		}
	}
	t.Logf("%d invalid messages dissected", n)
}
