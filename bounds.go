package clientauth

import "strconv"

// Requirement is a requirement ID from requirements.md, e.g. "8446-4.3.2-b".
// It is an error so that errors.Is(err, Requirement("8446-4.3.2-b")) asks
// whether a rejection cites it.
type Requirement string

func (r Requirement) Error() string { return string(r) }

// PerVersion is a row's requirement column per protocol version, TLS 1.0,
// 1.1, 1.2 and 1.3 in that order: the rule an error cites when the message
// is parsed under that version. "" keeps the row's own Requirement, so a
// row whose rule is the same in every version leaves it empty.
type PerVersion [4]Requirement

// Before13 cites r under TLS 1.0, 1.1 and 1.2 and keeps the row's own
// requirement under TLS 1.3.
func Before13(r Requirement) PerVersion { return PerVersion{r, r, r, ""} }

// in is the requirement in force under v for a row whose own is def.
func (pv *PerVersion) in(def Requirement, v Version) Requirement {
	if v >= VersionTLS10 && v <= VersionTLS13 {
		if r := pv[v-VersionTLS10]; r != "" {
			return r
		}
	}
	return def
}

// The TLS ≤1.2 counterparts of 8446-6-a (framing) and 8446-4.2.4-a (DER
// Names), cited by the rows' PerVersion columns.
const (
	reqFraming12 Requirement = "5246-7.4-a"
	reqDNName12  Requirement = "5246-7.4.4-h"
)

// VersionSet is a set of protocol versions.
type VersionSet uint8

const (
	V10 VersionSet = 1 << iota
	V11
	V12
	V13

	UpToTLS12   = V10 | V11 | V12
	AllVersions = V10 | V11 | V12 | V13
)

// Has reports whether v is in s.
func (s VersionSet) Has(v Version) bool {
	if v < VersionTLS10 || v > VersionTLS13 {
		return false
	}
	return s&(1<<(v-VersionTLS10)) != 0
}

// ProfileSet is a set of profiles.
type ProfileSet uint8

const (
	P8446       ProfileSet = 1 << RFC8446
	P9846       ProfileSet = 1 << RFC9846
	AllProfiles            = P8446 | P9846
)

// Has reports whether p is in s.
func (s ProfileSet) Has(p Profile) bool { return s&(1<<p) != 0 }

// Containers: where a field sits, as error paths and docs name it. "[]" stands
// for an index, filled left to right from Error.Index.
const (
	ContainerHandshake         = "handshake"
	ContainerCR                = "certificate_request"
	ContainerCRExtensions      = "certificate_request.extensions[]"
	ContainerCT                = "certificate"
	ContainerCTEntryExtensions = "certificate.certificate_list[].extensions[]"
	ContainerCV                = "certificate_verify"
	ContainerCKE               = "client_key_exchange"
	ContainerSHD               = "server_hello_done"
	ContainerFinished          = "finished"
	ContainerCC                = "compressed_certificate"
)

// BoundID names a row of Bounds.
type BoundID uint8

const (
	NoBound BoundID = iota
	BoundHandshakeLength
	BoundCRCertificateTypes
	BoundCRSignatureAlgorithms12
	BoundCRAuthorities10
	BoundCRAuthorities
	BoundDistinguishedName12
	BoundCRContext
	BoundCRExtensions
	BoundCRExtensions9846
	BoundExtensionData
	BoundSignatureSchemeList
	BoundAuthorities
	BoundDistinguishedName
	BoundOIDFilters
	BoundOIDFilterOID
	BoundOIDFilterValues
	BoundCompressionAlgorithms
	BoundCRStatusRequest
	BoundCRSignedCertificateTimestamp
	BoundCTContext
	BoundCTList13
	BoundCTList12
	BoundCTCertData
	BoundCTASN1Cert
	BoundCTRawPublicKey13
	BoundCTRawPublicKey12
	BoundCTEntryExtensions
	BoundOCSPResponse
	BoundSCTList
	BoundSerializedSCT
	BoundCVSignature13
	BoundCVSignature12
	BoundCVSignature10
	BoundEncryptedPreMasterSecret
	BoundDHYc
	BoundECPoint
	BoundPSKIdentity
	BoundFixedDHBody
	BoundCompressedCertificateMessage
	BoundFinishedVerifyData
	BoundServerHelloDoneBody
	numBounds
)

