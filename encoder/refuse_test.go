package encoder_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/gen"
	"github.com/clientauth/clientauth/internal/samples"
)

// value returns a fresh copy of a synthetic sample's owned value.
func value(t *testing.T, name string) (any, ca.Params) {
	for _, v := range samples.Values() {
		if v.Name == name {
			return v.Value, v.Params
		}
	}
	t.Fatalf("no synthetic sample %s", name)
	return nil, ca.Params{}
}

func ext(exts []ca.Extension, typ ca.ExtensionType) *ca.Extension {
	for i := range exts {
		if exts[i].Type == typ {
			return &exts[i]
		}
	}
	panic(fmt.Sprintf("no extension %d", typ))
}

func schemes(n int) []ca.SignatureScheme {
	out := make([]ca.SignatureScheme, n/2)
	for i := range out {
		out[i] = 0x0804
	}
	return out
}

// leaf rows: where each bound sits in an owned value, so that a value of any
// length can be put there.
var leaves = map[ca.BoundID]struct {
	seed string
	set  func(v any, n int)
}{
	ca.BoundCRCertificateTypes:      {"cr12", func(v any, n int) { v.(*ca.CertificateRequest).CertificateTypes = make([]ca.ClientCertificateType, n) }},
	ca.BoundCRSignatureAlgorithms12: {"cr12", func(v any, n int) { v.(*ca.CertificateRequest).SignatureAlgorithms = schemes(n) }},
	ca.BoundDistinguishedName12:     {"cr12", func(v any, n int) { v.(*ca.CertificateRequest).CertificateAuthorities[0] = make([]byte, n) }},
	ca.BoundCRContext:               {"cr13_post_handshake", func(v any, n int) { v.(*ca.CertificateRequest).Context = make([]byte, n) }},
	ca.BoundExtensionData:           {"cr13_all_extensions", func(v any, n int) { v.(*ca.CertificateRequest).Extensions[0].Data = make([]byte, n) }},
	ca.BoundSignatureSchemeList: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 13).SignatureAlgorithms = schemes(n)
	}},
	ca.BoundDistinguishedName: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 47).Authorities[0] = make([]byte, n)
	}},
	ca.BoundOIDFilterOID: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 48).OIDFilters[1].OID = make([]byte, n)
	}},
	ca.BoundOIDFilterValues: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 48).OIDFilters[1].Values = make([]byte, n)
	}},
	ca.BoundCompressionAlgorithms: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 27).CompressionAlgorithms = make([]ca.CertificateCompressionAlgorithm, n/2)
	}},
	ca.BoundCRStatusRequest: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 5).Data = make([]byte, n)
	}},
	ca.BoundCRSignedCertificateTimestamp: {"cr13_all_extensions", func(v any, n int) {
		ext(v.(*ca.CertificateRequest).Extensions, 18).Data = make([]byte, n)
	}},
	ca.BoundCTContext:        {"ct13_post_handshake", func(v any, n int) { v.(*ca.Certificate).Context = make([]byte, n) }},
	ca.BoundCTCertData:       {"ct13_chain_ocsp_sct", func(v any, n int) { v.(*ca.Certificate).Entries[0].Data = der(n) }},
	ca.BoundCTASN1Cert:       {"ct12_chain", func(v any, n int) { v.(*ca.Certificate).Entries[0].Data = der(n) }},
	ca.BoundCTRawPublicKey13: {"ct13_raw_public_key", func(v any, n int) { v.(*ca.Certificate).Entries[0].Data = spki(n) }},
	ca.BoundCTRawPublicKey12: {"ct12_raw_public_key", func(v any, n int) { v.(*ca.Certificate).Entries[0].Data = spki(n) }},
	ca.BoundOCSPResponse: {"ct13_chain_ocsp_sct", func(v any, n int) {
		ext(v.(*ca.Certificate).Entries[0].Extensions, 5).OCSPResponse = make([]byte, n)
	}},
	ca.BoundSerializedSCT: {"ct13_chain_ocsp_sct", func(v any, n int) {
		ext(v.(*ca.Certificate).Entries[0].Extensions, 18).SCTs[0] = make([]byte, n)
	}},
	ca.BoundCVSignature13:                {"cv13", func(v any, n int) { v.(*ca.CertificateVerify).Signature = make([]byte, n) }},
	ca.BoundCVSignature12:                {"cv12", func(v any, n int) { v.(*ca.CertificateVerify).Signature = make([]byte, n) }},
	ca.BoundCVSignature10:                {"cv10", func(v any, n int) { v.(*ca.CertificateVerify).Signature = make([]byte, n) }},
	ca.BoundEncryptedPreMasterSecret:     {"cke12_rsa", func(v any, n int) { v.(*ca.ClientKeyExchange).EncryptedPreMasterSecret = make([]byte, n) }},
	ca.BoundDHYc:                         {"cke12_dhe", func(v any, n int) { v.(*ca.ClientKeyExchange).DHYc = make([]byte, n) }},
	ca.BoundECPoint:                      {"cke12_ecdhe", func(v any, n int) { v.(*ca.ClientKeyExchange).ECPoint = make([]byte, n) }},
	ca.BoundPSKIdentity:                  {"cke12_psk", func(v any, n int) { v.(*ca.ClientKeyExchange).PSKIdentity = make([]byte, n) }},
	ca.BoundCompressedCertificateMessage: {"cc13_zlib", func(v any, n int) { v.(*ca.CompressedCertificate).CompressedCertificateMessage = make([]byte, n) }},
}

