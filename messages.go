package clientauth

// Owned message values: the encoder's input, and what a parser view converts
// to with its Value method. They own their slices (a view's Value copies) and
// carry no protocol version; that is in Params.
//
// Which fields a message uses depends on Params; the encoder refuses a value
// set in a field the version or key exchange does not have (CheckUnusedField)
// rather than drop it.

// CertificateRequest is RFC 5246 §7.4.4 (TLS ≤1.2) or RFC 8446 §4.3.2 (TLS 1.3).
type CertificateRequest struct {
	// TLS ≤1.2.
	CertificateTypes       []ClientCertificateType
	SignatureAlgorithms    []SignatureScheme // TLS 1.2 only
	CertificateAuthorities [][]byte          // DER DistinguishedNames

	// TLS 1.3.
	Context    []byte
	Extensions []Extension // in wire order, unknown ones included
}

// Extension is one extension of a TLS 1.3 CertificateRequest or
// CertificateEntry. Exactly the field its BodyKind in that message names is
// used; every other body (unknown types, bodies kept opaque, empty ones)
// is Data.
type Extension struct {
	Type ExtensionType

	SignatureAlgorithms   []SignatureScheme                 // BodySignatureSchemeList
	Authorities           [][]byte                          // BodyCertificateAuthorities
	OIDFilters            []OIDFilter                       // BodyOIDFilters
	CompressionAlgorithms []CertificateCompressionAlgorithm // BodyCompressionAlgorithms
	OCSPResponse          []byte                            // BodyCertificateStatus (status_type ocsp)
	SCTs                  [][]byte                          // BodySCTList

	Data []byte // BodyOpaque and BodyEmpty
}

// OIDFilter is RFC 8446 §4.2.5.
type OIDFilter struct {
	OID    []byte // DER-encoded OID contents
	Values []byte // DER-encoded extension value
}

// Certificate is RFC 5246 §7.4.2 / RFC 8446 §4.4.2. Under RawPublicKey in
// TLS 1.2 (RFC 7250 §3) there is no list: Entries holds exactly one entry, the
// SubjectPublicKeyInfo.
type Certificate struct {
	Context []byte // TLS 1.3
	Entries []CertificateEntry
}

// CertificateEntry holds a DER certificate (or SubjectPublicKeyInfo) and, in
// TLS 1.3, its extensions.
type CertificateEntry struct {
	Data       []byte
	Extensions []Extension // TLS 1.3 only
}

// CertificateVerify is RFC 8446 §4.4.3 / RFC 5246 §7.4.8 (DigitallySigned) /
// RFC 4346 §7.4.8 (no algorithm field: Algorithm must be 0).
type CertificateVerify struct {
	Algorithm SignatureScheme
	Signature []byte
}

// ClientKeyExchange is RFC 5246 §7.4.7 and RFC 4279 / RFC 5489 for the PSK
// key exchanges; Params.KeyExchange decides which fields are on the wire.
type ClientKeyExchange struct {
	PSKIdentity              []byte // psk, rsa_psk, dhe_psk, ecdhe_psk
	EncryptedPreMasterSecret []byte // rsa, rsa_psk
	DHYc                     []byte // dhe, dhe_psk
	ECPoint                  []byte // ecdhe, ecdhe_psk
}

// ServerHelloDone has an empty body (RFC 5246 §7.4.5).
type ServerHelloDone struct{}

// Finished is RFC 5246 §7.4.9 / RFC 8446 §4.4.4.
type Finished struct {
	VerifyData []byte
}

// CompressedCertificate is RFC 8879 §4.
type CompressedCertificate struct {
	Algorithm                    CertificateCompressionAlgorithm
	UncompressedLength           uint32 // uint24 on the wire
	CompressedCertificateMessage []byte
}

// SignatureSchemes returns the schemes a CertificateRequest offers: the
// TLS 1.3 signature_algorithms extension when present (ok false when it is
// absent), else the TLS 1.2 field.
func (cr *CertificateRequest) SignatureSchemes() (schemes []SignatureScheme, ok bool) {
	for _, e := range cr.Extensions {
		if e.Type == ExtSignatureAlgorithms {
			return e.SignatureAlgorithms, true
		}
	}
	return cr.SignatureAlgorithms, cr.SignatureAlgorithms != nil
}

// SetSignatureSchemes sets the TLS 1.3 signature_algorithms extension
// (8446-4.3.2-f: every TLS 1.3 CertificateRequest carries it), replacing the one there
// or appending it, so other extensions keep their order.
func (cr *CertificateRequest) SetSignatureSchemes(schemes ...SignatureScheme) {
	for i := range cr.Extensions {
		if cr.Extensions[i].Type == ExtSignatureAlgorithms {
			cr.Extensions[i] = Extension{Type: ExtSignatureAlgorithms, SignatureAlgorithms: schemes}
			return
		}
	}
	cr.Extensions = append(cr.Extensions, Extension{Type: ExtSignatureAlgorithms, SignatureAlgorithms: schemes})
}
