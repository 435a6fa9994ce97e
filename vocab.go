package clientauth

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clientauth/clientauth/internal/bitset"
)

// HandshakeType is the msg_type of a handshake message (RFC 8446 §4).
type HandshakeType uint8

const (
	TypeHelloRequest          HandshakeType = 0
	TypeClientHello           HandshakeType = 1
	TypeServerHello           HandshakeType = 2
	TypeNewSessionTicket      HandshakeType = 4
	TypeEndOfEarlyData        HandshakeType = 5
	TypeEncryptedExtensions   HandshakeType = 8
	TypeCertificate           HandshakeType = 11
	TypeServerKeyExchange     HandshakeType = 12
	TypeCertificateRequest    HandshakeType = 13
	TypeServerHelloDone       HandshakeType = 14
	TypeCertificateVerify     HandshakeType = 15
	TypeClientKeyExchange     HandshakeType = 16
	TypeFinished              HandshakeType = 20
	TypeCertificateStatus     HandshakeType = 22
	TypeKeyUpdate             HandshakeType = 24
	TypeCompressedCertificate HandshakeType = 25
	TypeMessageHash           HandshakeType = 254
)

var handshakeTypeNames = map[HandshakeType]string{
	TypeHelloRequest:          "hello_request",
	TypeClientHello:           "client_hello",
	TypeServerHello:           "server_hello",
	TypeNewSessionTicket:      "new_session_ticket",
	TypeEndOfEarlyData:        "end_of_early_data",
	TypeEncryptedExtensions:   "encrypted_extensions",
	TypeCertificate:           "certificate",
	TypeServerKeyExchange:     "server_key_exchange",
	TypeCertificateRequest:    "certificate_request",
	TypeServerHelloDone:       "server_hello_done",
	TypeCertificateVerify:     "certificate_verify",
	TypeClientKeyExchange:     "client_key_exchange",
	TypeFinished:              "finished",
	TypeCertificateStatus:     "certificate_status",
	TypeKeyUpdate:             "key_update",
	TypeCompressedCertificate: "compressed_certificate",
	TypeMessageHash:           "message_hash",
}

// String returns the RFC name, e.g. "certificate_request".
func (t HandshakeType) String() string { return nameOf(handshakeTypeNames, t, "unknown") }

// Known reports whether t is a type this module names (String is not
// "unknown(...)"); no handshake state accepts any other.
func (t HandshakeType) Known() bool {
	_, ok := handshakeTypeNames[t]
	return ok
}

// ParseHandshakeType is the inverse of String for the known names.
func ParseHandshakeType(s string) (HandshakeType, bool) { return byName(handshakeTypeNames, s) }

// codePoint is a registry value that the name maps below key on.
type codePoint interface{ ~uint8 | ~uint16 }

// nameOf is the String of a registry value: its name in names, or
// unknown(number) for a value the map does not name.
func nameOf[K codePoint](names map[K]string, k K, unknown string) string {
	if s, ok := names[k]; ok {
		return s
	}
	return unknown + "(" + strconv.Itoa(int(k)) + ")"
}

// byName is nameOf's inverse for the named values.
func byName[K codePoint](names map[K]string, s string) (K, bool) {
	for k, n := range names {
		if n == s {
			return k, true
		}
	}
	return 0, false
}

// Version is a TLS protocol version as it appears on the wire.
type Version uint16

const (
	VersionTLS10 Version = 0x0301
	VersionTLS11 Version = 0x0302
	VersionTLS12 Version = 0x0303
	VersionTLS13 Version = 0x0304
)

// Versions lists the versions this module parses, oldest first.
var Versions = []Version{VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13}

// String returns the short form used by the command line: "1.0" … "1.3".
func (v Version) String() string {
	switch v {
	case VersionTLS10:
		return "1.0"
	case VersionTLS11:
		return "1.1"
	case VersionTLS12:
		return "1.2"
	case VersionTLS13:
		return "1.3"
	}
	return fmt.Sprintf("0x%04x", uint16(v))
}

// ParseVersion accepts "1.0" … "1.3".
func ParseVersion(s string) (Version, bool) {
	for _, v := range Versions {
		if v.String() == s {
			return v, true
		}
	}
	return 0, false
}

// Alert is a TLS AlertDescription (RFC 8446 §6, RFC 9846 §6).
type Alert uint8

