package parser

import (
	ca "github.com/clientauth/clientauth"
)

// ClientKeyExchange is a view of a TLS ≤1.2 ClientKeyExchange (RFC 5246
// §7.4.7, RFC 4279, RFC 5489); Params.KeyExchange decides its shape. Only the
// framing is checked: the RSA premaster secret must not be judged here
// (5246-7.4.7.1-c) and point validation needs the negotiated group.
type ClientKeyExchange struct {
	Version                  ca.Version
	KeyExchange              ca.KeyExchange
	PSKIdentity              []byte
	EncryptedPreMasterSecret []byte
	DHYc                     []byte
	ECPoint                  []byte
}

// ClientKeyExchange parses msg.
func (p *Parser) ClientKeyExchange(msg []byte) (ClientKeyExchange, error) {
	r, ok := p.body(msg, ca.TypeClientKeyExchange, ca.UpToTLS12)
	cke := ClientKeyExchange{Version: p.Params.Vers(), KeyExchange: p.Params.KeyExchange}
	if ok {
		ok = p.clientKeyExchange(r, &cke)
	}
	if !ok {
		return ClientKeyExchange{}, &p.err
	}
	return cke, nil
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
	var v reader
	var ok = true
	switch k {
	case ca.KexRSA, ca.KexRSAPSK: // 5246-7.4.7.1-a, 4346-7.4.7-a: the 2-byte length is required
		v, ok = p.vec(&r, ca.BoundEncryptedPreMasterSecret, "", idx)
		cke.EncryptedPreMasterSecret = v.b
	case ca.KexDHE, ca.KexDHEPSK: // 5246-7.4.7.2-a
		v, ok = p.vec(&r, ca.BoundDHYc, "", idx)
		cke.DHYc = v.b
	case ca.KexECDHE, ca.KexECDHEPSK: // 8422-5.7-a
		v, ok = p.vec(&r, ca.BoundECPoint, "", idx)
		cke.ECPoint = v.b
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
