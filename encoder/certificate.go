package encoder

import (
	ca "github.com/clientauth/clientauth"
)

func (e *Encoder) certificate12(w *writer, m *ca.Certificate) bool {
	var idx [3]int32
	if len(m.Context) > 0 {
		return e.reject(ca.CheckUnusedField, ca.ContainerCT, "certificate_request_context", idx, w.off(), 0)
	}
	for i := range m.Entries {
		if len(m.Entries[i].Extensions) > 0 {
			idx[0] = int32(i)
			return e.reject(ca.CheckUnusedField, ca.ContainerCT, "certificate_list[].extensions", idx, w.off(), 0)
		}
	}
	switch e.Params.CertType {
	case ca.CertTypeRawPublicKey:
		if e.Params.Vers() != ca.VersionTLS12 {
			return e.reject(ca.CheckBadParams, ca.ContainerCT, "", idx, 0, 0)
		}
		if len(m.Entries) != 1 { // 7250-3-a: one SPKI, no list
			return e.reject(ca.CheckRawPublicKeyEntries, ca.ContainerCT, "", idx, w.off(), len(m.Entries))
		}
		spki := m.Entries[0].Data
		if c := ca.CertificateDataCheck(e.Params.CertType, spki); ca.LimitsOf(ca.BoundCTRawPublicKey12).Allows(len(spki)) && c != ca.NoCheck { // 7250-3-b
			return e.reject(c, ca.ContainerCT, "ASN1_subjectPublicKeyInfo", idx, w.off()+3, 0)
		}
		return e.vec(w, ca.BoundCTRawPublicKey12, "", idx, spki)
	case ca.CertTypeOpenPGP:
		return e.reject(ca.CheckBadParams, ca.ContainerCT, "", idx, 0, 0)
	}
	at := w.open(ca.BoundCTList12) // 5246-7.4.2-a
	for i := range m.Entries {
		idx[0] = int32(i)
		cert := m.Entries[i].Data
		if c := ca.CertificateDataCheck(e.Params.CertType, cert); ca.LimitsOf(ca.BoundCTASN1Cert).Allows(len(cert)) && c != ca.NoCheck { // 8446-4.4.2-g
			return e.reject(c, ca.ContainerCT, "certificate_list[]", idx, w.off()+3, 0)
		}
		if !e.vec(w, ca.BoundCTASN1Cert, "", idx, cert) {
			return false
		}
	}
	idx[0] = 0
	return e.close(w, at, ca.BoundCTList12, "", idx)
}

func (e *Encoder) certificate13(w *writer, m *ca.Certificate) bool {
	var idx [3]int32
	ctxStart := w.off()
	if !e.vec(w, ca.BoundCTContext, "", idx, m.Context) { // 8446-4.4.2-c
		return false
	}
	listStart := w.off()
	rpk := e.Params.CertType == ca.CertTypeRawPublicKey
	dataBound, dataField := ca.BoundCTCertData, "certificate_list[].cert_data"
	if rpk {
		dataBound, dataField = ca.BoundCTRawPublicKey13, "certificate_list[].ASN1_subjectPublicKeyInfo"
	}
	at := w.open(ca.BoundCTList13)
	for i := range m.Entries {
		ent := &m.Entries[i]
		idx[0] = int32(i)
		// The parser reads the length before the content: a length out of
		// its row is refused by the row.
		if c := ca.CertificateDataCheck(e.Params.CertType, ent.Data); ca.LimitsOf(dataBound).Allows(len(ent.Data)) && c != ca.NoCheck { // 7250-3-b, 8446-4.4.2-g
			return e.reject(c, ca.ContainerCT, dataField, idx, w.off()+3, 0)
		}
		if !e.vec(w, dataBound, "", idx, ent.Data) {
			return false
		}
		extAt := w.open(ca.BoundCTEntryExtensions)
		if _, ok := e.extBlock(w, ca.TypeCertificate, ent.Extensions, idx, 1); !ok {
			return false
		}
		if !e.close(w, extAt, ca.BoundCTEntryExtensions, "", idx) {
			return false
		}
	}
	idx[0] = 0
	if !e.close(w, at, ca.BoundCTList13, "", idx) {
		return false
	}
	// 8446-4.4.2-j, 8446-4.4.2-i, 8446-4.4.2-k, 8446-4.4.2-d
	switch chk := ca.CertificateCheck(e.Params, len(m.Entries), len(m.Context)); chk {
	case ca.NoCheck:
		return true
	case ca.CheckCTContextOutsidePostHandshake:
		return e.reject(chk, ca.ContainerCT, "", idx, ctxStart, len(m.Context))
	case ca.CheckRawPublicKeyEntries:
		return e.reject(chk, ca.ContainerCT, "", idx, listStart, len(m.Entries))
	default:
		return e.reject(chk, ca.ContainerCT, "", idx, listStart, 0)
	}
}

func (p *plan) certificate(b []byte, m *ca.Certificate) ([]byte, bool) {
	if p.vers == ca.VersionTLS13 {
		return p.certificate13(b, m)
	}
	// RawPublicKey and OpenPGP are rare: the detailed path writes them.
	if len(m.Context) > 0 || p.params.CertType != ca.CertTypeX509 {
		return b, false
	}
	item := ca.LimitsOf(ca.BoundCTASN1Cert)
	b, at := reserve(b, ca.LimitsOf(ca.BoundCTList12).Width)
	for i := range m.Entries {
		ent := &m.Entries[i]
		if len(ent.Extensions) > 0 || ca.CertificateDataCheck(p.params.CertType, ent.Data) != ca.NoCheck { // 8446-4.4.2-g
			return b, false
		}
		var ok bool
		if b, ok = putVec(b, item, ent.Data); !ok {
			return b, false
		}
	}
	return b, patch(b, at, ca.LimitsOf(ca.BoundCTList12))
}

func (p *plan) certificate13(b []byte, m *ca.Certificate) ([]byte, bool) {
	if ca.CertificateCheck(p.params, len(m.Entries), len(m.Context)) != ca.NoCheck { // 8446-4.4.2-j, 8446-4.4.2-i, 8446-4.4.2-k, 8446-4.4.2-d
		return b, false
	}
	b, ok := putVec(b, ca.LimitsOf(ca.BoundCTContext), m.Context) // 8446-4.4.2-c
	if !ok {
		return b, false
	}
	list, exts := ca.LimitsOf(ca.BoundCTList13), ca.LimitsOf(ca.BoundCTEntryExtensions)
	b, at := reserve(b, list.Width)
	for i := range m.Entries {
		ent := &m.Entries[i]
		if ca.CertificateDataCheck(p.params.CertType, ent.Data) != ca.NoCheck { // 7250-3-b, 8446-4.4.2-g
			return b, false
		}
		if b, ok = putVec(b, p.ctData, ent.Data); !ok {
			return b, false
		}
		var extAt int
		b, extAt = reserve(b, exts.Width)
		if b, _, ok = p.extensions(b, ctBlock, ent.Extensions); !ok || !patch(b, extAt, exts) {
			return b, false
		}
	}
	return b, patch(b, at, list)
}
