package parser

import (
	ca "github.com/clientauth/clientauth"
)

// CertificateVerify is a view of a CertificateVerify: RFC 8446 §4.4.3,
// RFC 5246 §7.4.8 (DigitallySigned), or RFC 4346 §7.4.8 (TLS 1.0/1.1: no
// algorithm, Algorithm is 0).
type CertificateVerify struct {
	Version   ca.Version
	Algorithm ca.SignatureScheme
	Signature []byte
}

// fastCertificateVerify is certificateVerify without the records.
func (p *Parser) fastCertificateVerify(b []byte, pre *prepared, cv *CertificateVerify) bool {
	s := scan(b)
	cv.Version = pre.vers
	tls12 := cv.Version >= ca.VersionTLS12
	if tls12 {
		alg, ok := s.u16()
		if !ok {
			return false
		}
		cv.Algorithm = ca.SignatureScheme(alg)
	}
	sig, ok := s.vec(pre.cvSig)
	cv.Signature = sig
	return ok && len(s) == 0 && (!tls12 || ca.CVAlgorithmCheckIn(pre.vers, pre.params.Profile, pre.params.FromServer, cv.Algorithm) == ca.NoCheck)
}

func (p *Parser) certificateVerify(r reader, cv *CertificateVerify) bool {
	var idx [3]int32
	// 8446-4.4.3-b, 5246-4.7-a, 5246-7.4.8-b, 4346-7.4.8-a
	sigBound := p.pre.cvSig
	algStart := r.off
	if cv.Version >= ca.VersionTLS12 {
		alg, ok := r.u16()
		if !ok {
			return p.reject(ca.CheckTruncated, ca.ContainerCV, "algorithm", idx, algStart, 0)
		}
		cv.Algorithm = ca.SignatureScheme(alg)
	}
	sig, ok := p.vec(&r, sigBound, "", idx)
	if !ok || !p.done(r, ca.ContainerCV, "", idx) {
		return false
	}
	cv.Signature = sig.b
	// 8446-4.4.3-g, 8446-4.4.3-h, 8446-4.2.3-k, 5246-7.4.1.4.1-a, 8701-4.1-a, 8701-3.1-a
	if c := ca.CVAlgorithmCheck(p.Params, cv.Algorithm); cv.Version >= ca.VersionTLS12 && c != ca.NoCheck {
		return p.reject(c, ca.ContainerCV, "algorithm", idx, algStart, int(cv.Algorithm))
	}
	return true
}

// Value copies the view into an owned value.
func (cv CertificateVerify) Value() ca.CertificateVerify {
	return ca.CertificateVerify{Algorithm: cv.Algorithm, Signature: clone(cv.Signature)}
}
