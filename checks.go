package clientauth

import "github.com/clientauth/clientauth/internal/der"

// CheckID names a row of Checks.
type CheckID uint8

const (
	NoCheck CheckID = iota
	CheckHeaderLength
	CheckTruncated
	CheckPastEnd
	CheckTrailing
	CheckTrailingInExtension
	CheckUnexpectedType
	CheckDuplicateExtension
	CheckForbiddenExtension
	CheckUnrequestedExtension
	CheckMissingSignatureAlgorithms
	CheckCRContextOutsidePostHandshake
	CheckCTContextOutsidePostHandshake
	CheckEmptyServerCertificate
	CheckRawPublicKeyEntries
	CheckOpenPGPInTLS13
	CheckCertificateDER
	CheckSubjectPublicKeyInfoDER
	CheckDuplicateOIDFilter
	CheckAnyExtendedKeyUsage
	CheckCertificateStatusType
	CheckAnonymousSignature
	CheckCVLegacyPair
	CheckCVSHA1
	CheckCVPKCS1
	CheckCVGREASEClient
	CheckCVGREASEServer
	CheckFinishedLength
	CheckUnusedField
	CheckBadParams
	CheckUncompressedLength
	CheckDecompress
	CheckDecompressedLength
	CheckDecompressOverflow
	CheckCVAlgorithmNotRequested
	CheckContextNotEchoed
	CheckContextReused
	CheckKeyTypeNotRequested
	CheckLeafUnreadable
	CheckAnonymousRequest
	CheckServerCVAlgorithmNotOffered
	CheckCVKeyMismatch
	CheckCompressionNotOffered
	CheckCompressionAlgorithmNotOffered
	CheckInflatedMismatch
	CheckContextStoreFull
	CheckTooManyPending
	CheckDistinguishedNameDER
	numChecks
)

// Check is a rule that is not a length bound: framing, extension placement,
// and the semantic checks a parser can make from one message and its Params.
// Reason may hold one %v, filled with Error.Value.
type Check struct {
	ID          CheckID
	Field       string // default field below the container; a site may name a more precise one
	Requirement Requirement
	ByVersion   PerVersion // where a version's own RFC states the rule (RequirementIn)
	Alert       Alert
	Reason      string
	Layer       Layer
}

// RequirementIn is the requirement a failure of the check cites under v.
func (c Check) RequirementIn(v Version) Requirement { return c.ByVersion.in(c.Requirement, v) }

// Layer is the component that enforces a check: what a test of the row has
// to drive, and whether one message (a vector) can break it.
type Layer uint8

const (
	LayerParser     Layer = iota // package parser, from one message and its Params
	LayerEncoder                 // package encoder only: values the wire cannot carry
	LayerDecompress              // package certcompress: the payload of a CompressedCertificate
	LayerFlow                    // package flow: needs earlier messages of the handshake
)

// Checks is the table of non-bound rules, indexed by CheckID; the parser and the
// encoder cite rows of it, and the vector generator makes one mutation per row.
// CheckOf returns row id of the checks table, a copy (the table is not
// writable from outside).
func CheckOf(id CheckID) Check { return checks[id] }

// NumChecks is one past the last CheckID.
const NumChecks = numChecks

// AllChecks returns a copy of the checks table, indexed by CheckID.
func AllChecks() [NumChecks]Check { return checks }

