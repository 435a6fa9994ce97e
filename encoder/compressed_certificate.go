package encoder

import (
	ca "github.com/clientauth/clientauth"
)

func (e *Encoder) compressedCertificate(w *writer, m *ca.CompressedCertificate) bool {
	var idx [3]int32
	w.u16(uint16(m.Algorithm))
	if m.UncompressedLength > ca.MaxUint24 {
		return e.reject(ca.CheckUncompressedLength, ca.ContainerCC, "", idx, w.off(), int(m.UncompressedLength))
	}
	w.u24(int(m.UncompressedLength))
	return e.vec(w, ca.BoundCompressedCertificateMessage, "", idx, m.CompressedCertificateMessage) // 8879-4-a
}

func (p *plan) compressedCertificate(b []byte, m *ca.CompressedCertificate) ([]byte, bool) {
	n := m.UncompressedLength
	if n > ca.MaxUint24 {
		return b, false
	}
	b = append(b, byte(m.Algorithm>>8), byte(m.Algorithm), byte(n>>16), byte(n>>8), byte(n))
	return putVec(b, ca.LimitsOf(ca.BoundCompressedCertificateMessage), m.CompressedCertificateMessage) // 8879-4-a
}
