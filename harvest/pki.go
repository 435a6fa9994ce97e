package harvest

import (
	"crypto"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/clientauth/clientauth/internal/keygen"
)

// Key types of the client-key matrix (and of server keys).
const (
	KeyRSA2048 = keygen.RSA2048
	KeyP256    = keygen.P256
	KeyP384    = keygen.P384
	KeyEd25519 = keygen.Ed25519
	KeyEd448   = "ed448"
	KeyNone    = "none" // no client certificate
)

// pki is the throwaway PKI of one harvest: a root CA, an unrelated second CA
// (for two-name CA lists), server certificates and client certificates, all
// written as PEM files in dir so that command-line stacks can load them.
type pki struct {
	dir      string
	caCert   *x509.Certificate
	caKey    crypto.Signer
	otherCA  *x509.Certificate
	certs    map[string]tls.Certificate // "srv_p256", "cli_ed25519", …
	hasEd448 bool
}

func (p *pki) certFile(name string) string { return filepath.Join(p.dir, name+".pem") }
func (p *pki) keyFile(name string) string  { return filepath.Join(p.dir, name+".key") }
func (p *pki) spkiFile(name string) string { return filepath.Join(p.dir, name+".spki.pem") }
func (p *pki) caFile() string              { return filepath.Join(p.dir, "ca.pem") }
func (p *pki) ca2File() string             { return filepath.Join(p.dir, "ca2.pem") }

func writePEM(path, typ string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600)
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	return n
}

// newPKI makes every certificate of the matrix. openssl, when not empty, is
// the binary that makes the Ed448 client key (crypto/x509 has no Ed448).
func newPKI(dir, openssl string) (*pki, error) {
	p := &pki{dir: dir, certs: map[string]tls.Certificate{}}
	now := time.Now().Add(-time.Hour)
	mkCA := func(name, cn string) (*x509.Certificate, crypto.Signer, error) {
		k, err := keygen.New(KeyRSA2048)
		if err != nil {
			return nil, nil, err
		}
		t := &x509.Certificate{
			SerialNumber: serial(), Subject: pkix.Name{Organization: []string{"clientauth harvest"}, CommonName: cn},
			NotBefore: now, NotAfter: now.Add(30 * 24 * time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		}
		der, err := x509.CreateCertificate(rand.Reader, t, t, k.Public(), k)
		if err != nil {
			return nil, nil, err
		}
		c, _ := x509.ParseCertificate(der)
		if err := writePEM(filepath.Join(dir, name+".pem"), "CERTIFICATE", der); err != nil {
			return nil, nil, err
		}
		pk, _ := x509.MarshalPKCS8PrivateKey(k)
		return c, k, writePEM(filepath.Join(dir, name+".key"), "PRIVATE KEY", pk)
	}
	var err error
	if p.caCert, p.caKey, err = mkCA("ca", "Harvest Test CA"); err != nil {
		return nil, err
	}
	p.otherCA, _, err = mkCA("otherca", "Harvest Unrelated CA")
	if err != nil {
		return nil, err
	}
	two := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.caCert.Raw}),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.otherCA.Raw})...)
	if err := os.WriteFile(p.ca2File(), two, 0o600); err != nil {
		return nil, err
	}
	issue := func(name, kind, cn string, server bool) error {
		k, err := keygen.New(kind)
		if err != nil {
			return fmt.Errorf("harvest: %v", err)
		}
		t := &x509.Certificate{
			SerialNumber: serial(), Subject: pkix.Name{Organization: []string{"clientauth harvest"}, CommonName: cn},
			NotBefore: now, NotAfter: now.Add(30 * 24 * time.Hour),
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		}
		if server {
			t.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
			t.DNSNames = []string{"localhost"}
			t.IPAddresses = []net.IP{net.IPv4(127, 0, 0, 1)}
			if kind == KeyRSA2048 {
				// RSA key transport (TLS ≤1.2 kex rsa) encrypts to this key.
				t.KeyUsage |= x509.KeyUsageKeyEncipherment
			}
		}
		der, err := x509.CreateCertificate(rand.Reader, t, p.caCert, k.Public(), p.caKey)
		if err != nil {
			return err
		}
		pk, _ := x509.MarshalPKCS8PrivateKey(k)
		spki, _ := x509.MarshalPKIXPublicKey(k.Public())
		if err := writePEM(p.certFile(name), "CERTIFICATE", der); err != nil {
			return err
		}
		if err := writePEM(p.keyFile(name), "PRIVATE KEY", pk); err != nil {
			return err
		}
		if err := writePEM(p.spkiFile(name), "PUBLIC KEY", spki); err != nil {
			return err
		}
		p.certs[name] = tls.Certificate{Certificate: [][]byte{der}, PrivateKey: k}
		return nil
	}
	for _, k := range []string{KeyRSA2048, KeyP256, KeyEd25519} {
		if err := issue("srv_"+k, k, "localhost", true); err != nil {
			return nil, err
		}
	}
	for _, k := range []string{KeyRSA2048, KeyP256, KeyP384, KeyEd25519} {
		if err := issue("cli_"+k, k, "client "+k, false); err != nil {
			return nil, err
		}
	}
	if openssl != "" {
		if err := p.ed448(openssl); err != nil {
			return nil, err
		}
		p.hasEd448 = true
	}
	return p, nil
}

// ed448 makes the Ed448 client certificate with the openssl tool, signed by
// the Go-made CA.
func (p *pki) ed448(openssl string) error {
	name := "cli_" + KeyEd448
	ext := filepath.Join(p.dir, "client.ext")
	if err := os.WriteFile(ext, []byte("extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n"), 0o600); err != nil {
		return err
	}
	csr := filepath.Join(p.dir, name+".csr")
	steps := [][]string{
		{"genpkey", "-algorithm", "ED448", "-out", p.keyFile(name)},
		{"pkey", "-in", p.keyFile(name), "-pubout", "-out", p.spkiFile(name)},
		{"req", "-new", "-key", p.keyFile(name), "-subj", "/O=clientauth harvest/CN=client ed448", "-out", csr},
		{"x509", "-req", "-in", csr, "-CA", p.caFile(), "-CAkey", filepath.Join(p.dir, "ca.key"),
			"-set_serial", serial().String(), "-days", "30", "-extfile", ext, "-out", p.certFile(name)},
	}
	for _, s := range steps {
		if out, err := exec.Command(openssl, s...).CombinedOutput(); err != nil {
			return fmt.Errorf("harvest: openssl %s: %v: %s", s[0], err, out)
		}
	}
	return nil
}
