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
	contents, rest, ok = split(b, b[0])
	return b[0], contents, rest, ok
}

// split is Next for a TLV whose tag must be tag. Lengths of up to three
// bytes, which every certificate and name in practice uses, are decided
// here; the parser runs this on every certificate and name it reads.
func split(b []byte, tag byte) (contents, rest []byte, ok bool) {
	if len(b) < 2 || b[0] != tag {
		return nil, nil, false
	}
	n, h := int(b[1]), 2
	switch {
	case n < 0x80:
	case n == 0x81 && len(b) >= 3 && b[2] >= 0x80:
		n, h = int(b[2]), 3
	case n == 0x82 && len(b) >= 4 && b[2] != 0:
		n, h = int(b[2])<<8|int(b[3]), 4
	case n == 0x83 && len(b) >= 5 && b[2] != 0:
		n, h = int(b[2])<<16|int(b[3])<<8|int(b[4]), 5
	default:
		return splitLong(b)
	}
	if n > len(b)-h {
		return nil, nil, false
	}
	return b[h : h+n], b[h+n:], true
}

// splitLong splits a TLV with a long-form length.
func splitLong(b []byte) (contents, rest []byte, ok bool) {
	k := int(b[1]) & 0x7f
	if k == 0 || k > 4 || len(b) < 2+k || b[2] == 0 {
		return nil, nil, false // indefinite, too long, or not minimal
	}
	n := 0
	for _, c := range b[2 : 2+k] {
		n = n<<8 | int(c)
	}
	if n < 0x80 {
		return nil, nil, false // the short form would do
	}
	hdr := 2 + k
	if n > len(b)-hdr {
		return nil, nil, false
	}
	return b[hdr : hdr+n], b[hdr+n:], true
}

// IsSequence reports whether b is exactly one DER SEQUENCE.
func IsSequence(b []byte) bool {
	tag, _, rest, ok := Next(b)
	return ok && tag == TagSequence && len(rest) == 0
}

// IsSubjectPublicKeyInfo reports whether b is exactly one
// SEQUENCE { SEQUENCE (AlgorithmIdentifier), BIT STRING }.
func IsSubjectPublicKeyInfo(b []byte) bool {
	body, rest, ok := split(b, TagSequence)
	if !ok || len(rest) != 0 {
		return false
	}
	if _, body, ok = split(body, TagSequence); !ok {
		return false
	}
	_, rest, ok = split(body, TagBitString)
	return ok && len(rest) == 0
}

// IsCertificate reports whether b is exactly one X.509 Certificate's outer
// shape (RFC 5280 §4.1): SEQUENCE { tbsCertificate SEQUENCE,
// signatureAlgorithm SEQUENCE, signatureValue BIT STRING } and nothing after.
// A bare SubjectPublicKeyInfo (two elements) is not one.
func IsCertificate(b []byte) bool {
	body, rest, ok := split(b, TagSequence)
	if !ok || len(rest) != 0 {
		return false
	}
	if _, body, ok = split(body, TagSequence); !ok {
		return false
	}
	if _, body, ok = split(body, TagSequence); !ok {
		return false
	}
	_, rest, ok = split(body, TagBitString)
	return ok && len(rest) == 0
}

// IsName reports whether b is exactly one DER X.501 Name (RFC 5280 §4.1.2.4):
// SEQUENCE OF RelativeDistinguishedName, each a non-empty SET OF
// AttributeTypeAndValue SEQUENCE { type OBJECT IDENTIFIER, value ANY }. The
// value may be any one TLV; the empty Name (30 00) is a Name. SET OF order is
// not checked.
func IsName(b []byte) bool {
	// Every CertificateRequest's names pass through here, and they are most
	// of what parsing one with many CAs costs: the common shape (short-form
	// lengths inside the outer SEQUENCE) is walked by offsets with inlined
	// headers, and anything else by the general walk.
	rdns, rest, ok := split(b, TagSequence)
	if !ok || len(rest) != 0 {
		return false
	}
	if v, sure := isNameShort(rdns); sure {
		return v
	}
	return isRDNSequence(rdns)
}

// isNameShort walks the RDNs of a Name when every element has a short-form
// length; sure is false when one does not, and the caller must decide by the
// general walk.
func isNameShort(b []byte) (v, sure bool) {
	for i := 0; i < len(b); {
		setEnd := short(b, i, len(b), TagSet)
		if setEnd < 0 {
			return false, false
		}
		j := i + 2
		if j == setEnd {
			return false, true // SET SIZE (1..MAX)
		}
		for j < setEnd {
			atvEnd := short(b, j, setEnd, TagSequence)
			if atvEnd < 0 {
				return false, false
			}
			oidEnd := short(b, j+2, atvEnd, TagOID)
			if oidEnd < 0 || oidEnd == atvEnd {
				return false, false
			}
			if !IsOID(b[j+4 : oidEnd]) {
				return false, true
			}
			if t := b[oidEnd]; t&0x1f == 0x1f || short(b, oidEnd, atvEnd, t) != atvEnd {
				return false, false
			}
			j = atvEnd
		}
		i = setEnd
	}
	return true, true
}

// short returns the end of a TLV of the given tag at b[i:] with a short-form
// length that fits by lim, or -1.
func short(b []byte, i, lim int, tag byte) int {
	if lim-i < 2 || b[i] != tag || b[i+1] >= 0x80 || int(b[i+1]) > lim-i-2 {
		return -1
	}
	return i + 2 + int(b[i+1])
}

// isRDNSequence is the general walk of a Name's contents.
func isRDNSequence(rdns []byte) bool {
	for len(rdns) > 0 {
		set, rest, ok := split(rdns, TagSet)
		if !ok || len(set) == 0 {
			return false
		}
		rdns = rest
		for len(set) > 0 {
			var atv, oid []byte
			if atv, set, ok = split(set, TagSequence); !ok {
				return false
			}
			if oid, atv, ok = split(atv, TagOID); !ok || !IsOID(oid) {
				return false
			}
			if len(atv) < 2 || atv[0]&0x1f == 0x1f { // the value: any one single-byte-tag TLV
				return false
			}
			if _, atv, ok = split(atv, atv[0]); !ok || len(atv) != 0 {
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
	prev := byte(0) // the byte before contents[i], 0 at a subidentifier's start
	for _, c := range contents {
		if c == 0x80 && prev&0x80 == 0 {
			return false // not minimal
		}
		prev = c
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
