package encoder

import (
	ca "github.com/clientauth/clientauth"
)

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

func (p *plan) certificateVerify(b []byte, m *ca.CertificateVerify) ([]byte, bool) {
	switch {
	case p.vers >= ca.VersionTLS12:
		// 8446-4.4.3-g, 8446-4.4.3-h, 8446-4.2.3-k, 5246-7.4.1.4.1-a, 8701-4.1-a, 8701-3.1-a
		if ca.CVAlgorithmCheckIn(p.vers, p.params.Profile, p.params.FromServer, m.Algorithm) != ca.NoCheck {
			return b, false
		}
		b = append(b, byte(m.Algorithm>>8), byte(m.Algorithm))
	case m.Algorithm != 0:
		return b, false
	}
	return putVec(b, p.cvSig, m.Signature) // 8446-4.4.3-b, 5246-4.7-a, 4346-7.4.8-a
}
