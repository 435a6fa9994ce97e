// Package samples is the one set of test messages that tests, benchmarks and
// fuzz seeds share: the RFC 8448 trace, the seed capture's TLS 1.2
// CertificateRequest, the OpenSSL harvest under testdata/openssl, and
// synthetic messages that between them exercise every row of the bounds table.
package samples

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
)

// Sample is one whole handshake message (header included) and the Params it
// parses under.
type Sample struct {
	Name   string
	Params ca.Params
	Msg    []byte
	// Reject, when set, is the requirement a real stack's message violates:
	// the parser must refuse it for that reason. Such samples are kept out
	// of All (which holds valid messages only) and returned by Rejected.
	Reject ca.Requirement
	// Tolerate, when set, lists the known deployed deviations
	// (ca.KnownDeviations) a real stack's message needs: it is refused under
	// Params and accepted under Tolerating(). Params stay strict so that tools
	// round-tripping them see the context the wire implies. Such samples are
	// kept out of All and returned by Tolerated.
	Tolerate ca.Deviations
}

// Tolerating returns s.Params with s.Tolerate set: the Params the message
// parses under.
func (s Sample) Tolerating() ca.Params {
	p := s.Params
	p.Tolerate |= s.Tolerate
	return p
}

// Root is the repository's root directory.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ReadHex reads a file of hex digits (white space ignored).
func ReadHex(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(strings.Join(strings.Fields(string(b)), ""))
}

func mustHex(path string) []byte {
	b, err := ReadHex(filepath.Join(Root(), path))
	if err != nil {
		panic(err)
	}
	return b
}

// RFC8448 returns the client-authentication messages of RFC 8448 §6 and the
// server Certificate/CertificateVerify messages of §3–§7.
func RFC8448() []Sample {
	server := ca.Params{Version: ca.VersionTLS13, FromServer: true}
	client := ca.Params{Version: ca.VersionTLS13}
	files := []struct {
		name string
		p    ca.Params
	}{
		{"s6_server_certificate_request", server},
		{"s6_client_certificate_rsa", client},
		{"s6_client_certificate_verify_rsa_pss_rsae_sha256", client},
		{"s6_server_certificate_ecdsa_p256", server},
		{"s6_server_certificate_verify_ecdsa_secp256r1_sha256", server},
		{"s3_server_certificate_rsa", server},
		{"s3_server_certificate_verify_rsa_pss_rsae_sha256", server},
		{"s5_server_certificate_verify_rsa_pss_rsae_sha256", server},
		{"s7_server_certificate_verify_rsa_pss_rsae_sha256", server},
	}
	out := make([]Sample, 0, len(files))
	for _, f := range files {
		out = append(out, Sample{Name: "rfc8448/" + f.name, Params: f.p, Msg: mustHex("testdata/rfc8448/" + f.name + ".hex")})
	}
	return out
}

// SeedCaptureSchemes are the 23 algorithms of the seed capture's TLS 1.2
// CertificateRequest (shared/seed-capture.md), in wire order.
var SeedCaptureSchemes = []ca.SignatureScheme{
	ca.SchemeECDSASecp256r1SHA256, ca.SchemeECDSASecp384r1SHA384, ca.SchemeECDSASecp521r1SHA512, ca.SchemeEd25519, ca.SchemeEd448, ca.SchemeRSAPSSPSSSHA256, ca.SchemeRSAPSSPSSSHA384, ca.SchemeRSAPSSPSSSHA512, ca.SchemeRSAPSSRSAESHA256, ca.SchemeRSAPSSRSAESHA384, ca.SchemeRSAPSSRSAESHA512,
	ca.SchemeRSAPKCS1SHA256, ca.SchemeRSAPKCS1SHA384, ca.SchemeRSAPKCS1SHA512, ca.Pair(ca.HashSHA224, ca.SigECDSA), ca.SchemeECDSASHA1, ca.Pair(ca.HashSHA224, ca.SigRSA), ca.SchemeRSAPKCS1SHA1, ca.Pair(ca.HashSHA224, ca.SigDSA), ca.Pair(ca.HashSHA1, ca.SigDSA), ca.Pair(ca.HashSHA256, ca.SigDSA), ca.Pair(ca.HashSHA384, ca.SigDSA), ca.Pair(ca.HashSHA512, ca.SigDSA),
}

