package certcompress

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"

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
	var err error
	switch alg {
	case ca.CompressionZlib:
		out, err = compressStream(body, func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) })
	case ca.CompressionBrotli:
		out, err = compressStream(body, func(w io.Writer) io.WriteCloser { return brotli.NewWriter(w) })
	case ca.CompressionZstd:
		// One shot, as TLS stacks do it: the frame states its content size
		// and its window is no larger than the body, which is what Decompress
		// accepts.
		var z *zstd.Encoder
		z, err = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(int(windowFor(len(body)))),
			zstd.WithSingleSegment(true))
		if err == nil {
			out = z.EncodeAll(body, nil)
			z.Close()
		}
	default:
		return ca.CompressedCertificate{}, fmt.Errorf("certcompress: no compressor for algorithm %v", alg)
	}
	if err != nil {
		return ca.CompressedCertificate{}, err
	}
	// The encoder refuses a payload or length outside the table's bounds
	// (8879-4-a), so nothing is checked twice here.
	return ca.CompressedCertificate{
		Algorithm:                    alg,
		UncompressedLength:           uint32(len(body)),
		CompressedCertificateMessage: out,
	}, nil
}

// compressStream compresses body through the stream compressor open makes.
// The buffer under it cannot fail, so an error is the compressor's own.
func compressStream(body []byte, open func(io.Writer) io.WriteCloser) ([]byte, error) {
	var b bytes.Buffer
	w := open(&b)
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
