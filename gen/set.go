package gen

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// SetLen puts content of n bytes in the field of v that span s describes
// (s from the parser's layout of v's encoding), so that a value can be
// given any length, in or out of the row's bounds, without a second map of
// where fields live. Element lists get whole elements (n rounded down),
// certificate fields and distinguished names keep their DER shape when n
// allows it. It reports
// false for rows that are containers of other spans (their length follows
// from their items) and for spans v does not have.
func SetLen(v any, s parser.Span, n int) bool {
	i0, i1, i2 := int(s.Index[0]), int(s.Index[1]), int(s.Index[2])
	raw := make([]byte, n)
	switch m := v.(type) {
	case *ca.CertificateRequest:
		switch s.Bound {
		case ca.BoundCRCertificateTypes:
			m.CertificateTypes = make([]ca.ClientCertificateType, n)
		case ca.BoundCRSignatureAlgorithms12:
			m.SignatureAlgorithms = schemeList(n)
		case ca.BoundDistinguishedName12:
			return setItem(m.CertificateAuthorities, i0, Name(n))
		case ca.BoundCRContext:
			m.Context = raw
		default:
			return i0 < len(m.Extensions) && setExtension(&m.Extensions[i0], true, s.Bound, i1, n)
		}
	case *ca.Certificate:
		if s.Bound == ca.BoundCTContext {
			m.Context = raw
			break
		}
		if i0 >= len(m.Entries) {
			return false
		}
		e := &m.Entries[i0]
		switch s.Bound {
		case ca.BoundCTCertData, ca.BoundCTASN1Cert:
			e.Data = Cert(n)
		case ca.BoundCTRawPublicKey13, ca.BoundCTRawPublicKey12:
			e.Data = SPKI(n)
		default:
			return i1 < len(e.Extensions) && setExtension(&e.Extensions[i1], false, s.Bound, i2, n)
		}
	case *ca.CertificateVerify:
		switch s.Bound {
		case ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10:
			m.Signature = raw
		default:
			return false
		}
	case *ca.ClientKeyExchange:
		switch s.Bound {
		case ca.BoundPSKIdentity:
			m.PSKIdentity = raw
		case ca.BoundEncryptedPreMasterSecret:
			m.EncryptedPreMasterSecret = raw
		case ca.BoundDHYc:
			m.DHYc = raw
		case ca.BoundECPoint:
			m.ECPoint = raw
		default:
			return false
		}
	case *ca.CompressedCertificate:
		if s.Bound != ca.BoundCompressedCertificateMessage {
			return false
		}
		m.CompressedCertificateMessage = raw
	default:
		return false
	}
	return true
}

// setExtension is SetLen for a span inside extension e of a
// CertificateRequest (cr) or a CertificateEntry; item indexes the list
// element the span is, where it is one.
func setExtension(e *ca.Extension, cr bool, id ca.BoundID, item, n int) bool {
	raw := make([]byte, n)
	switch id {
	case ca.BoundExtensionData:
		if bodyKind(e.Type, cr) != ca.BodyOpaque {
			return false
		}
		e.Data = raw
	case ca.BoundCRStatusRequest, ca.BoundCRSignedCertificateTimestamp:
		e.Data = raw
	case ca.BoundSignatureSchemeList:
		e.SignatureAlgorithms = schemeList(n)
	case ca.BoundDistinguishedName:
		return setItem(e.Authorities, item, Name(n))
	case ca.BoundOIDFilterOID, ca.BoundOIDFilterValues:
		if item >= len(e.OIDFilters) {
			return false
		}
		if id == ca.BoundOIDFilterOID {
			e.OIDFilters[item].OID = raw
		} else {
			e.OIDFilters[item].Values = raw
		}
	case ca.BoundCompressionAlgorithms:
		e.CompressionAlgorithms = make([]ca.CertificateCompressionAlgorithm, n/2)
	case ca.BoundOCSPResponse:
		e.OCSPResponse = raw
	case ca.BoundSerializedSCT:
		return setItem(e.SCTs, item, raw)
	default:
		return false
	}
	return true
}

