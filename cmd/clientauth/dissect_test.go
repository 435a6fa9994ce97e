package main

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/capture"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
)

// checkOneLineError: a failing run writes exactly one "clientauth: " line.
func checkOneLineError(t *testing.T, r runResult) {
	t.Helper()
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "clientauth: ") {
		t.Fatalf("exit %d wants exactly one stderr line \"clientauth: ...\", got %q", r.code, r.stderr)
	}
}

// TestDissectSeedCapture: the seed capture's CertificateRequest reads as
// Wireshark showed it (shared/seed-capture.md).
func TestDissectSeedCapture(t *testing.T) {
	s := samples.SeedCaptureCR()
	f := writeFile(t, "cr.hex", []byte(hex.EncodeToString(s.Msg)))
	r := runExpect(t, exitOK, "dissect", "-version", "1.2", f)
	wantAll(t, r.stdout,
		"    Handshake Protocol: Certificate Request\n",
		"        Handshake Type: Certificate Request (13)\n",
		"        Length: 54\n",
		"        Certificate types count: 3\n",
		"        Certificate types (3 types)\n",
		"            Certificate type: RSA Sign (1)\n",
		"            Certificate type: ECDSA Sign (64)\n",
		"        Signature Hash Algorithms Length: 46\n",
		"        Signature Hash Algorithms (23 algorithms)\n",
		"            Signature Algorithm: ecdsa_secp256r1_sha256 (0x0403)\n",
		"            Signature Algorithm: SHA224 ECDSA (0x0303)\n",
		"            Signature Algorithm: SHA512 DSA (0x0602)\n",
		"        Distinguished Names Length: 0\n",
	)
}

// TestDissectInvalid: a rejected message is dissected up to the field that
// fails, then the error (field, offset, alert, rule), and exit status 1.
func TestDissectInvalid(t *testing.T) {
	// TLS 1.3 CertificateRequest whose signature_algorithms list has an odd
	// length (8446-4.2.3-a), followed by an extension that must not show.
	msg := []byte{13, 0, 0, 19, 0, 0, 16, 0, 13, 0, 6, 0, 3, 4, 3, 5, 0, 0, 47, 0, 2, 0, 0}
	msg[3] = byte(len(msg) - 4)
	msg[6] = byte(len(msg) - 7)
	f := writeFile(t, "bad.bin", msg)
	r := runExpect(t, exitInvalid, "dissect", "-format", "bin", f)
	// The error's lines stand right below the length that is wrong.
	wantAll(t, r.stdout, "            Signature Hash Algorithms Length: 3\n"+
		"                [Expert Info (Error/clientauth): length 3 of SignatureSchemeList.supported_signature_algorithms is not a multiple of 2]\n"+
		"                    [Field: certificate_request.extensions[0].signature_algorithms.supported_signature_algorithms]\n"+
		"                    [Offset: 11]\n"+
		"                    [Alert: decode_error (50)]\n"+
		"                    [Requirement: 8446-4.2.3-a]\n")
	if strings.Contains(r.stdout, "certificate_authorities (len") || strings.Contains(r.stdout, "Signature Algorithm:") {
		t.Errorf("the tree goes on past the failing field:\n%s", r.stdout)
	}

	// A semantic rule: the whole message is shown, the error sits below
	// the field (a TLS 1.3 CertificateVerify with rsa_pkcs1_sha256,
	// 8446-4.4.3-g).
	cv := []byte{15, 0, 0, 6, 4, 1, 0, 2, 0xaa, 0xbb}
	r = runExpect(t, exitInvalid, "dissect", "-format", "bin", writeFile(t, "cv.bin", cv))
	want := "        Signature Algorithm: rsa_pkcs1_sha256 (0x0401)\n" +
		"            Signature Hash Algorithm Hash: SHA256 (4)\n" +
		"            Signature Hash Algorithm Signature: RSA (1)\n" +
		"            [Expert Info (Error/clientauth): rsa_pkcs1_sha256 (0x0401): RFC 8446 requires RSASSA-PSS for RSA signatures in TLS 1.3]\n"
	if !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "        Signature: aabb\n") {
		t.Errorf("tree:\n%s\nwant it to contain\n%s", r.stdout, want)
	}
}

