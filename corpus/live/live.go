// Package live applies the corpus's mutation catalog to messages that a live
// handshake really sends, for clientauth conform: the catalog itself lives in
// corpus/internal/vecgen, and this is its one public door.
package live

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus/internal/vecgen"
)

// Mutated is one mutation of a live message and its expected verdict.
type Mutated = vecgen.Mutated

// Mutations returns every catalog mutation of msg (a whole handshake
// message, header included) that keeps the context p it is sent under.
func Mutations(p ca.Params, msg []byte) []Mutated { return vecgen.Live(p, msg) }

// Apply returns the mutation named name (its index-th output) of msg.
func Apply(p ca.Params, msg []byte, name string, index int) (Mutated, bool) {
	for _, m := range vecgen.Live(p, msg) {
		if m.Mutation == name && m.Index == index {
			return m, true
		}
	}
	return Mutated{}, false
}
