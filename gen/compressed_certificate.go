package gen

import (
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
)

func (g *drawer) compressedCertificate() *ca.CompressedCertificate {
	return &ca.CompressedCertificate{
		Algorithm:                    ca.CertificateCompressionAlgorithm(rapid.Uint16().Draw(g.t, "algorithm")),
		UncompressedLength:           uint32(g.edge("uncompressed_length", 0, ca.MaxUint24, 1)),
		CompressedCertificateMessage: g.bytes(g.row("compressed_certificate_message", ca.BoundCompressedCertificateMessage, Big24)),
	}
}
