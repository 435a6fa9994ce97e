package dissect

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/parser"
)

// The JSON model: one Message per handshake message, mirroring the owned
// values of package clientauth (messages.go) field for field, lists in wire
// order. Opaque bytes are lower-case hex strings; enumerated values are
// {"name": ..., "code": ...} objects, where code decides and name, when
// given, must agree (a hand-written object may give either). A field the
// message has under its Params is always present, even when empty; fields
// it does not have are left out, and set by hand they are refused by the
// encoder (CheckUnusedField) rather than dropped.

// Hex is opaque bytes, written as a hex string.
type Hex []byte

// MarshalJSON writes the bytes as a hex string.
func (h Hex) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(h)) }

// UnmarshalJSON reads a hex string (upper or lower case).
func (h *Hex) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("want a hex string")
	}
	v, err := hex.DecodeString(s)
	if err != nil {
		return fmt.Errorf("bad hex string: %v", err)
	}
	*h = v
	return nil
}

// Enum is an enumerated value: its registry name and its code. The code is
// written as the RFCs write it: signature schemes in hex ("0x0401", RFC 8446
// §4.2.3, as the tree shows them), the other registries in decimal. Either
// form is read for any code ("0x0401" or 1025), so older files still decode.
type Enum struct {
	Name string `json:"name,omitempty"`
	Code *int64 `json:"code,omitempty"`
	// HexDigits, when not 0, writes Code as a hex string of that many digits.
	HexDigits int `json:"-"`
}

func enum(name string, code int) Enum {
	c := int64(code)
	return Enum{Name: name, Code: &c}
}

func schemeEnum(s ca.SignatureScheme) Enum {
	e := enum(s.String(), int(s))
	e.HexDigits = 4
	return e
}

type enumJSON struct {
	Name string          `json:"name,omitempty"`
	Code json.RawMessage `json:"code,omitempty"`
}