const (
	AlertCloseNotify                  Alert = 0
	AlertUnexpectedMessage            Alert = 10
	AlertBadRecordMAC                 Alert = 20
	AlertRecordOverflow               Alert = 22
	AlertHandshakeFailure             Alert = 40
	AlertBadCertificate               Alert = 42
	AlertUnsupportedCertificate       Alert = 43
	AlertCertificateRevoked           Alert = 44
	AlertCertificateExpired           Alert = 45
	AlertCertificateUnknown           Alert = 46
	AlertIllegalParameter             Alert = 47
	AlertUnknownCA                    Alert = 48
	AlertAccessDenied                 Alert = 49
	AlertDecodeError                  Alert = 50
	AlertDecryptError                 Alert = 51
	AlertProtocolVersion              Alert = 70
	AlertInsufficientSecurity         Alert = 71
	AlertInternalError                Alert = 80
	AlertUserCanceled                 Alert = 90
	AlertNoRenegotiation              Alert = 100
	AlertMissingExtension             Alert = 109
	AlertUnsupportedExtension         Alert = 110
	AlertBadCertificateStatusResponse Alert = 113
	AlertCertificateRequired          Alert = 116
	AlertGeneralError                 Alert = 117
)

var alertNames = map[Alert]string{
	AlertCloseNotify:                  "close_notify",
	AlertUnexpectedMessage:            "unexpected_message",
	AlertBadRecordMAC:                 "bad_record_mac",
	AlertRecordOverflow:               "record_overflow",
	AlertCertificateRevoked:           "certificate_revoked",
	AlertCertificateExpired:           "certificate_expired",
	AlertCertificateUnknown:           "certificate_unknown",
	AlertUnknownCA:                    "unknown_ca",
	AlertAccessDenied:                 "access_denied",
	AlertProtocolVersion:              "protocol_version",
	AlertInsufficientSecurity:         "insufficient_security",
	AlertUserCanceled:                 "user_canceled",
	AlertNoRenegotiation:              "no_renegotiation",
	AlertHandshakeFailure:             "handshake_failure",
	AlertBadCertificate:               "bad_certificate",
	AlertUnsupportedCertificate:       "unsupported_certificate",
	AlertIllegalParameter:             "illegal_parameter",
	AlertDecodeError:                  "decode_error",
	AlertDecryptError:                 "decrypt_error",
	AlertInternalError:                "internal_error",
	AlertMissingExtension:             "missing_extension",
	AlertUnsupportedExtension:         "unsupported_extension",
	AlertBadCertificateStatusResponse: "bad_certificate_status_response",
	AlertCertificateRequired:          "certificate_required",
	AlertGeneralError:                 "general_error",
}

// String returns the RFC name, e.g. "decode_error".
func (a Alert) String() string { return nameOf(alertNames, a, "alert") }

// Error makes an Alert usable as an errors.Is target:
// errors.Is(err, clientauth.AlertDecodeError) reports whether a rejection
// carries that alert.
func (a Alert) Error() string { return a.String() }

// ParseAlert is the inverse of String for the known names.
func ParseAlert(s string) (Alert, bool) { return byName(alertNames, s) }

// SignatureScheme is a TLS 1.3 SignatureScheme, or in TLS 1.2 a
// SignatureAndHashAlgorithm pair (hash in the high byte, signature in the low).
type SignatureScheme uint16

// The IANA TLS SignatureScheme registry entries this module names.
const (
	SchemeRSAPKCS1SHA256                  SignatureScheme = 0x0401
	SchemeRSAPKCS1SHA384                  SignatureScheme = 0x0501
	SchemeRSAPKCS1SHA512                  SignatureScheme = 0x0601
	SchemeECDSASecp256r1SHA256            SignatureScheme = 0x0403
	SchemeECDSASecp384r1SHA384            SignatureScheme = 0x0503
	SchemeECDSASecp521r1SHA512            SignatureScheme = 0x0603
	SchemeRSAPSSRSAESHA256                SignatureScheme = 0x0804
	SchemeRSAPSSRSAESHA384                SignatureScheme = 0x0805
	SchemeRSAPSSRSAESHA512                SignatureScheme = 0x0806
	SchemeEd25519                         SignatureScheme = 0x0807
	SchemeEd448                           SignatureScheme = 0x0808
	SchemeRSAPSSPSSSHA256                 SignatureScheme = 0x0809
	SchemeRSAPSSPSSSHA384                 SignatureScheme = 0x080a
	SchemeRSAPSSPSSSHA512                 SignatureScheme = 0x080b
	SchemeECDSABrainpoolP256r1TLS13SHA256 SignatureScheme = 0x081a
	SchemeECDSABrainpoolP384r1TLS13SHA384 SignatureScheme = 0x081b
	SchemeECDSABrainpoolP512r1TLS13SHA512 SignatureScheme = 0x081c
	SchemeRSAPKCS1SHA1                    SignatureScheme = 0x0201
	SchemeECDSASHA1                       SignatureScheme = 0x0203
	SchemeMLDSA44                         SignatureScheme = 0x0904
	SchemeMLDSA65                         SignatureScheme = 0x0905
	SchemeMLDSA87                         SignatureScheme = 0x0906
)

