package gen

import (
	ca "github.com/clientauth/clientauth"
)

func (g *drawer) certificateVerify() *ca.CertificateVerify {
	cv := &ca.CertificateVerify{}
	id := g.rowFor(ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10)
	if id != ca.BoundCVSignature10 {
		cv.Algorithm = g.scheme("algorithm", true)
	}
	cv.Signature = g.bytes(g.row("signature", id, 1<<16))
	return cv
}
