// Package mutate rewrites handshake messages at the byte level using the
// layout the parser records: resize a field and every enclosing length follows,
// or set a length prefix to a wrong value. Edge tests, properties and the
// vector generator use it to force values onto the wire that the encoder
// refuses to write.
package mutate

import (
	"github.com/clientauth/clientauth/internal/wire"
	"github.com/clientauth/clientauth/parser"
)

// Layout parses msg with p and returns the spans it recorded (those read
// before any rejection) and the parse error.
func Layout(p *parser.Parser, msg []byte) ([]parser.Span, error) {
	var spans []parser.Span
	saved := p.Layout
	p.Layout = &spans
	_, err := p.Parse(msg)
	p.Layout = saved
	return spans, err
}

// encloses reports whether span o's content holds span s entirely.
func encloses(o, s parser.Span) bool {
	return o.Offset+o.Width <= s.Offset && s.End() <= o.End() && o != s
}

// Resize returns a copy of msg with span i's content replaced by content; its
// own length prefix, every enclosing prefix and the handshake header are
// rewritten. ok is false when some prefix cannot hold its new length.
func Resize(msg []byte, spans []parser.Span, i int, content []byte) ([]byte, bool) {
	s := spans[i]
	delta := len(content) - s.Len
	out := make([]byte, 0, len(msg)+delta)
	out = append(out, msg[:s.Offset+s.Width]...)
	out = append(out, content...)
	out = append(out, msg[s.End():]...)
	if s.Width > 0 && !wire.PutUint(out[s.Offset:], s.Width, len(content)) {
		return nil, false
	}
	for _, o := range spans {
		if encloses(o, s) && o.Width > 0 && !wire.PutUint(out[o.Offset:], o.Width, o.Len+delta) {
			return nil, false
		}
	}
	return out, wire.PutUint(out[1:], 3, len(out)-parser.HeaderLen)
}

// SetLength returns a copy of msg with span s's length prefix set to n and
// nothing else changed.
func SetLength(msg []byte, s parser.Span, n int) ([]byte, bool) {
	if s.Width == 0 {
		return nil, false
	}
	out := append([]byte(nil), msg...)
	return out, wire.PutUint(out[s.Offset:], s.Width, n)
}
