package encoder

import (
	"bytes"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
)

func blockContainer(m ca.HandshakeType) string {
	if m == ca.TypeCertificateRequest {
		return ca.ContainerCRExtensions
	}
	return ca.ContainerCTEntryExtensions
}

// extBlock writes the extensions of a CertificateRequest or a CertificateEntry
// (m) in order, refusing what the parser's extBlock rejects: duplicates
// (8446-4.2-c), misplaced recognised types (8446-4.2-b), unknown types in a
// CertificateEntry (8446-4.2-a). The extension's index goes to idx[depth].
// It reports whether signature_algorithms was written.
func (e *Encoder) extBlock(w *writer, m ca.HandshakeType, exts []ca.Extension, idx [3]int32, depth int) (sigAlgs, ok bool) {
	container := blockContainer(m)
	for i := range exts {
		x := &exts[i]
		idx[depth] = int32(i)
		start := w.off()
		for j := range i {
			if exts[j].Type == x.Type {
				return false, e.reject(ca.CheckDuplicateExtension, container, "", idx, start, int(x.Type))
			}
		}
		place, info := ca.MessagePlacement(m, x.Type, e.Params.Profile)
		kind := ca.BodyOpaque
		switch {
		case place == ca.PlacementForbidden:
			return false, e.reject(ca.CheckForbiddenExtension, container, "", idx, start, int(x.Type))
		case place == ca.PlacementUnknown && m != ca.TypeCertificateRequest:
			return false, e.reject(ca.CheckUnrequestedExtension, container, "", idx, start, int(x.Type))
		case place == ca.PlacementAllowed && m == ca.TypeCertificateRequest:
			kind = info.CRBody
		case place == ca.PlacementAllowed:
			kind = info.CTBody
		}
		w.u16(uint16(x.Type))
		at := w.open(ca.BoundExtensionData)
		if !e.extBody(w, kind, &info, m, x, idx, depth) || !e.close(w, at, ca.BoundExtensionData, container, idx) {
			return false, false
		}
		if x.Type == ca.ExtSignatureAlgorithms && m == ca.TypeCertificateRequest {
			sigAlgs = true
		}
	}
	return sigAlgs, true
}

// extBody writes one extension body from the field its kind names; a value in
// any other field would be lost, so it is refused.
func (e *Encoder) extBody(w *writer, kind ca.BodyKind, info *ca.ExtensionInfo, m ca.HandshakeType, x *ca.Extension, idx [3]int32, depth int) bool {
	container := ca.ExtensionContainer(m, x.Type)
	if f := unusedExtensionField(kind, x); f != "" {
		return e.reject(ca.CheckUnusedField, container, f, idx, w.off(), 0)
	}
	switch kind {
	case ca.BodyOpaque:
		w.b = append(w.b, x.Data...)
	case ca.BodyEmpty: // 8446-4.4.2.1-c, 6962-3.3.1-a
		if !e.exactLen(w, info.EmptyBound, container, idx, len(x.Data)) {
			return false
		}
		w.b = append(w.b, x.Data...)
	case ca.BodySignatureSchemeList: // 8446-4.2.3-a
		return u16s(e, w, ca.BoundSignatureSchemeList, container, idx, x.SignatureAlgorithms)
	case ca.BodyCertificateAuthorities: // 8446-4.2.4-a
		return e.vecs(w, ca.BoundAuthorities, ca.BoundDistinguishedName, true, container, idx, depth+1, x.Authorities)
	case ca.BodyOIDFilters:
		return e.oidFilters(w, x.OIDFilters, container, idx, depth+1)
	case ca.BodyCompressionAlgorithms: // 8879-3-b
		return u16s(e, w, ca.BoundCompressionAlgorithms, container, idx, x.CompressionAlgorithms)
	case ca.BodyCertificateStatus: // 6066-8-a
		w.u8(ca.StatusTypeOCSP)
		return e.vec(w, ca.BoundOCSPResponse, container, idx, x.OCSPResponse)
	case ca.BodySCTList: // 6962-3.3-a
		return e.vecs(w, ca.BoundSCTList, ca.BoundSerializedSCT, false, container, idx, depth+1, x.SCTs)
	}
	return true
}

// u16s writes a list (row id) of 16-bit code points.
func u16s[T ~uint16](e *Encoder, w *writer, id ca.BoundID, container string, idx [3]int32, xs []T) bool {
	at := w.open(id)
	for _, x := range xs {
		w.u16(uint16(x))
	}
	return e.close(w, at, id, container, idx)
}

// vecs writes a list (row list) of vectors (row item), DistinguishedNames
// when names is set; the item's index goes to idx[depth].
func (e *Encoder) vecs(w *writer, list, item ca.BoundID, names bool, container string, idx [3]int32, depth int, vs [][]byte) bool {
	at := w.open(list)
	for i, v := range vs {
		idx[depth] = int32(i)
		if names && !e.name(w, item, container, idx, v) || !names && !e.vec(w, item, container, idx, v) {
			return false
		}
	}
	return e.close(w, at, list, container, idx)
}

