// Package keygen makes the private keys of the tree's throwaway PKIs
// (harvest's certificate matrix, the capture tests' CA), named by the key
// kinds harvest's matrix and manifest use.
package keygen

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
)

// Key kinds Go can make.
const (
	RSA2048 = "rsa2048"
	P256    = "p256"
	P384    = "p384"
	Ed25519 = "ed25519"
)

// New returns a new key of the kind. Any other kind is an error: Ed448,
// which crypto has not, is made by OpenSSL (harvest's newPKI).
func New(kind string) (crypto.Signer, error) {
	switch kind {
	case RSA2048:
		return rsa.GenerateKey(rand.Reader, 2048)
	case P256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case P384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case Ed25519:
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return k, err
	}
	return nil, fmt.Errorf("no Go key type %q", kind)
}
