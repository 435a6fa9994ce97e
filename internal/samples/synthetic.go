package samples

import (
	"fmt"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
)

// Value is a synthetic message as an owned value with its Params.
type Value struct {
	Name   string
	Params ca.Params
	Value  any // *ca.CertificateRequest, *ca.Certificate, ...
}

var (
	v10 = ca.Params{Version: ca.VersionTLS10}
	v11 = ca.Params{Version: ca.VersionTLS11}
	v12 = ca.Params{Version: ca.VersionTLS12}
	v13 = ca.Params{Version: ca.VersionTLS13}
)

func with(p ca.Params, f func(*ca.Params)) ca.Params { f(&p); return p }

// dn is the DER X.501 Name CN=cn: every DistinguishedName must be one
// (8446-4.2.4-a, 5246-7.4.4-h).
func dn(cn string) []byte { return NameOf(cn) }

// serverAuthEKU is ExtKeyUsageSyntax { id-kp-serverAuth }.
var serverAuthEKU = []byte{0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01}

// Values returns the synthetic messages: every message type, version and key
// exchange, every recognised extension body, and between them every row of
// ca.Bounds except the Params-only Finished row.
func Values() []Value {
	sigAlgs := []ca.SignatureScheme{ca.SchemeECDSASecp256r1SHA256, ca.SchemeRSAPSSRSAESHA256, ca.SchemeEd25519, ca.SchemeECDSASecp384r1SHA384, ca.SchemeRSAPSSRSAESHA384}
	fullCR := &ca.CertificateRequest{Extensions: []ca.Extension{
		{Type: ca.GREASEFirst, Data: []byte{0}}, // GREASE first: skipped, kept
		{Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: sigAlgs},
		{Type: ca.ExtSignatureAlgorithmsCert, SignatureAlgorithms: []ca.SignatureScheme{ca.SchemeRSAPSSRSAESHA256, ca.SchemeRSAPKCS1SHA256}},
		{Type: ca.ExtCertificateAuthorities, Authorities: [][]byte{dn("Example CA"), dn("Other CA")}},
		{Type: ca.ExtOIDFilters, OIDFilters: []ca.OIDFilter{
			{OID: []byte{0x55, 0x1d, 0x25}, Values: serverAuthEKU},
			{OID: []byte{0x55, 0x1d, 0x0f}, Values: []byte{0x03, 0x02, 0x05, 0xa0}},
		}},
		{Type: ca.ExtStatusRequest},
		{Type: ca.ExtSignedCertificateTimestamp},
		{Type: ca.ExtCompressCertificate, CompressionAlgorithms: []ca.CertificateCompressionAlgorithm{1, 2, 3}},
		{Type: ca.ExtDelegatedCredential, Data: []byte{0x00, 0x02, 0x08, 0x07}},
		{Type: ca.ExtRenegotiationInfo, Data: []byte("unknown")},
	}}
	entry := func(n int, exts ...ca.Extension) ca.CertificateEntry {
		return ca.CertificateEntry{Data: Cert(n), Extensions: exts}
	}
	ocsp := ca.Extension{Type: ca.ExtStatusRequest, OCSPResponse: DER(40)}
	scts := ca.Extension{Type: ca.ExtSignedCertificateTimestamp, SCTs: [][]byte{make([]byte, 47), make([]byte, 119)}}
	out := []Value{
		{"cr13_all_extensions", v13, fullCR},
		{"cr13_all_extensions_9846", with(v13, func(p *ca.Params) { p.Profile = ca.RFC9846 }), fullCR},
		{"cr13_minimal", v13, &ca.CertificateRequest{Extensions: []ca.Extension{{Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: []ca.SignatureScheme{ca.SchemeRSAPSSRSAESHA256}}}}},
		{"cr13_post_handshake", with(v13, func(p *ca.Params) { p.PostHandshake = true }),
			&ca.CertificateRequest{Context: []byte{1, 2, 3, 4, 5, 6, 7, 8}, Extensions: []ca.Extension{{Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: sigAlgs}}}},
		{"cr13_server_name_9846", with(v13, func(p *ca.Params) { p.Profile = ca.RFC9846 }),
			&ca.CertificateRequest{Extensions: []ca.Extension{{Type: ca.ExtServerName, Data: []byte{0, 0}}, {Type: ca.ExtSignatureAlgorithms, SignatureAlgorithms: sigAlgs}}}},
		{"cr12", v12, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1, 64}, SignatureAlgorithms: sigAlgs,
			CertificateAuthorities: [][]byte{dn("Example CA")}}},
		{"cr11_no_cas", v11, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1, 2}}},
		{"cr10", v10, &ca.CertificateRequest{CertificateTypes: []ca.ClientCertificateType{1}, CertificateAuthorities: [][]byte{dn("Example CA")}}},

		{"ct13_chain_ocsp_sct", v13, &ca.Certificate{Entries: []ca.CertificateEntry{entry(300, ocsp, scts), entry(280), entry(260)}}},
		{"ct13_empty", v13, &ca.Certificate{}},
		{"ct13_post_handshake", with(v13, func(p *ca.Params) { p.PostHandshake = true }),
			&ca.Certificate{Context: []byte{1, 2, 3, 4, 5, 6, 7, 8}, Entries: []ca.CertificateEntry{entry(100)}}},
		{"ct13_server", with(v13, func(p *ca.Params) { p.FromServer = true }), &ca.Certificate{Entries: []ca.CertificateEntry{entry(200)}}},
		{"ct13_raw_public_key", with(v13, func(p *ca.Params) { p.CertType = ca.CertTypeRawPublicKey }),
			&ca.Certificate{Entries: []ca.CertificateEntry{{Data: SPKI(91)}}}},
		{"ct12_chain", v12, &ca.Certificate{Entries: []ca.CertificateEntry{entry(300), entry(280)}}},
		{"ct12_empty", v12, &ca.Certificate{}},
		{"ct12_raw_public_key", with(v12, func(p *ca.Params) { p.CertType = ca.CertTypeRawPublicKey }),
			&ca.Certificate{Entries: []ca.CertificateEntry{{Data: SPKI(91)}}}},
		{"ct10", v10, &ca.Certificate{Entries: []ca.CertificateEntry{entry(120)}}},

		{"cv13", v13, &ca.CertificateVerify{Algorithm: ca.SchemeRSAPSSRSAESHA256, Signature: make([]byte, 256)}},
		{"cv13_server_ecdsa", with(v13, func(p *ca.Params) { p.FromServer = true }), &ca.CertificateVerify{Algorithm: ca.SchemeECDSASecp256r1SHA256, Signature: make([]byte, 71)}},
		{"cv13_pkcs1_9846", with(v13, func(p *ca.Params) { p.Profile = ca.RFC9846 }), &ca.CertificateVerify{Algorithm: ca.SchemeRSAPKCS1SHA256, Signature: make([]byte, 256)}},
		{"cv12", v12, &ca.CertificateVerify{Algorithm: ca.SchemeRSAPKCS1SHA256, Signature: make([]byte, 128)}},
		{"cv12_sha1", v12, &ca.CertificateVerify{Algorithm: ca.SchemeRSAPKCS1SHA1, Signature: make([]byte, 128)}},
		{"cv11", v11, &ca.CertificateVerify{Signature: make([]byte, 128)}},
		{"cv10", v10, &ca.CertificateVerify{Signature: make([]byte, 64)}},

		{"shd12", v12, &ca.ServerHelloDone{}},
		{"fin12", v12, &ca.Finished{VerifyData: make([]byte, 12)}},
		{"fin13", v13, &ca.Finished{VerifyData: make([]byte, 32)}},
		{"fin13_sha384", with(v13, func(p *ca.Params) { p.FinishedLen = 48 }), &ca.Finished{VerifyData: make([]byte, 48)}},
		{"cc13_zlib", v13, &ca.CompressedCertificate{Algorithm: 1, UncompressedLength: 1200, CompressedCertificateMessage: make([]byte, 700)}},
	}
	cke := map[ca.KeyExchange]*ca.ClientKeyExchange{
		ca.KexRSA:      {EncryptedPreMasterSecret: make([]byte, 256)},
		ca.KexDHE:      {DHYc: make([]byte, 256)},
		ca.KexECDHE:    {ECPoint: make([]byte, 65)},
		ca.KexPSK:      {PSKIdentity: []byte("client1")},
		ca.KexRSAPSK:   {PSKIdentity: []byte("client1"), EncryptedPreMasterSecret: make([]byte, 256)},
		ca.KexDHEPSK:   {PSKIdentity: []byte("client1"), DHYc: make([]byte, 256)},
		ca.KexECDHEPSK: {PSKIdentity: []byte("client1"), ECPoint: make([]byte, 32)},
		ca.KexFixedDH:  {},
	}
	for _, k := range ca.KeyExchanges {
		out = append(out, Value{"cke12_" + k.String(), with(v12, func(p *ca.Params) { p.KeyExchange = k }), cke[k]})
	}
	out = append(out, Value{"cke10_rsa", v10, &ca.ClientKeyExchange{EncryptedPreMasterSecret: make([]byte, 128)}})
	return out
}

