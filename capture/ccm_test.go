package capture

import (
	"bytes"
	"crypto/aes"
	"encoding/hex"
	"strings"
	"testing"

	ca "github.com/clientauth/clientauth"
)

// TestCCM checks the CCM construction against NIST SP 800-38C Appendix C,
// Example 3 (12-byte nonce, 8-byte tag), and that a flipped bit fails.
func TestCCM(t *testing.T) {
	h := func(s string) []byte {
		b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	key := h("404142434445464748494a4b4c4d4e4f")
	nonce := h("101112131415161718191a1b")
	ad := h("000102030405060708090a0b0c0d0e0f10111213")
	pt := h("202122232425262728292a2b2c2d2e2f3031323334353637")
	want := h("e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5 484392fbc1b09951")
	b, _ := aes.NewCipher(key)
	c := newCCM(b, 8)
	got := c.Seal(nil, nonce, pt, ad)
	if !bytes.Equal(got, want) {
		t.Fatalf("Seal = %x, want %x", got, want)
	}
	back, err := c.Open(nil, nonce, got, ad)
	if err != nil || !bytes.Equal(back, pt) {
		t.Fatalf("Open = %x, %v", back, err)
	}
	for i := range got {
		bad := bytes.Clone(got)
		bad[i] ^= 1
		if _, err := c.Open(nil, nonce, bad, ad); err == nil {
			t.Errorf("Open accepted a flipped bit in byte %d", i)
		}
	}
}

// TestCCMTestdata reads the committed OpenSSL TLS_AES_128_CCM_SHA256
// connection: the handshake after the ServerHello decrypts.
func TestCCMTestdata(t *testing.T) {
	msgs := readCommitted(t, "openssl-tls13-ccm", ".pcapng")
	checkMessages(t, msgs, ca.VersionTLS13, 0x1304)
	seen := map[string]bool{}
	for _, m := range msgs {
		seen[seqLabel(m)] = true
	}
	for _, k := range []string{"S:certificate_request*", "C:certificate*", "C:certificate_verify*", "C:finished*"} {
		if !seen[k] {
			t.Errorf("no %s among %v", k, seen)
		}
	}
}
