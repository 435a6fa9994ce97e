package capture

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"errors"
	"fmt"
	"hash"

	ca "github.com/clientauth/clientauth"
	"golang.org/x/crypto/chacha20poly1305"
)

// bulkCipher is how a TLS ≤1.2 suite protects records.
type bulkCipher uint8

const (
	bulkAESCBC  bulkCipher = iota + 1 // GenericBlockCipher (RFC 5246 §6.2.3.2)
	bulk3DES                          // GenericBlockCipher with 8-byte blocks
	bulkAESGCM                        // RFC 5288
	bulkAESCCM                        // RFC 6655, 16-byte tag
	bulkAESCCM8                       // RFC 6655, 8-byte tag
	bulkChaCha                        // RFC 7905
)

// tls12Suite is what record protection needs from a TLS ≤1.2 cipher suite.
type tls12Suite struct {
	bulk   bulkCipher
	keyLen int
	mac    func() hash.Hash // HMAC hash of a CBC suite; nil for AEAD
	prf    func() hash.Hash // TLS 1.2 PRF hash (RFC 5246 §5: SHA-256 unless the suite says otherwise)
}

func (s tls12Suite) aead() bool { return s.mac == nil }

func (s tls12Suite) macLen() int {
	if s.mac == nil {
		return 0
	}
	return s.mac().Size()
}

// fixedIVLen is the IV each side takes from the key block: the implicit
// part of the AEAD nonce (RFC 5288 §3, RFC 6655 §3, RFC 7905 §2), or the
// first CBC IV, which only TLS 1.0 uses (RFC 2246 §6.3; TLS 1.1 and later
// send an explicit IV in each record).
func (s tls12Suite) fixedIVLen() int {
	switch s.bulk {
	case bulkAESCBC:
		return aes.BlockSize
	case bulk3DES:
		return des.BlockSize
	case bulkChaCha:
		return chacha20poly1305.NonceSize
	}
	return 4
}

func cbcSuite(bulk bulkCipher, keyLen int, mac, prf func() hash.Hash) tls12Suite {
	return tls12Suite{bulk: bulk, keyLen: keyLen, mac: mac, prf: prf}
}

func aeadSuite(bulk bulkCipher, keyLen int, prf func() hash.Hash) tls12Suite {
	return tls12Suite{bulk: bulk, keyLen: keyLen, prf: prf}
}

var (
	aes128SHA    = cbcSuite(bulkAESCBC, 16, sha1.New, sha256.New)
	aes256SHA    = cbcSuite(bulkAESCBC, 32, sha1.New, sha256.New)
	aes128SHA256 = cbcSuite(bulkAESCBC, 16, sha256.New, sha256.New)
	aes256SHA256 = cbcSuite(bulkAESCBC, 32, sha256.New, sha256.New)
	aes256SHA384 = cbcSuite(bulkAESCBC, 32, sha512.New384, sha512.New384)
	desSHA       = cbcSuite(bulk3DES, 24, sha1.New, sha256.New)
	gcm128       = aeadSuite(bulkAESGCM, 16, sha256.New)
	gcm256       = aeadSuite(bulkAESGCM, 32, sha512.New384)
	ccm128       = aeadSuite(bulkAESCCM, 16, sha256.New)
	ccm256       = aeadSuite(bulkAESCCM, 32, sha256.New)
	ccm8128      = aeadSuite(bulkAESCCM8, 16, sha256.New)
	ccm8256      = aeadSuite(bulkAESCCM8, 32, sha256.New)
	chacha       = aeadSuite(bulkChaCha, 32, sha256.New)
)