// der and spki keep the DER checks out of the way of the length checks:
// lengths below their minimum framing are plain bytes.
var der, spki = gen.Cert, gen.SPKI

// TestRefusesOutOfBound sets every leaf field of the table to one element
// below its minimum and above its maximum: the encoder must refuse with that
// row, leave dst as it was, and allocate nothing doing so.
func TestRefusesOutOfBound(t *testing.T) {
	for id, leaf := range leaves {
		b := &ca.Bounds[id]
		for _, n := range []int{b.Min - b.Elem, b.Max + b.Elem} {
			if n < 0 {
				continue
			}
			v, p := value(t, leaf.seed)
			leaf.set(v, n)
			e := encoder.New(p)
			dst := make([]byte, 3, 1<<25)
			out, err := e.Encode(dst, v)
			var ce *ca.Error
			if !errors.As(err, &ce) || ce.Bound != id {
				t.Errorf("%s len %d (%s): want refusal by this row, got %v", b.Struct, n, leaf.seed, err)
				continue
			}
			if len(out) != 3 || !errors.Is(err, ca.AlertDecodeError) || !errors.Is(err, b.RequirementIn(p.Vers())) {
				t.Errorf("%s len %d: output %d bytes, error %v", b.Struct, n, len(out), err)
			}
			if allocs := testing.AllocsPerRun(3, func() { e.Encode(dst, v) }); allocs > 1 { // Encode's interface argument is the one allowed
				t.Errorf("%s len %d: refusal allocates %v times", b.Struct, n, allocs)
			}
		}
	}
}

