package fuzz

//go:generate go run ./internal/divdoc ../docs/divergences.md

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	ca "github.com/clientauth/clientauth"
	"golang.org/x/crypto/cryptobyte"
)

// Side says which side refuses what the other accepts.
type Side uint8

const (
	OursStricter Side = iota // we reject, crypto/tls accepts
	TLSStricter              // crypto/tls rejects, we accept
)

func (s Side) String() string {
	if s == TLSStricter {
		return "crypto/tls rejects, clientauth accepts"
	}
	return "clientauth rejects, crypto/tls accepts"
}

// Case is a minimal message (hex, header included) showing a divergence
// when read as Variant; for OursStricter our rejection names Requirement.
type Case struct {
	Variant     string
	Requirement ca.Requirement
	Hex         string
}

// Divergence is one known disagreement between our parser and crypto/tls's
// message parsers. The differential targets let it pass so that fuzzing
// goes on past it; docs/divergences.md is rendered from this table, and
// TestDivergences (built with the shim) re-checks every Case.
type Divergence struct {
	ID       string
	Title    string
	Side     Side
	Variants []string
	// OursStricter: the requirements our rejection may name, and optionally
	// a pattern its field path must match.
	Requirements []ca.Requirement
	Field        *regexp.Regexp
	// A further condition: for TLSStricter, which of our accepted values
	// crypto/tls refuses (required); for OursStricter, optional.
	Match func(Outcome) bool

	Cases          []Case
	Ours, TLS, RFC string
}

func (d *Divergence) matches(o Outcome) bool {
	if !slices.Contains(d.Variants, o.Variant.Name) {
		return false
	}
	switch d.Side {
	case OursStricter:
		return o.Ours != nil && o.GoOK &&
			slices.Contains(d.Requirements, o.Ours.Requirement) &&
			(d.Field == nil || d.Field.MatchString(o.Ours.Field())) &&
			(d.Match == nil || d.Match(o))
	case TLSStricter:
		return o.Ours == nil && !o.GoOK && d.Match != nil && d.Match(o)
	}
	return false
}

// Explain returns the known divergence that accounts for o, or nil.
func Explain(o Outcome) *Divergence {
	for i := range Divergences {
		if Divergences[i].matches(o) {
			return &Divergences[i]
		}
	}
	return nil
}

var (
	crVariants = []string{"CR10", "CR11", "CR12"}
	tls13CR    = []string{"CR13"}
)