// Bound is one length-bounded field: a row of the wire-format table.
type Bound struct {
	ID BoundID
	// Container is where the field sits when that is one place; "" for a
	// structure used in several places (Extension, SignatureSchemeList, ...),
	// whose container the enclosing extension decides.
	Container string
	Field     string // path below the container; "[]" marks a list element
	Struct    string // the RFC's own name for it, for docs
	// Width is the length prefix in bytes (1, 2, 3). 0 means the length is set
	// from outside: by the enclosing extension_data (an empty body) or by Params
	// (Finished).
	Width       int
	Min, Max    int // inclusive, in bytes
	Elem        int // the length must be a whole multiple of this
	Versions    VersionSet
	Profiles    ProfileSet
	Requirement Requirement
	ByVersion   PerVersion // where a version's own RFC states the rule (RequirementIn)
	Section     string
}

const (
	max8  = 1<<8 - 1
	max16 = 1<<16 - 1
	max24 = 1<<24 - 1
)

// Maxima that fixed-size state is sized by (package flow keeps what a
// request asked for in arrays); their rows below are written with them, so
// an array and its bound cannot disagree.
const (
	MaxContextLen               = max8     // certificate_request_context<0..2^8-1>, in CertificateRequest and Certificate
	MaxCompressionAlgorithmsLen = max8 - 1 // CertificateCompressionAlgorithms.algorithms<2..2^8-2>, in bytes
)

// Bounds is the one table of wire bounds, indexed by BoundID. The parser, the
// encoder, the generators and the docs read it; no bound is written anywhere
// else. A length outside [Min, Max] or not a multiple of Elem is decode_error
// (8446-3.4-a, 8446-3.4-b).
// NumBounds is one past the last BoundID: rows are 1 .. NumBounds-1.
const NumBounds = numBounds

// BoundOf returns row id of the bounds table, a copy: the table itself is
// not writable from outside, so no caller can change what the parser and
// encoder accept.
func BoundOf(id BoundID) Bound { return bounds[id] }

// AllBounds returns a copy of the bounds table, indexed by BoundID (row 0 is
// NoBound's empty row).
func AllBounds() [NumBounds]Bound { return bounds }

// Limits is the part of a row the hot path reads: prefix width and the
// allowed lengths.
type Limits struct{ Width, Min, Max, Elem int }

// Allows reports whether n is within the limits and a whole number of
// elements. Elem is a power of two (init refuses a table where it is not),
// so the multiple test is a mask: a division on every vector the parser
// reads showed in its profile.
func (l Limits) Allows(n int) bool { return n >= l.Min && n <= l.Max && n&(l.Elem-1) == 0 }

// LimitsOf returns row id's Limits: four words, cheap to copy on every vector
// the parser reads.
func LimitsOf(id BoundID) Limits { return limits[id] }

var limits [numBounds]Limits

// scopes are the rows' Versions and Profiles columns, packed for Params.Row,
// which the parser calls on every message.
var scopes [numBounds]struct {
	versions VersionSet
	profiles ProfileSet
}

