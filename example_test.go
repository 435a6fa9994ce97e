package clientauth_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/encoder"
	"github.com/clientauth/clientauth/internal/testutil"
	"github.com/clientauth/clientauth/parser"
)

// Example is README.md's "Using the library" snippet, verbatim (the test
// below keeps them equal): parse a TLS 1.3 CertificateRequest, read it,
// change its signature_algorithms and encode it again.
func Example() {
	msg, _ := hex.DecodeString("0d00000b000008000d000400020804") // a whole message, 4-byte header included
	p := parser.New(clientauth.Params{Version: clientauth.VersionTLS13})
	cr, err := p.CertificateRequest(msg)
	if err != nil {
		var e *clientauth.Error
		if errors.As(err, &e) { // copy *e to keep it past the next call
			fmt.Println("rejected:", e.Field(), e.Offset, e.Requirement, e.Alert)
		}
		return
	}
	for _, s := range cr.SignatureAlgorithms.All() { // views alias msg
		fmt.Println("offered:", s)
	}

	v := cr.Value() // an owned copy
	v.SetSignatureSchemes(0x0804, 0x0403)
	out, err := encoder.New(p.Params).CertificateRequest(nil, &v)
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	fmt.Printf("%x\n", out)
	// Output:
	// offered: rsa_pss_rsae_sha256
	// 0d00000d00000a000d0006000408040403
}

// Example_rejection shows what a rejection carries.
func Example_rejection() {
	msg, _ := hex.DecodeString("0d000005000002000d") // the extension runs past the end
	_, err := parser.New(clientauth.Params{Version: clientauth.VersionTLS13}).CertificateRequest(msg)
	var e *clientauth.Error
	if errors.As(err, &e) {
		fmt.Println(e.Field(), e.Offset, e.Requirement, e.Alert)
	}
	fmt.Println(errors.Is(err, clientauth.AlertDecodeError))
	// Output:
	// certificate_request.extensions[0].extension_data 9 8446-6-a decode_error
	// true
}

// TestReadmeSnippetsAreExamples: every ```go block of README.md is the body
// of an Example function here, character for character after one tab of
// indentation, so the README cannot show code that does not compile or run.
func TestReadmeSnippetsAreExamples(t *testing.T) {
	readme := testutil.ReadFile(t, "README.md")
	src := testutil.ReadFile(t, "example_test.go")
	bodies := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?ms)^func Example\w*\(\) \{\n(.*?)\n\t// Output:`).FindAllStringSubmatch(string(src), -1) {
		var lines []string
		for _, l := range strings.Split(m[1], "\n") {
			lines = append(lines, strings.TrimPrefix(l, "\t"))
		}
		bodies[strings.Join(lines, "\n")] = true
	}
	blocks := regexp.MustCompile("(?ms)^```go\n(.*?)\n```").FindAllStringSubmatch(string(readme), -1)
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	for _, b := range blocks {
		if !bodies[b[1]] {
			t.Errorf("README.md block is no Example body of example_test.go:\n%s", b[1])
		}
	}
}

// TestSignatureSchemesHelper: the owned value's signature_algorithms can be
// set and read back, through the encoder and parser too.
func TestSignatureSchemesHelper(t *testing.T) {
	var v clientauth.CertificateRequest
	if _, ok := v.SignatureSchemes(); ok {
		t.Fatal("empty request has schemes")
	}
	v.Extensions = []clientauth.Extension{{Type: 0x0a0a, Data: []byte{}}}
	v.SetSignatureSchemes(0x0807)
	v.SetSignatureSchemes(0x0804, 0x0403) // replaces, keeps the order of the others
	if got, ok := v.SignatureSchemes(); !ok || len(got) != 2 || got[0] != 0x0804 || len(v.Extensions) != 2 || v.Extensions[0].Type != 0x0a0a {
		t.Fatalf("got %v %v, extensions %+v", got, ok, v.Extensions)
	}
	p := clientauth.Params{Version: clientauth.VersionTLS13}
	_, m := testutil.EncodeParse(t, p, &v)
	back := m.CertificateRequest.Value()
	if got, _ := back.SignatureSchemes(); len(got) != 2 || got[1] != 0x0403 {
		t.Errorf("round trip gave %v", got)
	}
	v12 := clientauth.CertificateRequest{SignatureAlgorithms: []clientauth.SignatureScheme{0x0401}}
	if got, ok := v12.SignatureSchemes(); !ok || got[0] != 0x0401 {
		t.Errorf("TLS 1.2 field: %v %v", got, ok)
	}
}
