package parser

import (
	"fmt"
	"iter"

	ca "github.com/clientauth/clientauth"
)

// The list views share one At contract: At(i) returns the i'th item for
// 0 <= i < Len() and otherwise panics, as a slice index does. Lists of fixed
// width items (SignatureSchemes, CompressionAlgorithms) index in O(1);
// lists of variable-length items (Vectors, Extensions, CertificateEntries)
// keep no index, since parsing allocates nothing, and walk i items:
// use All to visit them in turn.

// inRange panics unless 0 <= i < n, with the runtime's words for a slice.
func inRange(i, n int) {
	if i < 0 || i >= n {
		panic(fmt.Sprintf("parser: index out of range [%d] with length %d", i, n))
	}
}

// List16 is a validated list of 2-byte code points of type T.
type List16[T ~uint16] struct{ raw []byte }

// SignatureSchemes is a validated list of signature schemes.
type SignatureSchemes = List16[ca.SignatureScheme]

// CompressionAlgorithms is a validated RFC 8879 algorithms list.
type CompressionAlgorithms = List16[ca.CertificateCompressionAlgorithm]

// Len is the number of code points.
func (l List16[T]) Len() int { return len(l.raw) / 2 }

// At returns the i'th code point (see the At contract above).
func (l List16[T]) At(i int) T {
	inRange(i, l.Len())
	return l.at(i)
}

func (l List16[T]) at(i int) T { return T(l.raw[2*i])<<8 | T(l.raw[2*i+1]) }

// All yields the code points in wire order.
func (l List16[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i := 0; i < l.Len(); i++ {
			if !yield(i, l.at(i)) {
				return
			}
		}
	}
}

// Contains reports whether c is in the list.
func (l List16[T]) Contains(c T) bool {
	for i := 0; i < l.Len(); i++ {
		if l.at(i) == c {
			return true
		}
	}
	return false
}

// Raw is the list's bytes without the length prefix.
func (l List16[T]) Raw() []byte { return l.raw }

// Value copies the list.
func (l List16[T]) Value() []T {
	if l.Len() == 0 {
		return nil
	}
	out := make([]T, l.Len())
	for i := range out {
		out[i] = l.at(i)
	}
	return out
}

// Vectors is a validated run of length-prefixed opaque items: distinguished
// names, SCTs, TLS ≤1.2 certificates.
type Vectors struct {
	raw   []byte
	width int
	n     int
}

// Len is the number of items.
func (l Vectors) Len() int { return l.n }

// All yields the items (without their length prefixes) in wire order.
func (l Vectors) All() iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		for i, b := 0, l.raw; len(b) > 0; i++ {
			v := vectorAt(b, l.width)
			if !yield(i, v) {
				return
			}
			b = b[l.width+len(v):]
		}
	}
}

// At returns the i'th item (see the At contract above): a walk of i items.
func (l Vectors) At(i int) []byte {
	inRange(i, l.n)
	return vectorAt(l.raw[skip(l.raw, i, 0, [2]int{l.width}):], l.width)
}

// vectorAt is the item at the front of b, without its width-byte prefix.
func vectorAt(b []byte, width int) []byte {
	n := prefix(b, width)
	return b[width : width+n : width+n]
}

// prefix reads the width-byte length at the front of b.
func prefix(b []byte, width int) int {
	n := 0
	for _, c := range b[:width] {
		n = n<<8 | int(c)
	}
	return n
}

// skip returns where the k'th item of a validated list starts in b: each
// item is fixed bytes and then a vector for each nonzero prefix width in ws
// (an extension: 2, {2}; a TLS 1.3 entry: 0, {3, 2}).
func skip(b []byte, k, fixed int, ws [2]int) int {
	off := 0
	for ; k > 0; k-- {
		off += fixed
		for _, w := range ws {
			if w > 0 {
				off += w + prefix(b[off:], w)
			}
		}
	}
	return off
}

// Raw is the list's bytes without the outer length prefix.
func (l Vectors) Raw() []byte { return l.raw }

// Value copies the items.
func (l Vectors) Value() [][]byte {
	if l.n == 0 {
		return nil
	}
	out := make([][]byte, 0, l.n)
	for _, v := range l.All() {
		out = append(out, clone(v))
	}
	return out
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}

