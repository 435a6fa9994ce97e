package parser_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/gen"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

func u16(n int) []byte { return []byte{byte(n >> 8), byte(n)} }
func u24(n int) []byte { return []byte{byte(n >> 16), byte(n >> 8), byte(n)} }

func opaque(n int) []byte { return bytes.Repeat([]byte{'a'}, n) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// Rows whose length is not a field on the wire: the whole message, and the
// Finished length that Params fixes (tested in TestFinishedLength).
var notFields = map[ca.BoundID]bool{ca.BoundHandshakeLength: true, ca.BoundFinishedVerifyData: true}

// seeds pins the sample for rows whose non-empty values are valid only in
// some contexts (a context belongs to post-handshake authentication).
var seeds = map[ca.BoundID]string{
	ca.BoundCRContext: "synthetic/cr13_post_handshake",
	ca.BoundCTContext: "synthetic/ct13_post_handshake",
}

// seedFor finds the first sample whose layout holds a span of row id.
func seedFor(t *testing.T, id ca.BoundID) (samples.Sample, []parser.Span, int) {
	for _, s := range append(samples.Synthetic(), samples.RFC8448()...) {
		if want, ok := seeds[id]; ok && s.Name != want {
			continue
		}
		spans, err := mutate.Layout(parser.New(s.Params), s.Msg)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		for i, sp := range spans {
			if sp.Bound == id {
				return s, spans, i
			}
		}
	}
	t.Fatalf("no sample exercises row %d (%s)", id, ca.BoundOf(id).Struct)
	return samples.Sample{}, nil, 0
}

// TestBoundEdges puts every field of the bounds table at min-1, min, max,
// max+1 and (for element lists) a length that is not a whole number of
// elements, and checks the parser's verdict and the encoder's re-encoding.
func TestBoundEdges(t *testing.T) {
	var tried, unreachable int
	for id := ca.BoundID(1); int(id) < int(ca.NumBounds); id++ {
		if notFields[id] {
			continue
		}
		b := ca.BoundOf(id)
		if _, _, ok := gen.Fill(id, b.Min, ca.Params{}); !ok {
			t.Errorf("row %s has no gen.Fill content: the edge test does not cover it", b.Struct)
			continue
		}
		seed, spans, i := seedFor(t, id)
		sizes := []int{b.Min - 1, b.Min, b.Max, b.Max + 1}
		if b.Elem > 1 {
			sizes = append(sizes, b.Min+1)
		}
		for _, n := range sizes {
			if n < 0 || (b.Width > 0 && n > b.PrefixMax()) {
				continue // no wire form: the prefix cannot carry it
			}
			name := fmt.Sprintf("%s/%s/len=%d", b.Struct, seed.Name, n)
			content, check, _ := gen.Fill(id, n, seed.Params)
			valid := check == ca.NoCheck
			msg, ok := mutate.Resize(seed.Msg, spans, i, content)
			if !ok {
				unreachable++ // an enclosing length cannot hold it
				t.Logf("%s: unreachable inside its container", name)
				continue
			}
			tried++
			p := parser.New(seed.Params)
			m, err := p.Parse(msg)
			var e *ca.Error
			switch {
			case !b.Allows(n):
				if !errors.As(err, &e) || e.Bound != id || e.Offset != spans[i].Offset || e.Alert != ca.AlertDecodeError {
					t.Errorf("%s: want rejection by this bound at offset %d, got %v", name, spans[i].Offset, err)
				} else if e.Field() != spans[i].Field() {
					t.Errorf("%s: error names %s, layout names %s", name, e.Field(), spans[i].Field())
				}
			case errors.As(err, &e) && e.Bound == id:
				t.Errorf("%s: in-bound length rejected by its own bound: %v", name, err)
			case valid && n > 0 && err != nil && !isSemantic(e):
				t.Errorf("%s: well-formed in-bound content rejected: %v", name, err)
			case !valid && check != ca.CheckTruncated && ca.CheckOf(check).Layer == ca.LayerParser && (e == nil || e.Check != check):
				t.Errorf("%s: content that breaks %v accepted or rejected otherwise: %v", name, check, err)
			case err == nil:
				if err := testutil.Reencode(seed.Params, m, msg); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
	t.Logf("%d edge messages checked, %d sizes unreachable inside their containers", tried, unreachable)
	if tried < 80 {
		t.Errorf("only %d edge messages checked", tried)
	}
}

// isSemantic: rejections that an empty block earns legitimately (a CR with no
// signature_algorithms under RFC 9846's zero floor).
func isSemantic(e *ca.Error) bool { return e != nil && e.Check == ca.CheckMissingSignatureAlgorithms }