// TestRefusesIssueExamples: the three values the issue names.
func TestRefusesIssueExamples(t *testing.T) {
	var cas [][]byte
	for range 2 {
		cas = append(cas, samples.Name(35000))
	}
	for _, c := range []struct {
		name  string
		p     ca.Params
		v     any
		bound ca.BoundID
	}{
		{"256-byte context", ca.Params{PostHandshake: true},
			&ca.CertificateRequest{Context: make([]byte, 256), Extensions: []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804}}}},
			ca.BoundCRContext},
		{"70,000 bytes of CA names in TLS 1.2", ca.Params{Version: ca.VersionTLS12},
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{0x0804}, CertificateAuthorities: cas},
			ca.BoundCRAuthorities},
		{"empty cert_data", ca.Params{}, &ca.Certificate{Entries: []ca.CertificateEntry{{}}}, ca.BoundCTCertData},
		{"empty ASN.1Cert", ca.Params{Version: ca.VersionTLS12}, &ca.Certificate{Entries: []ca.CertificateEntry{{}}}, ca.BoundCTASN1Cert},
		{"empty CA list in TLS 1.0", ca.Params{Version: ca.VersionTLS10}, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}}, ca.BoundCRAuthorities10},
		{"no certificate types", ca.Params{Version: ca.VersionTLS12}, &ca.CertificateRequest{SignatureAlgorithms: []ca.SignatureScheme{0x0804}}, ca.BoundCRCertificateTypes},
		{"empty extension block under RFC 8446", ca.Params{}, &ca.CertificateRequest{}, ca.BoundCRExtensions},
		{"empty authorities", ca.Params{}, &ca.CertificateRequest{Extensions: []ca.Extension{
			{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804}}, {Type: 47}}}, ca.BoundAuthorities},
		{"empty SCT list", ca.Params{}, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: samples.Cert(9), Extensions: []ca.Extension{{Type: 18}}}}}, ca.BoundSCTList},
		{"one compression algorithm short of two bytes", ca.Params{}, &ca.CertificateRequest{Extensions: []ca.Extension{
			{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804}}, {Type: 27}}}, ca.BoundCompressionAlgorithms},
		{"certificate_list over 2^24-1", ca.Params{}, &ca.Certificate{Entries: []ca.CertificateEntry{
			{Data: samples.Cert(1 << 23)}, {Data: samples.Cert(1 << 23)}}}, ca.BoundCTList13},
		// certificate_list at its maximum: the body (context and list prefixes
		// added) no longer fits the header's uint24.
		{"a message over 2^24-1", ca.Params{}, &ca.Certificate{Entries: []ca.CertificateEntry{
			{Data: samples.Cert(1<<24 - 6)}}}, ca.BoundHandshakeLength},
	} {
		out, err := encoder.New(c.p).Encode([]byte{0xee}, c.v)
		var e *ca.Error
		if !errors.As(err, &e) || e.Bound != c.bound || !bytes.Equal(out, []byte{0xee}) {
			t.Errorf("%s: want refusal by %s, got %v (%d bytes out)", c.name, ca.Bounds[c.bound].Struct, err, len(out))
		}
	}
}

// TestRefusesUnusedFields: a value the message cannot carry is refused, not dropped.
func TestRefusesUnusedFields(t *testing.T) {
	sig := ca.Extension{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804}}
	for _, c := range []struct {
		name  string
		p     ca.Params
		v     any
		field string
	}{
		{"context in TLS 1.2", ca.Params{Version: ca.VersionTLS12}, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, Context: []byte{1}}, "certificate_request.certificate_request_context"},
		{"signature algorithms in TLS 1.1", ca.Params{Version: ca.VersionTLS11}, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{0x0401}}, "certificate_request.supported_signature_algorithms"},
		{"certificate types in TLS 1.3", ca.Params{}, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, Extensions: []ca.Extension{sig}}, "certificate_request.certificate_types"},
		{"raw data in signature_algorithms", ca.Params{}, &ca.CertificateRequest{Extensions: []ca.Extension{{Type: 13, SignatureAlgorithms: []ca.SignatureScheme{0x0804}, Data: []byte{1}}}}, "certificate_request.extensions[0].signature_algorithms.extension_data"},
		{"schemes in an unknown extension", ca.Params{}, &ca.CertificateRequest{Extensions: []ca.Extension{sig, {Type: 0xff00, SignatureAlgorithms: []ca.SignatureScheme{1}}}}, "certificate_request.extensions[1].signature_algorithms"},
		{"entry extensions in TLS 1.2", ca.Params{Version: ca.VersionTLS12}, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: samples.Cert(9), Extensions: []ca.Extension{{Type: 5}}}}}, "certificate.certificate_list[0].extensions"},
		{"algorithm in TLS 1.1 CertificateVerify", ca.Params{Version: ca.VersionTLS11}, &ca.CertificateVerify{Algorithm: 0x0401}, "certificate_verify.algorithm"},
		{"dh_Yc with rsa", ca.Params{Version: ca.VersionTLS12}, &ca.ClientKeyExchange{DHYc: []byte{1}}, "client_key_exchange.dh_Yc"},
		{"psk_identity with ecdhe", ca.Params{Version: ca.VersionTLS12, KeyExchange: ca.KexECDHE}, &ca.ClientKeyExchange{PSKIdentity: []byte{1}, ECPoint: []byte{4}}, "client_key_exchange.psk_identity"},
	} {
		_, err := encoder.New(c.p).Encode(nil, c.v)
		var e *ca.Error
		if !errors.As(err, &e) || e.Check != ca.CheckUnusedField || e.Field() != c.field {
			t.Errorf("%s: want CheckUnusedField on %s, got %v", c.name, c.field, err)
		}
	}
	_, err := encoder.New(ca.Params{}).CompressedCertificate(nil, &ca.CompressedCertificate{Algorithm: 1, UncompressedLength: 1 << 24, CompressedCertificateMessage: []byte{1}})
	var e *ca.Error
	if !errors.As(err, &e) || e.Check != ca.CheckUncompressedLength {
		t.Errorf("uncompressed_length 2^24: got %v", err)
	}
}

