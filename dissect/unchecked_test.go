package dissect

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// TestUncheckedRoundTripAllSamples mirrors TestRoundTripAllSamples for the
// unchecked writer: bytes -> JSON -> bytes reproduces every sample with the
// lengths left out (computed) and with every length written out by
// FillLengths (given, so written verbatim); the checked Encode accepts the
// filled-in JSON, whose lengths are all true.
func TestUncheckedRoundTripAllSamples(t *testing.T) {
	all := allSamples(t)
	lengths := 0
	for _, s := range all {
		m, err := FromBytes(s.Msg, s.Params)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		plain, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.FillLengths(); err != nil {
			t.Fatalf("%s: FillLengths: %v", s.Name, err)
		}
		filled, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		lengths += strings.Count(string(filled), `length":`) - strings.Count(string(plain), `length":`)
		for _, b := range [][]byte{plain, filled} {
			out, err := decodeStrict(t, b).Unchecked(nil)
			if err != nil {
				t.Fatalf("%s: unchecked: %v\n%s", s.Name, err, b)
			}
			if !bytes.Equal(out, s.Msg) {
				t.Fatalf("%s: unchecked round trip differs\n got %x\nwant %x\n%s", s.Name, out, s.Msg, b)
			}
		}
		out, err := decodeStrict(t, filled).Encode(nil)
		if err != nil || !bytes.Equal(out, s.Msg) {
			t.Fatalf("%s: checked encode of the filled-in JSON: %v\n got %x\nwant %x", s.Name, err, out, s.Msg)
		}
	}
	// Every message has at least the handshake length.
	if lengths < len(all) {
		t.Fatalf("FillLengths added %d lengths to %d messages", lengths, len(all))
	}
	t.Logf("%d samples round-tripped unchecked, %d lengths filled in", len(all), lengths)
}

// TestUncheckedInvalid: out-of-bound values and lying lengths are written
// as given; the parser then rejects the bytes at that field for that
// requirement, and the checked Encode refuses the same JSON.
func TestUncheckedInvalid(t *testing.T) {
	cases := []struct {
		name, json string
		want       string // bytes written, hex
		field      string // the parser's Error.Field
		rule       ca.Requirement
		checked    string // substring of the checked Encode's error
	}{
		{"1-byte signature_algorithms (lying length)",
			`{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_types":[{"code":64}],
			"signature_algorithms_length":1,"signature_algorithms":[{"code":"0x0403"}],"certificate_authorities":[]}}`,
			"0d000008" + "0140" + "00010403" + "0000",
			"certificate_request.supported_signature_algorithms", "5246-7.4.4-b",
			"certificate_request.signature_algorithms_length: length 1 given, but 2 bytes follow it"},
		{"empty signature_algorithms (value out of bounds)",
			`{"type":{"code":13},"params":{"version":"1.3"},"certificate_request":{"certificate_request_context":"",
			"extensions":[{"type":{"code":13},"signature_algorithms":[]}]}}`,
			"0d000009" + "00" + "0006" + "000d0002" + "0000",
			"certificate_request.extensions[0].signature_algorithms.supported_signature_algorithms", "8446-4.2.3-a",
			"8446-4.2.3-a"},
		{"empty DistinguishedName",
			`{"type":{"code":13},"params":{"version":"1.1"},"certificate_request":{"certificate_types":[{"code":1}],
			"certificate_authorities":[""]}}`,
			"0d000006" + "0101" + "00020000",
			"certificate_request.certificate_authorities[0]", "5246-7.4.4-b",
			"5246-7.4.4-b"},
		{"DistinguishedName length past its list",
			`{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_types":[{"code":1}],
			"signature_algorithms":[{"code":"0x0401"}],"certificate_authorities":[{"length":9,"data":"3000"}]}}`,
			"0d00000c" + "0101" + "00020401" + "0004" + "00093000",
			"certificate_request.certificate_authorities[0]", "8446-6-a",
			"certificate_request.certificate_authorities[0]: length 9 given, but 2 bytes follow it"},
		{"short verify_data",
			`{"type":{"code":20},"params":{"version":"1.2"},"finished":{"verify_data":"0102"}}`,
			"1400000201" + "02",
			"finished.verify_data", "8446-6-a",
			"8446-6-a"},
		{"handshake length shorter than the body",
			`{"type":{"code":15},"params":{"version":"1.3"},"length":4,"certificate_verify":{"algorithm":{"code":"0x0804"},"signature":"aabb"}}`,
			"0f000004" + "08040002aabb",
			"handshake.length", "8446-6-a",
			"length: length 4 given, but 6 bytes follow it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := decodeStrict(t, []byte(c.json))
			out, err := m.Unchecked(nil)
			if err != nil {
				t.Fatalf("unchecked: %v", err)
			}
			if got := hex.EncodeToString(out); got != c.want {
				t.Fatalf("unchecked wrote %s, want %s", got, c.want)
			}
			p, _ := m.Params.ToParams()
			_, perr := parser.New(p).Parse(out)
			var pe *ca.Error
			if !errors.As(perr, &pe) {
				t.Fatalf("parser accepted %x (err %v)", out, perr)
			}
			if pe.Field() != c.field || !errors.Is(perr, c.rule) {
				t.Fatalf("parser: field %q rule %s (%v), want field %q rule %s", pe.Field(), pe.Requirement, perr, c.field, c.rule)
			}
			if _, err := decodeStrict(t, []byte(c.json)).Encode(nil); err == nil || !strings.Contains(err.Error(), c.checked) {
				t.Fatalf("checked Encode: %v, want an error containing %q", err, c.checked)
			}
		})
	}
}

