package dissect

import (
	"encoding/asn1"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// attrNames are Wireshark's names for the X.520 attributes that appear in
// client-auth CA lists and subjects.
var attrNames = map[string]string{
	"2.5.4.3":                    "id-at-commonName",
	"2.5.4.4":                    "id-at-surname",
	"2.5.4.5":                    "id-at-serialNumber",
	"2.5.4.6":                    "id-at-countryName",
	"2.5.4.7":                    "id-at-localityName",
	"2.5.4.8":                    "id-at-stateOrProvinceName",
	"2.5.4.9":                    "id-at-streetAddress",
	"2.5.4.10":                   "id-at-organizationName",
	"2.5.4.11":                   "id-at-organizationalUnitName",
	"2.5.4.12":                   "id-at-title",
	"2.5.4.42":                   "id-at-givenName",
	"1.2.840.113549.1.9.1":       "pkcs-9-at-emailAddress",
	"0.9.2342.19200300.100.1.25": "id-domainComponent",
}

// formatName renders a DER Name (RDNSequence) as Wireshark's summary does:
// "id-at-commonName=x,id-at-organizationName=y", last RDN first (RFC 4514
// order). ok is false when the bytes are not a Name.
func formatName(der []byte) (string, bool) {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !s.Empty() {
		return "", false
	}
	var rdns [][]string
	for !seq.Empty() {
		var parts []string
		var set cryptobyte.String
		if !seq.ReadASN1(&set, cbasn1.SET) {
			return "", false
		}
		for !set.Empty() {
			var atv, oidBytes cryptobyte.String
			var tag cbasn1.Tag
			var val cryptobyte.String
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1(&oidBytes, cbasn1.OBJECT_IDENTIFIER) ||
				!atv.ReadAnyASN1(&val, &tag) || !atv.Empty() {
				return "", false
			}
			oid := oidString(oidBytes)
			if n, ok := attrNames[oid]; ok {
				oid = n
			}
			parts = append(parts, oid+"="+string(val))
		}
		rdns = append(rdns, parts)
	}
	var out []string
	for i := len(rdns) - 1; i >= 0; i-- {
		out = append(out, rdns[i]...)
	}
	return strings.Join(out, ","), true
}

// oidString renders DER OID contents in dotted form ("" if malformed).
func oidString(b []byte) string {
	var oid asn1.ObjectIdentifier
	full := append([]byte{0x06, byte(len(b))}, b...)
	if len(b) > 127 {
		return ""
	}
	if _, err := asn1.Unmarshal(full, &oid); err != nil {
		return ""
	}
	return oid.String()
}

// certSubject returns the subject of a DER certificate, formatted as
// formatName does.
func certSubject(der []byte) (string, bool) {
	s := cryptobyte.String(der)
	var cert, tbs cryptobyte.String
	if !s.ReadASN1(&cert, cbasn1.SEQUENCE) || !cert.ReadASN1(&tbs, cbasn1.SEQUENCE) {
		return "", false
	}
	if !tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!tbs.SkipASN1(cbasn1.INTEGER) || // serialNumber
		!tbs.SkipASN1(cbasn1.SEQUENCE) || // signature
		!tbs.SkipASN1(cbasn1.SEQUENCE) || // issuer
		!tbs.SkipASN1(cbasn1.SEQUENCE) { // validity
		return "", false
	}
	var subject cryptobyte.String
	if !tbs.ReadASN1Element(&subject, cbasn1.SEQUENCE) {
		return "", false
	}
	return formatName(subject)
}