// unusedExtensionField names a field of x set but not written for kind.
func unusedExtensionField(kind ca.BodyKind, x *ca.Extension) string {
	switch {
	case len(x.SignatureAlgorithms) > 0 && kind != ca.BodySignatureSchemeList:
		return "signature_algorithms"
	case len(x.Authorities) > 0 && kind != ca.BodyCertificateAuthorities:
		return "authorities"
	case len(x.OIDFilters) > 0 && kind != ca.BodyOIDFilters:
		return "filters"
	case len(x.CompressionAlgorithms) > 0 && kind != ca.BodyCompressionAlgorithms:
		return "algorithms"
	case len(x.OCSPResponse) > 0 && kind != ca.BodyCertificateStatus:
		return "ocsp_response"
	case len(x.SCTs) > 0 && kind != ca.BodySCTList:
		return "sct_list"
	case len(x.Data) > 0 && kind != ca.BodyOpaque && kind != ca.BodyEmpty:
		return "extension_data"
	}
	return ""
}

// oidFilters writes OIDFilterExtension.filters (8446-4.2.5-b), refusing a
// repeated OID (8446-4.2.5-c) and anyExtendedKeyUsage (8446-4.2.5-f).
func (e *Encoder) oidFilters(w *writer, fs []ca.OIDFilter, container string, idx [3]int32, depth int) bool {
	at := w.open(ca.BoundOIDFilters)
	for i := range fs {
		f := &fs[i]
		idx[depth] = int32(i)
		start := w.off()
		for j := range i {
			if bytes.Equal(fs[j].OID, f.OID) {
				return e.reject(ca.CheckDuplicateOIDFilter, container, "filters[].certificate_extension_oid", idx, start, 0)
			}
		}
		if !e.vec(w, ca.BoundOIDFilterOID, container, idx, f.OID) {
			return false
		}
		if der.IsExtKeyUsageOID(f.OID) && der.NamesAnyExtendedKeyUsage(f.Values) {
			return e.reject(ca.CheckAnyExtendedKeyUsage, container, "filters[].certificate_extension_values", idx, w.off(), 0)
		}
		if !e.vec(w, ca.BoundOIDFilterValues, container, idx, f.Values) {
			return false
		}
	}
	return e.close(w, at, ca.BoundOIDFilters, container, idx)
}

// extensions is extBlock's fast path; sigAlgs reports a CertificateRequest's
// signature_algorithms.
func (p *plan) extensions(b []byte, block int, exts []ca.Extension) (_ []byte, sigAlgs, ok bool) {
	data := ca.LimitsOf(ca.BoundExtensionData)
	for i := range exts {
		x := &exts[i]
		for j := range i {
			if exts[j].Type == x.Type { // 8446-4.2-c
				return b, false, false
			}
		}
		s := p.slot(block, x.Type) // 8446-4.2-b, 8446-4.2-a
		if s.place == ca.PlacementForbidden || s.place == ca.PlacementUnknown && block == ctBlock ||
			unusedExtensionField(s.kind, x) != "" {
			return b, false, false
		}
		b = append(b, byte(x.Type>>8), byte(x.Type))
		var at int
		b, at = reserve(b, data.Width)
		if b, ok = p.extBody(b, s, x); !ok || !patch(b, at, data) {
			return b, false, false
		}
		sigAlgs = sigAlgs || x.Type == ca.ExtSignatureAlgorithms && block == crBlock
	}
	return b, sigAlgs, true
}

// extBody is extBody's fast path.
func (p *plan) extBody(b []byte, s slot, x *ca.Extension) ([]byte, bool) {
	switch s.kind {
	case ca.BodyOpaque:
		return append(b, x.Data...), true
	case ca.BodyEmpty: // 8446-4.4.2.1-c, 6962-3.3.1-a
		return append(b, x.Data...), ca.LimitsOf(s.empty).Allows(len(x.Data))
	case ca.BodySignatureSchemeList: // 8446-4.2.3-a
		return putInts(b, ca.LimitsOf(ca.BoundSignatureSchemeList), x.SignatureAlgorithms)
	case ca.BodyCertificateAuthorities:
		return putNames(b, ca.LimitsOf(ca.BoundAuthorities), ca.LimitsOf(ca.BoundDistinguishedName), x.Authorities)
	case ca.BodyOIDFilters:
		return oidFilters(b, x.OIDFilters)
	case ca.BodyCompressionAlgorithms: // 8879-3-b
		return putInts(b, ca.LimitsOf(ca.BoundCompressionAlgorithms), x.CompressionAlgorithms)
	case ca.BodyCertificateStatus: // 6066-8-a
		return putVec(append(b, ca.StatusTypeOCSP), ca.LimitsOf(ca.BoundOCSPResponse), x.OCSPResponse)
	case ca.BodySCTList: // 6962-3.3-a
		return putVecs(b, ca.LimitsOf(ca.BoundSCTList), ca.LimitsOf(ca.BoundSerializedSCT), x.SCTs)
	}
	return b, true
}

// oidFilters is the fast path of Encoder.oidFilters.
func oidFilters(b []byte, fs []ca.OIDFilter) ([]byte, bool) {
	list, oid, values := ca.LimitsOf(ca.BoundOIDFilters), ca.LimitsOf(ca.BoundOIDFilterOID), ca.LimitsOf(ca.BoundOIDFilterValues)
	b, at := reserve(b, list.Width)
	for i := range fs {
		f := &fs[i]
		for j := range i {
			if bytes.Equal(fs[j].OID, f.OID) { // 8446-4.2.5-c
				return b, false
			}
		}
		if der.IsExtKeyUsageOID(f.OID) && der.NamesAnyExtendedKeyUsage(f.Values) { // 8446-4.2.5-f
			return b, false
		}
		var ok1, ok2 bool
		b, ok1 = putVec(b, oid, f.OID)
		b, ok2 = putVec(b, values, f.Values)
		if !ok1 || !ok2 {
			return b, false
		}
	}
	return b, patch(b, at, list)
}