var bounds = [numBounds]Bound{
	BoundHandshakeLength: {Container: ContainerHandshake, Field: "length", Struct: "Handshake.length",
		Width: 3, Min: 0, Max: max24, Versions: AllVersions, Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Section: "RFC 8446 §4, RFC 5246 §7.4"},

	// TLS ≤1.2 CertificateRequest.
	BoundCRCertificateTypes: {Container: ContainerCR, Field: "certificate_types", Struct: "CertificateRequest.certificate_types",
		Width: 1, Min: 1, Max: max8, Versions: UpToTLS12, Requirement: "5246-7.4.4-b", Section: "RFC 5246 §7.4.4"},
	BoundCRSignatureAlgorithms12: {Container: ContainerCR, Field: "supported_signature_algorithms", Struct: "CertificateRequest.supported_signature_algorithms",
		Width: 2, Min: 2, Max: max16 - 1, Elem: 2, Versions: V12, Requirement: "5246-7.4.4-b", Section: "RFC 5246 §7.4.4, errata 1585/2864"},
	BoundCRAuthorities10: {Container: ContainerCR, Field: "certificate_authorities", Struct: "CertificateRequest.certificate_authorities",
		Width: 2, Min: 3, Max: max16, Versions: V10, Requirement: "2246-7.4.4-a", Section: "RFC 2246 §7.4.4"},
	BoundCRAuthorities: {Container: ContainerCR, Field: "certificate_authorities", Struct: "CertificateRequest.certificate_authorities",
		Width: 2, Min: 0, Max: max16, Versions: V11 | V12, Requirement: "4346-7.4.4-a", Section: "RFC 4346 §7.4.4, RFC 5246 §7.4.4"},
	BoundDistinguishedName12: {Container: ContainerCR, Field: "certificate_authorities[]", Struct: "DistinguishedName",
		Width: 2, Min: 1, Max: max16, Versions: UpToTLS12, Requirement: "5246-7.4.4-b", Section: "RFC 5246 §7.4.4"},

	// TLS 1.3 CertificateRequest and its extensions.
	BoundCRContext: {Container: ContainerCR, Field: "certificate_request_context", Struct: "CertificateRequest.certificate_request_context",
		Width: 1, Min: 0, Max: MaxContextLen, Versions: V13, Requirement: "8446-4.3.2-b", Section: "RFC 8446 §4.3.2"},
	BoundCRExtensions: {Container: ContainerCR, Field: "extensions", Struct: "CertificateRequest.extensions",
		Width: 2, Min: 2, Max: max16, Versions: V13, Profiles: P8446, Requirement: "8446-4.3.2-b", Section: "RFC 8446 §4.3.2"},
	BoundCRExtensions9846: {Container: ContainerCR, Field: "extensions", Struct: "CertificateRequest.extensions",
		Width: 2, Min: 0, Max: max16, Versions: V13, Profiles: P9846, Requirement: "8446-4.3.2-b", Section: "RFC 9846 §4.3.2"},
	BoundExtensionData: {Field: "extension_data", Struct: "Extension.extension_data",
		Width: 2, Min: 0, Max: max16, Versions: V13, Requirement: "8446-3.4-a", Section: "RFC 8446 §4.2"},
	BoundSignatureSchemeList: {Field: "supported_signature_algorithms", Struct: "SignatureSchemeList.supported_signature_algorithms",
		Width: 2, Min: 2, Max: max16 - 1, Elem: 2, Versions: V13, Requirement: "8446-4.2.3-a", Section: "RFC 8446 §4.2.3"},
	BoundAuthorities: {Field: "authorities", Struct: "CertificateAuthoritiesExtension.authorities",
		Width: 2, Min: 3, Max: max16, Versions: V13, Requirement: "8446-4.2.4-a", Section: "RFC 8446 §4.2.4"},
	BoundDistinguishedName: {Field: "authorities[]", Struct: "DistinguishedName",
		Width: 2, Min: 1, Max: max16, Versions: V13, Requirement: "8446-4.2.4-a", Section: "RFC 8446 §4.2.4"},
	BoundOIDFilters: {Field: "filters", Struct: "OIDFilterExtension.filters",
		Width: 2, Min: 0, Max: max16, Versions: V13, Requirement: "8446-4.2.5-b", Section: "RFC 8446 §4.2.5"},
	BoundOIDFilterOID: {Field: "filters[].certificate_extension_oid", Struct: "OIDFilter.certificate_extension_oid",
		Width: 1, Min: 1, Max: max8, Versions: V13, Requirement: "8446-4.2.5-b", Section: "RFC 8446 §4.2.5"},
	BoundOIDFilterValues: {Field: "filters[].certificate_extension_values", Struct: "OIDFilter.certificate_extension_values",
		Width: 2, Min: 0, Max: max16, Versions: V13, Requirement: "8446-4.2.5-b", Section: "RFC 8446 §4.2.5"},
	BoundCompressionAlgorithms: {Field: "algorithms", Struct: "CertificateCompressionAlgorithms.algorithms",
		Width: 1, Min: 2, Max: MaxCompressionAlgorithmsLen, Elem: 2, Versions: V13, Requirement: "8879-3-b", Section: "RFC 8879 §3"},
	// 8446-4.4.2.1-c: the RFC defines only the empty form of status_request in
	// a CertificateRequest; we require it (6066-8-b's request form is for the
	// ClientHello).
	BoundCRStatusRequest: {Field: "extension_data", Struct: "status_request in a CertificateRequest",
		Width: 0, Min: 0, Max: 0, Versions: V13, Requirement: "8446-4.4.2.1-c", Section: "RFC 8446 §4.4.2.1"},
	// 6962-3.3.1-a: the requesting side sends signed_certificate_timestamp empty.
	BoundCRSignedCertificateTimestamp: {Field: "extension_data", Struct: "signed_certificate_timestamp in a CertificateRequest",
		Width: 0, Min: 0, Max: 0, Versions: V13, Requirement: "6962-3.3.1-a", Section: "RFC 6962 §3.3.1"},

	// Certificate.
	BoundCTContext: {Container: ContainerCT, Field: "certificate_request_context", Struct: "Certificate.certificate_request_context",
		Width: 1, Min: 0, Max: MaxContextLen, Versions: V13, Requirement: "8446-4.4.2-c", Section: "RFC 8446 §4.4.2"},
	BoundCTList13: {Container: ContainerCT, Field: "certificate_list", Struct: "Certificate.certificate_list",
		Width: 3, Min: 0, Max: max24, Versions: V13, Requirement: "8446-4.4.2-c", Section: "RFC 8446 §4.4.2"},
	BoundCTList12: {Container: ContainerCT, Field: "certificate_list", Struct: "Certificate.certificate_list",
		Width: 3, Min: 0, Max: max24, Versions: UpToTLS12, Requirement: "5246-7.4.2-a", Section: "RFC 5246 §7.4.2"},
	BoundCTCertData: {Container: ContainerCT, Field: "certificate_list[].cert_data", Struct: "CertificateEntry.cert_data",
		Width: 3, Min: 1, Max: max24, Versions: V13, Requirement: "8446-4.4.2-c", Section: "RFC 8446 §4.4.2"},
	BoundCTASN1Cert: {Container: ContainerCT, Field: "certificate_list[]", Struct: "ASN.1Cert",
		Width: 3, Min: 1, Max: max24, Versions: UpToTLS12, Requirement: "5246-7.4.2-a", Section: "RFC 5246 §7.4.2"},
	BoundCTRawPublicKey13: {Container: ContainerCT, Field: "certificate_list[].ASN1_subjectPublicKeyInfo", Struct: "CertificateEntry.ASN1_subjectPublicKeyInfo",
		Width: 3, Min: 1, Max: max24, Versions: V13, Requirement: "7250-3-a", Section: "RFC 8446 §4.4.2, RFC 7250 §3"},
	BoundCTRawPublicKey12: {Container: ContainerCT, Field: "ASN1_subjectPublicKeyInfo", Struct: "Certificate.ASN1_subjectPublicKeyInfo",
		Width: 3, Min: 1, Max: max24, Versions: V12, Requirement: "7250-3-a", Section: "RFC 7250 §3"},
	BoundCTEntryExtensions: {Container: ContainerCT, Field: "certificate_list[].extensions", Struct: "CertificateEntry.extensions",
		Width: 2, Min: 0, Max: max16, Versions: V13, Requirement: "8446-4.4.2-c", Section: "RFC 8446 §4.4.2"},
	BoundOCSPResponse: {Field: "ocsp_response", Struct: "CertificateStatus.OCSPResponse",
		Width: 3, Min: 1, Max: max24, Versions: V13, Requirement: "6066-8-a", Section: "RFC 6066 §8"},
	BoundSCTList: {Field: "sct_list", Struct: "SignedCertificateTimestampList.sct_list",
		Width: 2, Min: 1, Max: max16, Versions: V13, Requirement: "6962-3.3-a", Section: "RFC 6962 §3.3"},
	BoundSerializedSCT: {Field: "sct_list[]", Struct: "SerializedSCT",
		Width: 2, Min: 1, Max: max16, Versions: V13, Requirement: "6962-3.3-a", Section: "RFC 6962 §3.3"},

	// CertificateVerify.
	BoundCVSignature13: {Container: ContainerCV, Field: "signature", Struct: "CertificateVerify.signature",
		Width: 2, Min: 0, Max: max16, Versions: V13, Requirement: "8446-4.4.3-b", Section: "RFC 8446 §4.4.3"},
	BoundCVSignature12: {Container: ContainerCV, Field: "signature", Struct: "DigitallySigned.signature",
		Width: 2, Min: 0, Max: max16, Versions: V12, Requirement: "5246-4.7-a", Section: "RFC 5246 §4.7, §7.4.8"},
	BoundCVSignature10: {Container: ContainerCV, Field: "signature", Struct: "Signature",
		Width: 2, Min: 0, Max: max16, Versions: V10 | V11, Requirement: "4346-7.4.8-a", Section: "RFC 4346 §4.7, §7.4.8"},

	// ClientKeyExchange (TLS ≤1.2).
	// A public-key-encrypted field is opaque<0..2^16-1> (5246-4.7-c).
	BoundEncryptedPreMasterSecret: {Container: ContainerCKE, Field: "encrypted_pre_master_secret", Struct: "EncryptedPreMasterSecret",
		Width: 2, Min: 0, Max: max16, Versions: UpToTLS12, Requirement: "5246-7.4.7.1-a", Section: "RFC 5246 §7.4.7.1"},
	BoundDHYc: {Container: ContainerCKE, Field: "dh_Yc", Struct: "ClientDiffieHellmanPublic.dh_Yc",
		Width: 2, Min: 1, Max: max16, Versions: UpToTLS12, Requirement: "5246-7.4.7.2-a", Section: "RFC 5246 §7.4.7.2"},
	BoundECPoint: {Container: ContainerCKE, Field: "ecdh_Yc", Struct: "ECPoint.point",
		Width: 1, Min: 1, Max: max8, Versions: UpToTLS12, Requirement: "8422-5.7-a", Section: "RFC 8422 §5.7"},
	BoundPSKIdentity: {Container: ContainerCKE, Field: "psk_identity", Struct: "ClientKeyExchange.psk_identity",
		Width: 2, Min: 0, Max: max16, Versions: UpToTLS12, Requirement: "5246-4.3-a", Section: "RFC 4279 §2"},
	BoundFixedDHBody: {Container: ContainerCKE, Field: "exchange_keys", Struct: "ClientDiffieHellmanPublic (implicit)",
		Width: 0, Min: 0, Max: 0, Versions: UpToTLS12, Requirement: "5246-7.4.7-b", Section: "RFC 5246 §7.4.7.2"},

	// CompressedCertificate (TLS 1.3).
	BoundCompressedCertificateMessage: {Container: ContainerCC, Field: "compressed_certificate_message", Struct: "CompressedCertificate.compressed_certificate_message",
		Width: 3, Min: 1, Max: max24, Versions: V13, Requirement: "8879-4-a", Section: "RFC 8879 §4"},

	// Finished: the length is fixed by the cipher suite (Params.FinishedLen);
	// this row is the range a Params may ask for (12 bytes minimum in TLS 1.2,
	// the hash length in TLS 1.3).
	BoundFinishedVerifyData: {Container: ContainerFinished, Field: "verify_data", Struct: "Finished.verify_data",
		Width: 0, Min: 12, Max: 64, Versions: AllVersions, Requirement: "8446-6-a", ByVersion: Before13(reqFraming12), Section: "RFC 5246 §7.4.9, RFC 8446 §4.4.4"},
	BoundServerHelloDoneBody: {Container: ContainerSHD, Field: "", Struct: "ServerHelloDone",
		Width: 0, Min: 0, Max: 0, Versions: UpToTLS12, Requirement: reqFraming12, Section: "RFC 5246 §7.4.5"},
}

