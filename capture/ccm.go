package capture

import (
	"crypto/cipher"
	"crypto/subtle"
	"errors"
)

// ccm is AES-CCM (RFC 3610, NIST SP 800-38C) with the parameters TLS uses:
// a 12-byte nonce, so a 3-byte length field (L = 3), and a 16- or 8-byte tag
// (RFC 6655 §3, RFC 8446 §B.4). Neither the standard library nor x/crypto
// has CCM; only Open is used here (captures are read, never written), Seal
// exists for the tests and to satisfy cipher.AEAD.
type ccm struct {
	b      cipher.Block
	tagLen int
}

const ccmNonceLen = 12

func newCCM(b cipher.Block, tagLen int) cipher.AEAD { return &ccm{b: b, tagLen: tagLen} }

func (c *ccm) NonceSize() int { return ccmNonceLen }
func (c *ccm) Overhead() int  { return c.tagLen }

// maxCCMPlaintext is what a 3-byte length field can count.
const maxCCMPlaintext = 1<<24 - 1

// mac is the CBC-MAC over B_0, the encoded additional data and the
// plaintext (RFC 3610 §2.2).
func (c *ccm) mac(nonce, plaintext, ad []byte) [16]byte {
	var x, blk [16]byte
	flags := byte((c.tagLen-2)/2)<<3 | byte(15-ccmNonceLen-1) // M' and L' (RFC 3610 §2.2)
	if len(ad) > 0 {
		flags |= 0x40
	}
	blk[0] = flags
	copy(blk[1:], nonce)
	n := len(plaintext)
	blk[13], blk[14], blk[15] = byte(n>>16), byte(n>>8), byte(n)
	c.b.Encrypt(x[:], blk[:])
	absorb := func(p []byte) {
		for len(p) > 0 {
			k := copy(blk[:], p)
			clear(blk[k:])
			subtle.XORBytes(x[:], x[:], blk[:])
			c.b.Encrypt(x[:], x[:])
			p = p[k:]
		}
	}
	if len(ad) > 0 {
		// TLS additional data is 13 bytes (RFC 5246 §6.2.3.3) or 5 (RFC 8446
		// §5.2): always below 2^16 - 2^8, so the 2-byte length form.
		hdr := append([]byte{byte(len(ad) >> 8), byte(len(ad))}, ad...)
		absorb(hdr)
	}
	absorb(plaintext)
	return x
}

// ctr XORs src with the key stream A_1, A_2, ... into dst and returns S_0,
// the block that masks the tag.
func (c *ccm) ctr(dst, src, nonce []byte) [16]byte {
	var a, s0, ks [16]byte
	a[0] = byte(15 - ccmNonceLen - 1)
	copy(a[1:], nonce)
	c.b.Encrypt(s0[:], a[:])
	for i := uint32(1); len(src) > 0; i++ {
		a[13], a[14], a[15] = byte(i>>16), byte(i>>8), byte(i)
		c.b.Encrypt(ks[:], a[:])
		n := subtle.XORBytes(dst, src, ks[:])
		dst, src = dst[n:], src[n:]
	}
	return s0
}

func (c *ccm) Seal(dst, nonce, plaintext, ad []byte) []byte {
	if len(nonce) != ccmNonceLen || len(plaintext) > maxCCMPlaintext {
		panic("capture: ccm: bad nonce or plaintext length")
	}
	t := c.mac(nonce, plaintext, ad)
	out := append(dst, make([]byte, len(plaintext)+c.tagLen)...)
	ct := out[len(dst):]
	s0 := c.ctr(ct, plaintext, nonce)
	subtle.XORBytes(ct[len(plaintext):], t[:c.tagLen], s0[:c.tagLen])
	return out
}

var errCCMOpen = errors.New("ccm: message authentication failed")

func (c *ccm) Open(dst, nonce, ciphertext, ad []byte) ([]byte, error) {
	if len(nonce) != ccmNonceLen || len(ciphertext) < c.tagLen || len(ciphertext)-c.tagLen > maxCCMPlaintext {
		return nil, errCCMOpen
	}
	n := len(ciphertext) - c.tagLen
	out := append(dst, make([]byte, n)...)
	pt := out[len(dst):]
	s0 := c.ctr(pt, ciphertext[:n], nonce)
	t := c.mac(nonce, pt, ad)
	var want [16]byte
	subtle.XORBytes(want[:c.tagLen], t[:c.tagLen], s0[:c.tagLen])
	if subtle.ConstantTimeCompare(want[:c.tagLen], ciphertext[n:]) != 1 {
		clear(pt)
		return nil, errCCMOpen
	}
	return out, nil
}
