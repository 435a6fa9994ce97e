package gen

import (
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
)

func (g *drawer) certificate() *ca.Certificate {
	c := &ca.Certificate{}
	rpk := g.p.CertType == ca.CertTypeRawPublicKey
	if g.p.Vers() == ca.VersionTLS13 && g.p.PostHandshake {
		c.Context = g.bytes(g.row("certificate_request_context", ca.BoundCTContext, 1<<8))
	}
	if g.p.Vers() == ca.VersionTLS12 && rpk {
		// RFC 7250 §3: no list, exactly one SubjectPublicKeyInfo.
		c.Entries = []ca.CertificateEntry{{Data: spkiNear(g.row("spki", ca.BoundCTRawPublicKey12, Big24))}}
		return c
	}
	count := rapid.IntRange(0, 4).Draw(g.t, "entries")
	if rpk {
		count = min(count, 1) // 8446-4.4.2-i
	}
	if g.p.FromServer && count == 0 {
		count = 1 // 8446-4.4.2-k
	}
	budget := Big24
	for i := range count {
		var e ca.CertificateEntry
		switch {
		case rpk:
			e.Data = spkiNear(g.row("spki", ca.BoundCTRawPublicKey13, budget))
		case g.p.Vers() == ca.VersionTLS13:
			e.Data = certNear(g.row("cert_data", ca.BoundCTCertData, budget/(count-i)))
		default:
			e.Data = certNear(g.row("asn1_cert", ca.BoundCTASN1Cert, budget/(count-i)))
		}
		budget -= len(e.Data)
		if g.p.Vers() == ca.VersionTLS13 {
			e.Extensions = g.extensions(false)
		}
		c.Entries = append(c.Entries, e)
	}
	return c
}