var signatureSchemeNames = map[SignatureScheme]string{
	SchemeRSAPKCS1SHA256:                  "rsa_pkcs1_sha256",
	SchemeRSAPKCS1SHA384:                  "rsa_pkcs1_sha384",
	SchemeRSAPKCS1SHA512:                  "rsa_pkcs1_sha512",
	SchemeECDSASecp256r1SHA256:            "ecdsa_secp256r1_sha256",
	SchemeECDSASecp384r1SHA384:            "ecdsa_secp384r1_sha384",
	SchemeECDSASecp521r1SHA512:            "ecdsa_secp521r1_sha512",
	SchemeRSAPSSRSAESHA256:                "rsa_pss_rsae_sha256",
	SchemeRSAPSSRSAESHA384:                "rsa_pss_rsae_sha384",
	SchemeRSAPSSRSAESHA512:                "rsa_pss_rsae_sha512",
	SchemeEd25519:                         "ed25519",
	SchemeEd448:                           "ed448",
	SchemeRSAPSSPSSSHA256:                 "rsa_pss_pss_sha256",
	SchemeRSAPSSPSSSHA384:                 "rsa_pss_pss_sha384",
	SchemeRSAPSSPSSSHA512:                 "rsa_pss_pss_sha512",
	SchemeECDSABrainpoolP256r1TLS13SHA256: "ecdsa_brainpoolP256r1tls13_sha256",
	SchemeECDSABrainpoolP384r1TLS13SHA384: "ecdsa_brainpoolP384r1tls13_sha384",
	SchemeECDSABrainpoolP512r1TLS13SHA512: "ecdsa_brainpoolP512r1tls13_sha512",
	SchemeRSAPKCS1SHA1:                    "rsa_pkcs1_sha1",
	SchemeECDSASHA1:                       "ecdsa_sha1",
	SchemeMLDSA44:                         "mldsa44",
	SchemeMLDSA65:                         "mldsa65",
	SchemeMLDSA87:                         "mldsa87",
}

// HashAlgorithm and SignatureAlgorithm are the two bytes of a TLS 1.2
// SignatureAndHashAlgorithm (RFC 5246 §7.4.1.4.1).
type (
	HashAlgorithm      uint8
	SignatureAlgorithm uint8
)

const (
	HashNone HashAlgorithm = iota
	HashMD5
	HashSHA1
	HashSHA224
	HashSHA256
	HashSHA384
	HashSHA512
)

const (
	SigAnonymous SignatureAlgorithm = iota
	SigRSA
	SigDSA
	SigECDSA
)

var tls12HashNames = [...]string{"none", "md5", "sha1", "sha224", "sha256", "sha384", "sha512"}
var tls12SignatureNames = [...]string{"anonymous", "rsa", "dsa", "ecdsa"}

// Pair is the TLS 1.2 SignatureAndHashAlgorithm {h, s} as a SignatureScheme.
func Pair(h HashAlgorithm, s SignatureAlgorithm) SignatureScheme {
	return SignatureScheme(h)<<8 | SignatureScheme(s)
}

// Hash and Signature split a TLS 1.2 pair.
func (s SignatureScheme) Hash() HashAlgorithm           { return HashAlgorithm(s >> 8) }
func (s SignatureScheme) Signature() SignatureAlgorithm { return SignatureAlgorithm(s) }

// IsLegacyPair reports whether s is a TLS 1.2 SignatureAndHashAlgorithm pair
// from RFC 5246's registry (hash none..sha512), as opposed to a TLS 1.3-style
// SignatureScheme (0x07xx and up).
func (s SignatureScheme) IsLegacyPair() bool { return s.Hash() <= HashSHA512 }

