package der

import "bytes"

// oidExtKeyUsage is id-ce-extKeyUsage (2.5.29.37) and anyExtendedKeyUsage
// its arc 0 (2.5.29.37.0), as DER OID contents.
var (
	oidExtKeyUsage    = []byte{0x55, 0x1d, 0x25}
	oidExtKeyUsageTLV = []byte{TagOID, 3, 0x55, 0x1d, 0x25}
	oidAnyExtKeyUsage = []byte{0x55, 0x1d, 0x25, 0x00}
)

// IsExtKeyUsageOID reports whether an oid_filters OID is id-ce-extKeyUsage.
// RFC 8446 says only "DER-encoded"; senders use both the bare contents and
// the whole TLV, so both count.
func IsExtKeyUsageOID(oid []byte) bool {
	return bytes.Equal(oid, oidExtKeyUsage) || bytes.Equal(oid, oidExtKeyUsageTLV)
}

// NamesAnyExtendedKeyUsage reports whether a DER ExtKeyUsageSyntax lists
// anyExtendedKeyUsage. Values that are not such a SEQUENCE name nothing.
func NamesAnyExtendedKeyUsage(values []byte) bool {
	tag, seq, rest, ok := Next(values)
	if !ok || tag != TagSequence || len(rest) != 0 {
		return false
	}
	for len(seq) > 0 {
		var oid []byte
		if tag, oid, seq, ok = Next(seq); !ok {
			return false
		}
		if tag == TagOID && bytes.Equal(oid, oidAnyExtKeyUsage) {
			return true
		}
	}
	return false
}
