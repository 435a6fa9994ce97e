package parser

import (
	ca "github.com/clientauth/clientauth"
)

// CertificateRequest is a view of a CertificateRequest: RFC 5246 §7.4.4
// (TLS ≤1.2; TLS 1.0/1.1 have no signature algorithms) or RFC 8446 §4.3.2
// (TLS 1.3). The TLS 1.2 field and the TLS 1.3 extensions of the same meaning
// fill the same view fields, so callers need not switch on the version.
type CertificateRequest struct {
	Version ca.Version

	// TLS ≤1.2: certificate_types, one ClientCertificateType per byte.
	CertificateTypes []byte
	// TLS 1.2 supported_signature_algorithms, or TLS 1.3 signature_algorithms.
	SignatureAlgorithms SignatureSchemes
	// TLS 1.3 signature_algorithms_cert (empty when absent).
	SignatureAlgorithmsCert SignatureSchemes
	// TLS ≤1.2 certificate_authorities, or TLS 1.3 certificate_authorities.
	CertificateAuthorities Vectors

	// TLS 1.3.
	Context               []byte
	Extensions            Extensions
	OIDFilters            OIDFilters
	CompressionAlgorithms CompressionAlgorithms
}

// fastCertificateRequest is the fast path's check of a CertificateRequest
// body: certificateRequest12 and certificateRequest13 without the records.
func (p *Parser) fastCertificateRequest(b []byte, pre *prepared, cr *CertificateRequest) bool {
	s := scan(b)
	cr.Version = pre.vers
	if cr.Version == ca.VersionTLS13 {
		if !s.vecTo(&cr.Context, ca.BoundCRContext) {
			return false
		}
		block, ok := s.last(pre.crExt)
		if !ok {
			return false
		}
		n, ok := fastBlock(block, pre.params.Profile, cr)
		cr.Extensions = Extensions{raw: block, off: HeaderLen + len(b) - len(block), n: n}
		return ok && cr.SignatureAlgorithms.raw != nil && (len(cr.Context) == 0 || pre.params.PostHandshake)
	}
	if !s.vecTo(&cr.CertificateTypes, ca.BoundCRCertificateTypes) {
		return false
	}
	if cr.Version == ca.VersionTLS12 {
		algs, ok := s.vec(ca.BoundCRSignatureAlgorithms12)
		if !ok {
			return false
		}
		cr.SignatureAlgorithms = SignatureSchemes{algs}
		if _, c := ca.CRSchemeListCheck(cr.Version, algs); c != ca.NoCheck {
			return false
		}
	}
	cas, ok := s.last(pre.crCAs)
	if !ok {
		return false
	}
	n, ok := fastItems(cas, ca.BoundDistinguishedName12, true)
	cr.CertificateAuthorities = Vectors{raw: cas, width: ca.LimitsOf(ca.BoundDistinguishedName12).Width, n: n}
	return ok
}

func (p *Parser) certificateRequest12(r reader, cr *CertificateRequest) bool {
	var idx [3]int32
	types, ok := p.vec(&r, ca.BoundCRCertificateTypes, "", idx) // 5246-7.4.4-b; 5246-7.4.4-g: every value accepted
	if !ok {
		return false
	}
	cr.CertificateTypes = types.b
	if cr.Version == ca.VersionTLS12 {
		algs, ok := p.vec(&r, ca.BoundCRSignatureAlgorithms12, "", idx)
		if !ok {
			return false
		}
		cr.SignatureAlgorithms = SignatureSchemes{algs.b}
		if i, c := ca.CRSchemeListCheck(cr.Version, algs.b); c != ca.NoCheck { // 5246-7.4.1.4.1-a
			return p.reject(c, ca.ContainerCR, "supported_signature_algorithms", idx, algs.off+2*i, int(cr.SignatureAlgorithms.At(i)))
		}
	}
	// 2246-7.4.4-a (TLS 1.0) or 4346-7.4.4-a; Params.Tolerate may admit
	// TLS 1.0's deployed empty list.
	cas, ok := p.vec(&r, p.pre.crCAs, "", idx)
	if !ok {
		return false
	}
	if cr.CertificateAuthorities, ok = p.names(cas, ca.BoundDistinguishedName12, "", idx, 0); !ok { // 5246-7.4.4-h
		return false
	}
	return p.done(r, ca.ContainerCR, "", idx)
}