// tls12Suites are the TLS ≤1.2 suites this package decrypts, from the IANA
// registry: those with AES (CBC, GCM, CCM, CCM_8), 3DES-EDE-CBC or
// ChaCha20-Poly1305, for every key exchange ca.KeyExchange names. Camellia,
// ARIA, SEED, RC4 and NULL suites are left out (no implementation in the
// standard library, or nothing deployed).
var tls12Suites = map[uint16]tls12Suite{
	0x000A: desSHA, 0x0013: desSHA, 0x0016: desSHA, 0x008B: desSHA, 0x008F: desSHA, 0x0093: desSHA, // *_3DES_EDE_CBC_SHA
	0xC003: desSHA, 0xC008: desSHA, 0xC00D: desSHA, 0xC012: desSHA, 0xC034: desSHA,
	0x002F: aes128SHA, 0x0030: aes128SHA, 0x0031: aes128SHA, 0x0032: aes128SHA, 0x0033: aes128SHA, 0x0034: aes128SHA, // *_AES_128_CBC_SHA
	0x008C: aes128SHA, 0x0090: aes128SHA, 0x0094: aes128SHA,
	0xC004: aes128SHA, 0xC009: aes128SHA, 0xC00E: aes128SHA, 0xC013: aes128SHA, 0xC018: aes128SHA, 0xC035: aes128SHA,
	0x0035: aes256SHA, 0x0036: aes256SHA, 0x0037: aes256SHA, 0x0038: aes256SHA, 0x0039: aes256SHA, 0x003A: aes256SHA, // *_AES_256_CBC_SHA
	0x008D: aes256SHA, 0x0091: aes256SHA, 0x0095: aes256SHA,
	0xC005: aes256SHA, 0xC00A: aes256SHA, 0xC00F: aes256SHA, 0xC014: aes256SHA, 0xC019: aes256SHA, 0xC036: aes256SHA,
	0x003C: aes128SHA256, 0x003E: aes128SHA256, 0x003F: aes128SHA256, 0x0040: aes128SHA256, 0x0067: aes128SHA256, 0x006C: aes128SHA256, // *_AES_128_CBC_SHA256
	0x00AE: aes128SHA256, 0x00B2: aes128SHA256, 0x00B6: aes128SHA256,
	0xC023: aes128SHA256, 0xC025: aes128SHA256, 0xC027: aes128SHA256, 0xC029: aes128SHA256, 0xC037: aes128SHA256,
	0x003D: aes256SHA256, 0x0068: aes256SHA256, 0x0069: aes256SHA256, 0x006A: aes256SHA256, 0x006B: aes256SHA256, 0x006D: aes256SHA256, // *_AES_256_CBC_SHA256
	0x00AF: aes256SHA384, 0x00B3: aes256SHA384, 0x00B7: aes256SHA384, // *_AES_256_CBC_SHA384
	0xC024: aes256SHA384, 0xC026: aes256SHA384, 0xC028: aes256SHA384, 0xC02A: aes256SHA384, 0xC038: aes256SHA384,
	0x009C: gcm128, 0x009E: gcm128, 0x00A0: gcm128, 0x00A2: gcm128, 0x00A4: gcm128, 0x00A6: gcm128, // *_AES_128_GCM_SHA256
	0x00A8: gcm128, 0x00AA: gcm128, 0x00AC: gcm128,
	0xC02B: gcm128, 0xC02D: gcm128, 0xC02F: gcm128, 0xC031: gcm128, 0xD001: gcm128,
	0x009D: gcm256, 0x009F: gcm256, 0x00A1: gcm256, 0x00A3: gcm256, 0x00A5: gcm256, 0x00A7: gcm256, // *_AES_256_GCM_SHA384
	0x00A9: gcm256, 0x00AB: gcm256, 0x00AD: gcm256,
	0xC02C: gcm256, 0xC02E: gcm256, 0xC030: gcm256, 0xC032: gcm256, 0xD002: gcm256,
	0xC09C: ccm128, 0xC09E: ccm128, 0xC0A4: ccm128, 0xC0A6: ccm128, 0xC0AC: ccm128, 0xD005: ccm128, // *_AES_128_CCM
	0xC09D: ccm256, 0xC09F: ccm256, 0xC0A5: ccm256, 0xC0A7: ccm256, 0xC0AD: ccm256, // *_AES_256_CCM
	0xC0A0: ccm8128, 0xC0A2: ccm8128, 0xC0A8: ccm8128, 0xC0AA: ccm8128, 0xC0AE: ccm8128, 0xD003: ccm8128, // *_AES_128_CCM_8
	0xC0A1: ccm8256, 0xC0A3: ccm8256, 0xC0A9: ccm8256, 0xC0AB: ccm8256, 0xC0AF: ccm8256, // *_AES_256_CCM_8
	0xCCA8: chacha, 0xCCA9: chacha, 0xCCAA: chacha, 0xCCAB: chacha, 0xCCAC: chacha, 0xCCAD: chacha, 0xCCAE: chacha, // *_CHACHA20_POLY1305_SHA256
}

// pHash is P_hash (RFC 5246 §5, RFC 2246 §5): HMAC chained over seed,
// XORed into out so that the TLS 1.0 PRF can combine two of them.
func pHash(out []byte, h func() hash.Hash, secret, seed []byte) {
	m := hmac.New(h, secret)
	m.Write(seed)
	a := m.Sum(nil)
	for len(out) > 0 {
		m.Reset()
		m.Write(a)
		m.Write(seed)
		b := m.Sum(nil)
		out = out[subtle.XORBytes(out, out, b):]
		m.Reset()
		m.Write(a)
		a = m.Sum(a[:0])
	}
}

