package flow

import (
	"testing"

	ca "github.com/clientauth/clientauth"
)

// TestSchemeSuits pins which key may make which CertificateVerify
// (8446-4.4.3-f, 5246-7.4.8-c), case by case: TLS 1.2 decodes a pair into
// hash and signature algorithm and ignores the hash, so ECDSA pairs take any
// EC key; TLS 1.3 ECDSA schemes name their curve. A SHA-224 pair cannot be
// fed (the parser refuses it first, 8446-4.2.3-k), so only this test
// reaches its decoding.
func TestSchemeSuits(t *testing.T) {
	v12, v13 := ca.VersionTLS12, ca.VersionTLS13
	all := []keyKind{keyRSA, keyRSAPSS, keyDSA, keyDH, keyECP256, keyECP384, keyECP521, keyECOther, keyEd25519, keyEd448}
	only := func(ks ...keyKind) map[keyKind]bool {
		m := map[keyKind]bool{}
		for _, k := range ks {
			m[k] = true
		}
		return m
	}
	ec := only(keyECP256, keyECP384, keyECP521, keyECOther)
	for _, c := range []struct {
		v     ca.Version
		s     ca.SignatureScheme
		suits map[keyKind]bool // nil: not judged
	}{
		// TLS 1.2 pairs: hash in the high byte, signature in the low.
		{v12, 0x0201, only(keyRSA)}, // sha1, rsa
		{v12, 0x0202, only(keyDSA)}, // sha1, dsa
		{v12, 0x0203, ec},           // sha1, ecdsa
		{v12, 0x0301, only(keyRSA)}, // sha224, rsa
		{v12, 0x0302, only(keyDSA)}, // sha224, dsa
		{v12, 0x0303, ec},           // sha224, ecdsa
		{v12, 0x0403, ec},           // sha256, ecdsa: no curve
		{v12, 0x0503, ec},
		{v12, 0x0603, ec},
		{v12, 0x0601, only(keyRSA)},
		{v12, 0x0101, only(keyRSA)}, // md5, rsa
		{v12, 0x0200, nil},          // anonymous
		{v12, 0x0204, nil},          // no signature algorithm 4
		// TLS 1.2 with TLS 1.3 schemes (hash byte 8).
		{v12, 0x0804, only(keyRSA)},
		{v12, 0x0809, only(keyRSAPSS)},
		{v12, 0x0807, only(keyEd25519)},
		{v12, 0x0808, only(keyEd448)},
		// TLS 1.3: the curve is part of the scheme.
		{v13, 0x0403, only(keyECP256)},
		{v13, 0x0503, only(keyECP384)},
		{v13, 0x0603, only(keyECP521)},
		{v13, 0x0203, ec},
		{v13, 0x0401, only(keyRSA)},
		{v13, 0x0201, only(keyRSA)},
		{v13, 0x0806, only(keyRSA)},
		{v13, 0x080b, only(keyRSAPSS)},
		{v13, 0x0807, only(keyEd25519)},
		{v13, 0x0808, only(keyEd448)},
		{v13, 0x0302, nil}, // not a TLS 1.3 scheme
		{v13, 0x081a, nil}, // brainpool: not judged
	} {
		for _, k := range all {
			suits, known := schemeSuits(c.v, c.s, k)
			if known != (c.suits != nil) || suits != c.suits[k] {
				t.Errorf("%v %v with key %d: suits %v, known %v; want %v, %v", c.v, c.s, k, suits, known, c.suits[k], c.suits != nil)
			}
		}
		if _, known := schemeSuits(c.v, c.s, keyUnknown); known {
			t.Errorf("%v %v: an unknown key is judged", c.v, c.s)
		}
	}
}