// String returns the IANA name; a TLS 1.2 pair with no SignatureScheme name is
// spelled hash_signature (e.g. "sha224_ecdsa"); GREASE values are "grease".
func (s SignatureScheme) String() string {
	if n, ok := signatureSchemeNames[s]; ok {
		return n
	}
	if s.IsGREASE() {
		return "grease"
	}
	h, g := s.Hash(), s.Signature()
	if int(h) < len(tls12HashNames) && int(g) < len(tls12SignatureNames) {
		return tls12HashNames[h] + "_" + tls12SignatureNames[g]
	}
	return fmt.Sprintf("0x%04x", uint16(s))
}

// Name returns s's name in the IANA registry, if this module knows it.
func (s SignatureScheme) Name() (string, bool) {
	n, ok := signatureSchemeNames[s]
	return n, ok
}

// IsGREASE reports whether s is one of the RFC 8701 reserved values 0x?A?A.
func (s SignatureScheme) IsGREASE() bool { return isGREASE16(uint16(s)) }

func isGREASE16(v uint16) bool { return v&0x0f0f == GREASEFirst && v>>8 == v&0xff }

// ExtensionType is a TLS ExtensionType.
type ExtensionType uint16

// Extension types this module names (IANA TLS ExtensionType Values). The
// rows of Extensions say what each means in a client-auth message.
const (
	ExtServerName                 ExtensionType = 0
	ExtMaxFragmentLength          ExtensionType = 1
	ExtStatusRequest              ExtensionType = 5
	ExtSupportedGroups            ExtensionType = 10
	ExtSignatureAlgorithms        ExtensionType = 13
	ExtUseSRTP                    ExtensionType = 14
	ExtHeartbeat                  ExtensionType = 15
	ExtALPN                       ExtensionType = 16
	ExtStatusRequestV2            ExtensionType = 17
	ExtSignedCertificateTimestamp ExtensionType = 18
	ExtClientCertificateType      ExtensionType = 19
	ExtServerCertificateType      ExtensionType = 20
	ExtPadding                    ExtensionType = 21
	ExtCompressCertificate        ExtensionType = 27
	ExtRecordSizeLimit            ExtensionType = 28
	ExtDelegatedCredential        ExtensionType = 34
	ExtPreSharedKey               ExtensionType = 41
	ExtEarlyData                  ExtensionType = 42
	ExtSupportedVersions          ExtensionType = 43
	ExtCookie                     ExtensionType = 44
	ExtPSKKeyExchangeModes        ExtensionType = 45
	ExtCertificateAuthorities     ExtensionType = 47
	ExtOIDFilters                 ExtensionType = 48
	ExtPostHandshakeAuth          ExtensionType = 49
	ExtSignatureAlgorithmsCert    ExtensionType = 50
	ExtKeyShare                   ExtensionType = 51
	ExtTransparencyInfo           ExtensionType = 52
	ExtQUICTransportParameters    ExtensionType = 57
	ExtEncryptedClientHello       ExtensionType = 0xfe0d
	ExtEncryptThenMAC             ExtensionType = 22     // encrypt_then_mac, RFC 7366: TLS ≤1.2 only, so not in Extensions
	ExtExtendedMasterSecret       ExtensionType = 23     // extended_master_secret, RFC 7627: TLS ≤1.2 only
	ExtSessionTicket              ExtensionType = 35     // session_ticket, RFC 5077: TLS ≤1.2 only
	ExtRenegotiationInfo          ExtensionType = 0xff01 // renegotiation_info, RFC 5746: TLS ≤1.2 only
)

// StatusTypeOCSP is CertificateStatusType ocsp (RFC 6066 §8), the one
// status_type a TLS 1.3 status_request extension body may carry.
const StatusTypeOCSP = 1

// GREASE values (RFC 8701) are 0x?A?A: GREASEFirst, then every
// GREASEStep up to 0xFAFA.
const (
	GREASEFirst = 0x0a0a
	GREASEStep  = 0x1010
)

// String returns the IANA name for types in Extensions, "grease" for RFC 8701
// values, and the number otherwise.
func (t ExtensionType) String() string {
	if info, ok := LookupExtension(t); ok {
		return info.Name
	}
	if t.IsGREASE() {
		return "grease"
	}
	return "unknown(" + strconv.Itoa(int(t)) + ")"
}

