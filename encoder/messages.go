package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// The detailed paths of the messages with a handful of fields.

func (e *Encoder) certificateVerify(w *writer, m *ca.CertificateVerify) bool {
	var idx [3]int32
	v := e.Params.Vers()
	// 8446-4.4.3-b, 5246-4.7-a, 4346-7.4.8-a
	sigBound := e.Params.Row(ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10)
	algStart := w.off()
	if v >= ca.VersionTLS12 {
		// 8446-4.4.3-g, 8446-4.4.3-h, 8446-4.2.3-k, 5246-7.4.1.4.1-a, 8701-4.1-a, 8701-3.1-a
		if c := ca.CVAlgorithmCheck(e.Params, m.Algorithm); c != ca.NoCheck {
			return e.reject(c, ca.ContainerCV, "algorithm", idx, algStart, int(m.Algorithm))
		}
		w.u16(uint16(m.Algorithm))
	} else if m.Algorithm != 0 {
		return e.reject(ca.CheckUnusedField, ca.ContainerCV, "algorithm", idx, algStart, 0)
	}
	return e.vec(w, sigBound, "", idx, m.Signature)
}

func (e *Encoder) clientKeyExchange(w *writer, m *ca.ClientKeyExchange) bool {
	var idx [3]int32
	k := e.Params.KeyExchange
	exch := k.ExchangeBound()
	if len(m.PSKIdentity) > 0 && !k.HasPSKIdentity() {
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, ca.BoundOf(ca.BoundPSKIdentity).Field, idx, w.off(), 0)
	}
	for _, id := range ca.ExchangeRows() {
		if id != exch && len(*m.ExchangeField(id)) > 0 {
			return e.reject(ca.CheckUnusedField, ca.ContainerCKE, ca.BoundOf(id).Field, idx, w.off(), 0)
		}
	}
	if k == ca.KexFixedDH { // 5246-7.4.7-b
		return e.exactLen(w, ca.BoundFixedDHBody, "", idx, 0)
	}
	if k.HasPSKIdentity() && !e.vec(w, ca.BoundPSKIdentity, "", idx, m.PSKIdentity) {
		return false
	}
	if exch != ca.NoBound {
		return e.vec(w, exch, "", idx, *m.ExchangeField(exch))
	}
	return true
}

func (e *Encoder) compressedCertificate(w *writer, m *ca.CompressedCertificate) bool {
	var idx [3]int32
	w.u16(uint16(m.Algorithm))
	if m.UncompressedLength > ca.MaxUint24 {
		return e.reject(ca.CheckUncompressedLength, ca.ContainerCC, "", idx, w.off(), int(m.UncompressedLength))
	}
	w.u24(int(m.UncompressedLength))
	return e.vec(w, ca.BoundCompressedCertificateMessage, "", idx, m.CompressedCertificateMessage) // 8879-4-a
}

func (e *Encoder) finished(w *writer, m *ca.Finished) bool {
	var idx [3]int32
	want := e.Params.VerifyDataLen()
	if !ca.LimitsOf(ca.BoundFinishedVerifyData).Allows(want) {
		return e.reject(ca.CheckBadParams, ca.ContainerFinished, "", idx, 0, want)
	}
	if len(m.VerifyData) != want { // 8446-6-a
		return e.reject(ca.CheckFinishedLength, ca.ContainerFinished, "", idx, w.off(), len(m.VerifyData))
	}
	w.b = append(w.b, m.VerifyData...)
	return true
}
