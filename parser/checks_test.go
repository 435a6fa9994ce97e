package parser_test

import (
	"errors"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/parser"
)

// hs frames a body as a handshake message.
func hs(t ca.HandshakeType, body ...[]byte) []byte {
	b := cat(body...)
	return cat([]byte{byte(t)}, u24(len(b)), b)
}

func v8(b []byte) []byte  { return cat([]byte{byte(len(b))}, b) }
func v16(b []byte) []byte { return cat(u16(len(b)), b) }
func v24(b []byte) []byte { return cat(u24(len(b)), b) }
func ext(t int, body []byte) []byte {
	return cat(u16(t), v16(body))
}

var (
	sigAlgsBody = v16([]byte{0x08, 0x04})
	sigAlgsExt  = ext(13, sigAlgsBody)
	sigAlgs     = ca.Extension{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804}}
	cert        = samples.Cert(40)
	spki        = samples.SPKI(40)
)

// notAName is issue 15's DN: SEQUENCE { UTF8String "Example CA" }, with no
// RelativeDistinguishedName SET around an AttributeTypeAndValue.
var notAName = []byte{0x30, 0x0c, 0x0c, 0x0a, 'E', 'x', 'a', 'm', 'p', 'l', 'e', ' ', 'C', 'A'}

func params(v ca.Version, f ...func(*ca.Params)) ca.Params {
	p := ca.Params{Version: v}
	for _, g := range f {
		g(&p)
	}
	return p
}

var (
	server = func(p *ca.Params) { p.FromServer = true }
	pha    = func(p *ca.Params) { p.PostHandshake = true }
	rfc846 = func(p *ca.Params) { p.Profile = ca.RFC9846 }
	rpk    = func(p *ca.Params) { p.CertType = ca.CertTypeRawPublicKey }
)

type checkCase struct {
	name   string
	p      ca.Params
	value  any    // what the encoder is asked to write; nil when it cannot express the fault
	raw    []byte // the same content forced onto the wire
	check  ca.CheckID
	field  string
	offset int
}