var checks = [numChecks]Check{
	CheckHeaderLength: {Field: "length", Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Alert: AlertDecodeError,
		Reason: "handshake length says %v bytes; the body differs"},
	CheckTruncated: {Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Alert: AlertDecodeError,
		Reason: "the message ends inside this field"},
	CheckPastEnd: {Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Alert: AlertDecodeError,
		Reason: "length %v runs past the end of its container"},
	CheckTrailing: {Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Alert: AlertDecodeError,
		Reason: "%v bytes left over after the structure"},
	CheckTrailingInExtension: {Field: "extension_data", Requirement: "9846-4.2-e", Alert: AlertDecodeError,
		Reason: "%v bytes left over inside extension_data"},
	CheckUnexpectedType: {Field: "msg_type", Requirement: "8446-4-a", Alert: AlertUnexpectedMessage,
		Reason: "handshake type %v is not expected here"},
	CheckDuplicateExtension: {Field: "extension_type", Requirement: "8446-4.2-c", Alert: AlertIllegalParameter,
		Reason: "extension type %v appears twice in one block"},
	CheckForbiddenExtension: {Field: "extension_type", Requirement: "8446-4.2-b", Alert: AlertIllegalParameter,
		Reason: "extension %v is recognised but not allowed in this message"},
	CheckUnrequestedExtension: {Field: "extension_type", Requirement: "8446-4.2-a", Alert: AlertUnsupportedExtension,
		Reason: "extension type %v cannot have been requested"},
	CheckMissingSignatureAlgorithms: {Field: "extensions", Requirement: "8446-4.3.2-f", Alert: AlertMissingExtension,
		Reason: "no signature_algorithms extension"},
	CheckCRContextOutsidePostHandshake: {Field: "certificate_request_context", Requirement: "8446-4.3.2-d", Alert: AlertIllegalParameter,
		Reason: "a %v-byte context outside post-handshake authentication"},
	CheckCTContextOutsidePostHandshake: {Field: "certificate_request_context", Requirement: "8446-4.4.2-d", Alert: AlertIllegalParameter,
		Reason: "a %v-byte context in a Certificate that answers no post-handshake request"},
	CheckEmptyServerCertificate: {Field: "certificate_list", Requirement: "8446-4.4.2-k", Alert: AlertDecodeError,
		Reason: "a server Certificate with no entries"},
	CheckRawPublicKeyEntries: {Field: "certificate_list", Requirement: "8446-4.4.2-i", Alert: AlertIllegalParameter,
		Reason: "%v entries where RawPublicKey allows at most one"},
	CheckOpenPGPInTLS13: {Field: "certificate_list", Requirement: "8446-4.4.2-j", Alert: AlertUnsupportedCertificate,
		Reason: "OpenPGP certificates are not used with TLS 1.3"},
	CheckCertificateDER: {Requirement: "8446-4.4.2-g", Alert: AlertBadCertificate,
		Reason: "not a DER Certificate (SEQUENCE of tbsCertificate, AlgorithmIdentifier and BIT STRING) spanning the entry"},
	CheckSubjectPublicKeyInfoDER: {Requirement: "7250-3-b", Alert: AlertBadCertificate,
		Reason: "not a DER SubjectPublicKeyInfo (SEQUENCE of AlgorithmIdentifier and BIT STRING)"},
	CheckDuplicateOIDFilter: {Field: "certificate_extension_oid", Requirement: "8446-4.2.5-c", Alert: AlertIllegalParameter,
		Reason: "the OID appears twice in oid_filters"},
	CheckAnyExtendedKeyUsage: {Field: "certificate_extension_values", Requirement: "8446-4.2.5-f", Alert: AlertIllegalParameter,
		Reason: "the extended key usage filter names anyExtendedKeyUsage"},
	CheckCertificateStatusType: {Field: "status_type", Requirement: "8446-6-b", Alert: AlertIllegalParameter,
		Reason: "status_type %v is not ocsp(1)"},
	CheckAnonymousSignature: {Requirement: "5246-7.4.1.4.1-a", Alert: AlertIllegalParameter,
		Reason: "signature algorithm %v uses anonymous(0)"},
	CheckCVLegacyPair: {Field: "algorithm", Requirement: "8446-4.2.3-k", Alert: AlertIllegalParameter,
		Reason: "%v uses MD5, SHA-224 or DSA, which TLS 1.2 must not negotiate"},
	CheckCVSHA1: {Field: "algorithm", Requirement: "8446-4.4.3-h", Alert: AlertIllegalParameter,
		Reason: "%v: a TLS 1.3 CertificateVerify never uses SHA-1"},
	CheckCVPKCS1: {Field: "algorithm", Requirement: "8446-4.4.3-g", Alert: AlertIllegalParameter,
		Reason: "%v: RFC 8446 requires RSASSA-PSS for RSA signatures in TLS 1.3"},
	CheckCVGREASEClient: {Field: "algorithm", Requirement: "8701-4.1-a", Alert: AlertIllegalParameter,
		Reason: "GREASE value %v as the client's CertificateVerify algorithm"},
	CheckCVGREASEServer: {Field: "algorithm", Requirement: "8701-3.1-a", Alert: AlertIllegalParameter,
		Reason: "GREASE value %v as the server's CertificateVerify algorithm"},
	CheckFinishedLength: {Field: "verify_data", Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Alert: AlertDecodeError,
		Reason: "verify_data is %v bytes; the cipher suite fixes another length"},
	// Encoder only: a value set in a field the message (for this version or
	// key exchange) does not have. Emitting it would lose it silently.
	CheckUnusedField: {Requirement: "", Alert: AlertInternalError,
		Reason: "this field does not exist for the given version or key exchange", Layer: LayerEncoder},
	CheckBadParams: {Requirement: "", Alert: AlertInternalError,
		Reason: "Params name no version, profile or key exchange this module knows"},
	// Encoder only: uncompressed_length is a uint24.
	CheckUncompressedLength: {Field: "uncompressed_length", Requirement: "8879-4-a", Alert: AlertInternalError,
		Reason: "uncompressed_length %v does not fit in a uint24", Layer: LayerEncoder},
	// Decompression (package certcompress): the framing parsed, the payload
	// did not inflate to what it claimed.
	CheckDecompress: {Field: "compressed_certificate_message", Requirement: "8879-4-c", Alert: AlertBadCertificate,
		Reason: "does not decompress with algorithm %v", Layer: LayerDecompress},
	CheckDecompressedLength: {Field: "uncompressed_length", Requirement: "8879-4-b", Alert: AlertBadCertificate,
		Reason: "the payload inflates to %v bytes, not uncompressed_length", Layer: LayerDecompress},
	CheckDecompressOverflow: {Field: "uncompressed_length", Requirement: "8879-5-a", Alert: AlertBadCertificate,
		Reason: "output passed uncompressed_length (%v); decompression stopped there", Layer: LayerDecompress},
	// Rules across messages (package flow).
	CheckCVAlgorithmNotRequested: {Field: "algorithm", Requirement: "8446-4.4.3-e", Alert: AlertIllegalParameter,
		Reason: "%v is not among the signature algorithms the CertificateRequest listed", Layer: LayerFlow},
	CheckContextNotEchoed: {Field: "certificate_request_context", Requirement: "8446-4.4.2-d", Alert: AlertIllegalParameter,
		Reason: "the %v-byte context does not echo the CertificateRequest's", Layer: LayerFlow},
	CheckContextReused: {Field: "certificate_request_context", Requirement: "8446-4.3.2-c", Alert: AlertIllegalParameter,
		Reason: "a post-handshake context must be new and non-empty (%v bytes)", Layer: LayerFlow},
	CheckKeyTypeNotRequested: {Field: "certificate_list[0]", Requirement: "5246-7.4.4-e", Alert: AlertUnsupportedCertificate,
		Reason: "the client key's type is not among the requested certificate_types", Layer: LayerFlow},
	CheckLeafUnreadable: {Field: "certificate_list[0]", Requirement: "5246-7.4.6-d", Alert: AlertBadCertificate,
		Reason: "no SubjectPublicKeyInfo algorithm can be read from the end-entity certificate", Layer: LayerFlow},
	CheckAnonymousRequest: {Field: "msg_type", Requirement: "5246-7.4.4-f", Alert: AlertHandshakeFailure,
		Reason: "a CertificateRequest from a server that sent no Certificate (anonymous)", Layer: LayerFlow},
	CheckServerCVAlgorithmNotOffered: {Field: "algorithm", Requirement: "8446-4.4.3-d", Alert: AlertIllegalParameter,
		Reason: "%v is not among the signature_algorithms the client offered", Layer: LayerFlow},
	CheckCVKeyMismatch: {Field: "algorithm", Requirement: "8446-4.4.3-f", Alert: AlertIllegalParameter,
		Reason: "%v does not suit the end-entity certificate's key", Layer: LayerFlow},
	CheckCompressionNotOffered: {Field: "msg_type", Requirement: "8879-4-a", Alert: AlertUnexpectedMessage,
		Reason: "a CompressedCertificate although the peer offered no compress_certificate", Layer: LayerFlow},
	CheckCompressionAlgorithmNotOffered: {Field: "algorithm", Requirement: "8879-4-a", Alert: AlertIllegalParameter,
		Reason: "compression algorithm %v was not offered", Layer: LayerFlow},
	CheckInflatedMismatch: {Field: "uncompressed_length", Requirement: "8879-4-b", Alert: AlertBadCertificate,
		Reason: "the message fed after a CompressedCertificate is not a Certificate of uncompressed_length bytes (%v)", Layer: LayerFlow},
	CheckContextStoreFull: {Field: "certificate_request_context", Requirement: "8446-4.3.2-c", Alert: AlertInternalError,
		Reason: "too many post-handshake contexts to check uniqueness (%v bytes stored)", Layer: LayerFlow},
	CheckTooManyPending: {Field: "msg_type", Requirement: "8446-4.6.2-e", Alert: AlertInternalError,
		Reason: "more than %v post-handshake requests unanswered", Layer: LayerFlow},
	// OpenSSL 3 answers a CertificateRequest whose DN is not a Name with
	// decode_error: the DN is syntax (a DER encoding), not a semantic value.
	CheckDistinguishedNameDER: {Requirement: "8446-4.2.4-a", ByVersion: Before13(reqDNName12), Alert: AlertDecodeError,
		Reason: "not a DER X.501 Name (SEQUENCE OF SET OF SEQUENCE { OID, value })"},
}

