package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

const shdJSON = `{"type":{"name":"server_hello_done","code":14},"params":{"version":"1.2"},"server_hello_done":{}}`

// TestEncode: output formats, refusals (exit 1, one line naming the rule)
// and JSON of the wrong shape (exit 2).
func TestEncode(t *testing.T) {
	r := runRaw(t, strings.NewReader(shdJSON+"\n"+shdJSON), "encode", "-")
	if r.code != exitOK || r.stdout != "0e000000\n0e000000\n" {
		t.Fatalf("hex: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	r = runRaw(t, strings.NewReader(shdJSON), "encode", "-format", "bin", "-")
	if r.code != exitOK || r.stdout != "\x0e\x00\x00\x00" {
		t.Fatalf("bin: exit %d, %q", r.code, r.stdout)
	}
	// Pretty-printed JSON is read too.
	r = runRaw(t, strings.NewReader("{\n  \"type\": {\"code\": 14},\n  \"params\": {\"version\": \"1.1\"},\n  \"server_hello_done\": {}\n}\n"), "encode", "-")
	if r.code != exitOK || r.stdout != "0e000000\n" {
		t.Fatalf("pretty: exit %d, %q, %q", r.code, r.stdout, r.stderr)
	}

	dir := t.TempDir()
	bigCtx := `{"type":{"code":13},"params":{"version":"1.3","post_handshake":true},"certificate_request":{"certificate_request_context":"` +
		strings.Repeat("ab", 256) + `","extensions":[{"type":{"code":13},"signature_algorithms":[{"code":1027}]}]}}`
	cases := []struct {
		name, in string
		args     []string
		code     int
		stderr   string // substring of the one line
		stdout   string
	}{
		{"encoder refusal", shdJSON + "\n" + bigCtx, nil, exitInvalid,
			"message 1 (line 2): refused by the encoder: certificate_request.certificate_request_context at offset 4: length 256 outside", "0e000000\n"},
		{"code too wide", `{"type":{"code":15},"params":{"version":"1.3"},"certificate_verify":{"algorithm":{"code":70000},"signature":""}}`, nil, exitInvalid,
			"certificate_verify.algorithm: code 70000 does not fit in 16 bits", ""},
		{"unused field", `{"type":{"code":15},"params":{"version":"1.1"},"certificate_verify":{"algorithm":{"code":1027},"signature":""}}`, nil, exitInvalid,
			"refused by the encoder", ""},
		{"syntax error", `{"type":`, nil, exitUsage, "not JSON", ""},
		{"not an object", `[1,2]`, nil, exitUsage, "wrong shape", ""},
		{"unknown key", `{"type":{"code":14},"params":{"version":"1.2"},"server_hello_done":{},"colour":1}`, nil, exitUsage, `unknown field "colour"`, ""},
		{"wrong JSON type", `{"type":{"code":"14"},"params":{"version":"1.2"},"server_hello_done":{}}`, nil, exitUsage, `code "14": want a number or a hex string`, ""},
		{"bad hex", `{"type":{"code":20},"params":{"version":"1.2"},"finished":{"verify_data":"zz"}}`, nil, exitUsage, "bad hex string", ""},
		{"random bytes", "\x00\xff\x13garbage", nil, exitUsage, "not JSON", ""},
		{"missing file", "", []string{filepath.Join(dir, "nope")}, exitUsage, "no such file", ""},
		{"two files", "", []string{"a", "b"}, exitUsage, "exactly one FILE", ""},
		{"bad format", "", []string{"-format", "pem", "-"}, exitUsage, "-format", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if args == nil {
				args = []string{"-"}
			}
			r := runRaw(t, strings.NewReader(c.in), append([]string{"encode"}, args...)...)
			if r.code != c.code {
				t.Fatalf("exit %d, want %d; stderr %q", r.code, c.code, r.stderr)
			}
			checkOneLineError(t, r)
			if !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("stderr %q lacks %q", r.stderr, c.stderr)
			}
			if r.stdout != c.stdout {
				t.Errorf("stdout %q, want %q", r.stdout, c.stdout)
			}
		})
	}
}