func checkCases() []checkCase {
	cr13 := func(ctx []byte, exts ...[]byte) []byte { return hs(13, v8(ctx), v16(cat(exts...))) }
	ct13 := func(ctx []byte, entries ...[]byte) []byte { return hs(11, v8(ctx), v24(cat(entries...))) }
	entry := func(data []byte, exts ...[]byte) []byte { return cat(v24(data), v16(cat(exts...))) }
	cv := func(alg int) []byte { return hs(15, u16(alg), v16(opaque(64))) }
	cvValue := func(alg ca.SignatureScheme) any {
		return &ca.CertificateVerify{Algorithm: alg, Signature: opaque(64)}
	}
	crValue := func(ctx []byte, exts ...ca.Extension) any {
		return &ca.CertificateRequest{Context: ctx, Extensions: exts}
	}
	return []checkCase{
		{"duplicate extension", params(ca.VersionTLS13), crValue(nil, sigAlgs, sigAlgs),
			cr13(nil, sigAlgsExt, sigAlgsExt), ca.CheckDuplicateExtension, "certificate_request.extensions[1].extension_type", 15},
		{"duplicate unknown extension", params(ca.VersionTLS13), crValue(nil, sigAlgs, ca.Extension{Type: 0xff00}, ca.Extension{Type: 0xff00}),
			cr13(nil, sigAlgsExt, ext(0xff00, nil), ext(0xff00, nil)), ca.CheckDuplicateExtension, "certificate_request.extensions[2].extension_type", 19},
		{"key_share in CertificateRequest", params(ca.VersionTLS13), crValue(nil, sigAlgs, ca.Extension{Type: 51}),
			cr13(nil, sigAlgsExt, ext(51, nil)), ca.CheckForbiddenExtension, "certificate_request.extensions[1].extension_type", 15},
		{"post_handshake_auth in CertificateRequest", params(ca.VersionTLS13), crValue(nil, ca.Extension{Type: 49}, sigAlgs),
			cr13(nil, ext(49, nil), sigAlgsExt), ca.CheckForbiddenExtension, "certificate_request.extensions[0].extension_type", 7},
		{"status_request_v2 in CertificateRequest", params(ca.VersionTLS13), crValue(nil, sigAlgs, ca.Extension{Type: 17}),
			cr13(nil, sigAlgsExt, ext(17, nil)), ca.CheckForbiddenExtension, "certificate_request.extensions[1].extension_type", 15},
		{"server_name in CertificateRequest under RFC 8446", params(ca.VersionTLS13), crValue(nil, sigAlgs, ca.Extension{Type: 0}),
			cr13(nil, sigAlgsExt, ext(0, nil)), ca.CheckForbiddenExtension, "certificate_request.extensions[1].extension_type", 15},
		{"no signature_algorithms", params(ca.VersionTLS13), crValue(nil, ca.Extension{Type: 50, SignatureAlgorithms: []ca.SignatureScheme{0x0804}}),
			cr13(nil, ext(50, sigAlgsBody)), ca.CheckMissingSignatureAlgorithms, "certificate_request.extensions", 5},
		{"no extensions under RFC 9846", params(ca.VersionTLS13, rfc846), crValue(nil),
			cr13(nil), ca.CheckMissingSignatureAlgorithms, "certificate_request.extensions", 5},
		{"context in main handshake CertificateRequest", params(ca.VersionTLS13), crValue([]byte{1}, sigAlgs),
			cr13([]byte{1}, sigAlgsExt), ca.CheckCRContextOutsidePostHandshake, "certificate_request.certificate_request_context", 4},
		{"trailing byte in signature_algorithms", params(ca.VersionTLS13), nil,
			cr13(nil, ext(13, cat(sigAlgsBody, []byte{0}))), ca.CheckTrailingInExtension, "certificate_request.extensions[0].extension_data", 15},
		{"trailing byte after CertificateRequest", params(ca.VersionTLS13), nil,
			cat(hs(13, v8(nil), v16(sigAlgsExt), []byte{0})), ca.CheckTrailing, "certificate_request", 15},
		{"duplicate OID filter", params(ca.VersionTLS13), crValue(nil, sigAlgs, ca.Extension{Type: 48, OIDFilters: []ca.OIDFilter{{OID: []byte{0x2a}}, {OID: []byte{0x2a}}}}),
			cr13(nil, sigAlgsExt, ext(48, v16(cat(v8([]byte{0x2a}), v16(nil), v8([]byte{0x2a}), v16(nil))))),
			ca.CheckDuplicateOIDFilter, "certificate_request.extensions[1].oid_filters.filters[1].certificate_extension_oid", 25},
		{"anyExtendedKeyUsage filter", params(ca.VersionTLS13),
			crValue(nil, sigAlgs, ca.Extension{Type: 48, OIDFilters: []ca.OIDFilter{{OID: []byte{0x55, 0x1d, 0x25}, Values: []byte{0x30, 0x06, 0x06, 0x04, 0x55, 0x1d, 0x25, 0x00}}}}),
			cr13(nil, sigAlgsExt, ext(48, v16(cat(v8([]byte{0x55, 0x1d, 0x25}), v16([]byte{0x30, 0x06, 0x06, 0x04, 0x55, 0x1d, 0x25, 0x00}))))),
			ca.CheckAnyExtendedKeyUsage, "certificate_request.extensions[1].oid_filters.filters[0].certificate_extension_values", 25},
		{"anonymous signature in TLS 1.2 CertificateRequest", params(ca.VersionTLS12),
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{0x0401, 0x0400}},
			hs(13, v8([]byte{1}), v16([]byte{4, 1, 4, 0}), v16(nil)), ca.CheckAnonymousSignature, "certificate_request.supported_signature_algorithms", 10},

		// Issue 15: the synthetic TLS 1.2 request's DN was a SEQUENCE holding a bare UTF8String.
		{"DN not a Name in TLS 1.2", params(ca.VersionTLS12),
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{0x0401}, CertificateAuthorities: [][]byte{notAName}},
			hs(13, v8([]byte{1}), v16([]byte{4, 1}), v16(v16(notAName))), ca.CheckDistinguishedNameDER, "certificate_request.certificate_authorities[0]", 14},
		{"1-byte DN in TLS 1.0", params(ca.VersionTLS10),
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, CertificateAuthorities: [][]byte{{0x30}}},
			hs(13, v8([]byte{1}), v16(v16([]byte{0x30}))), ca.CheckDistinguishedNameDER, "certificate_request.certificate_authorities[0]", 10},
		{"second DN not a Name in TLS 1.1", params(ca.VersionTLS11),
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, CertificateAuthorities: [][]byte{samples.NameOf("CA"), {0x30, 0x02, 0x31, 0x00}}},
			hs(13, v8([]byte{1}), v16(cat(v16(samples.NameOf("CA")), v16([]byte{0x30, 0x02, 0x31, 0x00})))), ca.CheckDistinguishedNameDER,
			"certificate_request.certificate_authorities[1]", 10 + len(samples.NameOf("CA")) + 2},
		{"DN not a Name in TLS 1.3 certificate_authorities", params(ca.VersionTLS13),
			crValue(nil, sigAlgs, ca.Extension{Type: 47, Authorities: [][]byte{notAName}}),
			cr13(nil, sigAlgsExt, ext(47, v16(v16(notAName)))), ca.CheckDistinguishedNameDER,
			"certificate_request.extensions[1].certificate_authorities.authorities[0]", 23},

		{"unknown extension in CertificateEntry", params(ca.VersionTLS13),
			&ca.Certificate{Entries: []ca.CertificateEntry{{Data: cert, Extensions: []ca.Extension{{Type: 0xff00}}}}},
			ct13(nil, entry(cert, ext(0xff00, nil))), ca.CheckUnrequestedExtension, "certificate.certificate_list[0].extensions[0].extension_type", 53},
		{"GREASE extension in CertificateEntry", params(ca.VersionTLS13),
			&ca.Certificate{Entries: []ca.CertificateEntry{{Data: cert, Extensions: []ca.Extension{{Type: 0x1a1a}}}}},
			ct13(nil, entry(cert, ext(0x1a1a, nil))), ca.CheckUnrequestedExtension, "certificate.certificate_list[0].extensions[0].extension_type", 53},
		{"key_share in CertificateEntry", params(ca.VersionTLS13),
			&ca.Certificate{Entries: []ca.CertificateEntry{{Data: cert, Extensions: []ca.Extension{{Type: 51}}}}},
			ct13(nil, entry(cert, ext(51, nil))), ca.CheckForbiddenExtension, "certificate.certificate_list[0].extensions[0].extension_type", 53},
		{"status_type not ocsp", params(ca.VersionTLS13), nil,
			ct13(nil, entry(cert, ext(5, cat([]byte{2}, v24([]byte{1}))))), ca.CheckCertificateStatusType,
			"certificate.certificate_list[0].extensions[0].status_request.status_type", 57},
		{"context in main handshake client Certificate", params(ca.VersionTLS13), &ca.Certificate{Context: []byte{7}},
			ct13([]byte{7}), ca.CheckCTContextOutsidePostHandshake, "certificate.certificate_request_context", 4},
		{"context in server Certificate", params(ca.VersionTLS13, server, pha), &ca.Certificate{Context: []byte{7}, Entries: []ca.CertificateEntry{{Data: cert}}},
			ct13([]byte{7}, entry(cert)), ca.CheckCTContextOutsidePostHandshake, "certificate.certificate_request_context", 4},
		{"empty server Certificate", params(ca.VersionTLS13, server), &ca.Certificate{},
			ct13(nil), ca.CheckEmptyServerCertificate, "certificate.certificate_list", 5},
		{"two raw public keys", params(ca.VersionTLS13, rpk), &ca.Certificate{Entries: []ca.CertificateEntry{{Data: spki}, {Data: spki}}},
			ct13(nil, entry(spki), entry(spki)), ca.CheckRawPublicKeyEntries, "certificate.certificate_list", 5},
		{"OpenPGP in TLS 1.3", params(ca.VersionTLS13, func(p *ca.Params) { p.CertType = ca.CertTypeOpenPGP }),
			&ca.Certificate{Entries: []ca.CertificateEntry{{Data: cert}}},
			ct13(nil, entry(cert)), ca.CheckOpenPGPInTLS13, "certificate.certificate_list", 5},
		{"cert_data not DER", params(ca.VersionTLS13), &ca.Certificate{Entries: []ca.CertificateEntry{{Data: []byte{0x31, 0}}}},
			ct13(nil, entry([]byte{0x31, 0})), ca.CheckCertificateDER, "certificate.certificate_list[0].cert_data", 11},
		{"ASN.1Cert with trailing bytes", params(ca.VersionTLS12), &ca.Certificate{Entries: []ca.CertificateEntry{{Data: []byte{0x30, 0, 0}}}},
			hs(11, v24(v24([]byte{0x30, 0, 0}))), ca.CheckCertificateDER, "certificate.certificate_list[0]", 10},
		// Issue 15: a bare SubjectPublicKeyInfo is one DER SEQUENCE but no Certificate.
		{"bare SubjectPublicKeyInfo as TLS 1.3 cert_data", params(ca.VersionTLS13), &ca.Certificate{Entries: []ca.CertificateEntry{{Data: spki}}},
			ct13(nil, entry(spki)), ca.CheckCertificateDER, "certificate.certificate_list[0].cert_data", 11},
		{"bare SubjectPublicKeyInfo as TLS 1.2 ASN.1Cert", params(ca.VersionTLS12), &ca.Certificate{Entries: []ca.CertificateEntry{{Data: spki}}},
			hs(11, v24(v24(spki))), ca.CheckCertificateDER, "certificate.certificate_list[0]", 10},
		{"raw public key not an SPKI", params(ca.VersionTLS12, rpk), &ca.Certificate{Entries: []ca.CertificateEntry{{Data: cert}}},
			hs(11, v24(cert)), ca.CheckSubjectPublicKeyInfoDER, "certificate.ASN1_subjectPublicKeyInfo", 7},

		{"TLS 1.3 CertificateVerify with SHA-1", params(ca.VersionTLS13), cvValue(0x0201), cv(0x0201), ca.CheckCVSHA1, "certificate_verify.algorithm", 4},
		{"TLS 1.3 CertificateVerify with PKCS#1 under RFC 8446", params(ca.VersionTLS13), cvValue(0x0401), cv(0x0401), ca.CheckCVPKCS1, "certificate_verify.algorithm", 4},
		{"GREASE CertificateVerify algorithm from the client", params(ca.VersionTLS13), cvValue(0x1a1a), cv(0x1a1a), ca.CheckCVGREASEClient, "certificate_verify.algorithm", 4},
		{"GREASE CertificateVerify algorithm from the server", params(ca.VersionTLS12, server), cvValue(0xfafa), cv(0xfafa), ca.CheckCVGREASEServer, "certificate_verify.algorithm", 4},
		// The seed capture's dump printed rsa_pkcs1_sha256 as 0x0400: sha256 with anonymous.
		{"TLS 1.2 CertificateVerify 0x0400", params(ca.VersionTLS12), cvValue(0x0400), cv(0x0400), ca.CheckAnonymousSignature, "certificate_verify.algorithm", 4},
		{"TLS 1.2 CertificateVerify with MD5", params(ca.VersionTLS12), cvValue(0x0101), cv(0x0101), ca.CheckCVLegacyPair, "certificate_verify.algorithm", 4},
		{"TLS 1.2 CertificateVerify with SHA-224", params(ca.VersionTLS12), cvValue(0x0303), cv(0x0303), ca.CheckCVLegacyPair, "certificate_verify.algorithm", 4},
		{"TLS 1.2 CertificateVerify with DSA", params(ca.VersionTLS12), cvValue(0x0402), cv(0x0402), ca.CheckCVLegacyPair, "certificate_verify.algorithm", 4},

		{"Finished of the wrong length", params(ca.VersionTLS12), &ca.Finished{VerifyData: opaque(32)},
			hs(20, opaque(32)), ca.CheckFinishedLength, "finished.verify_data", 4},
		{"ClientKeyExchange in TLS 1.3", params(ca.VersionTLS13), &ca.ClientKeyExchange{EncryptedPreMasterSecret: opaque(8)},
			hs(16, v16(opaque(8))), ca.CheckUnexpectedType, "handshake.msg_type", 0},
		{"CompressedCertificate in TLS 1.2", params(ca.VersionTLS12), &ca.CompressedCertificate{Algorithm: 1, UncompressedLength: 9, CompressedCertificateMessage: opaque(8)},
			hs(25, u16(1), u24(9), v24(opaque(8))), ca.CheckUnexpectedType, "handshake.msg_type", 0},
		// The seed capture's dump gave the RSA premaster secret as 252 and as 256 bytes.
		{"EncryptedPreMasterSecret shorter than its bytes", params(ca.VersionTLS12), nil,
			hs(16, u16(252), opaque(256)), ca.CheckTrailing, "client_key_exchange", 258},
		{"EncryptedPreMasterSecret longer than its bytes", params(ca.VersionTLS12), nil,
			hs(16, u16(256), opaque(252)), ca.CheckPastEnd, "client_key_exchange.encrypted_pre_master_secret", 4},
		{"header length larger than the body", params(ca.VersionTLS13), nil,
			cat([]byte{15, 0, 0, 9}, u16(0x0804), v16(opaque(4))), ca.CheckHeaderLength, "handshake.length", 1},
		{"empty input", params(ca.VersionTLS13), nil, nil, ca.CheckTruncated, "handshake.length", 0},
		{"truncated algorithm", params(ca.VersionTLS13), nil, hs(15, []byte{8}), ca.CheckTruncated, "certificate_verify.algorithm", 4},
		{"unknown handshake type", params(ca.VersionTLS13), nil, hs(99), ca.CheckUnexpectedType, "handshake.msg_type", 0},
		{"bad Params", ca.Params{Version: 0x0300}, cvValue(0x0804), cv(0x0804), ca.CheckBadParams, "handshake", 0},
	}
}

