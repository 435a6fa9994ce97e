// Package der checks the outer DER framing the TLS messages rely on, without
// decoding certificates: enough for 8446-4.4.2-g (a certificate is a DER
// Certificate: tbsCertificate, signatureAlgorithm, signatureValue), 7250-3-b
// (a raw public key is a DER SubjectPublicKeyInfo) and 8446-4.2.4-a /
// 5246-7.4.4-h (a distinguished name is a DER X.501 Name). Every check is one
// pass over the bytes and allocates nothing.
package der

// Tags used here.
const (
	TagSequence  = 0x30
	TagSet       = 0x31
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

// IsCertificate reports whether b is exactly one X.509 Certificate's outer
// shape (RFC 5280 §4.1): SEQUENCE { tbsCertificate SEQUENCE,
// signatureAlgorithm SEQUENCE, signatureValue BIT STRING } and nothing after.
// A bare SubjectPublicKeyInfo (two elements) is not one.
func IsCertificate(b []byte) bool {
	tag, body, rest, ok := Next(b)
	if !ok || tag != TagSequence || len(rest) != 0 {
		return false
	}
	for _, want := range [...]byte{TagSequence, TagSequence, TagBitString} {
		if tag, _, body, ok = Next(body); !ok || tag != want {
			return false
		}
	}
	return len(body) == 0
}

// IsName reports whether b is exactly one DER X.501 Name (RFC 5280 §4.1.2.4):
// SEQUENCE OF RelativeDistinguishedName, each a non-empty SET OF
// AttributeTypeAndValue SEQUENCE { type OBJECT IDENTIFIER, value ANY }. The
// value may be any one TLV; the empty Name (30 00) is a Name. SET OF order is
// not checked.
func IsName(b []byte) bool {
	tag, rdns, rest, ok := Next(b)
	if !ok || tag != TagSequence || len(rest) != 0 {
		return false
	}
	for len(rdns) > 0 {
		var set []byte
		if tag, set, rdns, ok = Next(rdns); !ok || tag != TagSet || len(set) == 0 {
			return false
		}
		for len(set) > 0 {
			var atv, oid []byte
			if tag, atv, set, ok = Next(set); !ok || tag != TagSequence {
				return false
			}
			if tag, oid, atv, ok = Next(atv); !ok || tag != TagOID || !IsOID(oid) {
				return false
			}
			if _, _, atv, ok = Next(atv); !ok || len(atv) != 0 {
				return false
			}
		}
	}
	return true
}

// IsOID reports whether contents are well-formed OBJECT IDENTIFIER contents
// (X.690 §8.19): at least one subidentifier, each base-128 with no leading
// 0x80 byte, the last byte ending one.
func IsOID(contents []byte) bool {
	if len(contents) == 0 || contents[len(contents)-1]&0x80 != 0 {
		return false
	}
	start := true
	for _, c := range contents {
		if start && c == 0x80 {
			return false // not minimal
		}
		start = c&0x80 == 0
	}
	return true
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
