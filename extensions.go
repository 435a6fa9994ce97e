package clientauth

// BodyKind says how an extension's extension_data is processed in a message.
type BodyKind uint8

const (
	BodyOpaque                 BodyKind = iota // kept as bytes, not processed (so 9846-4.2-e does not apply)
	BodyEmpty                                  // must be empty; EmptyBound in ExtensionInfo names the rule
	BodySignatureSchemeList                    // SignatureSchemeList
	BodyCertificateAuthorities                 // CertificateAuthoritiesExtension
	BodyOIDFilters                             // OIDFilterExtension
	BodyCompressionAlgorithms                  // CertificateCompressionAlgorithms
	BodyCertificateStatus                      // CertificateStatus (OCSP)
	BodySCTList                                // SignedCertificateTimestampList
)

// ExtensionInfo is one row of the extension-rules table.
type ExtensionInfo struct {
	Type ExtensionType
	Name string
	// InCR and InCT are the profiles whose rules allow the extension in a
	// CertificateRequest and in a CertificateEntry (8446-4.2-T). A recognised
	// extension outside them is illegal_parameter (8446-4.2-b).
	InCR, InCT     ProfileSet
	CRBody, CTBody BodyKind
	EmptyBound     BoundID // for BodyEmpty in a CertificateRequest
	Defined        string  // where its use in CR/CT is specified
}

// Extensions is the table of extension types this module recognises: every
// type with a TLS 1.3 use in the IANA registry, that is, those of the RFC 8446
// and RFC 9846 §4.2 tables plus compress_certificate (RFC 8879). A type not
// listed is unknown: skipped (and kept) in a CertificateRequest (8446-4.3.2-i,
// 8701-4.2-a), and in a peer's CertificateEntry unrequested (8446-4.2-a).
// TLS 1.2-only types (encrypt_then_mac, renegotiation_info, ...) are left
// unknown on purpose: a TLS 1.3 receiver does not recognise them.
// Extensions returns a copy of the extension-rules table (the table is not
// writable from outside).
func Extensions() []ExtensionInfo { return append([]ExtensionInfo(nil), extensions...) }

var extensions = []ExtensionInfo{
	// 9846 allows server_name in a CR (RFC 9261 exported authenticators);
	// 8446 does not (requirements §3 item 5).
	{Type: ExtServerName, Name: "server_name", InCR: P9846, Defined: "RFC 9846 §4.2"},
	{Type: ExtMaxFragmentLength, Name: "max_fragment_length"},
	{Type: ExtStatusRequest, Name: "status_request", InCR: AllProfiles, InCT: AllProfiles,
		CRBody: BodyEmpty, EmptyBound: BoundCRStatusRequest, CTBody: BodyCertificateStatus, Defined: "RFC 8446 §4.4.2.1"},
	{Type: ExtSupportedGroups, Name: "supported_groups"},
	{Type: ExtSignatureAlgorithms, Name: "signature_algorithms", InCR: AllProfiles, CRBody: BodySignatureSchemeList, Defined: "RFC 8446 §4.2.3"},
	{Type: ExtUseSRTP, Name: "use_srtp"},
	{Type: ExtHeartbeat, Name: "heartbeat"},
	{Type: ExtALPN, Name: "application_layer_protocol_negotiation"},
	{Type: ExtStatusRequestV2, Name: "status_request_v2"}, // 8446-4.4.2.1-b: never in EE, CR or CT
	// In TLS 1.3 SCTs travel in a CertificateEntry (8446-4.4.2.1-e).
	{Type: ExtSignedCertificateTimestamp, Name: "signed_certificate_timestamp", InCR: AllProfiles, InCT: AllProfiles,
		CRBody: BodyEmpty, EmptyBound: BoundCRSignedCertificateTimestamp, CTBody: BodySCTList, Defined: "RFC 8446 §4.4.2, RFC 6962 §3.3"},
	{Type: ExtClientCertificateType, Name: "client_certificate_type"},
	{Type: ExtServerCertificateType, Name: "server_certificate_type"},
	{Type: ExtPadding, Name: "padding"},
	// A TLS 1.3 extension only (8879-3-a): the TLS ≤1.2 CertificateRequest has
	// no extensions block, and CompressedCertificate parses only under TLS 1.3.
	{Type: ExtCompressCertificate, Name: "compress_certificate", InCR: AllProfiles, CRBody: BodyCompressionAlgorithms, Defined: "RFC 8879 §3"},
	{Type: ExtRecordSizeLimit, Name: "record_size_limit"},
	// delegated_credential and transparency_info: their own RFCs (9345, 9162)
	// place them in CR and CT, so both profiles allow them; bodies are kept.
	{Type: ExtDelegatedCredential, Name: "delegated_credential", InCR: AllProfiles, InCT: AllProfiles, Defined: "RFC 9345 §4"},
	{Type: ExtPreSharedKey, Name: "pre_shared_key"},
	{Type: ExtEarlyData, Name: "early_data"},
	{Type: ExtSupportedVersions, Name: "supported_versions"},
	{Type: ExtCookie, Name: "cookie"},
	{Type: ExtPSKKeyExchangeModes, Name: "psk_key_exchange_modes"},
	{Type: ExtCertificateAuthorities, Name: "certificate_authorities", InCR: AllProfiles, CRBody: BodyCertificateAuthorities, Defined: "RFC 8446 §4.2.4"},
	{Type: ExtOIDFilters, Name: "oid_filters", InCR: AllProfiles, CRBody: BodyOIDFilters, Defined: "RFC 8446 §4.2.5"},
	// post_handshake_auth lives in a ClientHello with an empty body (8446-4.2.6-c)
	// and is never sent by a server (8446-4.2.6-b): here it is refused by placement.
	{Type: ExtPostHandshakeAuth, Name: "post_handshake_auth"},
	{Type: ExtSignatureAlgorithmsCert, Name: "signature_algorithms_cert", InCR: AllProfiles, CRBody: BodySignatureSchemeList, Defined: "RFC 8446 §4.2.3"},
	{Type: ExtKeyShare, Name: "key_share"},
	{Type: ExtTransparencyInfo, Name: "transparency_info", InCR: AllProfiles, InCT: AllProfiles, Defined: "RFC 9162 §6"},
	{Type: ExtQUICTransportParameters, Name: "quic_transport_parameters"},
	{Type: ExtEncryptedClientHello, Name: "encrypted_client_hello"},
}

