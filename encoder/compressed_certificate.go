package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// CompressedCertificate appends m as an RFC 8879 CompressedCertificate (TLS 1.3).
func (e *Encoder) CompressedCertificate(dst []byte, m *ca.CompressedCertificate) ([]byte, error) {
	w, at, ok := e.begin(dst, ca.TypeCompressedCertificate)
	return e.end(dst, &w, at, ok && e.compressedCertificate(&w, m))
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