// TestDissectEncodeRoundTripAll: "dissect -json X | encode -format hex -"
// gives back every valid sample byte for byte, through the CLI, and so
// does encode -unchecked, with and without dissect -lengths.
func TestDissectEncodeRoundTripAll(t *testing.T) {
	all := testutil.Must(t, samples.All)
	groups := map[ca.Params][]samples.Sample{}
	var order []ca.Params
	for _, s := range all {
		if groups[s.Params] == nil {
			order = append(order, s.Params)
		}
		groups[s.Params] = append(groups[s.Params], s)
	}
	n := 0
	for _, p := range order {
		g := groups[p]
		var in strings.Builder
		for _, s := range g {
			in.WriteString(hex.EncodeToString(s.Msg) + "\n")
		}
		f := writeFile(t, "msgs.hex", []byte(in.String()))
		d := runRaw(t, nil, append(append([]string{"dissect", "-json"}, flagsFor(p)...), f)...)
		if d.code != exitOK {
			t.Fatalf("%+v: dissect exit %d: %s", p, d.code, d.stderr)
		}
		if lines := strings.Count(d.stdout, "\n"); lines != len(g) {
			t.Fatalf("%+v: %d JSON lines for %d messages", p, lines, len(g))
		}
		e := runRaw(t, strings.NewReader(d.stdout), "encode", "-format", "hex", "-")
		if e.code != exitOK {
			t.Fatalf("%+v: encode exit %d: %s", p, e.code, e.stderr)
		}
		if e.stdout != in.String() {
			t.Fatalf("%+v: round trip differs\n got %s\nwant %s", p, e.stdout, in.String())
		}
		// The unchecked writer gives the same bytes, with the lengths
		// computed (-json) and written as given (-json -lengths); the
		// checked encoder accepts the given lengths, which are all true.
		dl := runRaw(t, nil, append(append([]string{"dissect", "-json", "-lengths"}, flagsFor(p)...), f)...)
		if dl.code != exitOK || !strings.Contains(dl.stdout, `"length":`) {
			t.Fatalf("%+v: dissect -lengths exit %d: %s", p, dl.code, dl.stderr)
		}
		for _, c := range []struct {
			json string
			args []string
		}{{d.stdout, []string{"-unchecked"}}, {dl.stdout, []string{"-unchecked"}}, {dl.stdout, nil}} {
			e := runRaw(t, strings.NewReader(c.json), append(append([]string{"encode"}, c.args...), "-")...)
			if e.code != exitOK || e.stdout != in.String() {
				t.Fatalf("%+v: encode %q exit %d (%s): round trip differs\n got %s\nwant %s", p, c.args, e.code, e.stderr, e.stdout, in.String())
			}
		}
		n += len(g)
	}
	if n < 900 {
		t.Fatalf("only %d messages", n)
	}
	t.Logf("%d messages in %d Params groups round-tripped through dissect -json | encode", n, len(order))
}

// synthetic hellos for a capture: TLS 1.2 with an ECDHE suite.
func helloRecord(t ca.HandshakeType, suite uint16) []byte {
	b := []byte{3, 3}
	b = append(b, make([]byte, 32)...)
	if t == ca.TypeClientHello {
		b = append(b, 0, 0, 2, byte(suite>>8), byte(suite), 1, 0)
	} else {
		b[2] = 1
		b = append(b, 0, byte(suite>>8), byte(suite), 0)
	}
	return record(append([]byte{byte(t), 0, byte(len(b) >> 8), byte(len(b))}, b...))
}

func record(body []byte) []byte {
	return append([]byte{22, 3, 3, byte(len(body) >> 8), byte(len(body))}, body...)
}

// tls12Capture is a pcapng of one TLS 1.2 ECDHE client-auth handshake made
// of harvested messages, as the capture package writes it.
func tls12Capture(t *testing.T) ([]byte, []samples.Sample) {
	all, err := samples.OpenSSL()
	if err != nil || len(all) == 0 {
		if os.Getenv("CLIENTAUTH_REQUIRE_OPENSSL") == "1" {
			t.Fatalf("no OpenSSL harvest and CLIENTAUTH_REQUIRE_OPENSSL=1: %v", err)
		}
		t.Skipf("no OpenSSL harvest: %v", err)
	}
	// The harvest keeps each distinct message once, so the five come from
	// different handshakes; the capture only needs them to parse.
	pick := func(typ ca.HandshakeType, fromServer bool) samples.Sample {
		for _, s := range all {
			p := s.Params
			kexOK := typ != ca.TypeClientKeyExchange || p.KeyExchange == ca.KexECDHE
			if p.Version == ca.VersionTLS12 && kexOK && p.FromServer == fromServer &&
				p.CertType == ca.CertTypeX509 && ca.HandshakeType(s.Msg[0]) == typ && s.Reject == "" {
				return s
			}
		}
		t.Fatalf("no TLS 1.2 ECDHE %v in the harvest", typ)
		return samples.Sample{}
	}
	cr := pick(ca.TypeCertificateRequest, true)
	shd := samples.Sample{Msg: []byte{14, 0, 0, 0}}
	ct := pick(ca.TypeCertificate, false)
	cke := pick(ca.TypeClientKeyExchange, false)
	cv := pick(ca.TypeCertificateVerify, false)
	client := helloRecord(ca.TypeClientHello, 0xc02b)
	server := append(helloRecord(ca.TypeServerHello, 0xc02b), record(append(append([]byte{}, cr.Msg...), shd.Msg...))...)
	// The client flight in one record, the CertificateVerify split across two.
	flight := append(append(append([]byte{}, ct.Msg...), cke.Msg...), cv.Msg[:10]...)
	client = append(append(client, record(flight)...), record(cv.Msg[10:])...)
	var buf bytes.Buffer
	if err := capture.WritePcapng(&buf, []capture.Conn{{Client: client, Server: server}}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), []samples.Sample{cr, shd, ct, cke, cv}
}