// Divergences are the known disagreements, found by the differential
// targets against crypto/tls of Go 1.26. Most are checks crypto/tls's
// message parsers leave to a later layer (or skip); "RFC" says which side
// the text backs.
var Divergences = []Divergence{
	{
		ID: "cr10-empty-ca-list", Title: "TLS 1.0 CertificateRequest with an empty certificate_authorities",
		Side: OursStricter, Variants: []string{"CR10"},
		Requirements: []ca.Requirement{"2246-7.4.4-a"},
		Cases:        []Case{{"CR10", "2246-7.4.4-a", "0d00000401010000"}},
		Ours:         "decode_error: RFC 2246 declares certificate_authorities<3..2^16-1>. A known deployed deviation (empty_ca_list_tls10): Params.Tolerate naming it accepts the empty list.",
		TLS:          "Accepts: certificateRequestMsg.unmarshal has no lower bound on the list, for any version.",
		RFC:          "clientauth. RFC 4346 and RFC 5246 lowered the floor to 0, so an empty list is legal from TLS 1.1 on only; OpenSSL 3 sends it at TLS 1.0 too (testdata/openssl).",
	},
	{
		ID: "distinguished-name-not-a-name", Title: "a DistinguishedName that is not a DER X.501 Name",
		Side: OursStricter, Variants: append(append([]string{}, crVariants...), tls13CR...),
		Requirements: []ca.Requirement{"5246-7.4.4-h", "8446-4.2.4-a"},
		Cases: []Case{
			{"CR12", "5246-7.4.4-h", "0d00000b0101000204010003000161"},
			{"CR13", "8446-4.2.4-a", "0d000014000011000d000400020804002f00050003000161"},
		},
		Ours: "decode_error: each DistinguishedName must be a DER Name (SEQUENCE OF SET OF SEQUENCE { OID, value }), as OpenSSL 3 requires when it reads one.",
		TLS:  "Accepts any non-empty bytes as a name in certificateAuthorities.",
		RFC:  "clientauth (RFC 5246 §7.4.4 \"represented in DER-encoded format\", RFC 8446 §4.2.4).",
	},
	{
		ID: "cr-empty-distinguished-name", Title: "zero-length DistinguishedName in a TLS ≤1.2 CertificateRequest",
		Side: OursStricter, Variants: crVariants,
		Requirements: []ca.Requirement{"5246-7.4.4-b"},
		Cases:        []Case{{"CR11", "5246-7.4.4-b", "0d000006010100020000"}},
		Ours:         "decode_error: DistinguishedName is opaque<1..2^16-1>.",
		TLS:          "Accepts and returns an empty name in certificateAuthorities.",
		RFC:          "clientauth (RFC 5246 §7.4.4; RFC 2246 and 4346 declare the same bound).",
	},
	{
		ID: "anonymous-signature-algorithm", Title: "anonymous(0) signature in a TLS 1.2 SignatureAndHashAlgorithm",
		Side: OursStricter, Variants: []string{"CR12", "CV12"},
		Requirements: []ca.Requirement{"5246-7.4.1.4.1-a"},
		Cases: []Case{
			{"CR12", "5246-7.4.1.4.1-a", "0d0000080101000204000000"},
			{"CV12", "5246-7.4.1.4.1-a", "0f00000404000000"},
		},
		Ours: "illegal_parameter: the anonymous value MUST NOT appear in this extension or in a signature.",
		TLS:  "Accepts any uint16 as a SignatureScheme; for CertificateVerify its handshake layer later refuses an algorithm it did not offer (illegal_parameter).",
		RFC:  "clientauth (RFC 5246 §7.4.1.4.1).",
	},
	{
		ID: "cv12-deprecated-hash", Title: "TLS 1.2 CertificateVerify signed with MD5, SHA-224 or DSA",
		Side: OursStricter, Variants: []string{"CV12"},
		Requirements: []ca.Requirement{"8446-4.2.3-k"},
		Cases:        []Case{{"CV12", "8446-4.2.3-k", "0f00000401010000"}},
		Ours:         "illegal_parameter: a TLS 1.3-capable implementation MUST NOT negotiate these in TLS 1.2.",
		TLS:          "The message parser accepts; the handshake layer refuses (illegal_parameter) an algorithm outside the CertificateRequest it sent.",
		RFC:          "clientauth for a TLS 1.3-capable stack (RFC 8446 §4.2.3); RFC 5246 alone allows MD5 and SHA-224.",
	},
	{
		ID: "grease-certificate-verify", Title: "GREASE value as the CertificateVerify algorithm",
		Side: OursStricter, Variants: []string{"CV12", "CV13"},
		Requirements: []ca.Requirement{"8701-4.1-a"},
		Cases: []Case{
			{"CV12", "8701-4.1-a", "0f0000041a1a0000"},
			{"CV13", "8701-4.1-a", "0f0000041a1a0000"},
		},
		Ours: "illegal_parameter: GREASE values are never negotiated, so a peer must not sign with one.",
		TLS:  "The message parser accepts; the handshake layer refuses it (illegal_parameter): in TLS 1.2 it is not in the CertificateRequest crypto/tls sent, in TLS 1.3 not in its supported list.",
		RFC:  "clientauth (RFC 8701 §4.1).",
	},
	{
		ID: "cv13-rsa-pkcs1", Title: "TLS 1.3 CertificateVerify with an RSASSA-PKCS1-v1_5 scheme",
		Side: OursStricter, Variants: []string{"CV13"},
		Requirements: []ca.Requirement{"8446-4.4.3-g"},
		Cases:        []Case{{"CV13", "8446-4.4.3-g", "0f00000404010000"}},
		Ours:         "illegal_parameter under the default RFC 8446 profile (the RFC 9846 profile drops the rule).",
		TLS:          "The message parser accepts; the handshake layer refuses (illegal_parameter) any scheme outside its TLS 1.3 list, which leaves out PKCS #1 v1.5 and SHA-1.",
		RFC:          "clientauth for RFC 8446 §4.4.3; RFC 9846 removed the RSA-PSS-only sentence, so under it neither side's message layer has to reject.",
	},
	{
		ID: "cv13-sha1", Title: "TLS 1.3 CertificateVerify with a SHA-1 scheme",
		Side: OursStricter, Variants: []string{"CV13"},
		Requirements: []ca.Requirement{"8446-4.4.3-h"},
		Cases:        []Case{{"CV13", "8446-4.4.3-h", "0f00000402030000"}},
		Ours:         "illegal_parameter: SHA-1 MUST NOT be used in a TLS 1.3 CertificateVerify.",
		TLS:          "The message parser accepts; the handshake layer refuses (illegal_parameter) any scheme outside its TLS 1.3 list, which leaves out SHA-1.",
		RFC:          "clientauth (RFC 8446 §4.4.3).",
	},
	{
		ID: "cr13-empty-extensions", Title: "TLS 1.3 CertificateRequest with an empty extensions block",
		Side: OursStricter, Variants: tls13CR,
		Requirements: []ca.Requirement{"8446-4.3.2-b"},
		Cases:        []Case{{"CR13", "8446-4.3.2-b", "0d000003000000"}},
		Ours:         "decode_error under RFC 8446 (extensions<2..2^16-1>); under the RFC 9846 profile the floor is 0 and the same bytes fail as missing_extension.",
		TLS:          "Accepts, with no signature algorithms.",
		RFC:          "clientauth: both RFCs reject the message, only the alert differs.",
	},
	{
		ID: "cr13-missing-signature-algorithms", Title: "TLS 1.3 CertificateRequest without signature_algorithms",
		Side: OursStricter, Variants: tls13CR,
		Requirements: []ca.Requirement{"8446-4.3.2-f"},
		Cases:        []Case{{"CR13", "8446-4.3.2-f", "0d0000070000040a0a0000"}},
		Ours:         "missing_extension: the extension MUST be specified.",
		TLS:          "Accepts, with an empty signature algorithm list.",
		RFC:          "clientauth (RFC 8446 §4.3.2).",
	},
	{
		ID: "recognised-forbidden-extension", Title: "an extension this message does not allow (server_name in a CertificateRequest or CertificateEntry)",
		Side: OursStricter, Variants: []string{"CR13", "CT13"},
		Requirements: []ca.Requirement{"8446-4.2-b"},
		Cases:        []Case{{"CR13", "8446-4.2-b", "0d00000f00000c000d00040002040300000000"}},
		Ours:         "illegal_parameter: a recognised extension outside the §4.2 table's column for the message.",
		TLS:          "Skips every extension type it does not itself process.",
		RFC:          "clientauth (RFC 8446 §4.2). RFC 9846 allows server_name in a CertificateRequest; its profile accepts this case.",
	},
	{
		ID: "duplicate-extension", Title: "the same extension type twice in one block",
		Side: OursStricter, Variants: []string{"CR13", "CT13"},
		Requirements: []ca.Requirement{"8446-4.2-c"},
		Cases:        []Case{{"CR13", "8446-4.2-c", "0d000013000010000d000400020403000d000400020403"}},
		Ours:         "illegal_parameter: there MUST NOT be more than one extension of the same type in a block.",
		TLS:          "Accepts: two signature_algorithms lists are concatenated, a second OCSP response replaces the first.",
		RFC:          "clientauth (RFC 8446 §4.2).",
	},
	{
		ID: "cr13-oid-filters", Title: "malformed oid_filters in a TLS 1.3 CertificateRequest",
		Side: OursStricter, Variants: tls13CR,
		Requirements: []ca.Requirement{"8446-4.2.5-a", "8446-4.2.5-b", "8446-4.2.5-c", "8446-4.2.5-d", "8446-4.2.5-e", "8446-4.2.5-f", "8446-6-a", "9846-4.2-e"},
		Match:        inCRExtension("oid_filters"),
		Cases: []Case{
			{"CR13", "8446-4.2.5-b", "0d000014000011000d000400020403003000050003000000"},
			{"CR13", "9846-4.2-e", "0d00001200000f000d000400020403003000030000ff"},
			{"CR13", "8446-4.2.5-c", "0d000019000016000d0004000204030030000a0008012a0000012a0000"},
			{"CR13", "8446-4.2.5-f", "0d00001f00001c000d00040002040300300010000e03551d25000830060604551d2500"},
			{"CR13", "8446-6-a", "0d00001000000d000d0004000204030030000100"},
		},
		Ours: "Parses the OIDFilterExtension and rejects bad framing (decode_error), empty or repeated OIDs and anyExtendedKeyUsage in an EKU filter (illegal_parameter).",
		TLS:  "Does not implement oid_filters: the extension is skipped unread.",
		RFC:  "clientauth (RFC 8446 §4.2.5). A receiver that ignores the extension is allowed to, but then it cannot say the message is well formed.",
	},
	{
		ID: "cr13-compress-certificate", Title: "malformed compress_certificate in a TLS 1.3 CertificateRequest",
		Side: OursStricter, Variants: tls13CR,
		Requirements: []ca.Requirement{"8879-3-a", "8879-3-b", "8446-6-a", "9846-4.2-e"},
		Match:        inCRExtension("compress_certificate"),
		Cases: []Case{
			{"CR13", "8879-3-b", "0d00001100000e000d000400020403001b00020101"},
			{"CR13", "9846-4.2-e", "0d000013000010000d000400020403001b0004020001ff"},
		},
		Ours: "decode_error: algorithms<2..2^8-2>, and no bytes after the list.",
		TLS:  "Does not implement RFC 8879: the extension is skipped unread.",
		RFC:  "clientauth (RFC 8879 §3).",
	},
	{
		ID: "empty-certificate", Title: "zero-length certificate in a Certificate message",
		Side: OursStricter, Variants: []string{"CT12", "CT13"},
		Requirements: []ca.Requirement{"8446-4.4.2-c", "5246-7.4.2-a"},
		Cases:        []Case{{"CT13", "8446-4.4.2-c", "0b000009000000050000000000"}},
		Ours:         "decode_error: cert_data and ASN.1Cert are <1..2^24-1>.",
		TLS:          "The message parser accepts (its TLS 1.2 parser except as the last certificate of the list); x509.ParseCertificate then fails and the handshake layer sends decode_error.",
		RFC:          "clientauth (RFC 8446 §4.4.2, RFC 5246 §7.4.2).",
	},
	{
		ID: "certificate-not-der", Title: "certificate bytes without a DER Certificate's outer shape",
		Side: OursStricter, Variants: []string{"CT12", "CT13"},
		Requirements: []ca.Requirement{"8446-4.4.2-g"},
		Cases: []Case{
			{"CT12", "8446-4.4.2-g", "0b00000700000400000161"},
			{"CT13", "8446-4.4.2-g", "0b00000a00000006000001610000"},
			// A bare SubjectPublicKeyInfo: one SEQUENCE, but of two elements.
			{"CT13", "8446-4.4.2-g", "0b0000100000000c000007300530000301000000"},
		},
		Ours: "bad_certificate: each entry must be a DER certificate; clientauth checks the outer shape, SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING } (no X.509 parse).",
		TLS:  "The message parser accepts any bytes; x509.ParseCertificate rejects them later and the handshake layer sends decode_error.",
		RFC:  "Both reject, at different layers; the alert is clientauth's: RFC 8446 §4.4.2 names bad_certificate for a certificate that does not parse.",
	},
	{
		ID: "ct13-unrequested-extension", Title: "an unknown or GREASE extension in a CertificateEntry",
		Side: OursStricter, Variants: []string{"CT13"},
		Requirements: []ca.Requirement{"8446-4.2-a"},
		Cases:        []Case{{"CT13", "8446-4.2-a", "0b0000160000001200000930073000300003010000040a0a0000"}},
		Ours:         "unsupported_extension: an extension in a response can only answer one the peer requested, and no one requests an unknown type.",
		TLS:          "Skips unknown extension types.",
		RFC:          "clientauth (RFC 8446 §4.2).",
	},
	{
		ID: "finished-length", Title: "Finished whose verify_data length is not the cipher suite's",
		Side: OursStricter, Variants: []string{"Finished12", "Finished13"},
		Requirements: []ca.Requirement{"8446-6-a", "5246-7.4-a"},
		Field:        regexp.MustCompile(`^finished\.verify_data$`),
		Cases: []Case{
			{"Finished12", "5246-7.4-a", "1400000d00000000000000000000000000"},
			{"Finished13", "8446-6-a", "1400000c000000000000000000000000"},
		},
		Ours: "decode_error: verify_data is 12 bytes in TLS ≤1.2 (default suites) and the hash length in TLS 1.3 (Params.FinishedLen).",
		TLS:  "The message parser accepts any length; the handshake layer then compares length and value with the expected verify_data and fails with handshake_failure (TLS 1.2) or decrypt_error (TLS 1.3).",
		RFC:  "clientauth (RFC 5246 §7.4.9, RFC 8446 §4.4.4): a length mismatch is a malformed message, not a wrong MAC.",
	},
	{
		ID: "ecdhe-point-validation", Title: "ECDHE ClientKeyExchange point that is not a valid X25519 share",
		Side: TLSStricter, Variants: []string{"ECDHEKex"},
		Match: func(o Outcome) bool {
			cke, ok := o.Value.(*ca.ClientKeyExchange)
			return ok && x25519Rejects(cke.ECPoint)
		},
		Cases: []Case{{"ECDHEKex", "8422-5.7-a", "100000201f00000000000000000000000000000000000000000000000000000000000000"}},
		Ours:  "Accepts: the ECPoint frame <1..2^8-1> is well formed; the curve is negotiated in other messages, so point validation is the key agreement's job.",
		TLS:   "Its key agreement (the shim uses X25519) rejects a point of the wrong length or of low order.",
		RFC:   "Both: RFC 8422 §5.7 separates the frame (decode_error) from the point check (illegal_parameter), which needs the negotiated curve.",
	},
}

