package keygen

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"testing"
)

func TestNew(t *testing.T) {
	for _, kind := range []string{RSA2048, P256, P384, Ed25519} {
		k, err := New(kind)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		var ok bool
		switch pub := k.Public().(type) {
		case *rsa.PublicKey:
			ok = kind == RSA2048 && pub.N.BitLen() == 2048
		case *ecdsa.PublicKey:
			ok = kind == P256 && pub.Curve.Params().BitSize == 256 || kind == P384 && pub.Curve.Params().BitSize == 384
		case ed25519.PublicKey:
			ok = kind == Ed25519
		}
		if !ok {
			t.Errorf("%s: made a %T", kind, k.Public())
		}
	}
	for _, kind := range []string{"ed448", "none", ""} {
		if k, err := New(kind); err == nil || k != nil {
			t.Errorf("New(%q) = %T, %v; want an error", kind, k, err)
		}
	}
}