// TestEncodeEditedMessage: hand-crafting a test message is editing JSON.
func TestEncodeEditedMessage(t *testing.T) {
	f := writeFile(t, "cr.hex", []byte("0d000027000024000d0020001e040305030603020308040805080604010501060102010402050206020202"))
	d := runRaw(t, nil, "dissect", "-json", f)
	edited := strings.Replace(d.stdout, `{"name":"ecdsa_sha1","code":"0x0203"},`, ``, 1)
	if edited == d.stdout {
		t.Fatal("edit did not apply")
	}
	r := runRaw(t, strings.NewReader(edited), "encode", "-")
	want := "0d000025000022000d001e001c0403050306030804080508060401050106010201040205020602020" + "2\n"
	if r.code != exitOK || r.stdout != want {
		t.Fatalf("exit %d: got %q want %q (%s)", r.code, r.stdout, want, r.stderr)
	}
}

// TestEncodeUnchecked: a lying length and an out-of-bound value are written
// as given under -unchecked, and check then rejects the bytes naming the
// field and the requirement; without -unchecked the same JSON is refused.
func TestEncodeUnchecked(t *testing.T) {
	cases := []struct {
		name, json, want string
		field, rule      string // what check reports on the bytes
		refusal          string // encode without -unchecked
	}{
		{"1-byte signature_algorithms",
			`{"type":{"code":13},"params":{"version":"1.2"},"certificate_request":{"certificate_types":[{"code":64}],"signature_algorithms_length":1,"signature_algorithms":[{"code":"0x0403"}],"certificate_authorities":[]}}`,
			"0d0000080140000104030000", "certificate_request.supported_signature_algorithms", "5246-7.4.4-b",
			"certificate_request.signature_algorithms_length: length 1 given, but 2 bytes follow it"},
		{"empty signature_algorithms",
			`{"type":{"code":13},"params":{"version":"1.3"},"certificate_request":{"certificate_request_context":"","extensions":[{"type":{"code":13},"signature_algorithms":[]}]}}`,
			"0d0000090000060" + "00d00020000", "certificate_request.extensions[0].signature_algorithms.supported_signature_algorithms", "8446-4.2.3-a",
			"refused by the encoder: certificate_request.extensions[0].signature_algorithms.supported_signature_algorithms"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runRaw(t, strings.NewReader(c.json), "encode", "-unchecked", "-")
			if r.code != exitOK || r.stdout != c.want+"\n" {
				t.Fatalf("-unchecked: exit %d, %q, want %q (%s)", r.code, r.stdout, c.want, r.stderr)
			}
			p := versionFlag(t, c.json)
			chk := runRaw(t, nil, append(append([]string{"check", "-format", "hex"}, p...), writeFile(t, "m.hex", []byte(c.want)))...)
			if chk.code != exitInvalid || !strings.Contains(chk.stdout, `"field":"`+c.field+`"`) || !strings.Contains(chk.stdout, `"rule":"`+c.rule+`"`) {
				t.Fatalf("check: exit %d, %s; want field %s, rule %s", chk.code, chk.stdout, c.field, c.rule)
			}
			r = runRaw(t, strings.NewReader(c.json), "encode", "-")
			if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, c.refusal) {
				t.Fatalf("checked: exit %d, %q, stderr %q, want %q", r.code, r.stdout, r.stderr, c.refusal)
			}
			checkOneLineError(t, r)
		})
	}
	// What no wire form carries stays refused.
	r := runRaw(t, strings.NewReader(`{"type":{"code":15},"params":{"version":"1.3"},"certificate_verify":{"algorithm":{"code":1027},"signature_length":65536,"signature":""}}`), "encode", "-unchecked", "-")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "signature_length: length 65536 does not fit in 2 bytes") {
		t.Fatalf("too wide: exit %d, %q", r.code, r.stderr)
	}
	checkOneLineError(t, r)
}

// versionFlag returns the check flag for the JSON message's version.
func versionFlag(t *testing.T, msg string) []string {
	t.Helper()
	var m struct {
		Params struct{ Version string } `json:"params"`
	}
	if err := json.Unmarshal([]byte(msg), &m); err != nil {
		t.Fatal(err)
	}
	return []string{"-version", m.Params.Version}
}
