package clientauth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Params has one text form, written and read through the table below, so
// that the command line, dissect's JSON, the vector groups and the corpus
// manifest cannot spell a field two ways:
//
//	version=1.3 profile=rfc8446 kex=rsa finished_len=32 post_handshake=false sender=client cert_type=x509 tolerate=none
//
// MarshalText writes every field with the value in force (the zero Version
// is written 1.3, a zero FinishedLen as the version's default), so the text
// never depends on Go's zero values. UnmarshalText and UnmarshalJSON require
// version, default every other field, refuse unknown and repeated keys, and
// validate. The JSON form is an object with the same keys (finished_len a
// number, post_handshake a boolean). A command-line flag is the key with "-"
// for "_" (-finished-len). A new Params field is one row of paramFields.

// ParamKind is how a field's value is written in JSON.
type ParamKind uint8

const (
	ParamString ParamKind = iota
	ParamInt
	ParamBool
)

// ParamField describes one field of the text form.
type ParamField struct {
	Key    string    // e.g. "finished_len"
	Kind   ParamKind // JSON type of the value
	Values []string  // the accepted values, nil when free-form (a number)
	Doc    string    // one line for usage texts
	get    func(Params) string
	set    func(*Params, string) error
}

// Flag is the command-line flag name of the field, e.g. "finished-len".
func (f ParamField) Flag() string { return strings.ReplaceAll(f.Key, "_", "-") }

func names[T fmt.Stringer](l []T) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = v.String()
	}
	return out
}

// choose returns a setter accepting the String form of one of l.
func choose[T fmt.Stringer](l []T, assign func(*Params, T)) func(*Params, string) error {
	return func(p *Params, s string) error {
		for _, v := range l {
			if v.String() == s {
				assign(p, v)
				return nil
			}
		}
		return errWant(s, names(l))
	}
}

func errWant(s string, want []string) error {
	return fmt.Errorf("%q: want %s", s, orList(want))
}

func orList(l []string) string {
	if len(l) < 2 {
		return strings.Join(l, "")
	}
	return strings.Join(l[:len(l)-1], ", ") + " or " + l[len(l)-1]
}

type sender bool

func (s sender) String() string {
	if s {
		return "server"
	}
	return "client"
}

var senders = []sender{false, true}

// CertificateTypes lists every CertificateType.
var CertificateTypes = []CertificateType{CertTypeX509, CertTypeOpenPGP, CertTypeRawPublicKey}

var paramFields = []ParamField{
	{Key: "version", Values: names(Versions), Doc: "protocol version (the zero Params.Version means 1.3)",
		get: func(p Params) string { return p.Vers().String() },
		set: choose(Versions, func(p *Params, v Version) { p.Version = v })},
	{Key: "profile", Values: names(Profiles), Doc: "specification text where RFC 9846 changed RFC 8446 (TLS 1.3 only)",
		get: func(p Params) string { return p.Profile.String() },
		set: choose(Profiles, func(p *Params, v Profile) { p.Profile = v })},
	{Key: "kex", Values: names(KeyExchanges), Doc: "TLS <=1.2 key exchange: the ClientKeyExchange shape (rsa under TLS 1.3)",
		get: func(p Params) string { return p.KeyExchange.String() },
		set: choose(KeyExchanges, func(p *Params, v KeyExchange) { p.KeyExchange = v })},
	{Key: "finished_len", Kind: ParamInt, Doc: "Finished verify_data length (default 12 in TLS <=1.2, 32 in TLS 1.3)",
		get: func(p Params) string { return strconv.Itoa(p.VerifyDataLen()) },
		set: func(p *Params, s string) error {
			n, err := strconv.Atoi(s)
			if err != nil {
				return fmt.Errorf("%q: want a number of bytes", s)
			}
			p.FinishedLen = n
			return nil
		}},
	{Key: "post_handshake", Kind: ParamBool, Values: []string{"false", "true"}, Doc: "TLS 1.3 post-handshake authentication",
		get: func(p Params) string { return strconv.FormatBool(p.PostHandshake) },
		set: func(p *Params, s string) error {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return errWant(s, []string{"true", "false"})
			}
			p.PostHandshake = b
			return nil
		}},
	{Key: "sender", Values: names(senders), Doc: "who sent a Certificate or CertificateVerify",
		get: func(p Params) string { return sender(p.FromServer).String() },
		set: choose(senders, func(p *Params, v sender) { p.FromServer = bool(v) })},
	{Key: "cert_type", Values: names(CertificateTypes), Doc: "negotiated certificate type (RFC 7250)",
		get: func(p Params) string { return p.CertType.String() },
		set: choose(CertificateTypes, func(p *Params, v CertificateType) { p.CertType = v })},
	{Key: "tolerate", Values: deviationValues(), Doc: "known deployed deviations to accept, comma-separated (KnownDeviations); none is strict",
		get: func(p Params) string { return orNone(p.Tolerate.String()) },
		set: func(p *Params, s string) error {
			if s == "none" {
				p.Tolerate = 0
				return nil
			}
			d, ok := ParseDeviations(s)
			if !ok {
				return errWant(s, deviationValues())
			}
			p.Tolerate = d
			return nil
		}},
}

