package dissect

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// The JSON model: one Message per handshake message, mirroring the owned
// values of package clientauth (messages.go) field for field, lists in wire
// order. Opaque bytes are lower-case hex strings; enumerated values are
// {"name": ..., "code": ...} objects, where code decides and name, when
// given, must agree (a hand-written object may give either). A field the
// message has under its Params is always present, even when empty; fields
// it does not have are left out, and set by hand they are refused by the
// encoder (CheckUnusedField) rather than dropped.
//
// Lengths: every length prefix on the wire has an optional field, the
// vector's key with "_length" ("signature_length"; "length" for the
// handshake header and for extension_data), and list elements that are
// vectors themselves (DistinguishedNames, SCTs) may be {"length", "data"}
// objects (Vec). dissect -json -lengths writes them all. The checked Encode
// refuses a given length that is not the length of what it covers;
// Unchecked writes it as given, so that a length can lie.

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

// Vec is one element of a list of opaque vectors: a hex string, or
// {"length": n, "data": hex} when its length prefix is given.
type Vec struct {
	Data   Hex
	Length *int
}

type vecJSON struct {
	Length *int `json:"length"`
	Data   Hex  `json:"data"`
}

// MarshalJSON writes a hex string, or the object when Length is set.
func (v Vec) MarshalJSON() ([]byte, error) {
	if v.Length == nil {
		return v.Data.MarshalJSON()
	}
	return json.Marshal(vecJSON{Length: v.Length, Data: v.Data})
}

// UnmarshalJSON reads either form.
func (v *Vec) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '{' {
		*v = Vec{}
		return v.Data.UnmarshalJSON(b)
	}
	var j vecJSON
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&j); err != nil {
		return err
	}
	*v = Vec{Data: j.Data, Length: j.Length}
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
	// NoKex leaves "kex" out: the capture's suite names no key exchange
	// (TLS 1.3, or a suite ca.KeyExchange has no name for), so the zero
	// value's "rsa" would be a claim the capture does not make. Reading
	// back defaults it, as for any key left out.
	NoKex bool
	read  bool  // set by FromParams or UnmarshalJSON: a message without params has none
	err   error // what UnmarshalJSON found wrong, reported by ToParams as a value error
}

// MarshalJSON writes the fields of ca.Params and cipher_suite.
func (j Params) MarshalJSON() ([]byte, error) {
	b, err := j.Params.MarshalJSON()
	if err == nil && j.NoKex {
		b = bytes.Replace(b, []byte(`,"kex":`+strconv.Quote(j.KeyExchange.String())), nil, 1)
	}
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
	Length    *int       `json:"length,omitempty"` // Handshake.length

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
	CertificateTypesLength       *int         `json:"certificate_types_length,omitempty"`
	CertificateTypes             *[]Enum      `json:"certificate_types,omitempty"` // TLS <=1.2
	SignatureAlgorithmsLength    *int         `json:"signature_algorithms_length,omitempty"`
	SignatureAlgorithms          *[]Enum      `json:"signature_algorithms,omitempty"` // TLS 1.2
	CertificateAuthoritiesLength *int         `json:"certificate_authorities_length,omitempty"`
	CertificateAuthorities       *[]Vec       `json:"certificate_authorities,omitempty"` // TLS <=1.2
	ContextLength                *int         `json:"certificate_request_context_length,omitempty"`
	Context                      *Hex         `json:"certificate_request_context,omitempty"`
	ExtensionsLength             *int         `json:"extensions_length,omitempty"`
	Extensions                   *[]Extension `json:"extensions,omitempty"` // TLS 1.3
}

