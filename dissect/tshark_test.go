package dissect

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/testutil"
)

// needTshark finds tshark, skipping the test when it is absent unless
// CLIENTAUTH_REQUIRE_TSHARK=1.
func needTshark(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("tshark")
	if err != nil {
		if os.Getenv("CLIENTAUTH_REQUIRE_TSHARK") == "1" {
			t.Fatalf("tshark not found and CLIENTAUTH_REQUIRE_TSHARK=1: %v", err)
		}
		t.Skipf("tshark not found (install it: DEBIAN_FRONTEND=noninteractive apt-get install -y tshark): %v", err)
	}
	return p
}

// suiteFor is a cipher suite of each key exchange, for the ServerHello
// that tells tshark how to read a ClientKeyExchange.
var suiteFor = map[ca.KeyExchange]uint16{
	ca.KexRSA: 0x002f, ca.KexDHE: 0x0033, ca.KexECDHE: 0xc013, ca.KexPSK: 0x008c,
	ca.KexRSAPSK: 0x0094, ca.KexDHEPSK: 0x0090, ca.KexECDHEPSK: 0xc035, ca.KexFixedDH: 0x0031,
}

// comparedSamples: RFC 8448, the seed capture's CertificateRequest, up to
// three harvested messages of each (version, key exchange, type, sender),
// and the synthetic messages tshark can place (CompressedCertificate and
// the extension-rich CertificateRequest/Certificate). RawPublicKey
// messages are left out: the certificate type is settled in hello
// extensions tshark is not shown.
func comparedSamples(t *testing.T) []samples.Sample {
	out := append(samples.RFC8448(), samples.SeedCaptureCR())
	harvest := testutil.Must(t, samples.OpenSSL)
	seen := map[string]int{}
	for _, s := range append(harvest, samples.Synthetic()...) {
		s.Params = s.Tolerating() // a known deployed deviation is dissected under its tolerance
		p := s.Params
		if s.Reject != "" || p.CertType != ca.CertTypeX509 || len(s.Msg) > 16000 {
			continue
		}
		k := fmt.Sprint(p.Vers(), p.KeyExchange, s.Msg[0], p.FromServer, strings.SplitN(s.Name, "/", 2)[0])
		if seen[k] < 3 {
			seen[k]++
			out = append(out, s)
		}
	}
	return out
}

// tsharkTrees runs tshark -V and returns the subtree of every handshake
// message other than the hellos, in order, indentation relative to the
// "Handshake Protocol:" line.
func tsharkTrees(t *testing.T, tshark, file string) [][]string {
	cmd := exec.Command(tshark, "-r", file, "-V", "-O", "tls")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("tshark: %v\n%s", err, stderr.String())
	}
	var trees [][]string
	var cur []string
	base := -1
	for _, line := range strings.Split(stdout.String(), "\n") {
		ind := len(line) - len(strings.TrimLeft(line, " "))
		text := strings.TrimSpace(line)
		if strings.HasPrefix(text, "Handshake Protocol: ") && !strings.Contains(line, "Record Layer") {
			if cur != nil {
				trees = append(trees, cur)
			}
			cur, base = []string{text}, ind
			continue
		}
		if base >= 0 && ind > base && text != "" {
			cur = append(cur, strings.Repeat(Indent, (ind-base)/len(Indent))+text)
			continue
		}
		base = -1
	}
	if cur != nil {
		trees = append(trees, cur)
	}
	var out [][]string
	for _, tr := range trees {
		if tr[0] != "Handshake Protocol: Client Hello" && tr[0] != "Handshake Protocol: Server Hello" {
			out = append(out, tr)
		}
	}
	return out
}

