package bench

import (
	ca "github.com/clientauth/clientauth"
)

// Append is the encoder's near-limit reference: in's owned value written
// with plain append, as a hand-written marshaller would, and nothing else:
// no bound, placement, duplicate, DER or algorithm check, no error path.
// Each length prefix is reserved as zeros and back-patched once its body is
// written. Its widths follow the RFC structures, written here on purpose
// independent of the bounds table and of package encoder, so the cost of the
// encoder's strictness shows as the difference; TestAppendMatchesMsg checks
// that it writes in.Msg for every input, so it cannot drift from the wire.
//
// It knows the shapes the message inputs have; any other value appends
// nothing.
func Append(dst []byte, in *Input) []byte {
	v := in.Params.Vers()
	switch m := in.Value.(type) {
	case *ca.CertificateRequest:
		if v == ca.VersionTLS13 {
			return appendCR13(dst, m)
		}
		return appendCR12(dst, m, v)
	case *ca.Certificate:
		if v == ca.VersionTLS13 {
			return appendCT13(dst, m)
		}
		return appendCT12(dst, m)
	case *ca.CertificateVerify:
		return appendCV(dst, m, v)
	case *ca.ClientKeyExchange:
		return appendCKE(dst, m, in.Params.KeyExchange)
	case *ca.Finished:
		b, at := openHeader(dst, ca.TypeFinished)
		b = append(b, m.VerifyData...)
		return patch24(b, at)
	}
	return dst
}

// openHeader appends msg_type and a zero uint24 length and returns where the
// body starts; patch24(b, at) fills the length in, as do patch16 and patch8
// for their widths.
func openHeader(b []byte, t ca.HandshakeType) ([]byte, int) {
	b = append(b, byte(t), 0, 0, 0)
	return b, len(b)
}

func patch24(b []byte, at int) []byte {
	n := len(b) - at
	b[at-3], b[at-2], b[at-1] = byte(n>>16), byte(n>>8), byte(n)
	return b
}

func patch16(b []byte, at int) []byte {
	n := len(b) - at
	b[at-2], b[at-1] = byte(n>>8), byte(n)
	return b
}

func patch8(b []byte, at int) []byte {
	b[at-1] = byte(len(b) - at)
	return b
}

func vec8(b, v []byte) []byte { return append(append(b, byte(len(v))), v...) }

func vec16(b, v []byte) []byte { return append(append(b, byte(len(v)>>8), byte(len(v))), v...) }

func vec24(b, v []byte) []byte {
	return append(append(b, byte(len(v)>>16), byte(len(v)>>8), byte(len(v))), v...)
}

func u16(b []byte, v uint16) []byte { return append(b, byte(v>>8), byte(v)) }

// schemes16 appends SignatureScheme supported_signature_algorithms<2..2^16-2>.
func schemes16(b []byte, ss []ca.SignatureScheme) []byte {
	b = append(b, 0, 0)
	at := len(b)
	for _, s := range ss {
		b = u16(b, uint16(s))
	}
	return patch16(b, at)
}

// names16 appends DistinguishedName authorities<3..2^16-1>, each opaque<1..2^16-1>.
func names16(b []byte, dns [][]byte) []byte {
	b = append(b, 0, 0)
	at := len(b)
	for _, dn := range dns {
		b = vec16(b, dn)
	}
	return patch16(b, at)
}

// appendCR12 is a TLS 1.0–1.2 CertificateRequest (RFC 5246 §7.4.4):
// certificate_types<1..2^8-1>, in TLS 1.2 supported_signature_algorithms,
// certificate_authorities.
func appendCR12(dst []byte, m *ca.CertificateRequest, v ca.Version) []byte {
	b, at := openHeader(dst, ca.TypeCertificateRequest)
	b = append(b, byte(len(m.CertificateTypes)))
	for _, t := range m.CertificateTypes {
		b = append(b, byte(t))
	}
	if v == ca.VersionTLS12 {
		b = schemes16(b, m.SignatureAlgorithms)
	}
	b = names16(b, m.CertificateAuthorities)
	return patch24(b, at)
}

// appendCR13 is a TLS 1.3 CertificateRequest (RFC 8446 §4.3.2):
// certificate_request_context<0..2^8-1>, extensions<0..2^16-1>, with the
// bodies of the extensions a CertificateRequest defines.
func appendCR13(dst []byte, m *ca.CertificateRequest) []byte {
	b, at := openHeader(dst, ca.TypeCertificateRequest)
	b = vec8(b, m.Context)
	b = append(b, 0, 0)
	extAt := len(b)
	b = appendExtensions(b, m.Extensions, false)
	b = patch16(b, extAt)
	return patch24(b, at)
}

