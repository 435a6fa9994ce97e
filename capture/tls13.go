package capture

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"

	"golang.org/x/crypto/chacha20poly1305"
)

// tls13Suite is what record protection needs from a TLS 1.3 cipher suite
// (RFC 8446 §B.4).
type tls13Suite struct {
	hash    func() hash.Hash
	hashLen int
	keyLen  int
	aead    func(key []byte) (cipher.AEAD, error)
}

func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// tls13Suites are the suites this package decrypts: all five of RFC 8446
// §B.4. CCM comes from this package (ccm.go): neither the standard library
// nor x/crypto has it.
var tls13Suites = map[uint16]tls13Suite{
	0x1301: {sha256.New, 32, 16, newGCM},               // TLS_AES_128_GCM_SHA256
	0x1302: {sha512.New384, 48, 32, newGCM},            // TLS_AES_256_GCM_SHA384
	0x1303: {sha256.New, 32, 32, chacha20poly1305.New}, // TLS_CHACHA20_POLY1305_SHA256
	0x1304: {sha256.New, 32, 16, newAESCCM(16)},        // TLS_AES_128_CCM_SHA256
	0x1305: {sha256.New, 32, 16, newAESCCM(8)},         // TLS_AES_128_CCM_8_SHA256
}

// newAESCCM returns an AEAD constructor for AES-CCM with the given tag
// length.
func newAESCCM(tagLen int) func(key []byte) (cipher.AEAD, error) {
	return func(key []byte) (cipher.AEAD, error) {
		b, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		return newCCM(b, tagLen), nil
	}
}

// expandLabel is HKDF-Expand-Label with an empty context (8446 §7.1).
func expandLabel(h func() hash.Hash, secret []byte, label string, n int) ([]byte, error) {
	full := "tls13 " + label
	info := make([]byte, 0, 4+len(full))
	info = append(info, byte(n>>8), byte(n), byte(len(full)))
	info = append(info, full...)
	info = append(info, 0)
	return hkdf.Expand(h, secret, string(info), n)
}

// trafficKeys protect one direction under one traffic secret (8446 §7.3,
// §5.3).
type trafficKeys struct {
	id     uint16
	suite  tls13Suite
	secret []byte
	aead   cipher.AEAD
	iv     [12]byte
	seq    uint64
}

func newTrafficKeys(suite uint16, secret []byte) (*trafficKeys, error) {
	s, ok := tls13Suites[suite]
	if !ok {
		return nil, fmt.Errorf("TLS 1.3 cipher suite 0x%04x not supported", suite)
	}
	if len(secret) != s.hashLen {
		return nil, fmt.Errorf("secret of %d bytes where the suite's hash has %d", len(secret), s.hashLen)
	}
	key, err := expandLabel(s.hash, secret, "key", s.keyLen)
	if err != nil {
		return nil, err
	}
	iv, err := expandLabel(s.hash, secret, "iv", 12)
	if err != nil {
		return nil, err
	}
	a, err := s.aead(key)
	if err != nil {
		return nil, err
	}
	k := &trafficKeys{id: suite, suite: s, secret: secret, aead: a}
	copy(k.iv[:], iv)
	return k, nil
}

// next is the key schedule step a KeyUpdate triggers (8446 §7.2).
func (k *trafficKeys) next() (*trafficKeys, error) {
	s, err := expandLabel(k.suite.hash, k.secret, "traffic upd", k.suite.hashLen)
	if err != nil {
		return nil, err
	}
	return newTrafficKeys(k.id, s)
}

// open decrypts one record: the nonce is the IV XOR the 64-bit record
// sequence number, the additional data the record header (8446 §5.2, §5.3).
// The sequence number advances only when the record opens, so a record
// that is skipped (rejected 0-RTT data) does not count.
func (k *trafficKeys) open(dst, header, body []byte) ([]byte, error) {
	nonce := k.iv
	for i := 0; i < 8; i++ {
		nonce[4+i] ^= byte(k.seq >> (56 - 8*i))
	}
	pt, err := k.aead.Open(dst, nonce[:], body, header)
	if err != nil {
		return nil, err
	}
	k.seq++
	return pt, nil
}

// keyLog maps a ClientHello random (as a string) to its labelled secrets.
type keyLog map[string]map[string][]byte

// missing says what the key log lacks for a connection.
func (kl keyLog) missing(random []byte, label string) string {
	switch {
	case len(kl) == 0:
		return "the key log is empty"
	case kl[string(random)] == nil:
		return fmt.Sprintf("the key log has no line for ClientHello random %x", random)
	}
	return fmt.Sprintf("the key log has no %s line for ClientHello random %x", label, random)
}

// parseKeyLog reads the NSS key log format: "LABEL <client random hex>
// <secret hex>" per line, # comments. Lines of other shapes are skipped (key
// logs mix in labels this package does not use); a log with lines but no
// usable one is an error, since it is then surely not a key log. A log with
// no line at all (blank lines and comments only: the file a program that
// honours SSLKEYLOGFILE creates before its first handshake) is a key log
// with no entries, not nil.
func parseKeyLog(b []byte) (keyLog, error) {
	if b == nil {
		return nil, nil
	}
	kl := keyLog{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<16)
	lines := 0
	for sc.Scan() {
		f := bytes.Fields(sc.Bytes())
		if len(f) == 0 || f[0][0] == '#' {
			continue
		}
		lines++
		if len(f) != 3 || len(f[1]) != 64 {
			continue
		}
		random, err1 := hex.DecodeString(string(f[1]))
		secret, err2 := hex.DecodeString(string(f[2]))
		if err1 != nil || err2 != nil || len(secret) == 0 {
			continue
		}
		m := kl[string(random)]
		if m == nil {
			m = map[string][]byte{}
			kl[string(random)] = m
		}
		m[string(f[0])] = secret
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("capture: key log: %v", err)
	}
	if len(kl) == 0 && lines > 0 {
		return nil, fmt.Errorf("capture: key log has no NSS key log line (LABEL <64 hex digits> <hex secret>) among its %d lines", lines)
	}
	return kl, nil
}
