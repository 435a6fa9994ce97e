package bench

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
)

// Certificates are real X.509 (crypto/x509), signed with Ed25519 keys derived
// from fixed seeds: Ed25519 signatures are deterministic, so the benchmark
// inputs are the same bytes on every run and every machine, which base-vs-head
// comparisons need. (ECDSA signatures and RSA key generation draw randomness
// the caller cannot fix in Go ≥ 1.24.)

// epoch fixes every validity period and timestamp.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// paddingOID names a private, non-critical extension that brings a
// certificate to the size a benchmark asks for.
var paddingOID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 55555, 7, 1}

func seededKey(label string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("clientauth bench key: " + label))
	return ed25519.NewKeyFromSeed(seed[:])
}

// issuer signs certificates.
type issuer struct {
	cert *x509.Certificate
	key  ed25519.PrivateKey
}

// certSpec describes one certificate to make.
type certSpec struct {
	name   string // CommonName, and the key's seed label
	serial int64
	isCA   bool
	size   int // DER bytes wanted
}

// makeCert returns a certificate of spec.size bytes (or the nearest size
// above it that DER length encodings allow) signed by parent (self-signed when
// parent is nil).
func makeCert(spec certSpec, parent *issuer) (*issuer, error) {
	key := seededKey(spec.name)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(spec.serial),
		Subject: pkix.Name{
			Country:      []string{"NL"},
			Organization: []string{"Clientauth Benchmarks"},
			CommonName:   spec.name,
		},
		NotBefore:             epoch,
		NotAfter:              epoch.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  spec.isCA,
	}
	if spec.isCA {
		tmpl.KeyUsage |= x509.KeyUsageCertSign
	} else {
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		tmpl.DNSNames = []string{spec.name + ".clients.example"}
	}
	signer := &issuer{cert: tmpl, key: key}
	if parent != nil {
		signer = parent
	}
	// Padding changes the lengths of the enclosing DER values too, and
	// crossing 128 or 256 bytes adds a length byte: step towards the target
	// and keep the closest result.
	pad := 0
	var best []byte
	for range 8 {
		tmpl.ExtraExtensions = []pkix.Extension{{Id: paddingOID, Value: make([]byte, pad)}}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, signer.cert, key.Public(), signer.key)
		if err != nil {
			return nil, fmt.Errorf("bench: certificate %s: %v", spec.name, err)
		}
		if best == nil || abs(spec.size-len(der)) < abs(spec.size-len(best)) {
			best = der
		}
		diff := spec.size - len(der)
		if diff == 0 || pad+diff < 0 {
			break
		}
		pad += diff
	}
	der := best
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("bench: certificate %s does not parse: %v", spec.name, err)
	}
	return &issuer{cert: cert, key: key}, nil
}

// chain returns n certificates of about size bytes each, leaf first: a leaf
// signed by n-2 intermediates under a root, as a client sends them.
func chain(label string, n, size int) ([]*x509.Certificate, error) {
	certs := make([]*issuer, n)
	var parent *issuer
	for i := n - 1; i >= 0; i-- {
		spec := certSpec{name: fmt.Sprintf("%s CA %d", label, i), serial: int64(1000 + i), isCA: i > 0, size: size}
		if i == 0 {
			spec.name = label + " client"
		}
		c, err := makeCert(spec, parent)
		if err != nil {
			return nil, err
		}
		certs[i], parent = c, c
	}
	out := make([]*x509.Certificate, n)
	for i, c := range certs {
		out[i] = c.cert
	}
	return out, nil
}

// distinguishedNames returns n DER Names of CAs, as servers list acceptable
// issuers in certificate_authorities.
func distinguishedNames(n int) ([][]byte, error) {
	out := make([][]byte, n)
	for i := range out {
		name := pkix.Name{
			Country:      []string{"NL"},
			Organization: []string{"Clientauth Benchmarks"},
			CommonName:   fmt.Sprintf("Bench Client Issuing CA %03d", i),
		}
		der, err := asn1.Marshal(name.ToRDNSequence())
		if err != nil {
			return nil, err
		}
		out[i] = der
	}
	return out, nil
}

