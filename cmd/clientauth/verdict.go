package main

import (
	"bytes"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/certcompress"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/parser"
)

// What check and corpus check conclude of one message: the receiver's
// verdict, and whether the value read encodes back to the same bytes.

// verdict parses one message as a receiver must: every rule its Params let
// the parser decide, and for a CompressedCertificate the Certificate inside,
// processed as if it had arrived uncompressed (8879-5-a), so that a payload
// that does not inflate, inflates to another length (8879-4-b), or holds a
// bad Certificate makes the message invalid. buf is reused for inflating.
func verdict(params ca.Params, msg, buf []byte) (parser.Message, []byte, error) {
	m, err := parser.New(params).Parse(msg)
	if err != nil || m.Type != ca.TypeCompressedCertificate {
		return m, buf, err
	}
	buf, _, err = certcompress.Decompress(parser.New(params), m.CompressedCertificate, buf[:0])
	return m, buf, err
}

// reencodes encodes the value m the parser read from msg, into dst[:0],
// and reports whether that gives back msg exactly; out is the buffer, for
// reuse. err is the encoder refusing a value the parser accepted: a bug.
func reencodes(p ca.Params, m parser.Message, msg, dst []byte) (same bool, out []byte, err error) {
	out, err = encoder.New(p).Encode(dst[:0], m.Value())
	if err != nil {
		return false, dst, err
	}
	return bytes.Equal(out, msg), out, nil
}