// TestChecks gives each fault to the parser as bytes and, where it can be
// expressed, to the encoder as a value: both must name the same check, field
// and offset.
func TestChecks(t *testing.T) {
	covered := map[ca.CheckID]bool{}
	for _, c := range checkCases() {
		t.Run(c.name, func(t *testing.T) {
			_, err := parser.New(c.p).Parse(c.raw)
			var e *ca.Error
			if !errors.As(err, &e) {
				t.Fatalf("parser accepted %x", c.raw)
			}
			want := ca.Checks[c.check]
			req := want.RequirementIn(c.p.Vers()) // the rule of the version in force
			if e.Check != c.check || e.Field() != c.field || e.Offset != c.offset || e.Alert != want.Alert || e.Requirement != req {
				t.Errorf("parser: %v\n got check %d field %s offset %d; want check %d field %s offset %d (%s)", err, e.Check, e.Field(), e.Offset, c.check, c.field, c.offset, req)
			}
			if !errors.Is(err, want.Alert) || (req != "" && !errors.Is(err, req)) {
				t.Errorf("errors.Is does not match the alert and requirement of %v", err)
			}
			covered[c.check] = true
			if c.value == nil {
				return
			}
			dst := []byte("prefix")
			out, err := encoder.New(c.p).Encode(dst, c.value)
			if !errors.As(err, &e) {
				t.Fatalf("encoder wrote %x", out)
			}
			if string(out) != "prefix" {
				t.Errorf("encoder left partial output %q", out)
			}
			if e.Check != c.check || e.Field() != c.field || e.Offset != c.offset || e.Requirement != req {
				t.Errorf("encoder: %v\n got check %d field %s offset %d; want check %d field %s offset %d (%s)", err, e.Check, e.Field(), e.Offset, c.check, c.field, c.offset, req)
			}
		})
	}
	// Every parser-side check has a case; the other layers' rows are
	// tested with their packages (encoder, certcompress, flow).
	for id := ca.CheckID(1); int(id) < len(ca.Checks); id++ {
		if ca.Checks[id].Layer != ca.LayerParser {
			continue
		}
		if !covered[id] {
			t.Errorf("no case exercises check %d (%s)", id, ca.Checks[id].Reason)
		}
	}
}

