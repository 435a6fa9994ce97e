package flow

import (
	"slices"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
)

// keyKind is an end-entity key's algorithm, read from its
// SubjectPublicKeyInfo; for EC keys the named curve matters to TLS 1.3.
type keyKind uint8

const (
	keyUnknown keyKind = iota
	keyRSA             // rsaEncryption
	keyRSAPSS          // id-RSASSA-PSS
	keyDSA
	keyDH // dhpublicnumber: fixed-DH client certificates
	keyECP256
	keyECP384
	keyECP521
	keyECOther // id-ecPublicKey on another (or an explicit) curve
	keyEd25519
	keyEd448
)

// Algorithm OIDs (contents octets) of the keys above.
var keyOIDs = []struct {
	oid  string
	kind keyKind
}{
	{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", keyRSA},
	{"\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a", keyRSAPSS},
	{"\x2a\x86\x48\xce\x38\x04\x01", keyDSA},
	{"\x2a\x86\x48\xce\x3e\x02\x01", keyDH},
	{"\x2a\x86\x48\xce\x3d\x02\x01", keyECOther}, // refined by the curve below
	{"\x2b\x65\x70", keyEd25519},
	{"\x2b\x65\x71", keyEd448},
}

var curveOIDs = []struct {
	oid  string
	kind keyKind
}{
	{"\x2a\x86\x48\xce\x3d\x03\x01\x07", keyECP256},
	{"\x2b\x81\x04\x00\x22", keyECP384},
	{"\x2b\x81\x04\x00\x23", keyECP521},
}

func (k keyKind) ec() bool { return k >= keyECP256 && k <= keyECOther }

// certificateTypeFits: which ClientCertificateType admits a key (RFC 5246
// §7.4.4 and §7.4.6, RFC 8422 §5.5: ecdsa_sign also covers EdDSA keys, and
// the fixed-ECDH types carry EC keys; fixed-DH types carry DH keys). A key
// this table does not know fits any requested type it does not know either,
// since nothing here can tell that they disagree.
func certificateTypeFits(k keyKind, types *[4]uint64) bool {
	has := func(t uint8) bool { return types[t>>6]&(1<<(t&63)) != 0 }
	switch {
	case k == keyRSA || k == keyRSAPSS:
		return has(1) // rsa_sign
	case k == keyDSA:
		return has(2) // dss_sign
	case k == keyDH:
		return has(3) || has(4) // rsa_fixed_dh, dss_fixed_dh
	case k.ec():
		return has(64) || has(65) || has(66) // ecdsa_sign, rsa_fixed_ecdh, ecdsa_fixed_ecdh
	case k == keyEd25519 || k == keyEd448:
		return has(64)
	}
	for i, w := range types {
		for ; w != 0; w &= w - 1 {
			t := i*64 + trailingZeros(w)
			switch t {
			case 1, 2, 3, 4, 64, 65, 66:
			default:
				return true
			}
		}
	}
	return false
}

func trailingZeros(w uint64) int {
	n := 0
	for w&1 == 0 {
		w >>= 1
		n++
	}
	return n
}

// schemeSuits says whether a CertificateVerify algorithm can be made with a
// key (8446-4.4.3-f, 5246-7.4.8-c). In TLS 1.3 an ECDSA scheme names its
// curve; a TLS 1.2 pair names only the signature algorithm. Schemes this
// table does not know are not judged (ok is false).
func schemeSuits(v ca.Version, s ca.SignatureScheme, k keyKind) (suits, ok bool) {
	if k == keyUnknown {
		return false, false
	}
	if v != ca.VersionTLS13 && s.IsLegacyPair() { // TLS 1.2 SignatureAndHashAlgorithm pair
		return keysOf(pairKeys, s.Signature(), k)
	}
	// A TLS 1.3 scheme, or in TLS 1.2 one beyond the pairs (hash byte 8):
	// an ECDSA scheme here is TLS 1.3's and names its curve.
	return keysOf(schemeKeys, s, k)
}

// keysFor is a row of the key tables: the keys that can make each of names.
type keysFor[T comparable] struct {
	keys  []keyKind
	names []T
}

var (
	ecKeys = []keyKind{keyECP256, keyECP384, keyECP521, keyECOther}

	// pairKeys: a TLS 1.2 pair's signature byte decides; the hash does not.
	pairKeys = []keysFor[ca.SignatureAlgorithm]{
		{[]keyKind{keyRSA}, []ca.SignatureAlgorithm{ca.SigRSA}},
		{[]keyKind{keyDSA}, []ca.SignatureAlgorithm{ca.SigDSA}},
		{ecKeys, []ca.SignatureAlgorithm{ca.SigECDSA}},
	}

	// schemeKeys: rsa_pss_pss needs an RSASSA-PSS key, rsa_pss_rsae and
	// PKCS#1 an rsaEncryption one; ecdsa_sha1 predates curve-named schemes.
	schemeKeys = []keysFor[ca.SignatureScheme]{
		{[]keyKind{keyRSA}, []ca.SignatureScheme{ca.SchemeRSAPKCS1SHA256, ca.SchemeRSAPKCS1SHA384, ca.SchemeRSAPKCS1SHA512, ca.SchemeRSAPKCS1SHA1, ca.SchemeRSAPSSRSAESHA256, ca.SchemeRSAPSSRSAESHA384, ca.SchemeRSAPSSRSAESHA512}},
		{[]keyKind{keyRSAPSS}, []ca.SignatureScheme{ca.SchemeRSAPSSPSSSHA256, ca.SchemeRSAPSSPSSSHA384, ca.SchemeRSAPSSPSSSHA512}},
		{[]keyKind{keyEd25519}, []ca.SignatureScheme{ca.SchemeEd25519}},
		{[]keyKind{keyEd448}, []ca.SignatureScheme{ca.SchemeEd448}},
		{[]keyKind{keyECP256}, []ca.SignatureScheme{ca.SchemeECDSASecp256r1SHA256}},
		{[]keyKind{keyECP384}, []ca.SignatureScheme{ca.SchemeECDSASecp384r1SHA384}},
		{[]keyKind{keyECP521}, []ca.SignatureScheme{ca.SchemeECDSASecp521r1SHA512}},
		{ecKeys, []ca.SignatureScheme{ca.SchemeECDSASHA1}},
	}
)

// keysOf looks name up in rows: whether key k can make it, and whether the
// table knows name at all.
func keysOf[T comparable](rows []keysFor[T], name T, k keyKind) (suits, ok bool) {
	for _, r := range rows {
		if slices.Contains(r.names, name) {
			return slices.Contains(r.keys, k), true
		}
	}
	return false, false
}

// leafKey reads the key algorithm of an end-entity certificate (or, with
// RawPublicKey, of the SubjectPublicKeyInfo itself) without allocating:
// Certificate → tbsCertificate → [0] version, serial, signature, issuer,
// validity, subject, subjectPublicKeyInfo → algorithm → OID [, parameters].
// ok is false when the DER does not have that shape.
func leafKey(data []byte, rawPublicKey bool) (keyKind, bool) {
	spki := data
	if !rawPublicKey {
		_, body, _, ok := der.Next(data)
		if !ok {
			return keyUnknown, false
		}
		_, tbs, _, ok := der.Next(body)
		if !ok {
			return keyUnknown, false
		}
		tag, _, rest, ok := der.Next(tbs)
		if ok && tag == 0xa0 { // explicit version
			tbs = rest
		}
		for range 5 { // serial, signature, issuer, validity, subject
			if _, _, tbs, ok = der.Next(tbs); !ok {
				return keyUnknown, false
			}
		}
		spki = tbs
	}
	tag, body, _, ok := der.Next(spki)
	if !ok || tag != der.TagSequence {
		return keyUnknown, false
	}
	tag, alg, _, ok := der.Next(body)
	if !ok || tag != der.TagSequence {
		return keyUnknown, false
	}
	tag, oid, params, ok := der.Next(alg)
	if !ok || tag != der.TagOID {
		return keyUnknown, false
	}
	for _, k := range keyOIDs {
		if k.oid != string(oid) {
			continue
		}
		if k.kind != keyECOther {
			return k.kind, true
		}
		if tag, curve, _, ok := der.Next(params); ok && tag == der.TagOID {
			for _, c := range curveOIDs {
				if c.oid == string(curve) {
					return c.kind, true
				}
			}
		}
		return keyECOther, true
	}
	return keyUnknown, true
}