// prf is the PRF of the version: TLS 1.0 and 1.1 XOR P_MD5 over the first
// half of the secret with P_SHA-1 over the second (RFC 2246 §5, RFC 4346
// §5; the halves share the middle byte when the length is odd), TLS 1.2
// uses P_hash with the suite's hash (RFC 5246 §5).
func prf(v ca.Version, h func() hash.Hash, secret []byte, label string, seed []byte, n int) []byte {
	ls := append([]byte(label), seed...)
	out := make([]byte, n)
	if v >= ca.VersionTLS12 {
		pHash(out, h, secret, ls)
		return out
	}
	half := (len(secret) + 1) / 2
	pHash(out, md5.New, secret[:half], ls)
	pHash(out, sha1.New, secret[len(secret)-half:], ls)
	return out
}

// masterSecretLen is the length of every TLS ≤1.2 master secret (RFC 5246
// §8.1), which the key log's CLIENT_RANDOM line carries.
const masterSecretLen = 48

// keys12 protects one direction of a TLS ≤1.2 connection between two
// ChangeCipherSpecs.
type keys12 struct {
	suite   tls12Suite
	version ca.Version
	etm     bool // encrypt_then_mac negotiated (RFC 7366)
	block   cipher.Block
	iv      []byte // CBC: TLS 1.0's chained IV; AEAD: the fixed IV
	macKey  []byte
	aead    cipher.AEAD
	seq     uint64
}

// newKeys12 derives both directions' keys from the master secret (RFC 5246
// §6.3: key_block = PRF(master_secret, "key expansion", server_random +
// client_random), cut into MAC keys, encryption keys and IVs, client's
// first).
func newKeys12(v ca.Version, suiteID uint16, etm bool, master, clientRandom, serverRandom []byte) (client, server *keys12, err error) {
	s, ok := tls12Suites[suiteID]
	if !ok {
		return nil, nil, fmt.Errorf("cipher suite 0x%04x cannot be decrypted (AES-CBC, 3DES-CBC, AES-GCM, AES-CCM and ChaCha20-Poly1305 suites only)", suiteID)
	}
	if v < ca.VersionTLS10 {
		return nil, nil, fmt.Errorf("%v records cannot be decrypted (TLS 1.0 to 1.2 only)", v)
	}
	if s.aead() && v < ca.VersionTLS12 || s.prf().Size() > sha256.Size && v < ca.VersionTLS12 {
		return nil, nil, fmt.Errorf("cipher suite 0x%04x is TLS 1.2 only, negotiated in %v", suiteID, v)
	}
	if len(master) != masterSecretLen {
		return nil, nil, fmt.Errorf("master secret of %d bytes, want %d", len(master), masterSecretLen)
	}
	ml, kl, il := s.macLen(), s.keyLen, s.fixedIVLen()
	seed := append(append([]byte{}, serverRandom...), clientRandom...)
	kb := prf(v, s.prf, master, "key expansion", seed, 2*(ml+kl+il))
	cut := func(n int) []byte {
		b := kb[:n:n]
		kb = kb[n:]
		return b
	}
	cm, sm, ck, sk, ci, si := cut(ml), cut(ml), cut(kl), cut(kl), cut(il), cut(il)
	if client, err = s.keys(v, etm, cm, ck, ci); err != nil {
		return nil, nil, err
	}
	server, err = s.keys(v, etm, sm, sk, si)
	return client, server, err
}

func (s tls12Suite) keys(v ca.Version, etm bool, macKey, key, iv []byte) (*keys12, error) {
	k := &keys12{suite: s, version: v, etm: etm && !s.aead(), macKey: macKey, iv: iv}
	var err error
	switch s.bulk {
	case bulkAESCBC:
		k.block, err = aes.NewCipher(key)
	case bulk3DES:
		k.block, err = des.NewTripleDESCipher(key)
	case bulkAESGCM:
		k.aead, err = newGCM(key)
	case bulkAESCCM, bulkAESCCM8:
		var b cipher.Block
		if b, err = aes.NewCipher(key); err == nil {
			tag := 16
			if s.bulk == bulkAESCCM8 {
				tag = 8
			}
			k.aead = newCCM(b, tag)
		}
	case bulkChaCha:
		k.aead, err = chacha20poly1305.New(key)
	}
	return k, err
}

var errBadRecordMAC = errors.New("bad record MAC")