func init() {
	for i := range bounds {
		bounds[i].ID = BoundID(i)
		if bounds[i].Elem == 0 {
			bounds[i].Elem = 1
		}
		if bounds[i].Profiles == 0 {
			bounds[i].Profiles = AllProfiles
		}
		b := &bounds[i]
		if b.Elem&(b.Elem-1) != 0 {
			panic("clientauth: bounds row " + b.Struct + ": Elem must be a power of two")
		}
		limits[i] = Limits{Width: b.Width, Min: b.Min, Max: b.Max, Elem: b.Elem}
		scopes[i].versions, scopes[i].profiles = b.Versions, b.Profiles
	}
}

// Allows reports whether a length n is within the bound and a whole number of
// elements.
func (b Bound) Allows(n int) bool { return n >= b.Min && n <= b.Max && n&(b.Elem-1) == 0 }

// Row returns the first of rows that applies under p by its Versions and
// Profiles columns, or NoBound: how the parser, encoder and generators pick
// between the rows one field has in different versions or profiles.
func (p Params) Row(rows ...BoundID) BoundID {
	v := p.Vers()
	for _, id := range rows {
		if sc := scopes[id]; sc.versions.Has(v) && sc.profiles.Has(p.Profile) {
			return id
		}
	}
	return NoBound
}