// appendExtensions appends the Extensions of a CertificateRequest or, when
// entry is set, of a CertificateEntry, with the bodies each defines.
func appendExtensions(b []byte, exts []ca.Extension, entry bool) []byte {
	for i := range exts {
		x := &exts[i]
		b = append(b, byte(x.Type>>8), byte(x.Type), 0, 0)
		bodyAt := len(b)
		switch {
		case entry && x.Type == ca.ExtStatusRequest: // CertificateStatus: status_type ocsp, OCSPResponse<1..2^24-1>
			b = vec24(append(b, ca.StatusTypeOCSP), x.OCSPResponse)
		case entry && x.Type == ca.ExtSignedCertificateTimestamp: // SignedCertificateTimestampList (RFC 6962 §3.3)
			b = append(b, 0, 0)
			sAt := len(b)
			for _, sct := range x.SCTs {
				b = vec16(b, sct)
			}
			b = patch16(b, sAt)
		case entry:
			b = append(b, x.Data...)
		case x.Type == ca.ExtSignatureAlgorithms, x.Type == ca.ExtSignatureAlgorithmsCert:
			b = schemes16(b, x.SignatureAlgorithms)
		case x.Type == ca.ExtCertificateAuthorities:
			b = names16(b, x.Authorities)
		case x.Type == ca.ExtOIDFilters: // filters<0..2^16-1> of OID<1..2^8-1>, values<0..2^16-1>
			b = append(b, 0, 0)
			fAt := len(b)
			for _, f := range x.OIDFilters {
				b = vec16(vec8(b, f.OID), f.Values)
			}
			b = patch16(b, fAt)
		case x.Type == ca.ExtCompressCertificate: // algorithms<2..2^8-2>
			b = append(b, 0)
			aAt := len(b)
			for _, a := range x.CompressionAlgorithms {
				b = u16(b, uint16(a))
			}
			b = patch8(b, aAt)
		default:
			b = append(b, x.Data...)
		}
		b = patch16(b, bodyAt)
	}
	return b
}

// appendCT12 is a TLS ≤1.2 Certificate (RFC 5246 §7.4.2):
// certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>.
func appendCT12(dst []byte, m *ca.Certificate) []byte {
	b, at := openHeader(dst, ca.TypeCertificate)
	b = append(b, 0, 0, 0)
	listAt := len(b)
	for i := range m.Entries {
		b = vec24(b, m.Entries[i].Data)
	}
	b = patch24(b, listAt)
	return patch24(b, at)
}

// appendCT13 is a TLS 1.3 Certificate (RFC 8446 §4.4.2): context, then
// CertificateEntry certificate_list<0..2^24-1>, each cert_data<1..2^24-1> and
// extensions<0..2^16-1> with the entry bodies RFC 8446 §4.4.2.1 defines.
func appendCT13(dst []byte, m *ca.Certificate) []byte {
	b, at := openHeader(dst, ca.TypeCertificate)
	b = vec8(b, m.Context)
	b = append(b, 0, 0, 0)
	listAt := len(b)
	for i := range m.Entries {
		ent := &m.Entries[i]
		b = vec24(b, ent.Data)
		b = append(b, 0, 0)
		extAt := len(b)
		b = appendExtensions(b, ent.Extensions, true)
		b = patch16(b, extAt)
	}
	b = patch24(b, listAt)
	return patch24(b, at)
}

// appendCV is a CertificateVerify: the algorithm from TLS 1.2 on (RFC 8446
// §4.4.3, RFC 5246 §7.4.8), then signature<0..2^16-1>.
func appendCV(dst []byte, m *ca.CertificateVerify, v ca.Version) []byte {
	b, at := openHeader(dst, ca.TypeCertificateVerify)
	if v >= ca.VersionTLS12 {
		b = u16(b, uint16(m.Algorithm))
	}
	b = vec16(b, m.Signature)
	return patch24(b, at)
}

// appendCKE is a TLS ≤1.2 ClientKeyExchange (RFC 5246 §7.4.7, RFC 4279,
// RFC 8422 §5.7): the PSK identity where the exchange has one, then the
// exchange's own value.
func appendCKE(dst []byte, m *ca.ClientKeyExchange, k ca.KeyExchange) []byte {
	b, at := openHeader(dst, ca.TypeClientKeyExchange)
	if k.HasPSKIdentity() {
		b = vec16(b, m.PSKIdentity)
	}
	switch k {
	case ca.KexRSA, ca.KexRSAPSK:
		b = vec16(b, m.EncryptedPreMasterSecret)
	case ca.KexDHE, ca.KexDHEPSK:
		b = vec16(b, m.DHYc)
	case ca.KexECDHE, ca.KexECDHEPSK:
		b = vec8(b, m.ECPoint)
	}
	return patch24(b, at)
}
