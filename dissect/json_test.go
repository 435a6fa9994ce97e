package dissect

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
)

func decodeStrict(t *testing.T, b []byte) *Message {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Message
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return &m
}

// allSamples returns every valid sample, failing when the OpenSSL harvest
// that makes up most of them is missing.
func allSamples(t *testing.T) []samples.Sample {
	t.Helper()
	all := testutil.Must(t, samples.All)
	if len(all) < 900 {
		t.Fatalf("only %d samples; the OpenSSL harvest is missing?", len(all))
	}
	return all
}

// TestRoundTripAllSamples: bytes -> JSON -> bytes reproduces every valid
// sample exactly, through the strict decoder.
func TestRoundTripAllSamples(t *testing.T) {
	all := allSamples(t)
	for _, s := range all {
		m, err := FromBytes(s.Msg, s.Params)
		if err != nil {
			t.Errorf("%s: %v", s.Name, err)
			continue
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		back := decodeStrict(t, b)
		out, err := back.Encode(nil)
		if err != nil {
			t.Errorf("%s: encode: %v\n%s", s.Name, err, b)
			continue
		}
		if !bytes.Equal(out, s.Msg) {
			t.Errorf("%s: round trip differs\n got %x\nwant %x", s.Name, out, s.Msg)
		}
	}
	t.Logf("%d samples round-tripped", len(all))
}

// TestParamsRoundTrip: every Params the samples use survives JSON.
func TestParamsRoundTrip(t *testing.T) {
	all, _ := samples.All()
	for _, s := range all {
		p, err := FromParams(s.Params).ToParams()
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		want := s.Params
		want.Version = want.Vers()
		want.FinishedLen = want.VerifyDataLen()
		if p != want {
			t.Fatalf("%s: params %+v, want %+v", s.Name, p, want)
		}
	}
}

// TestEncoderRefusals: JSON describing out-of-bound values is refused with
// the encoder's own error, naming the bound's requirement.
func TestEncoderRefusals(t *testing.T) {
	cases := []struct {
		name, json string
		rule       ca.Requirement
	}{
		{"context over 255 bytes (8446-4.3.2-b)",
			`{"type":{"code":13},"params":{"version":"1.3","post_handshake":true},"certificate_request":{"certificate_request_context":"` +
				strings.Repeat("00", 256) + `","extensions":[{"type":{"code":13},"signature_algorithms":[{"code":1027}]}]}}`, "8446-4.3.2-b"},
		{"empty certificate_types (5246-7.4.4-b)",
			`{"type":{"name":"certificate_request"},"params":{"version":"1.2"},"certificate_request":{"certificate_types":[],"signature_algorithms":[{"code":1027}],"certificate_authorities":[]}}`, "5246-7.4.4-b"},
		{"no signature_algorithms (8446-4.3.2-f)",
			`{"type":{"code":13},"params":{"version":"1.3"},"certificate_request":{"certificate_request_context":"","extensions":[{"type":{"code":47},"authorities":["3000"]}]}}`, "8446-4.3.2-f"},
		{"uncompressed_length over uint24 (8879-4-a)",
			`{"type":{"code":25},"params":{"version":"1.3"},"compressed_certificate":{"algorithm":{"code":1},"uncompressed_length":16777216,"compressed_certificate_message":"00"}}`, "8879-4-a"},
	}
	for _, c := range cases {
		m := decodeStrict(t, []byte(c.json))
		_, err := m.Encode(nil)
		var ce *ca.Error
		if !errors.As(err, &ce) {
			t.Errorf("%s: err = %v, want the encoder's *ca.Error", c.name, err)
			continue
		}
		if !errors.Is(err, c.rule) {
			t.Errorf("%s: err = %v, want rule %s", c.name, err, c.rule)
		}
	}
}

// TestValueErrors: JSON the wire cannot carry at all is a ValueError.
func TestValueErrors(t *testing.T) {
	for _, c := range []struct{ name, json, want string }{
		{"code too wide", `{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_types":[{"code":300}],"signature_algorithms":[],"certificate_authorities":[]}}`, "does not fit in 8 bits"},
		{"name disagrees", `{"type":{"code":15},"params":{"version":"1.3"},"certificate_verify":{"algorithm":{"name":"ed25519","code":1027},"signature":""}}`, `name "ed25519" is code 2055`},
		{"unknown name", `{"type":{"code":15},"params":{"version":"1.3"},"certificate_verify":{"algorithm":{"name":"rsa_sha3"},"signature":""}}`, "unknown name"},
		{"two bodies", `{"type":{"code":14},"params":{"version":"1.2"},"server_hello_done":{},"finished":{"verify_data":""}}`, "2 message bodies"},
		{"body of another type", `{"type":{"code":14},"params":{"version":"1.2"},"finished":{"verify_data":""}}`, "another message's"},
		{"bad version", `{"type":{"code":14},"params":{"version":"1.4"},"server_hello_done":{}}`, "params: version \"1.4\": want 1.0"},
		{"not client auth", `{"type":{"code":1},"params":{"version":"1.2"},"server_hello_done":{}}`, "not a client-authentication message"},
		{"invalid when dissected", `{"type":{"code":14},"params":{"version":"1.2"},"error":{"alert":"decode_error","field":"x","offset":1,"message":"m"}}`, "invalid when dissected"},
	} {
		m := decodeStrict(t, []byte(c.json))
		_, err := m.Encode(nil)
		var ve *ValueError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want a ValueError containing %q", c.name, err, c.want)
		}
	}
}

// TestNamesOnly: a hand-written message may give names instead of codes.
func TestNamesOnly(t *testing.T) {
	m := decodeStrict(t, []byte(`{"type":{"name":"certificate_request"},"params":{"version":"1.3"},
		"certificate_request":{"certificate_request_context":"","extensions":[{"type":{"name":"signature_algorithms"},"signature_algorithms":[{"name":"ecdsa_secp256r1_sha256"},{"name":"sha224_ecdsa"}]}]}}`))
	out, err := m.Encode(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{13, 0, 0, 13, 0, 0, 10, 0, 13, 0, 6, 0, 4, 4, 3, 3, 3}
	if !bytes.Equal(out, want) {
		t.Fatalf("got %x, want %x", out, want)
	}
}