// SeedCaptureCR is the seed capture's TLS 1.2 CertificateRequest, written out
// byte by byte from the dissection: handshake length 54, three certificate
// types (OpenSSL 3's rsa_sign, dss_sign, ecdsa_sign), 46 bytes of algorithms,
// an empty CA list.
func SeedCaptureCR() Sample {
	b := []byte{13, 0, 0, 54, 3, 1, 2, 64, 0, 46}
	for _, s := range SeedCaptureSchemes {
		b = append(b, byte(s>>8), byte(s))
	}
	b = append(b, 0, 0)
	return Sample{Name: "seed-capture/tls12_certificate_request", Params: ca.Params{Version: ca.VersionTLS12}, Msg: b}
}

// OpenSSL returns the harvested messages listed in testdata/openssl/manifest.tsv
// (none when the directory is absent).
func OpenSSL() ([]Sample, error) {
	return OpenSSLDir(filepath.Join(Root(), "testdata", "openssl"))
}

// OpenSSLDir reads a harvest written by scripts/harvest-openssl into dir.
func OpenSSLDir(dir string) ([]Sample, error) {
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Sample
	sc := bufio.NewScanner(f)
	var cols []string
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if cols == nil {
			cols = fields
			continue
		}
		row := map[string]string{}
		for i, c := range cols {
			if i < len(fields) {
				row[c] = fields[i]
			}
		}
		p, err := ManifestParams(row)
		if err != nil {
			return nil, fmt.Errorf("manifest %s: %v", row["file"], err)
		}
		msg, err := ReadHex(filepath.Join(dir, row["file"]))
		if err != nil {
			return nil, err
		}
		s := Sample{Name: "openssl/" + row["file"], Params: p, Msg: msg}
		if hasOption(row, "empty_ca_list") {
			s.Reject = emptyCAListRule(p)
			// A known deployed deviation (ca.KnownDeviations) is not a
			// rejection: the message parses under the tolerance.
			for _, d := range ca.KnownDeviations {
				if s.Reject != "" && d.Relaxes == s.Reject {
					s.Tolerate |= ca.Tolerating(d.Deviation)
					s.Reject = ""
				}
			}
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

func hasOption(row map[string]string, opt string) bool {
	for _, o := range strings.Split(row["options"], ",") {
		if o == opt {
			return true
		}
	}
	return false
}

// emptyCAListRule: the harvest flags CertificateRequests whose CA list is
// empty (OpenSSL sends one in TLS 1.0 and, with -no_ca_names, an empty
// certificate_authorities extension in TLS 1.3). Whether that is legal is
// the bounds table's call, not the harvest's: the rule is the CA-list row in
// force whose floor is above zero, if any.
func emptyCAListRule(p ca.Params) ca.Requirement {
	for i := range ca.Bounds {
		b := &ca.Bounds[i]
		isList := b.Struct == "CertificateRequest.certificate_authorities" ||
			b.Struct == "CertificateAuthoritiesExtension.authorities"
		if isList && b.Applies(p.Version, p.Profile) && b.Min > 0 {
			return b.Requirement
		}
	}
	return ""
}

// ManifestParams maps a manifest row (version, kex, suite, sender, options)
// to Params.
func ManifestParams(row map[string]string) (ca.Params, error) {
	var p ca.Params
	v, ok := ca.ParseVersion(row["version"])
	if !ok {
		return p, fmt.Errorf("version %q", row["version"])
	}
	p.Version = v
	if k := row["kex"]; k != "" && k != "-" {
		if p.KeyExchange, ok = ca.ParseKeyExchange(k); !ok {
			return p, fmt.Errorf("kex %q", k)
		}
	}
	// A TLS 1.3 Finished is as long as the suite's hash; earlier versions
	// always use 12 bytes.
	if s := row["suite"]; v == ca.VersionTLS13 && s != "" && s != "-" {
		switch {
		case strings.HasSuffix(s, "_SHA256"):
			p.FinishedLen = 32
		case strings.HasSuffix(s, "_SHA384"):
			p.FinishedLen = 48
		default:
			return p, fmt.Errorf("suite %q: unknown hash", s)
		}
	} else if v == ca.VersionTLS13 && row["message"] == "finished" {
		return p, fmt.Errorf("TLS 1.3 Finished without the negotiated suite")
	}
	p.FromServer = row["sender"] == "server"
	for _, o := range strings.Split(row["options"], ",") {
		switch o {
		case "pha":
			p.PostHandshake = true
		case "rpk":
			p.CertType = ca.CertTypeRawPublicKey
		}
	}
	return p, nil
}

// Cert returns an X.509 Certificate's outer shape of exactly n bytes
// (n ≥ 9): SEQUENCE { tbsCertificate SEQUENCE, signatureAlgorithm
// SEQUENCE {}, signatureValue BIT STRING }, the tbsCertificate holding
// zeros. It panics when no such value has n bytes (n = 130, for one).
func Cert(n int) []byte {
	for _, tail := range [][]byte{{der.TagSequence, 0, der.TagBitString, 1, 0}, {der.TagSequence, 0, der.TagBitString, 2, 0, 0}} {
		for outer := 2; outer <= 6; outer++ {
			for tbs := 2; tbs <= 6; tbs++ {
				k := n - outer - tbs - len(tail)
				if k < 0 {
					continue
				}
				body := append(der.Wrap(nil, der.TagSequence, make([]byte, k)), tail...)
				if b := der.Wrap(nil, der.TagSequence, body); len(b) == n {
					return b
				}
			}
		}
	}
	panic(fmt.Sprintf("samples: no certificate shape of %d bytes", n))
}

// NameOf returns the DER X.501 Name CN=cn (one RDN, a UTF8String value).
func NameOf(cn string) []byte {
	return nameWith([]byte(cn))
}

// oidCommonName is id-at-commonName (2.5.4.3) as OID contents.
var oidCommonName = []byte{0x55, 0x04, 0x03}

func nameWith(value []byte, more ...byte) []byte {
	return der.Wrap(nil, der.TagSequence, append(rdn(value), more...))
}

// rdn is the RelativeDistinguishedName { CN=value }.
func rdn(value []byte) []byte {
	atv := append(der.Wrap(nil, der.TagOID, oidCommonName), der.Wrap(nil, 0x0c, value)...)
	return der.Wrap(nil, der.TagSet, der.Wrap(nil, der.TagSequence, atv))
}

// Name returns a DER X.501 Name of exactly n bytes: the empty Name (30 00)
// for n = 2, otherwise CN= a run of 'a', followed by an empty CN when the
// length octets leave no other way (n ≥ 13). It panics when no Name has n
// bytes (n = 130, for one: no DER TLV is that long).
func Name(n int) []byte {
	if n == 2 {
		return []byte{der.TagSequence, 0}
	}
	for _, more := range [][]byte{nil, rdn(nil)} {
		for k := n - 13; k >= 0 && k >= n-40; k-- {
			if b := nameWith(bytes.Repeat([]byte{'a'}, k), more...); len(b) == n {
				return b
			}
		}
	}
	panic(fmt.Sprintf("samples: no DER Name of %d bytes", n))
}

// DER returns one DER SEQUENCE of exactly n bytes (n ≥ 2).
func DER(n int) []byte {
	for hdr := 2; hdr <= 6; hdr++ {
		if b := der.Wrap(nil, der.TagSequence, make([]byte, n-hdr)); len(b) == n {
			return b
		}
	}
	panic(fmt.Sprintf("samples: no DER SEQUENCE of %d bytes", n))
}

// SPKI returns a DER SubjectPublicKeyInfo of exactly n bytes (n ≥ 6):
// SEQUENCE { SEQUENCE {}, BIT STRING }.
func SPKI(n int) []byte {
	for outer := 2; outer <= 6; outer++ {
		for bits := 2; bits <= 6; bits++ {
			inner := append([]byte{der.TagSequence, 0}, der.Wrap(nil, der.TagBitString, make([]byte, max(0, n-outer-2-bits)))...)
			if b := der.Wrap(nil, der.TagSequence, inner); len(b) == n {
				return b
			}
		}
	}
	panic(fmt.Sprintf("samples: no SubjectPublicKeyInfo of %d bytes", n))
}
