package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// CertificateVerify appends m as a CertificateVerify for e.Params.
func (e *Encoder) CertificateVerify(dst []byte, m *ca.CertificateVerify) ([]byte, error) {
	w, at, ok := e.begin(dst, ca.TypeCertificateVerify)
	return e.end(dst, &w, at, ok && e.certificateVerify(&w, m))
}

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