// IsGREASE reports whether t is one of the RFC 8701 reserved values 0x?A?A.
func (t ExtensionType) IsGREASE() bool { return isGREASE16(uint16(t)) }

// ClientCertificateType is a TLS ≤1.2 CertificateRequest certificate_types entry.
type ClientCertificateType uint8

var clientCertificateTypeNames = map[ClientCertificateType]string{
	1:  "rsa_sign",
	2:  "dss_sign",
	3:  "rsa_fixed_dh",
	4:  "dss_fixed_dh",
	5:  "rsa_ephemeral_dh_RESERVED",
	6:  "dss_ephemeral_dh_RESERVED",
	20: "fortezza_dms_RESERVED",
	64: "ecdsa_sign",
	65: "rsa_fixed_ecdh",
	66: "ecdsa_fixed_ecdh",
	67: "gost_sign256",
	68: "gost_sign512",
}

func (c ClientCertificateType) String() string {
	return nameOf(clientCertificateTypeNames, c, "unknown")
}

// CertificateCompressionAlgorithm is an RFC 8879 algorithm ID.
type CertificateCompressionAlgorithm uint16

// The RFC 8879 §7.3 algorithms.
const (
	CompressionZlib   CertificateCompressionAlgorithm = 1
	CompressionBrotli CertificateCompressionAlgorithm = 2
	CompressionZstd   CertificateCompressionAlgorithm = 3
)

func (a CertificateCompressionAlgorithm) String() string {
	switch a {
	case CompressionZlib:
		return "zlib"
	case CompressionBrotli:
		return "brotli"
	case CompressionZstd:
		return "zstd"
	}
	return "unknown(" + strconv.Itoa(int(a)) + ")"
}

// CertificateType is the negotiated certificate type (RFC 7250): it decides
// what a Certificate message's entries hold.
type CertificateType uint8

const (
	CertTypeX509         CertificateType = 0
	CertTypeOpenPGP      CertificateType = 1
	CertTypeRawPublicKey CertificateType = 2
)

var certificateTypeNames = map[CertificateType]string{
	CertTypeX509:         "x509",
	CertTypeOpenPGP:      "openpgp",
	CertTypeRawPublicKey: "raw_public_key",
}

func (c CertificateType) String() string { return nameOf(certificateTypeNames, c, "unknown") }

// ParseCertificateType accepts the String forms.
func ParseCertificateType(s string) (CertificateType, bool) { return byName(certificateTypeNames, s) }

// KeyExchange is the TLS ≤1.2 key exchange, which decides the shape of a
// ClientKeyExchange body.
type KeyExchange uint8

const (
	KexRSA      KeyExchange = iota // EncryptedPreMasterSecret
	KexDHE                         // ClientDiffieHellmanPublic, explicit dh_Yc (also DH_anon, DH_RSA/DSS with an uncertified client key)
	KexECDHE                       // ClientECDiffieHellmanPublic (also ECDH_*)
	KexPSK                         // psk_identity (RFC 4279 §2)
	KexRSAPSK                      // psk_identity + EncryptedPreMasterSecret (RFC 4279 §4)
	KexDHEPSK                      // psk_identity + ClientDiffieHellmanPublic (RFC 4279 §3)
	KexECDHEPSK                    // psk_identity + ECPoint (RFC 5489 §2)
	KexFixedDH                     // fixed_dh client authentication: implicit dh_Yc, empty body (RFC 5246 §7.4.7.2)
)

var keyExchangeNames = [...]string{"rsa", "dhe", "ecdhe", "psk", "rsa_psk", "dhe_psk", "ecdhe_psk", "fixed_dh"}

func (k KeyExchange) String() string {
	if int(k) < len(keyExchangeNames) {
		return keyExchangeNames[k]
	}
	return "unknown(" + strconv.Itoa(int(k)) + ")"
}

// KeyExchanges lists every KeyExchange.
var KeyExchanges = []KeyExchange{KexRSA, KexDHE, KexECDHE, KexPSK, KexRSAPSK, KexDHEPSK, KexECDHEPSK, KexFixedDH}

// ParseKeyExchange accepts the String forms.
func ParseKeyExchange(s string) (KeyExchange, bool) {
	for i, n := range keyExchangeNames {
		if n == s {
			return KeyExchange(i), true
		}
	}
	return 0, false
}