// comparable drops what neither side is meant to share: the X.509 and BER
// subtrees Wireshark opens below a certificate or name, expert info, and
// Wireshark's hash/signature split of codes that are not TLS 1.2 pairs.
func comparable(lines []string, ours bool) []string {
	var out []string
	skip, keepHeader := -1, false
	for _, l := range lines {
		ind := len(l) - len(strings.TrimLeft(l, " "))
		text := strings.TrimSpace(l)
		if skip >= 0 && ind > skip {
			if keepHeader && ind == skip+len(Indent) && (strings.HasPrefix(text, "Type: ") || strings.HasPrefix(text, "Length: ")) {
				out = append(out, text)
			}
			continue
		}
		keepHeader = false
		skip = -1
		switch {
		case strings.HasPrefix(text, "Handshake Protocol: "):
			continue
		case strings.HasPrefix(text, "["):
			skip = ind
			continue
		case !ours && strings.HasPrefix(text, "Extension: delegated_credentials"):
			// In a CertificateRequest the body is a SignatureSchemeList
			// (RFC 9345 §4.1); tshark 4.0 reads a DelegatedCredential.
			out = append(out, text)
			skip, keepHeader = ind, true
			continue
		case strings.HasPrefix(text, "Certificate: ") || strings.HasPrefix(text, "Distinguished Name:") ||
			strings.HasPrefix(text, "OCSP Response"):
			skip = ind
		case !ours && strings.HasPrefix(text, "Signature Algorithm: "):
			var code uint16
			if _, err := fmt.Sscanf(text[strings.LastIndex(text, "(0x")+1:], "0x%04x)", &code); err == nil && !isPair(ca.SignatureScheme(code)) {
				skip = ind
			}
		}
		out = append(out, text)
	}
	return out
}

func label(line string) string {
	if i := strings.Index(line, ": "); i >= 0 {
		return line[:i]
	}
	return strings.TrimSuffix(line, ":")
}