// inCRExtension matches a rejection whose offset lies in a TLS 1.3
// CertificateRequest extension of the named type (the field path of a
// leftover-bytes error names extension_data, not the type).
func inCRExtension(name string) func(Outcome) bool {
	return func(o Outcome) bool {
		if o.Ours == nil || len(o.Msg) < 5 {
			return false
		}
		if f := o.Ours.Field(); strings.Contains(f+".", "."+name+".") {
			return true
		}
		s := cryptobyte.String(o.Msg[4:])
		var ctx, exts cryptobyte.String
		if !s.ReadUint8LengthPrefixed(&ctx) || !s.ReadUint16LengthPrefixed(&exts) {
			return false
		}
		off := len(o.Msg) - len(s) - len(exts) // where the first extension starts
		for len(exts) >= 4 {
			var typ uint16
			var body cryptobyte.String
			if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&body) {
				return false
			}
			end := off + 4 + len(body)
			if o.Ours.Offset >= off && o.Ours.Offset < end {
				return ca.ExtensionType(typ).String() == name
			}
			off = end
		}
		return false
	}
}

// Render writes docs/divergences.md.
func Render() string {
	var b strings.Builder
	b.WriteString(`# Divergences from crypto/tls

<!-- Generated by go generate ./fuzz from fuzz/divergences.go; do not edit. -->

The differential fuzz targets (` + "`go run ./cmd/clientauth fuzz -diff`" + `) read the same
bytes with this module's parser and with crypto/tls's unexported message parsers (Go 1.26,
through the overlay shim of internal/tlsshim) and compare accept/reject and the fields read.
Every disagreement found is listed here, with a minimal message (hex, handshake header
included), what each side does, the requirement in question (spec/requirements.md) and
which side the RFC backs. The targets let these through so that fuzzing goes on past them;
` + "`TestDivergences`" + ` (run with the shim) re-checks every minimal message, and any other
disagreement fails the target.

Most entries are checks crypto/tls's message layer leaves to a later step of its handshake
(or does not make because it does not implement the extension). None so far is a bug of ours
and none a case where crypto/tls reads different field values from an accepted message.

| id | disagreement | who rejects | requirements |
|---|---|---|---|
`)
	for _, d := range Divergences {
		reqs := d.Requirements
		if d.Side == TLSStricter {
			for _, c := range d.Cases {
				reqs = append(reqs, c.Requirement)
			}
		}
		who := "clientauth"
		if d.Side == TLSStricter {
			who = "crypto/tls"
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", d.ID, d.ID, d.Title, who, joinReqs(reqs))
	}
	for _, d := range Divergences {
		fmt.Fprintf(&b, "\n## %s\n\n%s (%s; read as %s).\n\n", d.ID, upperFirst(d.Title), d.Side, strings.Join(d.Variants, ", "))
		b.WriteString("Minimal input:\n\n")
		for _, c := range d.Cases {
			fmt.Fprintf(&b, "- %s, %s: `%s`\n", c.Variant, c.Requirement, c.Hex)
		}
		fmt.Fprintf(&b, "\n- clientauth: %s\n- crypto/tls: %s\n- RFC backs: %s\n", d.Ours, d.TLS, d.RFC)
	}
	return b.String()
}

func joinReqs(r []ca.Requirement) string {
	s := make([]string, len(r))
	for i, x := range r {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
