package parser

import (
	ca "github.com/clientauth/clientauth"
)

// CompressedCertificate is a view of an RFC 8879 CompressedCertificate. Only
// the framing is checked here; decompressing, and checking the result against
// UncompressedLength (8879-4-b, 8879-4-c), is package certcompress's step,
// since it allocates.
type CompressedCertificate struct {
	Algorithm                    ca.CertificateCompressionAlgorithm
	UncompressedLength           int
	CompressedCertificateMessage []byte
}

// fastCompressedCertificate is compressedCertificate without the records.
func fastCompressedCertificate(b []byte, cc *CompressedCertificate) bool {
	if len(b) < 5 {
		return false
	}
	cc.Algorithm = ca.CertificateCompressionAlgorithm(b[0])<<8 | ca.CertificateCompressionAlgorithm(b[1])
	cc.UncompressedLength = int(b[2])<<16 | int(b[3])<<8 | int(b[4])
	s := scan(b[5:])
	m, ok := s.vec(ca.BoundCompressedCertificateMessage)
	cc.CompressedCertificateMessage = m
	return ok && len(s) == 0
}

func (p *Parser) compressedCertificate(r reader, cc *CompressedCertificate) bool {
	var idx [3]int32
	start := r.off
	alg, ok := r.u16()
	if !ok {
		return p.reject(ca.CheckTruncated, ca.ContainerCC, "algorithm", idx, start, 0)
	}
	cc.Algorithm = ca.CertificateCompressionAlgorithm(alg)
	start = r.off
	if cc.UncompressedLength, ok = r.u24(); !ok {
		return p.reject(ca.CheckTruncated, ca.ContainerCC, "uncompressed_length", idx, start, 0)
	}
	m, ok := p.vec(&r, ca.BoundCompressedCertificateMessage, "", idx) // 8879-4-a
	if !ok || !p.done(r, ca.ContainerCC, "", idx) {
		return false
	}
	cc.CompressedCertificateMessage = m.b
	return true
}

// Value copies the view into an owned value.
func (cc CompressedCertificate) Value() ca.CompressedCertificate {
	return ca.CompressedCertificate{
		Algorithm:                    cc.Algorithm,
		UncompressedLength:           uint32(cc.UncompressedLength),
		CompressedCertificateMessage: clone(cc.CompressedCertificateMessage),
	}
}