// TestTshark writes the samples into a pcap as plaintext TLS records (TLS
// 1.3 ones too: after a ServerHello with supported_versions, tshark 4.0
// dissects a plaintext handshake record by the TLS 1.3 layouts) and
// compares our trees with tshark -V's. "Handshake Type:" and "Signature
// Algorithm:" lines must match exactly, except a code tshark calls
// "Unknown ..." that our vocabulary names (e.g. 0x081a brainpool); the
// other lines are compared by label and by value where both sides have
// them, and the differences listed.
func TestTshark(t *testing.T) {
	tshark := needTshark(t)
	msgs := comparedSamples(t)
	type key struct {
		v ca.Version
		k ca.KeyExchange
	}
	flows := map[key]*flow{}
	var order []key
	var sent []samples.Sample
	for _, s := range msgs {
		k := key{s.Params.Vers(), s.Params.KeyExchange}
		if k.v == ca.VersionTLS13 {
			k.k = 0
		}
		f := flows[k]
		if f == nil {
			f = &flow{version: k.v, suite: suiteFor[k.k]}
			if k.v == ca.VersionTLS13 {
				f.suite = 0x1301
			}
			flows[k] = f
			order = append(order, k)
		}
		t := ca.HandshakeType(s.Msg[0])
		f.msgs = append(f.msgs, flowMsg{fromServer: s.Params.FromServer || t == ca.TypeCertificateRequest || t == ca.TypeServerHelloDone, b: s.Msg})
	}
	var all []flow
	for _, k := range order {
		all = append(all, *flows[k])
		for _, m := range flows[k].msgs {
			for _, s := range msgs {
				if bytes.Equal(s.Msg, m.b) && s.Params.Vers() == k.v && (k.v == ca.VersionTLS13 || s.Params.KeyExchange == k.k) {
					sent = append(sent, s)
					break
				}
			}
		}
	}
	file := filepath.Join(t.TempDir(), "samples.pcap")
	var buf bytes.Buffer
	if err := writePcap(&buf, all); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	theirs := tsharkTrees(t, tshark, file)
	if len(theirs) != len(sent) {
		t.Fatalf("tshark shows %d handshake messages, we wrote %d", len(theirs), len(sent))
	}

	var total, labelHits, valueHits, exact, named int
	missing, extra, differ := map[string]int{}, map[string]int{}, map[string]int{}
	types := map[string]bool{}
	for i, s := range sent {
		tree, err := Dissect(s.Msg, s.Params)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		types[fmt.Sprintf("%v %v", s.Params.Vers(), ca.HandshakeType(s.Msg[0]))] = true
		ours := comparable(strings.Split(strings.TrimSuffix(tree.String(), "\n"), "\n"), true)
		them := comparable(theirs[i], false)
		if strings.TrimSpace(theirs[i][0]) != strings.Split(tree.String(), "\n")[0] {
			t.Errorf("%s: tshark's message %d is %q, ours %q", s.Name, i, theirs[i][0], strings.Split(tree.String(), "\n")[0])
			continue
		}
		// Exact lines, in order.
		for _, prefix := range []string{"Handshake Type: ", "Signature Algorithm: "} {
			a, b := linesWith(ours, prefix), linesWith(them, prefix)
			if len(a) != len(b) {
				t.Errorf("%s: %d %q lines, tshark %d\nours %q\ntshark %q", s.Name, len(a), prefix, len(b), a, b)
				continue
			}
			for j := range a {
				switch {
				case a[j] == b[j]:
					exact++
				case strings.HasPrefix(b[j], prefix+"Unknown ") && a[j][strings.LastIndex(a[j], "("):] == b[j][strings.LastIndex(b[j], "("):]:
					named++ // tshark 4.0 has no name for the code; ours is shown
				default:
					t.Errorf("%s: %q, tshark %q", s.Name, a[j], b[j])
				}
			}
		}
		// Labels and values.
		ol, ov := counts(ours, label), counts(ours, func(s string) string { return s })
		for l, n := range counts(them, label) {
			total += n
			labelHits += min(n, ol[l])
			if n > ol[l] {
				missing[l] += n - ol[l]
			}
		}
		for l, n := range counts(them, func(s string) string { return s }) {
			if !strings.Contains(l, ": ") {
				// tshark prints no value ("Verify Data", "OCSP Response"):
				// the label is all there is to agree on.
				valueHits += min(n, ol[label(l)])
				continue
			}
			valueHits += min(n, ov[l])
			if n > ov[l] && ol[label(l)] > 0 {
				differ[label(l)]++
			}
		}
		tl := counts(them, label)
		for l, n := range ol {
			if n > tl[l] {
				extra[l] += n - tl[l]
			}
		}
	}
	if total == 0 {
		t.Fatal("no tshark lines compared")
	}
	labelFrac, valueFrac := float64(labelHits)/float64(total), float64(valueHits)/float64(total)
	t.Logf("%d messages (%d version/type pairs) compared with %s", len(sent), len(types), tshark)
	t.Logf("exact lines: %d equal, %d where only we have a name", exact, named)
	t.Logf("tshark's lines: %d; labels we also print: %d (%.1f%%); same label and value: %d (%.1f%%)",
		total, labelHits, 100*labelFrac, valueHits, 100*valueFrac)
	t.Logf("labels tshark prints and we do not: %v", sortedCounts(missing))
	t.Logf("labels we print and tshark does not: %v", sortedCounts(extra))
	t.Logf("labels both print with another value: %v", sortedCounts(differ))
	if len(types) < 20 {
		t.Errorf("only %d version/type pairs compared: %v", len(types), types)
	}
	if labelFrac < 0.97 || valueFrac < 0.97 {
		t.Errorf("overlap with tshark fell: labels %.3f, values %.3f (want >= 0.97 each)", labelFrac, valueFrac)
	}
}

func linesWith(lines []string, prefix string) []string {
	var out []string
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

func counts(lines []string, key func(string) string) map[string]int {
	m := map[string]int{}
	for _, l := range lines {
		m[key(l)]++
	}
	return m
}

func sortedCounts(m map[string]int) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%q×%d", k, v))
	}
	sort.Strings(out)
	return out
}
