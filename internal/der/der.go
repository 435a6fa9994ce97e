// Package der checks the outer DER framing the TLS messages rely on, without
// decoding certificates: enough for 8446-4.4.2-g (a certificate is one DER
// value) and 7250-3-b (a raw public key is a DER SubjectPublicKeyInfo).
package der

// Tags used here.
const (
	TagSequence  = 0x30
	TagBitString = 0x03
	TagOID       = 0x06
)

// Next splits the first DER TLV off b: its tag, its contents and the rest.
// It accepts only definite, minimal lengths (X.690 §10.1) of up to 4 bytes and
// single-byte tags.
func Next(b []byte) (tag byte, contents, rest []byte, ok bool) {
	if len(b) < 2 || b[0]&0x1f == 0x1f {
		return 0, nil, nil, false
	}
	tag = b[0]
	n, hdr := int(b[1]), 2
	if n >= 0x80 {
		k := n & 0x7f
		if k == 0 || k > 4 || len(b) < 2+k || b[2] == 0 {
			return 0, nil, nil, false // indefinite, too long, or not minimal
		}
		n = 0
		for _, c := range b[2 : 2+k] {
			n = n<<8 | int(c)
		}
		if n < 0x80 {
			return 0, nil, nil, false // the short form would do
		}
		hdr += k
	}
	if n > len(b)-hdr {
		return 0, nil, nil, false
	}
	return tag, b[hdr : hdr+n], b[hdr+n:], true
}

// IsSequence reports whether b is exactly one DER SEQUENCE.
func IsSequence(b []byte) bool {
	tag, _, rest, ok := Next(b)
	return ok && tag == TagSequence && len(rest) == 0
}

// IsSubjectPublicKeyInfo reports whether b is exactly one
// SEQUENCE { SEQUENCE (AlgorithmIdentifier), BIT STRING }.
func IsSubjectPublicKeyInfo(b []byte) bool {
	tag, body, rest, ok := Next(b)
	if !ok || tag != TagSequence || len(rest) != 0 {
		return false
	}
	tag, _, body, ok = Next(body)
	if !ok || tag != TagSequence {
		return false
	}
	tag, _, body, ok = Next(body)
	return ok && tag == TagBitString && len(body) == 0
}

// Wrap appends a DER TLV with the given tag and contents to dst. Generators
// and tests use it to make well-framed certificates.
func Wrap(dst []byte, tag byte, contents []byte) []byte {
	dst = append(dst, tag)
	n := len(contents)
	switch {
	case n < 0x80:
		dst = append(dst, byte(n))
	case n <= 0xff:
		dst = append(dst, 0x81, byte(n))
	case n <= 0xffff:
		dst = append(dst, 0x82, byte(n>>8), byte(n))
	case n <= 0xffffff:
		dst = append(dst, 0x83, byte(n>>16), byte(n>>8), byte(n))
	default:
		dst = append(dst, 0x84, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	}
	return append(dst, contents...)
}