// HasPSKIdentity reports whether the ClientKeyExchange starts with psk_identity.
func (k KeyExchange) HasPSKIdentity() bool {
	return k == KexPSK || k == KexRSAPSK || k == KexDHEPSK || k == KexECDHEPSK
}

// Profile selects the specification text where RFC 9846 changed RFC 8446.
type Profile uint8

const (
	RFC8446 Profile = iota // the default
	RFC9846                // obsoletes RFC 8446 (July 2026)
)

// Profiles lists every Profile.
var Profiles = []Profile{RFC8446, RFC9846}

func (p Profile) String() string {
	if p == RFC9846 {
		return "rfc9846"
	}
	return "rfc8446"
}

// ParseProfile accepts "rfc8446" and "rfc9846".
func ParseProfile(s string) (Profile, bool) {
	switch s {
	case "rfc8446":
		return RFC8446, true
	case "rfc9846":
		return RFC9846, true
	}
	return 0, false
}

// Params is the context a message's bytes do not carry. The zero value means
// TLS 1.3, RFC 8446, key exchange rsa, X.509 certificates, main handshake,
// sent by the client, and the default Finished length for the version.
//
// The zero Version is TLS 1.3 in Go code only (Vers), kept so that
// Params{} stays the common case; every text form (MarshalText, the JSON
// object, the command line's flags, vector groups) writes the version out and
// requires it on reading, so no file or command line depends on that default.
// See params_text.go for the one text form.
type Params struct {
	Version       Version
	Profile       Profile
	KeyExchange   KeyExchange     // TLS ≤1.2 ClientKeyExchange shape
	FinishedLen   int             // verify_data length; 0 = 12 (TLS ≤1.2) or 32 (TLS 1.3, SHA-256)
	PostHandshake bool            // TLS 1.3 post-handshake authentication
	FromServer    bool            // Certificate / CertificateVerify sent by the server
	CertType      CertificateType // negotiated certificate type: client_certificate_type/server_certificate_type live in other messages, so the caller says what they settled (7250-4-x)
	// Tolerate lists known deployed deviations to accept (KnownDeviations);
	// the zero value is strict.
	Tolerate Deviations
}

// Vers returns p.Version, with zero meaning TLS 1.3.
func (p Params) Vers() Version { return p.Version.Resolved() }

// Resolved is v with zero meaning TLS 1.3, as Params.Vers reads it. Hot code
// calls it on the field, p.Version.Resolved(), not p.Vers(): a method on the
// whole eight-field Params copies it through memory first, which costs as
// much as reading a small message.
func (v Version) Resolved() Version {
	if v == 0 {
		return VersionTLS13
	}
	return v
}

// VerifyDataLen returns the Finished verify_data length in force.
func (p Params) VerifyDataLen() int {
	if p.FinishedLen != 0 {
		return p.FinishedLen
	}
	if p.Vers() == VersionTLS13 {
		return 32
	}
	return 12
}

// Supported is the cheap part of Validate that parsing and encoding rely on:
// a version, profile and key exchange this module knows.
func (p Params) Supported() bool {
	v := p.Vers()
	return v >= VersionTLS10 && v <= VersionTLS13 && p.Profile <= RFC9846 && int(p.KeyExchange) < len(keyExchangeNames)
}

