package parser

import (
	ca "github.com/clientauth/clientauth"
)

// ClientKeyExchange is a view of a TLS ≤1.2 ClientKeyExchange (RFC 5246
// §7.4.7, RFC 4279, RFC 5489); Params.KeyExchange decides its shape. Only the
// framing is checked: the RSA premaster secret must not be judged here
// (5246-7.4.7.1-c) and point validation needs the negotiated group.
//
// Its fields are those of the owned value, as sub-slices of the input.
type ClientKeyExchange struct {
	Version     ca.Version
	KeyExchange ca.KeyExchange
	ca.ClientKeyExchange
}

// fastClientKeyExchange is clientKeyExchange without the records.
func (p *Parser) fastClientKeyExchange(b []byte, pre *prepared, cke *ClientKeyExchange) bool {
	cke.Version, cke.KeyExchange = pre.vers, pre.params.KeyExchange
	k := cke.KeyExchange
	if k == ca.KexFixedDH {
		return ca.LimitsOf(ca.BoundFixedDHBody).Allows(len(b))
	}
	s := scan(b)
	if k.HasPSKIdentity() {
		id, ok := s.vec(ca.BoundPSKIdentity)
		if !ok {
			return false
		}
		cke.PSKIdentity = id
	}
	if id := k.ExchangeBound(); id != ca.NoBound {
		v, ok := s.vec(id)
		if !ok {
			return false
		}
		*cke.ExchangeField(id) = v
	}
	return len(s) == 0
}

func (p *Parser) clientKeyExchange(r reader, cke *ClientKeyExchange) bool {
	var idx [3]int32
	k := cke.KeyExchange
	if k == ca.KexFixedDH { // 5246-7.4.7-b: implicit Yc, empty body
		return p.exactLen(r, ca.BoundFixedDHBody, "", idx)
	}
	if k.HasPSKIdentity() { // RFC 4279 §2: psk_identity comes first
		id, ok := p.vec(&r, ca.BoundPSKIdentity, "", idx)
		if !ok {
			return false
		}
		cke.PSKIdentity = id.b
	}
	ok := true
	if id := k.ExchangeBound(); id != ca.NoBound { // the 2-byte length of an RSA secret is required (5246-7.4.7.1-a, 4346-7.4.7-a)
		var v reader
		v, ok = p.vec(&r, id, "", idx)
		*cke.ExchangeField(id) = v.b
	}
	return ok && p.done(r, ca.ContainerCKE, "", idx)
}

// Value copies the view into an owned value.
func (cke ClientKeyExchange) Value() ca.ClientKeyExchange {
	return ca.ClientKeyExchange{
		PSKIdentity:              clone(cke.PSKIdentity),
		EncryptedPreMasterSecret: clone(cke.EncryptedPreMasterSecret),
		DHYc:                     clone(cke.DHYc),
		ECPoint:                  clone(cke.ECPoint),
	}
}