// TestDissectPcap: -format pcap (and auto) pulls the messages out of the
// records, takes version and key exchange from the hellos, and the JSON
// round-trips through encode.
func TestDissectPcap(t *testing.T) {
	data, want := tls12Capture(t)
	f := writeFile(t, "c.pcapng", data)
	r := runExpect(t, exitOK, "dissect", f)
	for _, line := range []string{
		"    Handshake Protocol: Client Hello\n        [Not dissected: not a client-authentication message]\n",
		"(TLS 1.2, cipher suite 0xc02b)\n    Handshake Protocol: Certificate Request\n",
		"        EC Diffie-Hellman Client Params\n            Pubkey Length: ",
		"    Handshake Protocol: Server Hello Done\n",
	} {
		if !strings.Contains(r.stdout, line) {
			t.Errorf("output lacks %q\n%s", line, r.stdout)
		}
	}
	j := runRaw(t, nil, "dissect", "-json", "-format", "pcap", f)
	if j.code != exitOK || strings.Count(j.stdout, "\n") != len(want) {
		t.Fatalf("dissect -json: exit %d, %d lines, want %d: %s", j.code, strings.Count(j.stdout, "\n"), len(want), j.stderr)
	}
	if !strings.Contains(j.stdout, `"kex":"ecdhe"`) || !strings.Contains(j.stdout, `"conn":0`) {
		t.Errorf("JSON lacks the capture's context:\n%s", j.stdout)
	}
	e := runRaw(t, strings.NewReader(j.stdout), "encode", "-format", "bin", "-")
	var all []byte
	for _, s := range want {
		all = append(all, s.Msg...)
	}
	if e.code != exitOK || e.stdout != string(all) {
		t.Fatalf("encode exit %d (%s); bytes differ from the capture's messages", e.code, e.stderr)
	}
}

// TestDissectBadInput: every kind of bad input is one stderr line and exit
// 2 (1 for a well-read invalid message), never a panic.
func TestDissectBadInput(t *testing.T) {
	dir := t.TempDir()
	pcap, _ := tls12Capture(t)
	rnd := make([]byte, 3<<20)
	rng := rand.New(rand.NewPCG(3, 3))
	for i := range rnd {
		rnd[i] = byte(rng.Uint32())
	}
	rnd[0] = 0x37 // no pcap magic: read as messages
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"missing file", []string{filepath.Join(dir, "nope")}, exitUsage},
		{"directory", []string{dir}, exitUsage},
		{"empty file", []string{writeFile(t, "empty", nil)}, exitUsage},
		{"bad hex", []string{"-format", "hex", writeFile(t, "bad.hex", []byte("0d00zz"))}, exitUsage},
		{"odd hex", []string{"-format", "hex", writeFile(t, "odd.hex", []byte("0d0"))}, exitUsage},
		{"pcapng cut in its section header", []string{writeFile(t, "t.pcapng", pcap[:20])}, exitUsage},
		{"pcap header only", []string{"-format", "pcap", writeFile(t, "h.pcap", []byte{0xd4, 0xc3, 0xb2, 0xa1, 2, 0})}, exitUsage},
		{"corrupt pcap", []string{writeFile(t, "c.pcap", append([]byte{0xa1, 0xb2, 0xc3, 0xd4}, rnd[:5000]...))}, exitUsage},
		{"not a pcap", []string{"-format", "pcap", writeFile(t, "n.pcap", []byte("hello"))}, exitUsage},
		{"keylog missing", []string{"-keylog", filepath.Join(dir, "nokeys"), writeFile(t, "k.pcapng", pcap)}, exitUsage},
		{"keylog with hex input", []string{"-keylog", writeFile(t, "keys", []byte("CLIENT_RANDOM 00 00\n")), writeFile(t, "m.hex", []byte("0e000000"))}, exitUsage},
		{"bad flag", []string{"-format", "xml", "x"}, exitUsage},
		{"no file", nil, exitUsage},
		{"truncated message", []string{writeFile(t, "tr.hex", []byte("0d0000ff00"))}, exitInvalid},
		{"random 3 MB", []string{writeFile(t, "rnd.bin", rnd)}, -1},
		{"random 3 MB as JSON", []string{"-json", writeFile(t, "rnd2.bin", rnd)}, -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runRaw(t, nil, append([]string{"dissect"}, c.args...)...)
			switch {
			case c.code >= 0 && r.code != c.code:
				t.Fatalf("exit %d, want %d; stderr %q", r.code, c.code, r.stderr)
			case c.code < 0 && r.code != exitInvalid && r.code != exitUsage:
				t.Fatalf("exit %d, want 1 or 2", r.code)
			}
			if r.code == exitUsage {
				checkOneLineError(t, r)
			} else if r.stderr != "" {
				t.Fatalf("exit %d with stderr %q", r.code, r.stderr)
			}
			// Output is bounded by the input: an invalid message's JSON
			// carries its bytes in hex, a tree at most maxHex of them a line.
			if len(r.stdout) > 3*len(rnd) {
				t.Fatalf("%d bytes of output for bad input", len(r.stdout))
			}
		})
	}
}