// TestFramingCitesVersion: the same framing faults cite RFC 8446 §6 under
// TLS 1.3 and RFC 5246 §7.4 under TLS 1.0–1.2 (issue 15), from the parser
// and the encoder alike.
func TestFramingCitesVersion(t *testing.T) {
	for _, v := range ca.Versions {
		want := ca.Requirement("5246-7.4-a")
		if v == ca.VersionTLS13 {
			want = "8446-6-a"
		}
		p := parser.New(ca.Params{Version: v})
		fin := hs(20, opaque(13))
		if _, err := p.Finished(fin); !errors.Is(err, want) || !errors.Is(err, ca.AlertDecodeError) {
			t.Errorf("%v Finished of 13 bytes: %v, want %s", v, err, want)
		}
		if _, err := p.Parse(cat([]byte{20, 0, 0, 9}, opaque(12))); !errors.Is(err, want) {
			t.Errorf("%v header length 9 over a 12-byte body: %v, want %s", v, err, want)
		}
		if _, err := encoder.New(ca.Params{Version: v}).Finished(nil, &ca.Finished{VerifyData: opaque(13)}); !errors.Is(err, want) {
			t.Errorf("%v encoder, Finished of 13 bytes: %v, want %s", v, err, want)
		}
	}
	if err := parser.New(ca.Params{Version: ca.VersionTLS12}).ServerHelloDone(hs(14, []byte{0})); !errors.Is(err, ca.Requirement("5246-7.4-a")) {
		t.Errorf("ServerHelloDone with a body: %v", err)
	}
}