// TestRefusesShapes: the encoder refuses what the parser rejects beyond a
// length (issue 15), through the same table functions: a DistinguishedName
// that is not a DER Name (TLS ≤1.2 list and TLS 1.3 extension alike), a
// bare SubjectPublicKeyInfo as an X.509 certificate, and TLS 1.0's empty CA
// list unless Params.Tolerate names the deviation. Each refusal cites the
// rule of the version in force and leaves dst as it was.
func TestRefusesShapes(t *testing.T) {
	notAName := []byte{0x30, 0x0c, 0x0c, 0x0a, 'E', 'x', 'a', 'm', 'p', 'l', 'e', ' ', 'C', 'A'}
	sig := ca.Extension{Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: []ca.SignatureScheme{ca.SchemeRSAPSSRSAESHA256}}
	spkiOnly := samples.SPKI(91)
	for _, c := range []struct {
		name  string
		p     ca.Params
		v     any
		check ca.CheckID
		bound ca.BoundID
		req   ca.Requirement
	}{
		{"DN not a Name, TLS 1.2", ca.Params{Version: ca.VersionTLS12},
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{ca.SchemeRSAPKCS1SHA256}, CertificateAuthorities: [][]byte{notAName}},
			ca.CheckDistinguishedNameDER, ca.NoBound, "5246-7.4.4-h"},
		{"1-byte DN, TLS 1.0", ca.Params{Version: ca.VersionTLS10},
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, CertificateAuthorities: [][]byte{{0x30}}},
			ca.CheckDistinguishedNameDER, ca.NoBound, "5246-7.4.4-h"},
		{"DN not a Name, TLS 1.3", ca.Params{},
			&ca.CertificateRequest{Extensions: []ca.Extension{sig, {Type: ca.ExtCertificateAuthorities, Authorities: [][]byte{samples.NameOf("CA"), notAName}}}},
			ca.CheckDistinguishedNameDER, ca.NoBound, "8446-4.2.4-a"},
		{"bare SPKI as a TLS 1.3 certificate", ca.Params{}, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: spkiOnly}}},
			ca.CheckCertificateDER, ca.NoBound, "8446-4.4.2-g"},
		{"bare SPKI as a TLS 1.2 certificate", ca.Params{Version: ca.VersionTLS12}, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: samples.Cert(300)}, {Data: spkiOnly}}},
			ca.CheckCertificateDER, ca.NoBound, "8446-4.4.2-g"},
		{"empty CA list, TLS 1.0, strict", ca.Params{Version: ca.VersionTLS10}, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}},
			ca.NoCheck, ca.BoundCRAuthorities10, "2246-7.4.4-a"},
	} {
		out, err := encoder.New(c.p).Encode([]byte{0xee}, c.v)
		var e *ca.Error
		if !errors.As(err, &e) || e.Check != c.check || e.Bound != c.bound || e.Requirement != c.req || !bytes.Equal(out, []byte{0xee}) {
			t.Errorf("%s: want refusal (check %d, bound %d, %s), got %v (%d bytes out)", c.name, c.check, c.bound, c.req, err, len(out))
		}
	}
	// What the parser accepts, the encoder writes.
	for _, c := range []struct {
		name string
		p    ca.Params
		v    any
	}{
		{"the empty Name", ca.Params{Version: ca.VersionTLS12},
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, SignatureAlgorithms: []ca.SignatureScheme{ca.SchemeRSAPKCS1SHA256}, CertificateAuthorities: [][]byte{{0x30, 0}}}},
		{"empty CA list, TLS 1.0, tolerated", ca.Params{Version: ca.VersionTLS10, Tolerate: ca.Tolerating(ca.DeviationEmptyCAList10)},
			&ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}}},
		{"SPKI under RawPublicKey", ca.Params{CertType: ca.CertTypeRawPublicKey}, &ca.Certificate{Entries: []ca.CertificateEntry{{Data: spkiOnly}}}},
	} {
		if _, err := encoder.New(c.p).Encode(nil, c.v); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
