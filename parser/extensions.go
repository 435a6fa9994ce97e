package parser

import (
	"bytes"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
)

// extBlock validates an extension block of a CertificateRequest (cr != nil)
// or a CertificateEntry (cr == nil): TLV framing, duplicates (8446-4.2-c),
// placement (8446-4.2-b, 8446-4.2-a), then each processed body. Any order is
// accepted (8446-4.2-d: only a ClientHello's pre_shared_key has a place) and
// kept, since the block is re-encoded from the input order. The extension's
// index goes to idx[depth]. For a CertificateRequest, the decoded bodies are
// stored in cr.
func (p *Parser) extBlock(r reader, cr *CertificateRequest, idx [3]int32, depth int) (Extensions, bool) {
	m := ca.TypeCertificateRequest
	if cr == nil {
		m = ca.TypeCertificate
	}
	container := blockContainer(m)
	l := Extensions{raw: r.b, off: r.off}
	var seen uint64
	for ; !r.empty(); l.n++ {
		idx[depth] = int32(l.n)
		start := r.off
		t16, ok := r.u16()
		if !ok {
			return l, p.reject(ca.CheckTruncated, container, "extension_type", idx, start, 0)
		}
		t := ca.ExtensionType(t16)
		body, ok := p.vec(&r, ca.BoundExtensionData, container, idx)
		if !ok {
			return l, false
		}
		if t < placeTypes { // tracked in seen; others are compared with earlier ones
			if seen&(1<<t) != 0 {
				return l, p.reject(ca.CheckDuplicateExtension, container, "", idx, start, int(t))
			}
			seen |= 1 << t
		} else if dupAfter(l.raw[:start-l.off], t) { // 8446-4.2-c
			return l, p.reject(ca.CheckDuplicateExtension, container, "", idx, start, int(t))
		}
		k := placement(m, t, p.Params.Profile)
		switch k.place {
		case ca.PlacementForbidden: // 8446-4.2-b, 8446-4.2-T, 8446-4.2.6-b, 8446-4.4.2.1-b
			return l, p.reject(ca.CheckForbiddenExtension, container, "", idx, start, int(t))
		case ca.PlacementUnknown:
			if cr == nil { // 8446-4.2-a, 8701-4.1-a: nobody could have asked for it
				return l, p.reject(ca.CheckUnrequestedExtension, container, "", idx, start, int(t))
			}
			continue // 8446-4.3.2-i, 8701-4.2-a: skip it, keep it
		}
		if !p.extBody(body, k, m, t, cr, idx, depth) {
			return l, false
		}
	}
	return l, true
}

func blockContainer(m ca.HandshakeType) string {
	if m == ca.TypeCertificateRequest {
		return ca.ContainerCRExtensions
	}
	return ca.ContainerCTEntryExtensions
}

// dupAfter reports whether a block prefix (already validated) holds type t.
func dupAfter(b []byte, t ca.ExtensionType) bool {
	for len(b) >= 4 {
		if ca.ExtensionType(b[0])<<8|ca.ExtensionType(b[1]) == t {
			return true
		}
		b = b[4+(int(b[2])<<8|int(b[3])):]
	}
	return false
}

// extBody validates one processed extension body; 9846-4.2-e forbids bytes
// after its structure.
func (p *Parser) extBody(r reader, k blockKind, m ca.HandshakeType, t ca.ExtensionType, cr *CertificateRequest, idx [3]int32, depth int) bool {
	container := ca.ExtensionContainer(m, t)
	var (
		v  reader
		ok bool
	)
	switch k.body {
	case ca.BodyOpaque:
		return true
	case ca.BodyEmpty: // 8446-4.4.2.1-c, 6962-3.3.1-a
		return p.exactLen(r, k.empty, container, idx)
	case ca.BodySignatureSchemeList: // 8446-4.2.3-a; 8446-4.2.3-f: every value accepted
		if v, ok = p.vec(&r, ca.BoundSignatureSchemeList, container, idx); ok && cr != nil {
			if t == ca.ExtSignatureAlgorithms {
				cr.SignatureAlgorithms = SignatureSchemes{v.b}
			} else {
				cr.SignatureAlgorithmsCert = SignatureSchemes{v.b}
			}
		}
	case ca.BodyCertificateAuthorities: // 8446-4.2.4-a
		if v, ok = p.vec(&r, ca.BoundAuthorities, container, idx); ok {
			var cas Vectors
			if cas, ok = p.names(v, ca.BoundDistinguishedName, container, idx, depth+1); ok && cr != nil {
				cr.CertificateAuthorities = cas
			}
		}
	case ca.BodyOIDFilters:
		if v, ok = p.vec(&r, ca.BoundOIDFilters, container, idx); ok {
			var f OIDFilters
			if f, ok = p.oidFilters(v, container, idx, depth+1); ok && cr != nil {
				cr.OIDFilters = f
			}
		}
	case ca.BodyCompressionAlgorithms: // 8879-3-b
		if v, ok = p.vec(&r, ca.BoundCompressionAlgorithms, container, idx); ok && cr != nil {
			cr.CompressionAlgorithms = CompressionAlgorithms{v.b}
		}
	case ca.BodyCertificateStatus: // 6066-8-a, 8446-4.4.2.1-a, 8446-4.4.2.1-d
		start := r.off
		st, ok1 := r.u8()
		switch {
		case !ok1:
			return p.reject(ca.CheckTruncated, container, "status_type", idx, start, 0)
		case st != ca.StatusTypeOCSP: // 8446-6-b: an enum value we cannot interpret
			return p.reject(ca.CheckCertificateStatusType, container, "", idx, start, int(st))
		}
		_, ok = p.vec(&r, ca.BoundOCSPResponse, container, idx)
	case ca.BodySCTList: // 6962-3.3-a
		if v, ok = p.vec(&r, ca.BoundSCTList, container, idx); ok {
			_, ok = p.vectors(v, ca.BoundSerializedSCT, container, idx, depth+1)
		}
	}
	if !ok {
		return false
	}
	if !r.empty() { // 9846-4.2-e
		return p.reject(ca.CheckTrailingInExtension, blockContainer(m), "extension_data", idx, r.off, len(r.b))
	}
	return true
}

// oidFilters validates OIDFilterExtension.filters (8446-4.2.5-b) and its
// rules: no OID twice (8446-4.2.5-c), no anyExtendedKeyUsage (8446-4.2.5-f).
func (p *Parser) oidFilters(r reader, container string, idx [3]int32, depth int) (OIDFilters, bool) {
	l := OIDFilters{raw: r.b}
	base := r.off
	for ; !r.empty(); l.n++ {
		idx[depth] = int32(l.n)
		start := r.off
		oid, ok := p.vec(&r, ca.BoundOIDFilterOID, container, idx)
		if !ok {
			return l, false
		}
		vals, ok := p.vec(&r, ca.BoundOIDFilterValues, container, idx)
		if !ok {
			return l, false
		}
		for _, f := range (OIDFilters{raw: l.raw[:start-base]}).All() {
			if bytes.Equal(f.OID, oid.b) { // 8446-4.2.5-c
				return l, p.reject(ca.CheckDuplicateOIDFilter, container, "filters[].certificate_extension_oid", idx, start, 0)
			}
		}
		if der.IsExtKeyUsageOID(oid.b) && der.NamesAnyExtendedKeyUsage(vals.b) { // 8446-4.2.5-f
			return l, p.reject(ca.CheckAnyExtendedKeyUsage, container, "filters[].certificate_extension_values", idx, vals.off-2, 0)
		}
	}
	return l, true
}
