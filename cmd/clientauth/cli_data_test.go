package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

const realManifest = "../../corpus/real/manifest.json"

// TestCheckManifest: with -manifest every real message is judged under its
// own context, which the default TLS 1.3 context gets wrong for most of
// them; the two TLS 1.0 CertificateRequests with an empty CA list are the
// manifest's own expected failures.
func TestCheckManifest(t *testing.T) {
	r := runCLI(t, nil, "check", "-manifest", realManifest)
	m := testutil.Must(t, corpus.Real)
	valid, expected := 0, 0
	for _, x := range m {
		if x.Expect != nil {
			expected++
		}
	}
	for _, l := range r.lines {
		if l.Valid {
			valid++
		} else if l.Rule != "2246-7.4.4-a" {
			t.Errorf("%s: %s", l.File, l.Error)
		}
	}
	if len(r.lines) != len(m) || valid != len(m)-expected || r.code != exitInvalid {
		t.Errorf("exit %d, %d lines, %d valid; want %d lines, %d valid", r.code, len(r.lines), valid, len(m), len(m)-expected)
	}
	t.Logf("%d real messages, %d valid under their manifest context", len(r.lines), valid)

	// One file, looked up by its path: a TLS 1.2 message is judged as 1.2.
	var tls12 corpus.RealMessage
	for _, x := range m {
		if x.Version == ca.VersionTLS12 && x.Type == ca.TypeClientKeyExchange {
			tls12 = x
			break
		}
	}
	file := filepath.Join(filepath.Dir(realManifest), tls12.Path)
	missing := filepath.Join(t.TempDir(), "x.bin")
	r = runRaw(t, nil, "check", "-manifest", realManifest, missing, file)
	if r.code != exitUsage || !strings.Contains(r.stderr, "not listed in -manifest") || !strings.Contains(r.stdout, `"version":"1.2","valid":true`) {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = runRaw(t, nil, "check", "-manifest", realManifest, "-version", "1.2", file)
	if r.code != exitUsage || !strings.Contains(r.stderr, "cannot be combined") {
		t.Errorf("-manifest with -version: exit %d, %q", r.code, r.stderr)
	}
}

// TestCorpusCheck: the Wycheproof-style runner passes every real message
// and vector, and prints the totals.
func TestCorpusCheck(t *testing.T) {
	r := runRaw(t, nil, "corpus", "check")
	vs := testutil.Must(t, corpus.AllVectors)
	want := fmt.Sprintf("vectors: %d, %d passed, 0 failed\n", len(vs), len(vs))
	if r.code != exitOK || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "real messages: 2108, 2106 valid under their manifest context, 2108 passed, 0 failed") {
		t.Errorf("exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	v := runRaw(t, nil, "corpus", "check", "-v")
	if n := strings.Count(v.stdout, "\npassed "); n < len(vs) {
		t.Errorf("-v printed %d passed lines", n)
	}
	// A wrong expectation fails, showing expected and observed alerts.
	cr := readHex(t, s6CR)
	m, _, err := verdict(ca.Params{}, cr, nil)
	if obs, pass := judgeAgainst(corpus.ResultInvalid, []string{"decode_error"}, []string{"8446-6-a"}, m, err, cr, ca.Params{}); pass || obs != "valid" {
		t.Errorf("invalid vector accepted: %s %v", obs, pass)
	}
	bad := []byte{0x81, 0, 0, 0x10}
	m, _, err = verdict(ca.Params{}, bad, nil)
	if obs, pass := judgeAgainst(corpus.ResultInvalid, []string{"decode_error"}, []string{"8446-6-a"}, m, err, bad, ca.Params{}); pass || !strings.HasPrefix(obs, "unexpected_message (8446-4-a") {
		t.Errorf("wrong alert passed: %s %v", obs, pass)
	}
}

// TestCheckCompressedVectors: every CompressedCertificate vector that
// expects bad_certificate (a payload that does not inflate, a wrong
// uncompressed_length, a bad inner Certificate) gets it from check, run
// with the group's context given as flags.
func TestCheckCompressedVectors(t *testing.T) {
	vs := testutil.Must(t, corpus.AllVectors)
	n := 0
	for _, v := range vs {
		if v.Group.Message != "compressed_certificate" || v.Test.Result != corpus.ResultInvalid || len(v.Test.Alerts) != 1 || v.Test.Alerts[0] != "bad_certificate" {
			continue
		}
		n++
		f := writeFile(t, fmt.Sprintf("cc%d.hex", v.Test.TcID), []byte(v.Test.Msg))
		r := runCLI(t, nil, append(append([]string{"check"}, flagsFor(v.Params)...), f)...)
		if r.code != exitInvalid || len(r.lines) != 1 || r.lines[0].Alert != "bad_certificate" {
			t.Errorf("%s (%s): exit %d, %+v", v.Name(), v.Test.Comment, r.code, r.lines)
		}
	}
	// The committed files hold 13 (zlib, brotli, zstd: wrong payload length,
	// length one more, one less, overwritten payload; and an undefined
	// algorithm).
	if n < 13 {
		t.Errorf("%d compressed_certificate vectors expect bad_certificate, want at least 13", n)
	}
	t.Logf("%d vectors expecting bad_certificate", n)
}

// TestUnknownTypeCutOff: 81000010 (type 0x81 unknown, 16 bytes announced,
// none there) gets one answer from check, dissect, Parser.Parse and
// Stream.Err: the type is judged before the length (requirements.md §4).
func TestUnknownTypeCutOff(t *testing.T) {
	msg := []byte{0x81, 0x00, 0x00, 0x10}
	f := writeFile(t, "cut.hex", []byte(hex.EncodeToString(msg)))
	r := runCLI(t, nil, "check", f)
	if len(r.lines) != 1 || r.lines[0].Alert != "unexpected_message" {
		t.Errorf("check: %+v", r.lines)
	}
	d := runRaw(t, nil, "dissect", "-json", f)
	var dm struct{ Error struct{ Alert string } }
	if err := json.Unmarshal([]byte(d.stdout), &dm); err != nil || dm.Error.Alert != "unexpected_message" {
		t.Errorf("dissect: %s (%v)", d.stdout, err)
	}
	_, perr := parser.New(ca.Params{}).Parse(msg)
	s := parser.NewStream(msg)
	s.Next()
	for what, err := range map[string]error{"Parse": perr, "Stream.Err": s.Err()} {
		if !errors.Is(err, ca.AlertUnexpectedMessage) {
			t.Errorf("%s: %v", what, err)
		}
	}
}

// TestCheckHexSpellings: the common hex spellings give the same bytes; text
// that is none says where; a capture is refused with a pointer to dissect.
func TestCheckHexSpellings(t *testing.T) {
	cr := readHex(t, s6CR)
	h := hex.EncodeToString(cr)
	pairs := func(sep, prefix string) string {
		var b []string
		for i := 0; i < len(h); i += 2 {
			b = append(b, prefix+h[i:i+2])
		}
		return strings.Join(b, sep)
	}
	var xxd, hexdumpC, od strings.Builder
	for off := 0; off < len(cr); off += 16 {
		line := cr[off:min(off+16, len(cr))]
		var groups []string
		for i := 0; i < len(line); i += 2 {
			groups = append(groups, hex.EncodeToString(line[i:min(i+2, len(line))]))
		}
		fmt.Fprintf(&xxd, "%08x: %-39s  %s\n", off, strings.Join(groups, " "), strings.Repeat(".", len(line)))
		var bs []string
		for _, b := range line {
			bs = append(bs, fmt.Sprintf("%02x", b))
		}
		if len(bs) > 8 {
			bs[8] = " " + bs[8]
		}
		fmt.Fprintf(&hexdumpC, "%08x  %-49s |%s|\n", off, strings.Join(bs, " "), strings.Repeat(".", len(line)))
		fmt.Fprintf(&od, "%07o %s\n", off, strings.Join(bs, " "))
	}
	fmt.Fprintf(&hexdumpC, "%08x\n", len(cr))
	fmt.Fprintf(&od, "%07o\n", len(cr))
	for name, text := range map[string]string{
		"colons":      pairs(":", "") + "\n",
		"0x":          pairs(" ", "0x"),
		"0x commas":   "{" + pairs(", ", "0x") + "}",
		"spaced":      pairs(" ", ""),
		"lines":       h[:20] + "\r\n" + h[20:] + "\n",
		"escapes":     pairs("", `\x`),
		"xxd":         xxd.String(),
		"hexdump -C":  hexdumpC.String(),
		"od -tx1 -Ao": od.String(),
	} {
		if name == "0x commas" {
			text = strings.Trim(text, "{}")
		}
		f := writeFile(t, "spell.txt", []byte(text))
		r := runCLI(t, nil, "check", f)
		if r.code != exitOK || len(r.lines) != 1 || r.lines[0].Type != "certificate_request" {
			t.Errorf("%s: exit %d %+v %s\n%s", name, r.code, r.lines, r.stderr, text)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"0d 00 00 zz", "line 1, column 10"},
		{"0d000010\n0d 0g", "line 2, column 5"},
		{"0x0d 0xd", "want two hex digits per byte"},
		{"0d:0:00", "odd number of hex digits"},
		{"0000000 000d 1000\n0000004\n", "little-endian"},
	} {
		f := writeFile(t, "bad.txt", []byte(c.text))
		r := runCLI(t, nil, "check", f)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: exit %d, %q; want %q", c.text, r.code, r.stderr, c.want)
		}
	}
	r := runCLI(t, nil, "check", captureFile(t, "go-tls13.pcapng"))
	if r.code != exitUsage || !strings.Contains(r.stderr, "use clientauth dissect") {
		t.Errorf("capture: exit %d, %q", r.code, r.stderr)
	}
}

// TestCheckArguments: flags after a file are flags; an unreadable file is
// reported and the others still checked (exit 2 at the end); contradictory
// contexts are refused.
func TestCheckArguments(t *testing.T) {
	cke := append([]byte{0x10, 0x00, 0x00, 0x21, 0x20}, bytes.Repeat([]byte{0x42}, 32)...)
	f := writeFile(t, "cke.hex", []byte(hex.EncodeToString(cke)))
	r := runCLI(t, nil, "check", f, "-version", "1.2", "-kex", "ecdhe")
	if r.code != exitOK || len(r.lines) != 1 || r.lines[0].Version != "1.2" {
		t.Errorf("flags after the file: exit %d %+v %s", r.code, r.lines, r.stderr)
	}
	r = runCLI(t, nil, "check", "-version", "1.2", "-kex", "ecdhe", "--", f)
	if r.code != exitOK {
		t.Errorf("--: exit %d %s", r.code, r.stderr)
	}
	missing := filepath.Join(t.TempDir(), "nope.hex")
	r = runRaw(t, nil, "check", "-version", "1.2", "-kex", "ecdhe", missing, f, missing+"2")
	if r.code != exitUsage || strings.Count(r.stderr, "no such file") != 2 || !strings.Contains(r.stdout, `"valid":true`) {
		t.Errorf("unreadable among many: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	for _, args := range [][]string{
		{"-version", "1.3", "-kex", "ecdhe_psk"},
		{"-profile", "rfc9846", "-version", "1.2"},
		{"-version", "1.1", "-post-handshake"},
	} {
		for _, cmd := range []string{"check", "dissect"} {
			r := runCLI(t, nil, append(append([]string{cmd}, args...), f)...)
			if r.code != exitUsage || r.stdout != "" {
				t.Errorf("%s %v: exit %d, %q", cmd, args, r.code, r.stdout)
			}
		}
	}
}