// Extension mirrors ca.Extension: the one body field its type has in the
// message is set; unknown types, opaque and empty bodies use Data.
type Extension struct {
	Type   Enum `json:"type"`
	Length *int `json:"length,omitempty"` // extension_data

	SignatureAlgorithmsLength   *int         `json:"signature_algorithms_length,omitempty"`
	SignatureAlgorithms         *[]Enum      `json:"signature_algorithms,omitempty"`
	AuthoritiesLength           *int         `json:"authorities_length,omitempty"`
	Authorities                 *[]Vec       `json:"authorities,omitempty"`
	OIDFiltersLength            *int         `json:"oid_filters_length,omitempty"`
	OIDFilters                  *[]OIDFilter `json:"oid_filters,omitempty"`
	CompressionAlgorithmsLength *int         `json:"compression_algorithms_length,omitempty"`
	CompressionAlgorithms       *[]Enum      `json:"compression_algorithms,omitempty"`
	OCSPResponseLength          *int         `json:"ocsp_response_length,omitempty"`
	OCSPResponse                *Hex         `json:"ocsp_response,omitempty"`
	SCTsLength                  *int         `json:"scts_length,omitempty"`
	SCTs                        *[]Vec       `json:"scts,omitempty"`
	Data                        *Hex         `json:"data,omitempty"`
}

// OIDFilter mirrors ca.OIDFilter.
type OIDFilter struct {
	OIDLength    *int   `json:"certificate_extension_oid_length,omitempty"`
	OID          Hex    `json:"certificate_extension_oid"`
	Text         string `json:"oid_text,omitempty"` // dotted form, for reading only
	ValuesLength *int   `json:"certificate_extension_values_length,omitempty"`
	Values       Hex    `json:"certificate_extension_values"`
}

// Certificate mirrors ca.Certificate.
type Certificate struct {
	ContextLength *int               `json:"certificate_request_context_length,omitempty"`
	Context       *Hex               `json:"certificate_request_context,omitempty"` // TLS 1.3
	ListLength    *int               `json:"certificate_list_length,omitempty"`     // none under a TLS 1.2 raw public key
	Entries       []CertificateEntry `json:"certificate_list"`
}

// CertificateEntry mirrors ca.CertificateEntry.
type CertificateEntry struct {
	DataLength       *int         `json:"cert_data_length,omitempty"`
	Data             Hex          `json:"cert_data"`
	ExtensionsLength *int         `json:"extensions_length,omitempty"`
	Extensions       *[]Extension `json:"extensions,omitempty"` // TLS 1.3
}

// CertificateVerify mirrors ca.CertificateVerify.
type CertificateVerify struct {
	Algorithm       *Enum `json:"algorithm,omitempty"` // TLS >=1.2
	SignatureLength *int  `json:"signature_length,omitempty"`
	Signature       Hex   `json:"signature"`
}

// ClientKeyExchange mirrors ca.ClientKeyExchange; the key exchange in
// Params says which fields are on the wire.
type ClientKeyExchange struct {
	PSKIdentityLength              *int `json:"psk_identity_length,omitempty"`
	PSKIdentity                    *Hex `json:"psk_identity,omitempty"`
	EncryptedPreMasterSecretLength *int `json:"encrypted_pre_master_secret_length,omitempty"`
	EncryptedPreMasterSecret       *Hex `json:"encrypted_pre_master_secret,omitempty"`
	DHYcLength                     *int `json:"dh_Yc_length,omitempty"`
	DHYc                           *Hex `json:"dh_Yc,omitempty"`
	ECPointLength                  *int `json:"ecdh_Yc_length,omitempty"`
	ECPoint                        *Hex `json:"ecdh_Yc,omitempty"`
}

// ServerHelloDone has no fields.
type ServerHelloDone struct{}

// Finished mirrors ca.Finished.
type Finished struct {
	VerifyData Hex `json:"verify_data"`
}

// CompressedCertificate mirrors ca.CompressedCertificate.
type CompressedCertificate struct {
	Algorithm                          Enum  `json:"algorithm"`
	UncompressedLength                 int64 `json:"uncompressed_length"`
	CompressedCertificateMessageLength *int  `json:"compressed_certificate_message_length,omitempty"`
	CompressedCertificateMessage       Hex   `json:"compressed_certificate_message"`
}

// ValueError is a JSON message that is well formed but describes no value
// the wire can carry: a code too large for its field, a name that is not
// the code's, a body that is not the type's.
type ValueError struct {
	Field string
	Msg   string
}

func (e *ValueError) Error() string { return e.Field + ": " + e.Msg }