// MaxUint24 is the largest value of a uint24 field.
const MaxUint24 = max24

// PrefixMax is the largest length the prefix can carry.
func (b Bound) PrefixMax() int { return 1<<(8*b.Width) - 1 }

// RequirementIn is the requirement a violation of the row cites under v.
func (b Bound) RequirementIn(v Version) Requirement { return b.ByVersion.in(b.Requirement, v) }

// Applies reports whether the row is in force for a version and profile.
func (b Bound) Applies(v Version, p Profile) bool { return b.Versions.Has(v) && b.Profiles.Has(p) }

// Range renders the bound in the RFC's notation, e.g. "<2..2^16-2>".
func (b Bound) Range() string { return "<" + rfcNumber(b.Min) + ".." + rfcNumber(b.Max) + ">" }

func rfcNumber(n int) string {
	for _, e := range []int{8, 16, 24} {
		p := 1 << e
		switch {
		case n == p-1:
			return "2^" + strconv.Itoa(e) + "-1"
		case n == p-2:
			return "2^" + strconv.Itoa(e) + "-2"
		}
	}
	return strconv.Itoa(n)
}

// Path is the full path template of a field in a given container ("" when
// the row carries its own container).
func (b Bound) Path(container string) string {
	if container == "" {
		container = b.Container
	}
	return joinPath(container, b.Field)
}

func joinPath(container, field string) string {
	switch {
	case container == "":
		return field
	case field == "":
		return container
	}
	return container + "." + field
}

// The row readers below hand out single fields without copying the row:
// package internal/errs fills every rejection from them, and a copy of a
// whole row there was most of what rejecting a small message cost.

// Path is the container and field row id names in error paths.
func (id BoundID) Path() (container, field string) {
	b := &bounds[id]
	return b.Container, b.Field
}

// RequirementIn is BoundOf(id).RequirementIn(v).
func (id BoundID) RequirementIn(v Version) Requirement {
	b := &bounds[id]
	return b.ByVersion.in(b.Requirement, v)
}
