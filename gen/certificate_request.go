package gen

import (
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
)

func (g *drawer) certificateRequest() *ca.CertificateRequest {
	cr := &ca.CertificateRequest{}
	if g.p.Vers() != ca.VersionTLS13 {
		n := g.row("certificate_types", ca.BoundCRCertificateTypes, 1<<16)
		for range n {
			cr.CertificateTypes = append(cr.CertificateTypes, ca.ClientCertificateType(rapid.Byte().Draw(g.t, "certificate_type")))
		}
		if g.p.Vers() == ca.VersionTLS12 {
			cr.SignatureAlgorithms = g.schemes("supported_signature_algorithms", g.row("supported_signature_algorithms", ca.BoundCRSignatureAlgorithms12, 1<<16))
		}
		cr.CertificateAuthorities = g.names("certificate_authorities", g.rowFor(ca.BoundCRAuthorities10, ca.BoundCRAuthorities), ca.BoundDistinguishedName12, 1<<16)
		return cr
	}
	if g.p.PostHandshake {
		cr.Context = g.bytes(g.row("certificate_request_context", ca.BoundCRContext, 1<<8))
	}
	cr.Extensions = g.extensions(true)
	return cr
}