// deviationValues are the tolerate field's single values: none, or one
// deviation (a comma-separated list of them is read too).
func deviationValues() []string {
	out := []string{"none"}
	for _, d := range knownDeviations {
		out = append(out, d.Name)
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// ParamFields returns the fields of the text form, in the order it writes them.
func ParamFields() []ParamField { return slices.Clone(paramFields) }

func paramField(key string) (ParamField, bool) {
	for _, f := range paramFields {
		if f.Key == key {
			return f, true
		}
	}
	return ParamField{}, false
}

// Get returns the text of one field, as MarshalText writes it.
func (p Params) Get(key string) (string, bool) {
	f, ok := paramField(key)
	if !ok {
		return "", false
	}
	return f.get(p), true
}

// Set sets one field from its text; it does not validate the whole (see
// Validate), so fields can be set in any order.
func (p *Params) Set(key, value string) error {
	f, ok := paramField(key)
	if !ok {
		return fmt.Errorf("clientauth: unknown parameter %q (want %s)", key, orList(paramKeys()))
	}
	if err := f.set(p, value); err != nil {
		return fmt.Errorf("clientauth: %s %v", key, err)
	}
	return nil
}

func paramKeys() []string {
	out := make([]string, len(paramFields))
	for i, f := range paramFields {
		out[i] = f.Key
	}
	return out
}

// Resolved returns p with the defaults in force written out: Version and
// FinishedLen never zero. Two Params mean the same exactly when their
// Resolved values are equal, and the text forms read back the Resolved value.
func (p Params) Resolved() Params {
	p.Version = p.Vers()
	p.FinishedLen = p.VerifyDataLen()
	return p
}

// MarshalText writes every field, space-separated key=value pairs.
func (p Params) MarshalText() ([]byte, error) {
	var b []byte
	for i, f := range paramFields {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, f.Key...)
		b = append(b, '=')
		b = append(b, f.get(p)...)
	}
	return b, nil
}

// String is the text form.
func (p Params) String() string {
	b, _ := p.MarshalText()
	return string(b)
}

// UnmarshalText reads key=value pairs separated by white space or commas.
func (p *Params) UnmarshalText(text []byte) error {
	q := Params{}
	seen := map[string]bool{}
	for _, kv := range strings.FieldsFunc(string(text), func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("clientauth: params: %q is not key=value", kv)
		}
		if seen[k] {
			return fmt.Errorf("clientauth: params: %s given twice", k)
		}
		seen[k] = true
		if err := q.Set(k, v); err != nil {
			return err
		}
	}
	return q.finish(seen, p)
}

// finish applies the rules shared by the text and JSON readers.
func (q Params) finish(seen map[string]bool, p *Params) error {
	if !seen["version"] {
		return fmt.Errorf("clientauth: params: version missing (the text form never implies one)")
	}
	if err := q.Validate(); err != nil {
		return err
	}
	*p = q
	return nil
}

// MarshalJSON writes the object form, keys in table order.
func (p Params) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, f := range paramFields {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, f.Key)
		b = append(b, ':')
		if f.Kind == ParamString {
			b = strconv.AppendQuote(b, f.get(p))
		} else {
			b = append(b, f.get(p)...)
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads the object form; extra, when not nil, receives the
// keys that are no Params field instead of refusing them (dissect's JSON
// carries cipher_suite beside the fields).
func (p *Params) UnmarshalJSON(b []byte) error { return p.UnmarshalJSONExtra(b, nil) }

// UnmarshalJSONExtra is UnmarshalJSON handing keys that are not Params
// fields to extra, which may refuse them.
func (p *Params) UnmarshalJSONExtra(b []byte, extra func(key string, value json.RawMessage) error) error {
	var obj map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&obj); err != nil || obj == nil {
		return fmt.Errorf("clientauth: params: want a JSON object of %s", orList(paramKeys()))
	}
	q := Params{}
	seen := map[string]bool{}
	for k, raw := range obj {
		f, ok := paramField(k)
		if !ok {
			if extra != nil {
				if err := extra(k, raw); err != nil {
					return err
				}
				continue
			}
			return fmt.Errorf("clientauth: params: unknown key %q (want %s)", k, orList(paramKeys()))
		}
		var text string
		var err error
		switch f.Kind {
		case ParamString:
			err = json.Unmarshal(raw, &text)
		case ParamInt:
			var n int
			err = json.Unmarshal(raw, &n)
			text = strconv.Itoa(n)
		case ParamBool:
			var v bool
			err = json.Unmarshal(raw, &v)
			text = strconv.FormatBool(v)
		}
		if err != nil {
			return fmt.Errorf("clientauth: params: %s: want a JSON %s", k, [...]string{"string", "number", "boolean"}[f.Kind])
		}
		if err := q.Set(k, text); err != nil {
			return err
		}
		seen[k] = true
	}
	return q.finish(seen, p)
}
