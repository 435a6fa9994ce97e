// Package certcompress is the step after framing for RFC 8879
// CompressedCertificate: inflating the payload under a hard memory bound and
// handing the result to the parser as if it had arrived uncompressed, and the
// mirror step for senders.
//
// It is kept out of package parser because it cannot share the parser's
// guarantees: the decoders keep state and the output needs a buffer, so a
// call allocates (the caller can pass dst with room for the result; the
// decoders still allocate their windows). What it does guarantee is memory
// bounded by uncompressed_length (at most 2^24-1 bytes), whatever the input.
package certcompress

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/errs"
	"github.com/clientauth/clientauth/parser"
)

// Algorithms are the RFC 8879 §7.3 code points this package implements.
var Algorithms = []ca.CertificateCompressionAlgorithm{ca.CompressionZlib, ca.CompressionBrotli, ca.CompressionZstd}

// Offsets of the fields an error can name, in a whole CompressedCertificate
// message: header (4), algorithm (2), uncompressed_length (3), payload.
const (
	offAlgorithm = 4
	offLength    = 6
	offPayload   = 9
)

// maxWindow bounds a zstd window: a Certificate is at most 2^24-1 bytes
// (8879-5-a).
const maxWindow = 1 << 24

// windowFor is the largest zstd window a Certificate of n bytes can need:
// n rounded up to a power of two, at least zstd's 1 KiB minimum.
func windowFor(n int) uint64 {
	w := uint64(zstd.MinWindowSize)
	for w < uint64(n) && w < maxWindow {
		w <<= 1
	}
	return w
}

// Decompress inflates cc and appends the Certificate it holds to dst as a
// whole handshake message (4-byte header included), then parses it with p:
// the result is checked exactly as an uncompressed Certificate would be
// (8879-5-a), under p's Params, so with RawPublicKey negotiated the entries
// must be raw public keys (8879-4-d). The returned view aliases the returned
// slice. Decompression stops as soon as the output passes
// uncompressed_length; a shorter output is refused too (8879-4-b); a payload
// that does not decode is refused (8879-4-c). Errors are *ca.Error with
// alert bad_certificate, or the parser's error for the inflated Certificate.
func Decompress(p *parser.Parser, cc parser.CompressedCertificate, dst []byte) ([]byte, parser.Certificate, error) {
	n := cc.UncompressedLength
	if fcs, ok := zstdContentSize(cc); ok && fcs != uint64(n) { // 8879-4-b, before any window is reserved
		return dst, parser.Certificate{}, check(ca.CheckDecompressedLength, "", offLength, int(min(fcs, 1<<31)))
	}
	r, err := reader(cc.Algorithm, cc.CompressedCertificateMessage, n)
	if err != nil {
		return dst, parser.Certificate{}, err
	}
	start := len(dst)
	dst = append(dst, byte(ca.TypeCertificate), byte(n>>16), byte(n>>8), byte(n))
	dst, err = readAtMost(dst, r, n+1)
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
	got := len(dst) - start - 4
	switch {
	case err != nil:
		return dst[:start], parser.Certificate{}, check(ca.CheckDecompress, "", offPayload, int(cc.Algorithm))
	case got > n: // 8879-5-a
		return dst[:start], parser.Certificate{}, check(ca.CheckDecompressOverflow, "", offLength, n)
	case got < n: // 8879-4-b
		return dst[:start], parser.Certificate{}, check(ca.CheckDecompressedLength, "", offLength, got)
	}
	msg := dst[start:]
	cert, err := p.Certificate(msg)
	if err != nil {
		return dst[:start], parser.Certificate{}, err
	}
	return dst, cert, nil
}

// reader opens the payload with the decoder the algorithm names. An
// algorithm outside RFC 8879's list cannot be decompressed (8879-4-c); that
// the peer never offered it is a handshake-state question (8879-4-a) left to
// the caller.
func reader(alg ca.CertificateCompressionAlgorithm, payload []byte, n int) (io.Reader, error) {
	src := bytes.NewReader(payload)
	switch alg {
	case ca.CompressionZlib:
		z, err := zlib.NewReader(src)
		if err != nil {
			return nil, check(ca.CheckDecompress, "", offPayload, int(alg))
		}
		return z, nil
	case ca.CompressionBrotli:
		return brotli.NewReader(src), nil
	case ca.CompressionZstd:
		// The window never needs to exceed the whole output, so a frame
		// asking for more is refused rather than allowed to reserve it
		// (8879-5-a: bound memory).
		z, err := zstd.NewReader(src, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
			zstd.WithDecoderMaxWindow(windowFor(n)), zstd.WithDecoderMaxMemory(maxWindow))
		if err != nil {
			return nil, check(ca.CheckDecompress, "", offPayload, int(alg))
		}
		return zstdReader{z}, nil
	}
	return nil, check(ca.CheckDecompress, "algorithm", offAlgorithm, int(alg))
}

// zstdContentSize reads Frame_Content_Size from a zstd frame header (RFC
// 8878 §3.1.1.1), when the frame declares it. The decoder sizes its window
// from the header, so a frame that admits to a size other than
// uncompressed_length is refused before it can make us allocate.
func zstdContentSize(cc parser.CompressedCertificate) (uint64, bool) {
	b := cc.CompressedCertificateMessage
	if cc.Algorithm != 3 || len(b) < 5 || b[0] != 0x28 || b[1] != 0xb5 || b[2] != 0x2f || b[3] != 0xfd {
		return 0, false
	}
	fhd := b[4]
	single := fhd&0x20 != 0
	off := 5
	if !single {
		off++ // Window_Descriptor
	}
	off += [4]int{0, 1, 2, 4}[fhd&3] // Dictionary_ID
	size := [4]int{0, 2, 4, 8}[fhd>>6]
	if size == 0 && single {
		size = 1
	}
	if size == 0 || len(b) < off+size {
		return 0, false
	}
	var v uint64
	for i := size - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[off+i])
	}
	if size == 2 {
		v += 256
	}
	return v, true
}

// zstdReader gives the decoder a Close without a result, like the others.
type zstdReader struct{ *zstd.Decoder }

func (z zstdReader) Close() error { z.Decoder.Close(); return nil }

// readAtMost appends up to limit bytes of r to dst, growing dst in steps so
// that a lying uncompressed_length costs no more memory than the output
// actually produced (bounded by limit).
func readAtMost(dst []byte, r io.Reader, limit int) ([]byte, error) {
	end := len(dst) + limit
	for len(dst) < end {
		if len(dst) == cap(dst) {
			grow := min(max(cap(dst), 4096), end-len(dst))
			dst = append(dst, make([]byte, grow)...)[:len(dst)]
		}
		m, err := r.Read(dst[len(dst):min(cap(dst), end)])
		dst = dst[:len(dst)+m]
		if errors.Is(err, io.EOF) {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
	return dst, nil
}

func check(id ca.CheckID, field string, off, value int) error {
	e := new(ca.Error)
	return errs.Check(e, id, ca.ContainerCC, field, [3]int32{}, off, value)
}