// MarshalJSON writes the code in hex when HexDigits says so.
func (e Enum) MarshalJSON() ([]byte, error) {
	j := enumJSON{Name: e.Name}
	if e.Code != nil {
		if e.HexDigits > 0 {
			j.Code, _ = json.Marshal(fmt.Sprintf("0x%0*x", e.HexDigits, *e.Code))
		} else {
			j.Code = strconv.AppendInt(nil, *e.Code, 10)
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a code given as a number or as a "0x..." string.
func (e *Enum) UnmarshalJSON(b []byte) error {
	var j enumJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		return err
	}
	*e = Enum{Name: j.Name}
	if len(j.Code) == 0 || string(j.Code) == "null" {
		return nil
	}
	var c int64
	if j.Code[0] == '"' {
		var s string
		if err := json.Unmarshal(j.Code, &s); err != nil {
			return err
		}
		digits, ok := strings.CutPrefix(strings.ToLower(s), "0x")
		v, err := strconv.ParseInt(digits, 16, 64)
		if !ok || err != nil || digits == "" {
			return fmt.Errorf("code %q: want a number or a hex string such as \"0x0401\"", s)
		}
		c, e.HexDigits = v, len(digits)
	} else if err := json.Unmarshal(j.Code, &c); err != nil {
		return fmt.Errorf("code %s: want a number or a hex string such as \"0x0401\"", j.Code)
	}
	e.Code = &c
	return nil
}

// Params is the context the bytes of a message do not carry: ca.Params in
// its one JSON form (params_text.go: version, profile, kex, finished_len,
// post_handshake, sender, cert_type), plus the cipher suite a capture
// showed, for reading only.
type Params struct {
	ca.Params
	Suite string // "cipher_suite": from a capture
	read  bool   // set by FromParams or UnmarshalJSON: a message without params has none
	err   error  // what UnmarshalJSON found wrong, reported by ToParams as a value error
}

// MarshalJSON writes the fields of ca.Params and cipher_suite.
func (j Params) MarshalJSON() ([]byte, error) {
	b, err := j.Params.MarshalJSON()
	if err != nil || j.Suite == "" {
		return b, err
	}
	suite, _ := json.Marshal(j.Suite)
	return append(append(append(b[:len(b)-1], `,"cipher_suite":`...), suite...), '}'), nil
}

// UnmarshalJSON reads ca.Params' JSON form; cipher_suite is the one other key.
func (j *Params) UnmarshalJSON(b []byte) error {
	*j = Params{read: true}
	j.err = j.Params.UnmarshalJSONExtra(b, func(key string, v json.RawMessage) error {
		if key != "cipher_suite" {
			return fmt.Errorf("clientauth: params: unknown key %q", key)
		}
		return json.Unmarshal(v, &j.Suite)
	})
	return nil
}

// Message is one handshake message. Exactly one of the body fields is set,
// the one Type names. File, Index, Offset, Conn, Decrypted, Valid, Error and
// Bytes describe where the message came from and what the parser said; the
// encoder ignores them, except that a message dissected as invalid (Error
// set) carries no body and cannot be encoded.
type Message struct {
	File      string     `json:"file,omitempty"`
	Index     *int       `json:"index,omitempty"`
	Offset    *int       `json:"offset,omitempty"`
	Conn      *int       `json:"conn,omitempty"`
	Decrypted bool       `json:"decrypted,omitempty"`
	Valid     *bool      `json:"valid,omitempty"`
	Type      Enum       `json:"type"`
	Params    Params     `json:"params"`
	Error     *ErrorInfo `json:"error,omitempty"`
	Bytes     Hex        `json:"bytes,omitempty"`

	CertificateRequest    *CertificateRequest    `json:"certificate_request,omitempty"`
	Certificate           *Certificate           `json:"certificate,omitempty"`
	CertificateVerify     *CertificateVerify     `json:"certificate_verify,omitempty"`
	ClientKeyExchange     *ClientKeyExchange     `json:"client_key_exchange,omitempty"`
	ServerHelloDone       *ServerHelloDone       `json:"server_hello_done,omitempty"`
	Finished              *Finished              `json:"finished,omitempty"`
	CompressedCertificate *CompressedCertificate `json:"compressed_certificate,omitempty"`
}

// ErrorInfo is a parser rejection.
type ErrorInfo struct {
	Alert       string `json:"alert"`
	Field       string `json:"field"`
	Offset      int    `json:"offset"`
	Requirement string `json:"rule,omitempty"`
	Message     string `json:"message"`
}

// CertificateRequest mirrors ca.CertificateRequest.
type CertificateRequest struct {
	CertificateTypes       *[]Enum      `json:"certificate_types,omitempty"`       // TLS <=1.2
	SignatureAlgorithms    *[]Enum      `json:"signature_algorithms,omitempty"`    // TLS 1.2
	CertificateAuthorities *[]Hex       `json:"certificate_authorities,omitempty"` // TLS <=1.2
	Context                *Hex         `json:"certificate_request_context,omitempty"`
	Extensions             *[]Extension `json:"extensions,omitempty"` // TLS 1.3
}

// Extension mirrors ca.Extension: the one body field its type has in the
// message is set; unknown types, opaque and empty bodies use Data.
type Extension struct {
	Type                  Enum         `json:"type"`
	SignatureAlgorithms   *[]Enum      `json:"signature_algorithms,omitempty"`
	Authorities           *[]Hex       `json:"authorities,omitempty"`
	OIDFilters            *[]OIDFilter `json:"oid_filters,omitempty"`
	CompressionAlgorithms *[]Enum      `json:"compression_algorithms,omitempty"`
	OCSPResponse          *Hex         `json:"ocsp_response,omitempty"`
	SCTs                  *[]Hex       `json:"scts,omitempty"`
	Data                  *Hex         `json:"data,omitempty"`
}

// OIDFilter mirrors ca.OIDFilter.
type OIDFilter struct {
	OID    Hex    `json:"certificate_extension_oid"`
	Text   string `json:"oid_text,omitempty"` // dotted form, for reading only
	Values Hex    `json:"certificate_extension_values"`
}

// Certificate mirrors ca.Certificate.
type Certificate struct {
	Context *Hex               `json:"certificate_request_context,omitempty"` // TLS 1.3
	Entries []CertificateEntry `json:"certificate_list"`
}

// CertificateEntry mirrors ca.CertificateEntry.
type CertificateEntry struct {
	Data       Hex          `json:"cert_data"`
	Extensions *[]Extension `json:"extensions,omitempty"` // TLS 1.3
}

// CertificateVerify mirrors ca.CertificateVerify.
type CertificateVerify struct {
	Algorithm *Enum `json:"algorithm,omitempty"` // TLS >=1.2
	Signature Hex   `json:"signature"`
}

// ClientKeyExchange mirrors ca.ClientKeyExchange; the key exchange in
// Params says which fields are on the wire.
type ClientKeyExchange struct {
	PSKIdentity              *Hex `json:"psk_identity,omitempty"`
	EncryptedPreMasterSecret *Hex `json:"encrypted_pre_master_secret,omitempty"`
	DHYc                     *Hex `json:"dh_Yc,omitempty"`
	ECPoint                  *Hex `json:"ecdh_Yc,omitempty"`
}

// ServerHelloDone has no fields.
type ServerHelloDone struct{}

// Finished mirrors ca.Finished.
type Finished struct {
	VerifyData Hex `json:"verify_data"`
}

// CompressedCertificate mirrors ca.CompressedCertificate.
type CompressedCertificate struct {
	Algorithm                    Enum  `json:"algorithm"`
	UncompressedLength           int64 `json:"uncompressed_length"`
	CompressedCertificateMessage Hex   `json:"compressed_certificate_message"`
}

// FromParams renders p, with its defaults written out (ca.Params.Resolved).
func FromParams(p ca.Params) Params { return Params{Params: p.Resolved(), read: true} }

// ToParams returns the context read; the zero values of omitted fields are
// the defaults (rfc8446, rsa, the version's Finished length, client, x509),
// and the version is required.
func (j Params) ToParams() (ca.Params, error) {
	if !j.read {
		return ca.Params{}, errors.New("params missing (version at least)")
	}
	if j.err != nil {
		return ca.Params{}, errors.New(strings.TrimPrefix(j.err.Error(), "clientauth: "))
	}
	if err := j.Params.Validate(); err != nil {
		return j.Params, errors.New("params: " + strings.TrimPrefix(err.Error(), "clientauth: "))
	}
	return j.Params, nil
}

// FromValue builds the JSON form of an owned message value (a pointer, as
// parser.Message.Value returns) under p.
func FromValue(v any, p ca.Params) (*Message, error) {
	m := &Message{Params: FromParams(p)}
	v13 := p.Vers() == ca.VersionTLS13
	switch v := v.(type) {
	case *ca.CertificateRequest:
		m.Type = typeEnum(ca.TypeCertificateRequest)
		cr := &CertificateRequest{}
		if v13 {
			cr.Context = hexPtr(v.Context)
			cr.Extensions = extensionsJSON(v.Extensions, ca.TypeCertificateRequest, p.Profile)
		} else {
			types := make([]Enum, 0, len(v.CertificateTypes))
			for _, t := range v.CertificateTypes {
				types = append(types, enum(t.String(), int(t)))
			}
			cr.CertificateTypes = &types
			if p.Vers() == ca.VersionTLS12 {
				cr.SignatureAlgorithms = schemesJSON(v.SignatureAlgorithms)
			}
			cr.CertificateAuthorities = hexList(v.CertificateAuthorities)
		}
		m.CertificateRequest = cr
	case *ca.Certificate:
		m.Type = typeEnum(ca.TypeCertificate)
		c := &Certificate{Entries: []CertificateEntry{}}
		if v13 {
			c.Context = hexPtr(v.Context)
		}
		for _, e := range v.Entries {
			je := CertificateEntry{Data: Hex(e.Data)}
			if v13 {
				je.Extensions = extensionsJSON(e.Extensions, ca.TypeCertificate, p.Profile)
			}
			c.Entries = append(c.Entries, je)
		}
		m.Certificate = c
	case *ca.CertificateVerify:
		m.Type = typeEnum(ca.TypeCertificateVerify)
		cv := &CertificateVerify{Signature: Hex(v.Signature)}
		if p.Vers() >= ca.VersionTLS12 {
			e := schemeEnum(v.Algorithm)
			cv.Algorithm = &e
		}
		m.CertificateVerify = cv
	case *ca.ClientKeyExchange:
		m.Type = typeEnum(ca.TypeClientKeyExchange)
		cke := &ClientKeyExchange{}
		k := p.KeyExchange
		if k.HasPSKIdentity() {
			cke.PSKIdentity = hexPtr(v.PSKIdentity)
		}
		switch k {
		case ca.KexRSA, ca.KexRSAPSK:
			cke.EncryptedPreMasterSecret = hexPtr(v.EncryptedPreMasterSecret)
		case ca.KexDHE, ca.KexDHEPSK:
			cke.DHYc = hexPtr(v.DHYc)
		case ca.KexECDHE, ca.KexECDHEPSK:
			cke.ECPoint = hexPtr(v.ECPoint)
		}
		m.ClientKeyExchange = cke
	case *ca.ServerHelloDone:
		m.Type = typeEnum(ca.TypeServerHelloDone)
		m.ServerHelloDone = &ServerHelloDone{}
	case *ca.Finished:
		m.Type = typeEnum(ca.TypeFinished)
		m.Finished = &Finished{VerifyData: Hex(v.VerifyData)}
	case *ca.CompressedCertificate:
		m.Type = typeEnum(ca.TypeCompressedCertificate)
		m.CompressedCertificate = &CompressedCertificate{
			Algorithm:                    enum(v.Algorithm.String(), int(v.Algorithm)),
			UncompressedLength:           int64(v.UncompressedLength),
			CompressedCertificateMessage: Hex(v.CompressedCertificateMessage),
		}
	default:
		return nil, fmt.Errorf("dissect: %T is not a message value", v)
	}
	return m, nil
}

// FromBytes parses msg under p and returns its JSON form; err is the
// parser's rejection.
func FromBytes(msg []byte, p ca.Params) (*Message, error) {
	pm, err := parser.New(p).Parse(msg)
	if err != nil {
		var pe *ca.Error
		if errors.As(err, &pe) {
			e := *pe
			return nil, &e
		}
		return nil, err
	}
	return FromValue(pm.Value(), p)
}

func typeEnum(t ca.HandshakeType) Enum { return enum(t.String(), int(t)) }

func hexPtr(b []byte) *Hex {
	h := Hex(b)
	if h == nil {
		h = Hex{}
	}
	return &h
}

func hexList(l [][]byte) *[]Hex {
	out := make([]Hex, 0, len(l))
	for _, b := range l {
		out = append(out, Hex(b))
	}
	return &out
}

func schemesJSON(l []ca.SignatureScheme) *[]Enum {
	out := make([]Enum, 0, len(l))
	for _, s := range l {
		out = append(out, schemeEnum(s))
	}
	return &out
}

func extensionsJSON(l []ca.Extension, m ca.HandshakeType, prof ca.Profile) *[]Extension {
	out := make([]Extension, 0, len(l))
	for _, e := range l {
		x := Extension{Type: enum(e.Type.String(), int(e.Type))}
		switch bodyKind(m, e.Type, prof) {
		case ca.BodySignatureSchemeList:
			x.SignatureAlgorithms = schemesJSON(e.SignatureAlgorithms)
		case ca.BodyCertificateAuthorities:
			x.Authorities = hexList(e.Authorities)
		case ca.BodyOIDFilters:
			fs := make([]OIDFilter, 0, len(e.OIDFilters))
			for _, f := range e.OIDFilters {
				fs = append(fs, OIDFilter{OID: Hex(f.OID), Text: oidString(f.OID), Values: Hex(f.Values)})
			}
			x.OIDFilters = &fs
		case ca.BodyCompressionAlgorithms:
			as := make([]Enum, 0, len(e.CompressionAlgorithms))
			for _, a := range e.CompressionAlgorithms {
				as = append(as, enum(a.String(), int(a)))
			}
			x.CompressionAlgorithms = &as
		case ca.BodyCertificateStatus:
			x.OCSPResponse = hexPtr(e.OCSPResponse)
		case ca.BodySCTList:
			x.SCTs = hexList(e.SCTs)
		default:
			x.Data = hexPtr(e.Data)
		}
		out = append(out, x)
	}
	return &out
}

// ValueError is a JSON message that is well formed but describes no value
// the wire can carry: a code too large for its field, a name that is not
// the code's, a body that is not the type's.
type ValueError struct {
	Field string
	Msg   string
}

func (e *ValueError) Error() string { return e.Field + ": " + e.Msg }

// Value converts m to the owned value and Params the encoder takes.
func (m *Message) Value() (any, ca.Params, error) {
	p, err := m.Params.ToParams()
	if err != nil {
		return nil, p, &ValueError{Field: "params", Msg: err.Error()}
	}
	if m.Error != nil {
		return nil, p, &ValueError{Field: "error", Msg: "the message was invalid when dissected (" + m.Error.Message + "); it has no fields to encode"}
	}
	t, err := resolve(m.Type, "type", 8, handshakeByName)
	if err != nil {
		return nil, p, err
	}
	bodies := 0
	for _, set := range []bool{m.CertificateRequest != nil, m.Certificate != nil, m.CertificateVerify != nil,
		m.ClientKeyExchange != nil, m.ServerHelloDone != nil, m.Finished != nil, m.CompressedCertificate != nil} {
		if set {
			bodies++
		}
	}
	if bodies != 1 {
		return nil, p, &ValueError{Field: "message", Msg: fmt.Sprintf("%d message bodies; want exactly one, the one type names", bodies)}
	}
	d := decoder{}
	var v any
	switch ca.HandshakeType(t) {
	case ca.TypeCertificateRequest:
		if m.CertificateRequest != nil {
			v = d.certificateRequest(m.CertificateRequest)
		}
	case ca.TypeCertificate:
		if m.Certificate != nil {
			v = d.certificate(m.Certificate)
		}
	case ca.TypeCertificateVerify:
		if cv := m.CertificateVerify; cv != nil {
			out := &ca.CertificateVerify{Signature: cv.Signature}
			if cv.Algorithm != nil {
				out.Algorithm = ca.SignatureScheme(d.enum(*cv.Algorithm, "certificate_verify.algorithm", 16, schemeByName))
			}
			v = out
		}
	case ca.TypeClientKeyExchange:
		if c := m.ClientKeyExchange; c != nil {
			v = &ca.ClientKeyExchange{PSKIdentity: bytesOf(c.PSKIdentity), EncryptedPreMasterSecret: bytesOf(c.EncryptedPreMasterSecret),
				DHYc: bytesOf(c.DHYc), ECPoint: bytesOf(c.ECPoint)}
		}
	case ca.TypeServerHelloDone:
		if m.ServerHelloDone != nil {
			v = &ca.ServerHelloDone{}
		}
	case ca.TypeFinished:
		if m.Finished != nil {
			v = &ca.Finished{VerifyData: m.Finished.VerifyData}
		}
	case ca.TypeCompressedCertificate:
		if cc := m.CompressedCertificate; cc != nil {
			out := &ca.CompressedCertificate{
				Algorithm:                    ca.CertificateCompressionAlgorithm(d.enum(cc.Algorithm, "compressed_certificate.algorithm", 16, compressionByName)),
				CompressedCertificateMessage: cc.CompressedCertificateMessage,
			}
			// uint24 on the wire: the encoder refuses above 2^24-1
			// (8879-4-a); a JSON number beyond uint32 cannot even be held.
			if cc.UncompressedLength < 0 || cc.UncompressedLength > 1<<32-1 {
				d.fail("compressed_certificate.uncompressed_length", fmt.Sprintf("%d is not a uint32", cc.UncompressedLength))
			}
			out.UncompressedLength = uint32(cc.UncompressedLength)
			v = out
		}
	default:
		return nil, p, &ValueError{Field: "type", Msg: fmt.Sprintf("%v is not a client-authentication message", ca.HandshakeType(t))}
	}
	if v == nil {
		return nil, p, &ValueError{Field: "message", Msg: fmt.Sprintf("type is %v but the body given is another message's", ca.HandshakeType(t))}
	}
	if d.err != nil {
		return nil, p, d.err
	}
	return v, p, nil
}

// Encode appends the message's wire bytes to dst. A value the encoder
// refuses comes back as the encoder's *ca.Error (a copy).
func (m *Message) Encode(dst []byte) ([]byte, error) {
	v, p, err := m.Value()
	if err != nil {
		return dst, err
	}
	out, err := encoder.New(p).Encode(dst, v)
	if err != nil {
		var ce *ca.Error
		if errors.As(err, &ce) {
			e := *ce
			return dst, &e
		}
		return dst, err
	}
	return out, nil
}

func bytesOf(h *Hex) []byte {
	if h == nil {
		return nil
	}
	return *h
}

// decoder keeps the first value error, so that conversion code reads
// straight through.
type decoder struct{ err error }

func (d *decoder) fail(field, msg string) {
	if d.err == nil {
		d.err = &ValueError{Field: field, Msg: msg}
	}
}

func (d *decoder) enum(e Enum, field string, bits int, byName func() map[string]int64) int64 {
	v, err := resolve(e, field, bits, byName)
	if err != nil && d.err == nil {
		d.err = err
	}
	return v
}

// resolve reads an Enum: the code when given (the name must then agree),
// else the name.
func resolve(e Enum, field string, bits int, byName func() map[string]int64) (int64, error) {
	max := int64(1)<<bits - 1
	if e.Code != nil {
		c := *e.Code
		if c < 0 || c > max {
			return 0, &ValueError{Field: field, Msg: fmt.Sprintf("code %d does not fit in %d bits", c, bits)}
		}
		if e.Name != "" {
			if want, ok := byName()[e.Name]; ok && want != c {
				return 0, &ValueError{Field: field, Msg: fmt.Sprintf("name %q is code %d, not %d", e.Name, want, c)}
			}
		}
		return c, nil
	}
	if c, ok := byName()[e.Name]; ok {
		return c, nil
	}
	if e.Name == "" {
		return 0, &ValueError{Field: field, Msg: "neither code nor name given"}
	}
	return 0, &ValueError{Field: field, Msg: fmt.Sprintf("unknown name %q; give the code", e.Name)}
}

func (d *decoder) schemes(l *[]Enum, field string) []ca.SignatureScheme {
	if l == nil {
		return nil
	}
	out := make([]ca.SignatureScheme, 0, len(*l))
	for i, e := range *l {
		out = append(out, ca.SignatureScheme(d.enum(e, field+"["+strconv.Itoa(i)+"]", 16, schemeByName)))
	}
	return out
}

func hexes(l *[]Hex) [][]byte {
	if l == nil {
		return nil
	}
	out := make([][]byte, 0, len(*l))
	for _, h := range *l {
		out = append(out, h)
	}
	return out
}

func (d *decoder) certificateRequest(cr *CertificateRequest) *ca.CertificateRequest {
	out := &ca.CertificateRequest{
		SignatureAlgorithms:    d.schemes(cr.SignatureAlgorithms, "certificate_request.signature_algorithms"),
		CertificateAuthorities: hexes(cr.CertificateAuthorities),
		Context:                bytesOf(cr.Context),
		Extensions:             d.extensions(cr.Extensions, "certificate_request.extensions"),
	}
	if cr.CertificateTypes != nil {
		for i, e := range *cr.CertificateTypes {
			out.CertificateTypes = append(out.CertificateTypes,
				ca.ClientCertificateType(d.enum(e, "certificate_request.certificate_types["+strconv.Itoa(i)+"]", 8, certTypeByName)))
		}
	}
	return out
}

func (d *decoder) extensions(l *[]Extension, field string) []ca.Extension {
	if l == nil {
		return nil
	}
	out := make([]ca.Extension, 0, len(*l))
	for i, x := range *l {
		f := field + "[" + strconv.Itoa(i) + "]"
		e := ca.Extension{
			Type:                ca.ExtensionType(d.enum(x.Type, f+".type", 16, extensionByName)),
			SignatureAlgorithms: d.schemes(x.SignatureAlgorithms, f+".signature_algorithms"),
			Authorities:         hexes(x.Authorities),
			OCSPResponse:        bytesOf(x.OCSPResponse),
			SCTs:                hexes(x.SCTs),
			Data:                bytesOf(x.Data),
		}
		if x.OIDFilters != nil {
			for _, o := range *x.OIDFilters {
				e.OIDFilters = append(e.OIDFilters, ca.OIDFilter{OID: o.OID, Values: o.Values})
			}
		}
		if x.CompressionAlgorithms != nil {
			for j, a := range *x.CompressionAlgorithms {
				e.CompressionAlgorithms = append(e.CompressionAlgorithms,
					ca.CertificateCompressionAlgorithm(d.enum(a, f+".compression_algorithms["+strconv.Itoa(j)+"]", 16, compressionByName)))
			}
		}
		out = append(out, e)
	}
	return out
}

func (d *decoder) certificate(c *Certificate) *ca.Certificate {
	out := &ca.Certificate{Context: bytesOf(c.Context)}
	for i, e := range c.Entries {
		out.Entries = append(out.Entries, ca.CertificateEntry{
			Data:       e.Data,
			Extensions: d.extensions(e.Extensions, "certificate.certificate_list["+strconv.Itoa(i)+"].extensions"),
		})
	}
	return out
}

// Name tables for hand-written JSON, built once from the vocabulary's
// String methods; names that do not single out one code ("grease",
// "unknown(...)", hex) are left out.
var (
	handshakeByName   = namesOf(8, func(v int) string { return ca.HandshakeType(v).String() })
	schemeByName      = namesOf(16, func(v int) string { return ca.SignatureScheme(v).String() })
	extensionByName   = namesOf(16, func(v int) string { return ca.ExtensionType(v).String() })
	certTypeByName    = namesOf(8, func(v int) string { return ca.ClientCertificateType(v).String() })
	compressionByName = namesOf(16, func(v int) string { return ca.CertificateCompressionAlgorithm(v).String() })
)

func namesOf(bits int, name func(int) string) func() map[string]int64 {
	return sync.OnceValue(func() map[string]int64 {
		m := map[string]int64{}
		seen := map[string]int{}
		for v := 0; v < 1<<bits; v++ {
			n := name(v)
			seen[n]++
			m[n] = int64(v)
		}
		for n, c := range seen {
			if c > 1 || isUnknown(n) || len(n) > 2 && n[:2] == "0x" {
				delete(m, n)
			}
		}
		return m
	})
}
