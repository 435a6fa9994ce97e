package gen

import (
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
)

func (g *drawer) serverHelloDone() *ca.ServerHelloDone {
	rapid.Bool().Draw(g.t, "empty") // rapid requires a Custom generator to draw something
	return &ca.ServerHelloDone{}
}

func (g *drawer) finished() *ca.Finished {
	return &ca.Finished{VerifyData: g.bytes(g.p.VerifyDataLen())}
}