// extIndex maps a type below 64 to 1 + its index in Extensions (0: unknown),
// so that a lookup on the parsing path is one array read.
var extIndex [64]uint8

// Containers of each recognised extension's body, per message, built once so
// that an error path costs nothing at parse time.
var crExtContainer, ctExtContainer []string

func init() {
	crExtContainer = make([]string, len(extensions))
	ctExtContainer = make([]string, len(extensions))
	for i, e := range extensions {
		if e.Type < 64 {
			extIndex[e.Type] = uint8(i + 1)
		}
		crExtContainer[i] = ContainerCRExtensions + "." + e.Name
		ctExtContainer[i] = ContainerCTEntryExtensions + "." + e.Name
	}
}

func extensionIndex(t ExtensionType) int {
	if t < 64 {
		return int(extIndex[t]) - 1
	}
	for i := len(extensions) - 1; i >= 0 && extensions[i].Type >= 64; i-- {
		if extensions[i].Type == t {
			return i
		}
	}
	return -1
}

// LookupExtension returns the row for t, if t is recognised.
func LookupExtension(t ExtensionType) (ExtensionInfo, bool) {
	i := extensionIndex(t)
	if i < 0 {
		return ExtensionInfo{}, false
	}
	return extensions[i], true
}

// ExtensionContainer returns the error-path container of an extension's body
// in a CertificateRequest (m = TypeCertificateRequest) or a CertificateEntry
// (m = TypeCertificate): e.g. "certificate_request.extensions[].signature_algorithms".
// An unknown type's body has the extension itself as container.
func ExtensionContainer(m HandshakeType, t ExtensionType) string {
	i := extensionIndex(t)
	switch {
	case m == TypeCertificateRequest && i >= 0:
		return crExtContainer[i]
	case m == TypeCertificateRequest:
		return ContainerCRExtensions
	case i >= 0:
		return ctExtContainer[i]
	}
	return ContainerCTEntryExtensions
}

// Placement is what a message's rules say of an extension type.
type Placement uint8

const (
	PlacementUnknown   Placement = iota // not recognised
	PlacementAllowed                    // recognised and allowed
	PlacementForbidden                  // recognised, not allowed here: illegal_parameter (8446-4.2-b)
)

// CRPlacement classifies an extension type in a CertificateRequest. The InCR
// column is RFC 8446 §4.2's table: only the extensions defined for a CR may
// appear in one (8446-4.3.2-g), so certificate_authorities (8446-4.2.4-c) and
// oid_filters (8446-4.2.5-a) are allowed here and nowhere else we parse.
func CRPlacement(t ExtensionType, p Profile) (Placement, ExtensionInfo) {
	i := extensionIndex(t)
	if i < 0 {
		return PlacementUnknown, ExtensionInfo{}
	}
	e := extensions[i]
	if e.InCR.Has(p) {
		return PlacementAllowed, e
	}
	return PlacementForbidden, e
}

