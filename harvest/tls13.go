package harvest

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// This file decrypts the TLS 1.3 records of one relayed connection with an
// NSS key log. It stands in for package capture's FromStreams until that
// lands: the same job (RFC 8446 §5.2–5.3 and §7.1–7.3), reduced to what the
// harvester needs — no KeyUpdate, one connection, whole streams.

// keyLogSecrets returns the key log's secrets for one ClientHello random.
func keyLogSecrets(keyLog []byte, random []byte) map[string][]byte {
	want := hex.EncodeToString(random)
	out := map[string][]byte{}
	for line := range strings.SplitSeq(string(keyLog), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 || !strings.EqualFold(f[1], want) {
			continue
		}
		if s, err := hex.DecodeString(f[2]); err == nil {
			out[f[0]] = s
		}
	}
	return out
}

// expandLabel is HKDF-Expand-Label (8446 §7.1) with an empty context.
func expandLabel(h func() hash.Hash, secret []byte, label string, n int) ([]byte, error) {
	full := "tls13 " + label
	info := []byte{byte(n >> 8), byte(n), byte(len(full))}
	info = append(info, full...)
	info = append(info, 0)
	return hkdf.Expand(h, secret, string(info), n)
}

// recordKeys is one direction's traffic protection (8446 §7.3, §5.3).
type recordKeys struct {
	aead cipher.AEAD
	iv   []byte
	seq  uint64
}

func newRecordKeys(suite uint16, secret []byte) (*recordKeys, error) {
	h, keyLen := sha256.New, 16
	switch suite {
	case 0x1301:
	case 0x1302:
		h, keyLen = sha512.New384, 32
	default:
		// TLS_CHACHA20_POLY1305_SHA256 would need x/crypto's chacha20poly1305
		// and with it x/sys; the relayed matrix never asks for it.
		return nil, fmt.Errorf("TLS 1.3 suite 0x%04x unknown", suite)
	}
	key, err := expandLabel(h, secret, "key", keyLen)
	if err != nil {
		return nil, err
	}
	iv, err := expandLabel(h, secret, "iv", 12)
	if err != nil {
		return nil, err
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	a, err := cipher.NewGCM(b)
	return &recordKeys{aead: a, iv: iv}, err
}

func (k *recordKeys) open(header, body []byte) ([]byte, error) {
	nonce := bytes.Clone(k.iv)
	var seq [8]byte
	binary.BigEndian.PutUint64(seq[:], k.seq)
	for i := range seq {
		nonce[len(nonce)-8+i] ^= seq[i]
	}
	k.seq++
	return k.aead.Open(nil, nonce, body, header)
}

// decrypt13 returns the handshake messages of one direction of a TLS 1.3
// connection: plaintext hellos, then the records under the handshake traffic
// secret until the side's Finished, then under the first application secret.
func decrypt13(stream []byte, suite uint16, hsSecret, appSecret []byte) ([][]byte, error) {
	keys, err := newRecordKeys(suite, hsSecret)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	var pending []byte
	for n := 0; len(stream) > 0; n++ {
		if len(stream) < 5 {
			return nil, fmt.Errorf("record %d: truncated header", n)
		}
		typ, l := stream[0], int(stream[3])<<8|int(stream[4])
		if len(stream) < 5+l {
			return nil, fmt.Errorf("record %d: truncated", n)
		}
		header, body := stream[:5], stream[5:5+l]
		stream = stream[5+l:]
		switch typ {
		case 22:
			pending = append(pending, body...)
		case 23:
			if keys == nil {
				continue // application data under keys we do not follow
			}
			pt, err := keys.open(header, body)
			if err != nil {
				return nil, fmt.Errorf("record %d: decrypt: %v", n, err)
			}
			i := len(pt) - 1
			for i >= 0 && pt[i] == 0 {
				i--
			}
			if i < 0 {
				return nil, fmt.Errorf("record %d: no inner content type", n)
			}
			if pt[i] != 22 {
				continue
			}
			pending = append(pending, pt[:i]...)
		default:
			continue
		}
		st := parser.NewStream(pending)
		finished := false
		for {
			m, _, ok := st.Next()
			if !ok {
				break
			}
			out = append(out, bytes.Clone(m))
			finished = finished || ca.HandshakeType(m[0]) == ca.TypeFinished
		}
		pending = bytes.Clone(st.Rest())
		if finished && typ == 23 && hsSecret != nil {
			// The side's Finished ends its handshake keys (8446 §7.3).
			hsSecret = nil
			if appSecret == nil {
				keys = nil
			} else if keys, err = newRecordKeys(suite, appSecret); err != nil {
				return nil, err
			}
		}
	}
	if len(pending) != 0 {
		return nil, fmt.Errorf("%d bytes of an unfinished handshake message at the end", len(pending))
	}
	return out, nil
}