// setItem puts v at list[i], if the list has an item i.
func setItem(list [][]byte, i int, v []byte) bool {
	if i >= len(list) {
		return false
	}
	list[i] = v
	return true
}

// Content returns n bytes to put on the wire for span s's row, shaped like
// SetLen's value (so both sides of a property see the same thing).
func Content(s parser.Span, n int) []byte {
	switch s.Bound {
	case ca.BoundCTCertData, ca.BoundCTASN1Cert:
		return Cert(n)
	case ca.BoundDistinguishedName, ca.BoundDistinguishedName12:
		return Name(n)
	case ca.BoundCTRawPublicKey13, ca.BoundCTRawPublicKey12:
		return SPKI(n)
	case ca.BoundCRSignatureAlgorithms12, ca.BoundSignatureSchemeList:
		out := make([]byte, 0, n)
		for _, s := range schemeList(n) {
			out = append(out, byte(s>>8), byte(s))
		}
		return append(out, make([]byte, n-len(out))...)
	}
	return make([]byte, n)
}

// Cert is an X.509 Certificate's outer shape (8446-4.4.2-g) of n bytes where
// n allows one, else n zero bytes: below the framing minimum the length is
// what is being tested. (No DER value is exactly 130 bytes long, for one:
// the length field grows a byte there.)
func Cert(n int) []byte {
	if b, ok := shaped(samples.Cert, n); ok {
		return b
	}
	return make([]byte, n)
}

// certNear is the shortest certificate shape of at least n bytes, for
// generated certificates that must be valid.
func certNear(n int) []byte {
	for k := max(n, 9); ; k++ {
		if b, ok := shaped(samples.Cert, k); ok {
			return b
		}
	}
}

// Name is a DER X.501 Name (8446-4.2.4-a, 5246-7.4.4-h) of n bytes where n
// allows one, else n zero bytes.
func Name(n int) []byte {
	if b, ok := shaped(samples.Name, n); ok {
		return b
	}
	return make([]byte, n)
}

// nameAtMost is the longest Name of at most n bytes, and the empty Name
// (2 bytes) below that: a generated list of names never grows past the
// lengths drawn for it, except a 1-byte item, which becomes 2.
func nameAtMost(n int) []byte {
	for k := n; k > 2; k-- {
		if b, ok := shaped(samples.Name, k); ok {
			return b
		}
	}
	return samples.Name(2)
}

// shaped calls make(n), reporting false where it has no value of n bytes.
func shaped(make func(int) []byte, n int) (b []byte, ok bool) {
	defer func() {
		if recover() != nil {
			b, ok = nil, false
		}
	}()
	return make(n), true
}

// SPKI is a DER SubjectPublicKeyInfo of n bytes where n allows one, else
// n zero bytes (some lengths, 130 among them, have no such encoding).
func SPKI(n int) []byte {
	if b, ok := spki(n); ok {
		return b
	}
	return make([]byte, n)
}

// spkiNear is the shortest SubjectPublicKeyInfo of at least n bytes.
func spkiNear(n int) []byte {
	for k := max(n, 6); ; k++ {
		if b, ok := spki(k); ok {
			return b
		}
	}
}

func spki(n int) ([]byte, bool) {
	if n < 6 {
		return nil, false
	}
	return shaped(samples.SPKI, n)
}

func schemeList(n int) []ca.SignatureScheme {
	out := make([]ca.SignatureScheme, n/2)
	for i := range out {
		out[i] = ca.SchemeRSAPSSRSAESHA256 // rsa_pss_rsae_sha256: valid in every list and version
	}
	return out
}

// bodyKind is the row's body kind for t in a CertificateRequest (cr) or a
// CertificateEntry, whatever the profile: gen only draws allowed types, and
// set.go asks of spans the parser already accepted.
func bodyKind(t ca.ExtensionType, cr bool) ca.BodyKind {
	info, ok := ca.LookupExtension(t)
	if !ok {
		return ca.BodyOpaque
	}
	if cr {
		return info.Body(ca.TypeCertificateRequest)
	}
	return info.Body(ca.TypeCertificate)
}