// Validate reports parameters that no message can be parsed under.
func (p Params) Validate() error {
	v := p.Vers()
	if v < VersionTLS10 || v > VersionTLS13 {
		return fmt.Errorf("clientauth: unsupported version %v", v)
	}
	if p.Profile != RFC8446 && p.Profile != RFC9846 {
		return fmt.Errorf("clientauth: unknown profile %d", p.Profile)
	}
	if int(p.KeyExchange) >= len(keyExchangeNames) {
		return fmt.Errorf("clientauth: unknown key exchange %d", p.KeyExchange)
	}
	if p.CertType > CertTypeRawPublicKey {
		return fmt.Errorf("clientauth: unknown certificate type %d", p.CertType)
	}
	if b := bounds[BoundFinishedVerifyData]; !b.Allows(p.VerifyDataLen()) {
		return fmt.Errorf("clientauth: Finished length %d outside %s", p.VerifyDataLen(), b.Range())
	}
	if p.Tolerate&^allDeviations != 0 {
		return fmt.Errorf("clientauth: unknown deviations %#x", uint8(p.Tolerate&^allDeviations))
	}
	if p.PostHandshake && v != VersionTLS13 {
		return fmt.Errorf("clientauth: post-handshake authentication exists only in TLS 1.3")
	}
	// A TLS 1.3 ClientKeyExchange does not exist (8446-4-a), so a key
	// exchange other than the zero value under TLS 1.3 is a caller's mix-up
	// of two connections' contexts, not a context.
	if p.KeyExchange != KexRSA && v == VersionTLS13 {
		return fmt.Errorf("clientauth: key exchange %v applies to TLS <=1.2 only (TLS 1.3 has no ClientKeyExchange)", p.KeyExchange)
	}
	// RFC 9846 obsoletes RFC 8446 alone; TLS <=1.2 messages have one text.
	if p.Profile == RFC9846 && v != VersionTLS13 {
		return fmt.Errorf("clientauth: profile %v applies to TLS 1.3 only, not TLS %v", p.Profile, v)
	}
	return nil
}

// Deviation is a departure from an RFC's letter that a deployed TLS stack is
// known to send. Strict parsing rejects it; Params.Tolerate may accept it.
type Deviation uint8

const (
	// DeviationEmptyCAList10: a TLS 1.0 CertificateRequest with an empty
	// certificate_authorities list, below RFC 2246's <3..2^16-1>
	// (2246-7.4.4-a); RFC 4346 later allowed it.
	DeviationEmptyCAList10 Deviation = iota
	numDeviations
)

// DeviationInfo is one row of the KnownDeviations table.
type DeviationInfo struct {
	Deviation   Deviation
	Name        string      // the String form, e.g. "empty_ca_list_tls10"
	Relaxes     Requirement // the requirement tolerating it stops enforcing
	Stacks      []string    // stacks recorded sending it (corpus/real, testdata/openssl)
	Description string
}

// KnownDeviations is the table of known deployed deviations, indexed by
// Deviation.
// KnownDeviations returns the table of known deployed deviations, indexed by
// Deviation (a copy: the table is not writable from outside).
func KnownDeviations() [NumDeviations]DeviationInfo { return knownDeviations }

// DeviationOf returns the row of d.
func DeviationOf(d Deviation) DeviationInfo { return knownDeviations[d] }

// NumDeviations is the number of known deviations.
const NumDeviations = numDeviations

var knownDeviations = [numDeviations]DeviationInfo{
	DeviationEmptyCAList10: {Deviation: DeviationEmptyCAList10, Name: "empty_ca_list_tls10", Relaxes: "2246-7.4.4-a",
		Stacks:      []string{"OpenSSL 3.0", "Go crypto/tls"},
		Description: "a TLS 1.0 CertificateRequest whose certificate_authorities list is empty (RFC 2246 requires one DN; RFC 4346 allows none)"},
}

const allDeviations = Deviations(1<<numDeviations - 1)

func (d Deviation) String() string {
	if d < numDeviations {
		return knownDeviations[d].Name
	}
	return "unknown(" + strconv.Itoa(int(d)) + ")"
}

// ParseDeviation accepts the String forms.
func ParseDeviation(s string) (Deviation, bool) {
	for _, r := range knownDeviations {
		if r.Name == s {
			return r.Deviation, true
		}
	}
	return 0, false
}

// Deviations is a set of Deviation, the type of Params.Tolerate.
type Deviations uint8

// Tolerating returns the set holding ds.
func Tolerating(ds ...Deviation) Deviations { return bitset.Of[Deviations](ds...) }

// Has reports whether d is in s.
func (s Deviations) Has(d Deviation) bool { return d < numDeviations && s&(1<<d) != 0 }

// String lists the names, comma-separated ("" for the strict empty set).
func (s Deviations) String() string {
	var b strings.Builder
	for d := Deviation(0); d < numDeviations; d++ {
		if s.Has(d) {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(d.String())
		}
	}
	return b.String()
}

// ParseDeviations is the inverse of String; "" is the empty set.
func ParseDeviations(s string) (Deviations, bool) {
	var out Deviations
	if s == "" {
		return 0, true
	}
	for _, n := range strings.Split(s, ",") {
		d, ok := ParseDeviation(n)
		if !ok {
			return 0, false
		}
		out |= 1 << d
	}
	return out, true
}
