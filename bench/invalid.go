package bench

import (
	"fmt"
	"sync"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/internal/wire"
	"github.com/clientauth/clientauth/parser"
)

// Invalid is a benchmark input the parser must reject: a message input
// changed by one of the variants below, through the parser's own layout
// (internal/mutate), so no byte is typed by hand.
type Invalid struct {
	Name    string // <input>/<variant>
	Variant string // VariantTruncated, VariantBadBound or VariantDuplicate
	Valid   *Input // the input it was made from
	Msg     []byte // header included, the header length consistent
	// Want is the rejection the parser must report: Bound, Check, Offset
	// and Value (the other fields follow from the rows).
	Want ca.Error
}

// The variants.
const (
	// VariantTruncated: the last byte cut and the header length fixed, so
	// the outermost length prefix that reached the end now runs past it
	// (CheckPastEnd at that prefix; CheckTruncated when its content was
	// empty and the cut is in the prefix).
	VariantTruncated = "truncated"
	// VariantBadBound: the last length prefix whose row leaves room on its
	// wire width set just outside the row (Max+1, or Min-1), nothing else
	// changed: the row's bound must fail there.
	VariantBadBound = "bad_bound"
	// VariantDuplicate: in a TLS 1.3 CertificateRequest or CertificateEntry,
	// the last extension of the last non-empty block repeated at its end
	// (CheckDuplicateExtension on the copy).
	VariantDuplicate = "duplicate_extension"
)

var invalidsOnce = sync.OnceValues(buildInvalids)

// Invalids returns every variant that applies to each message input of
// Inputs, in input order (shared; do not modify).
func Invalids() ([]Invalid, error) { return invalidsOnce() }

func buildInvalids() ([]Invalid, error) {
	ins, err := Inputs()
	if err != nil {
		return nil, err
	}
	var out []Invalid
	for i := range ins {
		in := &ins[i]
		spans, err := mutate.Layout(parser.New(in.Params), in.Msg)
		if err != nil {
			return nil, fmt.Errorf("bench: %s: %v", in.Name, err)
		}
		for _, variant := range []func(*Input, []parser.Span) (Invalid, bool){truncated, badBound, duplicateExtension} {
			v, ok := variant(in, spans)
			if !ok {
				continue
			}
			v.Valid, v.Name = in, in.Name+"/"+v.Variant
			out = append(out, v)
		}
	}
	return out, nil
}

func truncated(in *Input, spans []parser.Span) (Invalid, bool) {
	// The outermost prefixed field that ends with the message is read
	// first: it is the one that now runs past the end.
	outer := -1
	for i, s := range spans {
		if s.Width > 0 && s.End() == len(in.Msg) && (outer < 0 || s.Offset < spans[outer].Offset) {
			outer = i
		}
	}
	if outer < 0 {
		return Invalid{}, false // no length prefix reaches the end (Finished)
	}
	msg := append([]byte(nil), in.Msg[:len(in.Msg)-1]...)
	if !wire.PutUint(msg[1:], 3, len(msg)-parser.HeaderLen) {
		return Invalid{}, false
	}
	s := spans[outer]
	if s.Len == 0 { // the cut is in the length prefix itself
		return Invalid{Variant: VariantTruncated, Msg: msg, Want: ca.Error{Check: ca.CheckTruncated, Offset: s.Offset}}, true
	}
	return Invalid{Variant: VariantTruncated, Msg: msg,
		Want: ca.Error{Check: ca.CheckPastEnd, Offset: s.Offset, Value: s.Len}}, true
}

func badBound(in *Input, spans []parser.Span) (Invalid, bool) {
	last, n := -1, 0
	for i, s := range spans {
		if s.Width == 0 || (last >= 0 && s.Offset < spans[last].Offset) {
			continue
		}
		row := ca.LimitsOf(s.Bound)
		switch {
		case row.Max < 1<<(8*s.Width)-1:
			last, n = i, row.Max+1
		case row.Min > 0:
			last, n = i, row.Min-1
		}
	}
	if last < 0 {
		return Invalid{}, false
	}
	s := spans[last]
	msg, ok := mutate.SetLength(in.Msg, s, n)
	if !ok {
		return Invalid{}, false
	}
	return Invalid{Variant: VariantBadBound, Msg: msg,
		Want: ca.Error{Bound: s.Bound, Offset: s.Offset, Value: n}}, true
}

func duplicateExtension(in *Input, spans []parser.Span) (Invalid, bool) {
	if in.Params.Vers() != ca.VersionTLS13 || (in.Type() != ca.TypeCertificateRequest && in.Type() != ca.TypeCertificate) {
		return Invalid{}, false
	}
	block := -1
	for i, s := range spans {
		switch s.Bound {
		case ca.BoundCRExtensions, ca.BoundCRExtensions9846, ca.BoundCTEntryExtensions:
			if s.Len > 0 && (block < 0 || s.Offset > spans[block].Offset) {
				block = i
			}
		}
	}
	if block < 0 {
		return Invalid{}, false // no extension to repeat
	}
	b := spans[block]
	// Extensions fill the block back to back: the last one starts where the
	// one before it ends (or where the block's content starts).
	start, end := b.Offset+b.Width, -1
	for _, s := range spans {
		if s.Bound != ca.BoundExtensionData || s.Offset < b.Offset+b.Width || s.End() > b.End() {
			continue
		}
		if s.End() == b.End() {
			end = s.End()
		} else if s.End() > start {
			start = s.End()
		}
	}
	if end < 0 {
		return Invalid{}, false
	}
	ext := in.Msg[start:end]
	content := append(append([]byte(nil), in.Msg[b.Offset+b.Width:b.End()]...), ext...)
	msg, ok := mutate.Resize(in.Msg, spans, block, content)
	if !ok {
		return Invalid{}, false
	}
	c := wire.At(ext, start)
	typ, _ := c.U16()
	return Invalid{Variant: VariantDuplicate, Msg: msg,
		Want: ca.Error{Check: ca.CheckDuplicateExtension, Offset: b.End(), Value: typ}}, true
}