// Synthetic encodes Values.
func Synthetic() []Sample {
	var out []Sample
	for _, v := range Values() {
		msg, err := encoder.New(v.Params).Encode(nil, v.Value)
		if err != nil {
			panic(fmt.Sprintf("samples: %s: %v", v.Name, err))
		}
		out = append(out, Sample{Name: "synthetic/" + v.Name, Params: v.Params, Msg: msg})
	}
	return out
}

// All returns every valid sample: RFC 8448, the seed capture, the OpenSSL
// harvest and the synthetic messages.
func All() ([]Sample, error) {
	out := append(RFC8448(), SeedCaptureCR())
	o, err := OpenSSL()
	if err != nil {
		return nil, err
	}
	for _, s := range o {
		if s.Reject == "" && s.Tolerate == 0 {
			out = append(out, s)
		}
	}
	return append(out, Synthetic()...), nil
}

// Tolerated returns the real messages that pass only under a known
// deployed deviation's tolerance (Sample.Tolerate).
func Tolerated() ([]Sample, error) {
	return openSSLWhere(func(s Sample) bool { return s.Tolerate != 0 })
}

// Rejected returns the real messages that break a rule (Sample.Reject).
func Rejected() ([]Sample, error) {
	return openSSLWhere(func(s Sample) bool { return s.Reject != "" })
}

// openSSLWhere returns the OpenSSL-harvested samples that keep holds for.
func openSSLWhere(keep func(Sample) bool) ([]Sample, error) {
	o, err := OpenSSL()
	if err != nil {
		return nil, err
	}
	var out []Sample
	for _, s := range o {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out, nil
}

// EncodeTyped appends v, an owned message value given by pointer, with
// encoder.Encode: its type switch reaches the typed method without a
// conversion of its own, so it allocates no more than that method does
// (which the allocation tests of parser and properties measure).
func EncodeTyped(e *encoder.Encoder, dst []byte, v any) ([]byte, error) {
	return e.Encode(dst, v)
}
