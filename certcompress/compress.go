package certcompress

import (
	"bytes"
	"compress/zlib"
	"fmt"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/wire"
)

// Compress is Decompress's mirror for senders: it compresses certMsg, a whole
// Certificate handshake message (header included), with alg and returns the
// CompressedCertificate value to hand to the encoder. What is compressed is
// the Certificate body, whatever shape it has: with RawPublicKey negotiated
// that is the raw-public-key Certificate (8879-4-d).
func Compress(alg ca.CertificateCompressionAlgorithm, certMsg []byte) (ca.CompressedCertificate, error) {
	if len(certMsg) < 4 || ca.HandshakeType(certMsg[0]) != ca.TypeCertificate {
		return ca.CompressedCertificate{}, fmt.Errorf("certcompress: input is not a Certificate handshake message")
	}
	body := certMsg[4:]
	if n := wire.Uint(certMsg[1:4]); n != len(body) {
		return ca.CompressedCertificate{}, fmt.Errorf("certcompress: Certificate header says %d bytes, body has %d", n, len(body))
	}
	var out []byte
	switch alg {
	case 1:
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write(body)
		if err := w.Close(); err != nil {
			return ca.CompressedCertificate{}, err
		}
		out = b.Bytes()
	case 2:
		var b bytes.Buffer
		w := brotli.NewWriter(&b)
		w.Write(body)
		if err := w.Close(); err != nil {
			return ca.CompressedCertificate{}, err
		}
		out = b.Bytes()
	case 3:
		// One shot, as TLS stacks do it: the frame states its content size
		// and its window is no larger than the body, which is what Decompress
		// accepts.
		z, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(int(windowFor(len(body)))),
			zstd.WithSingleSegment(true))
		if err != nil {
			return ca.CompressedCertificate{}, err
		}
		out = z.EncodeAll(body, nil)
		z.Close()
	default:
		return ca.CompressedCertificate{}, fmt.Errorf("certcompress: no compressor for algorithm %v", alg)
	}
	// The encoder refuses a payload or length outside the table's bounds
	// (8879-4-a), so nothing is checked twice here.
	return ca.CompressedCertificate{
		Algorithm:                    alg,
		UncompressedLength:           uint32(len(body)),
		CompressedCertificateMessage: out,
	}, nil
}