func (p *Parser) certificateRequest13(r reader, cr *CertificateRequest) bool {
	var idx [3]int32
	ctxStart, ok := p.context(&r, ca.BoundCRContext, &cr.Context) // 8446-4.3.2-b
	if !ok {
		return false
	}
	extBound := p.pre.crExt // 8446-4.3.2-b
	extStart := r.off
	block, ok := p.vec(&r, extBound, "", idx)
	if !ok || !p.done(r, ca.ContainerCR, "", idx) {
		return false
	}
	if cr.Extensions, ok = p.extBlock(block, cr, idx, 0); !ok {
		return false
	}
	if cr.SignatureAlgorithms.raw == nil { // 8446-4.3.2-f
		return p.reject(ca.CheckMissingSignatureAlgorithms, ca.ContainerCR, "", idx, extStart, 0)
	}
	if len(cr.Context) > 0 && !p.Params.PostHandshake { // 8446-4.3.2-d
		return p.reject(ca.CheckCRContextOutsidePostHandshake, ca.ContainerCR, "", idx, ctxStart, len(cr.Context))
	}
	return true
}

// Value copies the view into an owned value that encodes to the same bytes.
func (cr CertificateRequest) Value() ca.CertificateRequest {
	if cr.Version != ca.VersionTLS13 {
		v := ca.CertificateRequest{CertificateAuthorities: cr.CertificateAuthorities.Value()}
		for _, t := range cr.CertificateTypes {
			v.CertificateTypes = append(v.CertificateTypes, ca.ClientCertificateType(t))
		}
		if cr.Version == ca.VersionTLS12 {
			v.SignatureAlgorithms = cr.SignatureAlgorithms.Value()
		}
		return v
	}
	v := ca.CertificateRequest{Context: clone(cr.Context)}
	for _, e := range cr.Extensions.All() {
		v.Extensions = append(v.Extensions, extensionValue(ca.TypeCertificateRequest, e))
	}
	return v
}

// extensionValue decodes a validated extension into its owned form.
func extensionValue(m ca.HandshakeType, e Extension) ca.Extension {
	out := ca.Extension{Type: e.Type}
	info, known := ca.LookupExtension(e.Type)
	kind := ca.BodyOpaque
	if known {
		kind = info.CTBody
		if m == ca.TypeCertificateRequest {
			kind = info.CRBody
		}
	}
	b := e.Data
	switch kind {
	case ca.BodySignatureSchemeList:
		out.SignatureAlgorithms = SignatureSchemes{b[2:]}.Value()
	case ca.BodyCertificateAuthorities:
		out.Authorities = Vectors{raw: b[2:], width: 2, n: countVectors(b[2:], 2)}.Value()
	case ca.BodyOIDFilters:
		f := OIDFilters{raw: b[2:]}
		for range f.All() {
			f.n++
		}
		out.OIDFilters = f.Value()
	case ca.BodyCompressionAlgorithms:
		out.CompressionAlgorithms = CompressionAlgorithms{b[1:]}.Value()
	case ca.BodyCertificateStatus:
		out.OCSPResponse = clone(b[4:])
	case ca.BodySCTList:
		out.SCTs = Vectors{raw: b[2:], width: 2, n: countVectors(b[2:], 2)}.Value()
	default:
		out.Data = clone(b)
	}
	return out
}

func countVectors(b []byte, width int) int {
	n := 0
	for len(b) > 0 {
		m := 0
		for _, c := range b[:width] {
			m = m<<8 | int(c)
		}
		b = b[width+m:]
		n++
	}
	return n
}