// vectors validates r as a run of items bounded by row item, each inside the
// container with index idx[depth] set to its position.
func (p *Parser) vectors(r reader, item ca.BoundID, container string, idx [3]int32, depth int) (Vectors, bool) {
	return p.items(r, item, container, idx, depth, false)
}

// names is vectors for DistinguishedNames: each must also be a DER X.501
// Name (8446-4.2.4-a, 5246-7.4.4-h), checked in the same pass.
func (p *Parser) names(r reader, item ca.BoundID, container string, idx [3]int32, depth int) (Vectors, bool) {
	return p.items(r, item, container, idx, depth, true)
}

func (p *Parser) items(r reader, item ca.BoundID, container string, idx [3]int32, depth int, names bool) (Vectors, bool) {
	l := Vectors{raw: r.b, width: ca.LimitsOf(item).Width}
	for ; !r.empty(); l.n++ {
		idx[depth] = int32(l.n)
		v, ok := p.vec(&r, item, container, idx)
		if !ok {
			return Vectors{}, false
		}
		if names {
			if c := ca.DistinguishedNameCheck(v.b); c != ca.NoCheck {
				return Vectors{}, p.reject(c, orRow(container, item), field(item), idx, v.off, len(v.b))
			}
		}
	}
	return l, true
}

// Extension is one extension as it sits in the message.
type Extension struct {
	Type   ca.ExtensionType
	Data   []byte
	Offset int // of the extension_type field, from the start of the message
}

// Extensions is a validated extension block.
type Extensions struct {
	raw []byte
	off int
	n   int
}

// Len is the number of extensions.
func (l Extensions) Len() int { return l.n }

// All yields the extensions in wire order.
func (l Extensions) All() iter.Seq2[int, Extension] {
	return func(yield func(int, Extension) bool) {
		for i, off := 0, 0; off+4 <= len(l.raw); i++ {
			e := extensionAt(l.raw[off:], l.off+off)
			if !yield(i, e) {
				return
			}
			off += 4 + len(e.Data)
		}
	}
}

// At returns the i'th extension (see the At contract above): a walk of i
// extensions.
func (l Extensions) At(i int) Extension {
	inRange(i, l.n)
	off := skip(l.raw, i, 2, [2]int{2})
	return extensionAt(l.raw[off:], l.off+off)
}

// extensionAt is the extension at the front of b, at offset off.
func extensionAt(b []byte, off int) Extension {
	t := ca.ExtensionType(b[0])<<8 | ca.ExtensionType(b[1])
	return Extension{Type: t, Data: vectorAt(b[2:], 2), Offset: off}
}

// Find returns the extension of type t.
func (l Extensions) Find(t ca.ExtensionType) (Extension, bool) {
	for _, e := range l.All() {
		if e.Type == t {
			return e, true
		}
	}
	return Extension{}, false
}

// Raw is the block's bytes without its length prefix.
func (l Extensions) Raw() []byte { return l.raw }

// OIDFilter is one entry of oid_filters.
type OIDFilter struct {
	OID    []byte
	Values []byte
}

// OIDFilters is a validated oid_filters list.
type OIDFilters struct {
	raw []byte
	n   int
}

// Len is the number of filters.
func (l OIDFilters) Len() int { return l.n }

// All yields the filters in wire order.
func (l OIDFilters) All() iter.Seq2[int, OIDFilter] {
	return func(yield func(int, OIDFilter) bool) {
		b := l.raw
		for i := 0; len(b) > 0; i++ {
			n := int(b[0])
			oid := b[1 : 1+n : 1+n]
			b = b[1+n:]
			m := int(b[0])<<8 | int(b[1])
			if !yield(i, OIDFilter{OID: oid, Values: b[2 : 2+m : 2+m]}) {
				return
			}
			b = b[2+m:]
		}
	}
}

// Value copies the filters.
func (l OIDFilters) Value() []ca.OIDFilter {
	if l.n == 0 {
		return nil
	}
	out := make([]ca.OIDFilter, 0, l.n)
	for _, f := range l.All() {
		out = append(out, ca.OIDFilter{OID: clone(f.OID), Values: clone(f.Values)})
	}
	return out
}