// CTPlacement classifies an extension type in a CertificateEntry.
func CTPlacement(t ExtensionType, p Profile) (Placement, ExtensionInfo) {
	i := extensionIndex(t)
	if i < 0 {
		return PlacementUnknown, ExtensionInfo{}
	}
	e := extensions[i]
	if e.InCT.Has(p) {
		return PlacementAllowed, e
	}
	return PlacementForbidden, e
}

// Placement classifies an extension type in a message of type m: a
// CertificateRequest (CRPlacement) or a CertificateEntry of a Certificate
// (CTPlacement).
func MessagePlacement(m HandshakeType, t ExtensionType, p Profile) (Placement, ExtensionInfo) {
	if m == TypeCertificateRequest {
		return CRPlacement(t, p)
	}
	return CTPlacement(t, p)
}

// Body is how the extension's extension_data is read in a message of type m.
func (e ExtensionInfo) Body(m HandshakeType) BodyKind {
	if m == TypeCertificateRequest {
		return e.CRBody
	}
	return e.CTBody
}

// ExtensionBody is how an extension of type t is read in message m under
// profile p: by its row where the placement allows it there, and kept opaque
// otherwise (unknown types are skipped and kept; forbidden ones are refused
// before their body matters).
func ExtensionBody(m HandshakeType, t ExtensionType, p Profile) BodyKind {
	if place, e := MessagePlacement(m, t, p); place == PlacementAllowed {
		return e.Body(m)
	}
	return BodyOpaque
}

// CRSchemeCheck is the check a TLS 1.2 CertificateRequest's
// supported_signature_algorithms entry fails, or NoCheck. Offered legacy
// pairs (SHA-224, DSA, SHA-1) are accepted: they are rules for the sender
// (8446-4.2.3-f, 8446-4.2.3-k, requirements §3 item 16).
func CRSchemeCheck(v Version, s SignatureScheme) CheckID {
	if v == VersionTLS12 && s.IsLegacyPair() && s.Signature() == SigAnonymous {
		return CheckAnonymousSignature // 5246-7.4.1.4.1-a
	}
	return NoCheck
}

// CRSchemeListCheck is CRSchemeCheck over a whole wire list of schemes
// (two bytes each): the index of the first that fails and its check, or
// NoCheck. The parser asks it of every TLS 1.2 CertificateRequest, whose
// lists run to dozens of schemes; read as bytes, the scan costs a fraction
// of converting and testing each scheme in turn.
func CRSchemeListCheck(v Version, raw []byte) (int, CheckID) {
	for i := 1; i < len(raw); i += 2 {
		if raw[i] == byte(SigAnonymous) { // rare: decide it by the one rule
			if c := CRSchemeCheck(v, SignatureScheme(raw[i-1])<<8|SignatureScheme(raw[i])); c != NoCheck {
				return i / 2, c
			}
		}
	}
	return 0, NoCheck
}

// CVAlgorithmCheck is the check a CertificateVerify algorithm fails under p,
// or NoCheck. Whether the peer offered it needs handshake state (flow/).
func CVAlgorithmCheck(p Params, s SignatureScheme) CheckID {
	return CVAlgorithmCheckIn(p.Vers(), p.Profile, p.FromServer, s)
}

// CVAlgorithmCheckIn is CVAlgorithmCheck given the three facts of Params it
// reads (version, profile, sender), for the parser, which holds them per
// Params: passing the whole eight-field Params on every CertificateVerify
// copied it through memory.
func CVAlgorithmCheckIn(v Version, prof Profile, fromServer bool, s SignatureScheme) CheckID {
	if s.IsGREASE() {
		if fromServer {
			return CheckCVGREASEServer // 8701-3.1-a
		}
		return CheckCVGREASEClient // 8701-4.1-a
	}
	switch v {
	case VersionTLS13:
		switch s {
		case SchemeRSAPKCS1SHA1, SchemeECDSASHA1:
			return CheckCVSHA1 // 8446-4.4.3-h
		case SchemeRSAPKCS1SHA256, SchemeRSAPKCS1SHA384, SchemeRSAPKCS1SHA512:
			if prof == RFC8446 {
				return CheckCVPKCS1 // 8446-4.4.3-g; removed by RFC 9846
			}
		}
	case VersionTLS12:
		if !s.IsLegacyPair() {
			return NoCheck
		}
		hash, sig := s.Hash(), s.Signature()
		if sig == SigAnonymous {
			return CheckAnonymousSignature // 5246-7.4.1.4.1-a
		}
		if hash == HashMD5 || hash == HashSHA224 || sig == SigDSA {
			return CheckCVLegacyPair // 8446-4.2.3-k: MD5, SHA-224, DSA
		}
	}
	return NoCheck
}