// TestTolerateEmptyCAList10: OpenSSL 3 sends a TLS 1.0 CertificateRequest
// with an empty CA list (2246-7.4.4-a). Strict parsing and encoding refuse
// it; Params.Tolerate naming the deviation accepts it and round-trips it,
// and still refuses a list that is malformed for another reason.
func TestTolerateEmptyCAList10(t *testing.T) {
	msg := hs(13, v8([]byte{1}), v16(nil))
	value := &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}}
	strict := ca.Params{Version: ca.VersionTLS10}
	tolerant := ca.Params{Version: ca.VersionTLS10, Tolerate: ca.Tolerating(ca.DeviationEmptyCAList10)}
	if _, err := parser.New(strict).Parse(msg); !errors.Is(err, ca.Requirement("2246-7.4.4-a")) || !errors.Is(err, ca.AlertDecodeError) {
		t.Errorf("strict parse: %v", err)
	}
	if _, err := encoder.New(strict).Encode(nil, value); !errors.Is(err, ca.Requirement("2246-7.4.4-a")) {
		t.Errorf("strict encode: %v", err)
	}
	m, err := parser.New(tolerant).Parse(msg)
	if err != nil {
		t.Fatalf("tolerant parse: %v", err)
	}
	if m.CertificateRequest.CertificateAuthorities.Len() != 0 {
		t.Errorf("%d CAs in an empty list", m.CertificateRequest.CertificateAuthorities.Len())
	}
	if out, err := encoder.New(tolerant).Encode(nil, value); err != nil || string(out) != string(msg) {
		t.Errorf("tolerant encode: %x, %v", out, err)
	}
	// The tolerance is for the empty list only.
	if _, err := parser.New(tolerant).Parse(hs(13, v8([]byte{1}), v16([]byte{0}))); !errors.Is(err, ca.AlertDecodeError) {
		t.Errorf("1-byte CA list under the tolerance: %v", err)
	}
	if _, err := parser.New(tolerant).Parse(hs(13, v8([]byte{1}), v16(v16([]byte{0x30})))); !errors.Is(err, ca.Requirement("5246-7.4.4-h")) {
		t.Errorf("1-byte DN under the tolerance: %v", err)
	}
	// Other versions are unaffected: TLS 1.1/1.2 allow the empty list anyway.
	for _, v := range []ca.Version{ca.VersionTLS11, ca.VersionTLS12} {
		p := ca.Params{Version: v}
		body := [][]byte{v8([]byte{1})}
		if v == ca.VersionTLS12 {
			body = append(body, v16([]byte{4, 1}))
		}
		if _, err := parser.New(p).Parse(hs(13, append(body, v16(nil))...)); err != nil {
			t.Errorf("%v empty CA list: %v", v, err)
		}
	}
}