// TestUncheckedRefusals: what no wire form carries is refused even
// unchecked, naming the field; nothing is appended.
func TestUncheckedRefusals(t *testing.T) {
	for _, c := range []struct{ name, json, want string }{
		{"length too wide for its prefix", `{"type":{"code":15},"params":{"version":"1.3"},"certificate_verify":{"algorithm":{"code":1027},"signature_length":65536,"signature":""}}`,
			"certificate_verify.signature_length: length 65536 does not fit in 2 bytes"},
		{"computed length too wide", `{"type":{"code":13},"params":{"version":"1.3"},"certificate_request":{"certificate_request_context":"` + strings.Repeat("00", 256) + `"}}`,
			"certificate_request.certificate_request_context_length: 256 bytes follow, more than a 1-byte length can say"},
		{"negative length", `{"type":{"code":20},"params":{"version":"1.2"},"length":-1,"finished":{"verify_data":""}}`,
			"length: length -1 does not fit in 3 bytes"},
		{"field not in the layout", `{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_request_context":"00"}}`,
			"certificate_request.certificate_request_context: not on the wire under version=1.2"},
		{"length of a field not in the layout", `{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_request_context_length":0}}`,
			"certificate_request.certificate_request_context_length: given, but certificate_request.certificate_request_context is not on the wire"},
		{"key exchange field of another kex", `{"type":{"code":16},"params":{"version":"1.2","kex":"ecdhe"},"client_key_exchange":{"dh_Yc":"01"}}`,
			"client_key_exchange.dh_Yc: not on the wire"},
		{"two extension bodies", `{"type":{"code":13},"params":{"version":"1.3"},"certificate_request":{"extensions":[{"type":{"code":13},"signature_algorithms":[],"data":""}]}}`,
			"certificate_request.extensions[0]: 2 bodies"},
		{"two message bodies", `{"type":{"code":14},"params":{"version":"1.2"},"server_hello_done":{},"finished":{"verify_data":""}}`,
			"2 message bodies"},
		{"code too wide", `{"type":{"code":15},"params":{"version":"1.3"},"certificate_verify":{"algorithm":{"code":70000},"signature":""}}`,
			"certificate_verify.algorithm: code 70000 does not fit in 16 bits"},
		{"uncompressed_length over uint24", `{"type":{"code":25},"params":{"version":"1.3"},"compressed_certificate":{"algorithm":{"code":1},"uncompressed_length":16777216,"compressed_certificate_message":"00"}}`,
			"compressed_certificate.uncompressed_length: 16777216 is not a uint24"},
		{"invalid when dissected", `{"type":{"code":14},"params":{"version":"1.2"},"error":{"alert":"decode_error","field":"x","offset":1,"message":"m"}}`,
			"invalid when dissected"},
	} {
		m := decodeStrict(t, []byte(c.json))
		out, err := m.Unchecked([]byte{0xee})
		var ve *ValueError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want a ValueError containing %q", c.name, err, c.want)
		}
		if !bytes.Equal(out, []byte{0xee}) {
			t.Errorf("%s: dst changed to %x", c.name, out)
		}
	}
}

// TestUncheckedAnyBodyUnderAnyType: the body present decides the layout,
// the type byte is the one given, and an extension's body is the field set.
func TestUncheckedAnyBodyUnderAnyType(t *testing.T) {
	m := decodeStrict(t, []byte(`{"type":{"code":15},"params":{"version":"1.3"},"certificate_request":{"certificate_request_context":"",
		"extensions":[{"type":{"code":47},"signature_algorithms":[{"code":"0x0403"}]}]}}`))
	out, err := m.Unchecked(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(out), "0f00000b"+"00"+"0008"+"002f0004"+"00020403"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

// TestCheckedEncodeLengths: the checked Encode refuses a length that lies
// or that belongs to no field on the wire, and is what it was for JSON that
// gives no lengths: an empty field the version lacks is dropped by both
// writers alike.
func TestCheckedEncodeLengths(t *testing.T) {
	for _, c := range []struct{ name, json, want string }{
		{"empty context under TLS 1.2", `{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_types":[{"code":1}],
			"signature_algorithms":[{"code":"0x0401"}],"certificate_authorities":[],"certificate_request_context":""}}`, ""},
		{"empty dh_Yc under ecdhe", `{"type":{"code":16},"params":{"version":"1.2","kex":"ecdhe"},"client_key_exchange":{"dh_Yc":"","ecdh_Yc":"04"}}`, ""},
		{"true lengths", `{"type":{"code":16},"params":{"version":"1.2","kex":"ecdhe"},"length":2,"client_key_exchange":{"ecdh_Yc_length":1,"ecdh_Yc":"04"}}`, ""},
		{"length of an absent field", `{"type":{"code":16},"params":{"version":"1.2","kex":"ecdhe"},"client_key_exchange":{"dh_Yc_length":0,"ecdh_Yc":"04"}}`,
			"client_key_exchange.dh_Yc_length: given, but"},
		{"lying list element", `{"type":{"code":13},"params":{"version":"1.3"},"certificate_request":{"certificate_request_context":"",
			"extensions":[{"type":{"code":13},"signature_algorithms":[{"code":"0x0403"}]},{"type":{"code":47},"authorities":[{"length":3,"data":"300100"},{"length":1,"data":"3000"}]}]}}`,
			"certificate_request.extensions[1].authorities[1]: length 1 given, but 2 bytes follow it"},
	} {
		m := decodeStrict(t, []byte(c.json))
		out, err := m.Encode(nil)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			un, err := decodeStrict(t, []byte(c.json)).Unchecked(nil)
			if err != nil || !bytes.Equal(un, out) {
				t.Errorf("%s: unchecked %x (%v), checked %x", c.name, un, err, out)
			}
			continue
		}
		var ve *ValueError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err %v, want a ValueError containing %q", c.name, err, c.want)
		}
	}
}
