package gen

import (
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
)

func (g *drawer) clientKeyExchange() *ca.ClientKeyExchange {
	cke := &ca.ClientKeyExchange{}
	k := g.p.KeyExchange
	rapid.Bool().Draw(g.t, "cke") // fixed_dh draws nothing else, and rapid needs a draw
	if k.HasPSKIdentity() {
		cke.PSKIdentity = g.bytes(g.row(ca.BoundOf(ca.BoundPSKIdentity).Field, ca.BoundPSKIdentity, ca.BoundOf(ca.BoundPSKIdentity).Max))
	}
	if id := k.ExchangeBound(); id != ca.NoBound {
		*cke.ExchangeField(id) = g.bytes(g.row(ca.BoundOf(id).Field, id, ca.BoundOf(id).Max))
	}
	return cke
}