// CertificateDataCheck is the check one certificate_list entry fails under
// the negotiated certificate type t (Params.CertType), or NoCheck: a DER
// SubjectPublicKeyInfo under RawPublicKey (7250-3-b), otherwise an X.509
// Certificate's outer shape (8446-4.4.2-g). The parser, the encoder and the
// vector generator all ask it.
func CertificateDataCheck(t CertificateType, data []byte) CheckID {
	if t == CertTypeRawPublicKey {
		if !der.IsSubjectPublicKeyInfo(data) {
			return CheckSubjectPublicKeyInfoDER // 7250-3-b
		}
		return NoCheck
	}
	if !der.IsCertificate(data) {
		return CheckCertificateDER // 8446-4.4.2-g
	}
	return NoCheck
}

// DistinguishedNameCheck is the check a DistinguishedName (TLS ≤1.2
// certificate_authorities entry or TLS 1.3 certificate_authorities extension
// entry) fails, or NoCheck: every one is a DER X.501 Name (8446-4.2.4-a,
// 5246-7.4.4-h).
func DistinguishedNameCheck(dn []byte) CheckID {
	if !der.IsName(dn) {
		return CheckDistinguishedNameDER
	}
	return NoCheck
}

// CRAuthoritiesBound is the TLS ≤1.2 CertificateRequest.certificate_authorities
// row in force under p: RFC 2246's <3..2^16-1> in TLS 1.0 (2246-7.4.4-a)
// unless p tolerates DeviationEmptyCAList10, then RFC 4346's <0..2^16-1>,
// which admits the empty list deployed stacks send.
func CRAuthoritiesBound(p Params) BoundID {
	if p.Vers() == VersionTLS10 && !p.Tolerate.Has(DeviationEmptyCAList10) {
		return BoundCRAuthorities10
	}
	return BoundCRAuthorities // 4346-7.4.4-a
}

func init() {
	for i := range checks {
		checks[i].ID = CheckID(i)
	}
}

// Field is CheckOf(id).Field, without copying the row.
func (id CheckID) Field() string { return checks[id].Field }

// Alert is CheckOf(id).Alert.
func (id CheckID) Alert() Alert { return checks[id].Alert }

// RequirementIn is CheckOf(id).RequirementIn(v), without copying the row.
func (id CheckID) RequirementIn(v Version) Requirement {
	c := &checks[id]
	return c.ByVersion.in(c.Requirement, v)
}