// open decrypts one TLSCiphertext of content type typ and record version
// vers (RFC 5246 §6.2.3) and advances the sequence number.
func (k *keys12) open(typ byte, vers [2]byte, body []byte) ([]byte, error) {
	var pt []byte
	var err error
	if k.aead != nil {
		pt, err = k.openAEAD(typ, vers, body)
	} else {
		pt, err = k.openCBC(typ, vers, body)
	}
	if err != nil {
		return nil, err
	}
	k.seq++
	return pt, nil
}

// additionalData is seq_num + type + version + length (RFC 5246 §6.2.3.1,
// §6.2.3.3).
func (k *keys12) additionalData(typ byte, vers [2]byte, n int) []byte {
	b := make([]byte, 13)
	for i := range 8 {
		b[i] = byte(k.seq >> (56 - 8*i))
	}
	b[8], b[9], b[10], b[11], b[12] = typ, vers[0], vers[1], byte(n>>8), byte(n)
	return b
}

func (k *keys12) openAEAD(typ byte, vers [2]byte, body []byte) ([]byte, error) {
	var nonce []byte
	if k.suite.bulk == bulkChaCha {
		// RFC 7905 §2: the fixed IV XOR the sequence number, nothing explicit.
		nonce = append([]byte{}, k.iv...)
		for i := range 8 {
			nonce[4+i] ^= byte(k.seq >> (56 - 8*i))
		}
	} else {
		// RFC 5288 §3, RFC 6655 §3: salt from the key block, then the
		// 8-byte nonce_explicit the record starts with.
		if len(body) < 8 {
			return nil, fmt.Errorf("record of %d bytes has no explicit nonce", len(body))
		}
		nonce = append(append([]byte{}, k.iv...), body[:8]...)
		body = body[8:]
	}
	if len(body) < k.aead.Overhead() {
		return nil, fmt.Errorf("record of %d bytes is shorter than the AEAD tag", len(body))
	}
	ad := k.additionalData(typ, vers, len(body)-k.aead.Overhead())
	pt, err := k.aead.Open(nil, nonce, body, ad)
	if err != nil {
		return nil, errBadRecordMAC
	}
	return pt, nil
}

func (k *keys12) mac(typ byte, vers [2]byte, data []byte) []byte {
	m := hmac.New(k.suite.mac, k.macKey)
	m.Write(k.additionalData(typ, vers, len(data)))
	m.Write(data)
	return m.Sum(nil)
}

func (k *keys12) openCBC(typ byte, vers [2]byte, body []byte) ([]byte, error) {
	bs, ml := k.block.BlockSize(), k.suite.macLen()
	if k.etm {
		// RFC 7366 §3: the MAC covers IV and ciphertext, and is checked
		// before decrypting.
		if len(body) < ml {
			return nil, fmt.Errorf("record of %d bytes is shorter than its MAC", len(body))
		}
		data, tag := body[:len(body)-ml], body[len(body)-ml:]
		if !hmac.Equal(k.mac(typ, vers, data), tag) {
			return nil, errBadRecordMAC
		}
		body = data
	}
	iv := k.iv
	if k.version >= ca.VersionTLS11 {
		if len(body) < bs {
			return nil, fmt.Errorf("record of %d bytes has no explicit IV", len(body))
		}
		iv, body = body[:bs], body[bs:]
	}
	if len(body) == 0 || len(body)%bs != 0 {
		return nil, fmt.Errorf("ciphertext of %d bytes is not a positive multiple of the %d-byte block", len(body), bs)
	}
	pt := make([]byte, len(body))
	cipher.NewCBCDecrypter(k.block, iv).CryptBlocks(pt, body)
	if k.version < ca.VersionTLS11 {
		// RFC 2246 §6.2.3.2: the next record's IV is this one's last
		// ciphertext block.
		k.iv = append(k.iv[:0], body[len(body)-bs:]...)
	}
	pad := int(pt[len(pt)-1])
	if pad+1 > len(pt) {
		return nil, errBadRecordMAC
	}
	for _, b := range pt[len(pt)-1-pad:] {
		if int(b) != pad {
			return nil, errBadRecordMAC
		}
	}
	pt = pt[:len(pt)-1-pad]
	if k.etm {
		return pt, nil
	}
	if len(pt) < ml {
		return nil, errBadRecordMAC
	}
	content, tag := pt[:len(pt)-ml], pt[len(pt)-ml:]
	if !hmac.Equal(k.mac(typ, vers, content), tag) {
		return nil, errBadRecordMAC
	}
	return content, nil
}