// OCSP structures of RFC 6960 §4.2.1, as golang.org/x/crypto/ocsp encodes
// them (its CreateResponse cannot sign with Ed25519, whose determinism the
// inputs need).
type (
	ocspCertID struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		NameHash      []byte
		IssuerKeyHash []byte
		SerialNumber  *big.Int
	}
	ocspSingleResponse struct {
		CertID     ocspCertID
		Good       asn1.Flag `asn1:"tag:0,optional"`
		ThisUpdate time.Time `asn1:"generalized"`
		NextUpdate time.Time `asn1:"generalized,explicit,tag:0,optional"`
	}
	ocspResponseData struct {
		RawResponderID asn1.RawValue
		ProducedAt     time.Time `asn1:"generalized"`
		Responses      []ocspSingleResponse
	}
	ocspBasicResponse struct {
		TBSResponseData    asn1.RawValue
		SignatureAlgorithm pkix.AlgorithmIdentifier
		Signature          asn1.BitString
	}
	ocspResponseBytes struct {
		ResponseType asn1.ObjectIdentifier
		Response     []byte
	}
	ocspResponse struct {
		Status        asn1.Enumerated
		ResponseBytes ocspResponseBytes `asn1:"explicit,tag:0,optional"`
	}
)

var (
	oidSHA1      = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidEd25519   = asn1.ObjectIdentifier{1, 3, 101, 112}
	oidOCSPBasic = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}
)

// ocspResponseFor returns a DER OCSPResponse saying cert is good, signed by
// a responder key with Ed25519.
func ocspResponseFor(cert, issuerCert *x509.Certificate) ([]byte, error) {
	responder := seededKey("bench OCSP responder")
	keyHash := sha256.Sum256(responder.Public().(ed25519.PublicKey))
	idBytes, err := asn1.Marshal(keyHash[:20])
	if err != nil {
		return nil, err
	}
	nameHash := sha256.Sum256(issuerCert.RawSubject)
	issuerKeyHash := sha256.Sum256(issuerCert.RawSubjectPublicKeyInfo)
	tbs, err := asn1.Marshal(ocspResponseData{
		RawResponderID: asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 2, IsCompound: true, Bytes: idBytes},
		ProducedAt:     epoch,
		Responses: []ocspSingleResponse{{
			CertID: ocspCertID{
				HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA1, Parameters: asn1.NullRawValue},
				NameHash:      nameHash[:20],
				IssuerKeyHash: issuerKeyHash[:20],
				SerialNumber:  cert.SerialNumber,
			},
			Good:       true,
			ThisUpdate: epoch,
			NextUpdate: epoch.AddDate(0, 0, 7),
		}},
	})
	if err != nil {
		return nil, err
	}
	sig := ed25519.Sign(responder, tbs)
	basic, err := asn1.Marshal(ocspBasicResponse{
		TBSResponseData:    asn1.RawValue{FullBytes: tbs},
		SignatureAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidEd25519},
		Signature:          asn1.BitString{Bytes: sig, BitLength: 8 * len(sig)},
	})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal(ocspResponse{ResponseBytes: ocspResponseBytes{ResponseType: oidOCSPBasic, Response: basic}})
}

// sct returns a SignedCertificateTimestamp (RFC 6962 §3.2) for certDER from
// the named log, signed with Ed25519 (codepoint 0x0807) over the RFC's
// digitally-signed input.
func sct(log string, certDER []byte) ([]byte, error) {
	key := seededKey("bench CT log " + log)
	logID := sha256.Sum256(key.Public().(ed25519.PublicKey))
	ts := uint64(epoch.UnixMilli())
	var in cryptobyte.Builder
	in.AddUint8(0) // sct_version v1
	in.AddUint8(0) // signature_type certificate_timestamp
	in.AddUint64(ts)
	in.AddUint16(0) // entry_type x509_entry
	in.AddUint24LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(certDER) })
	in.AddUint16LengthPrefixed(func(*cryptobyte.Builder) {}) // no CtExtensions
	signed, err := in.Bytes()
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddUint8(0)
	b.AddBytes(logID[:])
	b.AddUint64(ts)
	b.AddUint16LengthPrefixed(func(*cryptobyte.Builder) {})
	b.AddUint16(0x0807)
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(ed25519.Sign(key, signed)) })
	return b.Bytes()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
