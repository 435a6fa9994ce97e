package encoder

import (
	ca "github.com/clientauth/clientauth"
)

func (e *Encoder) certificateRequest12(w *writer, m *ca.CertificateRequest) bool {
	var idx [3]int32
	v := e.Params.Vers()
	switch {
	case len(m.Context) > 0:
		return e.reject(ca.CheckUnusedField, ca.ContainerCR, "certificate_request_context", idx, w.off(), 0)
	case len(m.Extensions) > 0:
		return e.reject(ca.CheckUnusedField, ca.ContainerCR, "extensions", idx, w.off(), 0)
	case len(m.SignatureAlgorithms) > 0 && v != ca.VersionTLS12:
		return e.reject(ca.CheckUnusedField, ca.ContainerCR, "supported_signature_algorithms", idx, w.off(), 0)
	}
	at := w.open(ca.BoundCRCertificateTypes) // 5246-7.4.4-b
	for _, t := range m.CertificateTypes {
		w.u8(uint8(t))
	}
	if !e.close(w, at, ca.BoundCRCertificateTypes, "", idx) {
		return false
	}
	if v == ca.VersionTLS12 {
		at := w.open(ca.BoundCRSignatureAlgorithms12)
		for _, s := range m.SignatureAlgorithms {
			if c := ca.CRSchemeCheck(v, s); c != ca.NoCheck { // 5246-7.4.1.4.1-a
				return e.reject(c, ca.ContainerCR, "supported_signature_algorithms", idx, w.off(), int(s))
			}
			w.u16(uint16(s))
		}
		if !e.close(w, at, ca.BoundCRSignatureAlgorithms12, "", idx) {
			return false
		}
	}
	caBound := ca.CRAuthoritiesBound(e.Params) // 2246-7.4.4-a, 4346-7.4.4-a
	at = w.open(caBound)
	for i, dn := range m.CertificateAuthorities {
		idx[0] = int32(i)
		if !e.name(w, ca.BoundDistinguishedName12, "", idx, dn) { // 5246-7.4.4-h
			return false
		}
	}
	idx[0] = 0
	return e.close(w, at, caBound, "", idx)
}

func (e *Encoder) certificateRequest13(w *writer, m *ca.CertificateRequest) bool {
	var idx [3]int32
	switch {
	case len(m.CertificateTypes) > 0:
		return e.reject(ca.CheckUnusedField, ca.ContainerCR, "certificate_types", idx, w.off(), 0)
	case len(m.SignatureAlgorithms) > 0:
		return e.reject(ca.CheckUnusedField, ca.ContainerCR, "supported_signature_algorithms", idx, w.off(), 0)
	case len(m.CertificateAuthorities) > 0:
		return e.reject(ca.CheckUnusedField, ca.ContainerCR, "certificate_authorities", idx, w.off(), 0)
	}
	ctxStart := w.off()
	if !e.vec(w, ca.BoundCRContext, "", idx, m.Context) { // 8446-4.3.2-b
		return false
	}
	extBound := e.Params.Row(ca.BoundCRExtensions, ca.BoundCRExtensions9846) // 8446-4.3.2-b
	extStart := w.off()
	at := w.open(extBound)
	sigAlgs, ok := e.extBlock(w, ca.TypeCertificateRequest, m.Extensions, idx, 0)
	if !ok || !e.close(w, at, extBound, "", idx) {
		return false
	}
	if !sigAlgs { // 8446-4.3.2-f
		return e.reject(ca.CheckMissingSignatureAlgorithms, ca.ContainerCR, "", idx, extStart, 0)
	}
	if len(m.Context) > 0 && !e.Params.PostHandshake { // 8446-4.3.2-d
		return e.reject(ca.CheckCRContextOutsidePostHandshake, ca.ContainerCR, "", idx, ctxStart, len(m.Context))
	}
	return true
}

func (p *plan) certificateRequest(b []byte, m *ca.CertificateRequest) ([]byte, bool) {
	if p.vers == ca.VersionTLS13 {
		return p.certificateRequest13(b, m)
	}
	v := p.vers
	if len(m.Context) > 0 || len(m.Extensions) > 0 || len(m.SignatureAlgorithms) > 0 && v != ca.VersionTLS12 {
		return b, false
	}
	b, ok := putInts(b, ca.LimitsOf(ca.BoundCRCertificateTypes), m.CertificateTypes) // 5246-7.4.4-b
	if ok && v == ca.VersionTLS12 {
		for _, s := range m.SignatureAlgorithms {
			if ca.CRSchemeCheck(v, s) != ca.NoCheck { // 5246-7.4.1.4.1-a
				return b, false
			}
		}
		b, ok = putInts(b, ca.LimitsOf(ca.BoundCRSignatureAlgorithms12), m.SignatureAlgorithms)
	}
	if !ok {
		return b, false
	}
	return putNames(b, p.crAuth, ca.LimitsOf(ca.BoundDistinguishedName12), m.CertificateAuthorities) // 2246-7.4.4-a, 4346-7.4.4-a
}

func (p *plan) certificateRequest13(b []byte, m *ca.CertificateRequest) ([]byte, bool) {
	if len(m.CertificateTypes) > 0 || len(m.SignatureAlgorithms) > 0 || len(m.CertificateAuthorities) > 0 ||
		len(m.Context) > 0 && !p.params.PostHandshake { // 8446-4.3.2-d
		return b, false
	}
	b, ok := putVec(b, ca.LimitsOf(ca.BoundCRContext), m.Context) // 8446-4.3.2-b
	if !ok {
		return b, false
	}
	b, at := reserve(b, p.crExts.Width)
	b, sigAlgs, ok := p.extensions(b, crBlock, m.Extensions)
	return b, ok && sigAlgs && patch(b, at, p.crExts) // 8446-4.3.2-f
}
