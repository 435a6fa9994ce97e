package vecgen

import (
	"bytes"
	"slices"

	ca "github.com/clientauth/clientauth"
)

// Mutated is one catalog mutation applied to a message a live handshake
// sends (clientauth conform): the replacement and its label.
type Mutated struct {
	Mutation string // catalog name
	Index    int    // which of the mutation's outputs (some make several)
	Comment  string
	Msg      []byte
	Result   string
	Alerts   []ca.Alert
	Reqs     []ca.Requirement
}

// Live applies every mutation of the catalog that applies to msg, sent under
// p, and keeps the outputs that stay under p: a live handshake fixes the
// context, so outputs that only re-read the bytes under another version,
// sender or profile do not apply. Unlike Vectors, no group limit applies.
func Live(p ca.Params, msg []byte) []Mutated {
	if len(msg) < 4 {
		return nil
	}
	b := Base{Name: "live", Params: p, Msg: msg}
	want := normalize(b.Type(), p)
	var outs []Mutated
	for _, m := range catalog() {
		if !slices.Contains(m.types, b.Type()) {
			continue
		}
		i := 0
		for _, o := range m.apply(b) {
			if normalize(b.Type(), o.params) != want || bytes.Equal(o.msg, msg) {
				continue
			}
			c := o.comment
			if c == "" {
				c = m.doc
			}
			outs = append(outs, Mutated{Mutation: m.name, Index: i, Comment: c, Msg: o.msg, Result: o.result, Alerts: o.alerts, Reqs: o.reqs})
			i++
		}
	}
	return outs
}
