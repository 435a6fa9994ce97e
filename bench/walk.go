package bench

import (
	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
	"golang.org/x/crypto/cryptobyte"
)

// Walk is the near-limit reference: a bare validating length walk of msg
// with golang.org/x/crypto/cryptobyte. It checks that the header length is
// exact and that every length prefix down to the leaves (list items, entry
// extensions and their bodies) fits inside its parent with nothing left over,
// and nothing else: no bound of the table, no placement, duplicate, DER or
// algorithm rule. It is written straight against cryptobyte, on purpose
// independent of package parser, so the cost of our strictness shows as the
// difference; the tests check that it accepts every input and rejects every
// truncation of one, as the parser does.
func Walk(p ca.Params, msg []byte) bool { return walk(p, msg, false) }

// WalkDER is Walk plus the two DER rules of the parser that read inside
// items: every DistinguishedName is a DER Name (der.IsName) and every
// certificate has an X.509 Certificate's outer shape (der.IsCertificate).
// Beside Walk it measures what those rules alone cost, which bounds ours ÷
// walk on messages with many names or certificates.
func WalkDER(p ca.Params, msg []byte) bool { return walk(p, msg, true) }

func walk(p ca.Params, msg []byte, withDER bool) bool {
	s := cryptobyte.String(msg)
	var typ uint8
	var body cryptobyte.String
	if !s.ReadUint8(&typ) || !s.ReadUint24LengthPrefixed(&body) || !s.Empty() {
		return false
	}
	v := p.Version.Resolved()
	switch ca.HandshakeType(typ) {
	case ca.TypeCertificateRequest:
		if v == ca.VersionTLS13 {
			return walkCR13(body, withDER)
		}
		return walkCR12(body, v, withDER)
	case ca.TypeCertificate:
		if v == ca.VersionTLS13 {
			return walkCT13(body, withDER && p.CertType == ca.CertTypeX509)
		}
		return walkCT12(body, withDER && p.CertType == ca.CertTypeX509)
	case ca.TypeCertificateVerify:
		var sig cryptobyte.String
		return (v < ca.VersionTLS12 || body.Skip(2)) && body.ReadUint16LengthPrefixed(&sig) && body.Empty()
	case ca.TypeClientKeyExchange:
		return walkCKE(body, p.KeyExchange)
	case ca.TypeFinished, ca.TypeServerHelloDone:
		return true
	}
	return false
}

func walkCR13(body cryptobyte.String, withDER bool) bool {
	var ctx, exts cryptobyte.String
	return body.ReadUint8LengthPrefixed(&ctx) && body.ReadUint16LengthPrefixed(&exts) && body.Empty() &&
		walkExtensions(exts, func(t ca.ExtensionType, data cryptobyte.String) bool { return walkCRExtension(t, data, withDER) })
}

// walkCRExtension walks the CertificateRequest extension bodies that hold
// length-prefixed lists; any other body is opaque to the walk.
func walkCRExtension(t ca.ExtensionType, data cryptobyte.String, withDER bool) bool {
	var list cryptobyte.String
	switch t {
	case ca.ExtSignatureAlgorithms, ca.ExtSignatureAlgorithmsCert:
		return data.ReadUint16LengthPrefixed(&list) && len(list)%2 == 0 && data.Empty()
	case ca.ExtCertificateAuthorities:
		return data.ReadUint16LengthPrefixed(&list) && walkItems16(list, withDER) && data.Empty()
	}
	return true
}

// walkExtensions walks an Extension list to the end of exts, handing each
// body to walkBody, which knows which types it can look into.
func walkExtensions(exts cryptobyte.String, walkBody func(t ca.ExtensionType, data cryptobyte.String) bool) bool {
	for !exts.Empty() {
		var t uint16
		var data cryptobyte.String
		if !exts.ReadUint16(&t) || !exts.ReadUint16LengthPrefixed(&data) || !walkBody(ca.ExtensionType(t), data) {
			return false
		}
	}
	return true
}

func walkCR12(body cryptobyte.String, v ca.Version, withDER bool) bool {
	var types, algs, cas cryptobyte.String
	if !body.ReadUint8LengthPrefixed(&types) {
		return false
	}
	if v == ca.VersionTLS12 && (!body.ReadUint16LengthPrefixed(&algs) || len(algs)%2 != 0) {
		return false
	}
	return body.ReadUint16LengthPrefixed(&cas) && walkItems16(cas, withDER) && body.Empty()
}

// walkItems16 walks opaque<0..2^16-1> items to the end of s; names: each
// must be a DER Name.
func walkItems16(s cryptobyte.String, names bool) bool {
	for !s.Empty() {
		var item cryptobyte.String
		if !s.ReadUint16LengthPrefixed(&item) || names && !der.IsName(item) {
			return false
		}
	}
	return true
}

func walkCT13(body cryptobyte.String, withDER bool) bool {
	var ctx, list cryptobyte.String
	if !body.ReadUint8LengthPrefixed(&ctx) || !body.ReadUint24LengthPrefixed(&list) || !body.Empty() {
		return false
	}
	for !list.Empty() {
		var cert, exts cryptobyte.String
		if !list.ReadUint24LengthPrefixed(&cert) || withDER && !der.IsCertificate(cert) ||
			!list.ReadUint16LengthPrefixed(&exts) || !walkExtensions(exts, walkEntryExtension) {
			return false
		}
	}
	return true
}

// walkEntryExtension walks the CertificateEntry extension bodies that hold
// length-prefixed data; any other body is opaque to the walk.
func walkEntryExtension(t ca.ExtensionType, data cryptobyte.String) bool {
	var inner cryptobyte.String
	switch t {
	case ca.ExtStatusRequest: // status_type, OCSPResponse<1..2^24-1>
		return data.Skip(1) && data.ReadUint24LengthPrefixed(&inner) && data.Empty()
	case ca.ExtSignedCertificateTimestamp:
		return data.ReadUint16LengthPrefixed(&inner) && walkItems16(inner, false) && data.Empty()
	}
	return true
}

func walkCT12(body cryptobyte.String, withDER bool) bool {
	var list cryptobyte.String
	if !body.ReadUint24LengthPrefixed(&list) || !body.Empty() {
		return false
	}
	for !list.Empty() {
		var cert cryptobyte.String
		if !list.ReadUint24LengthPrefixed(&cert) || withDER && !der.IsCertificate(cert) {
			return false
		}
	}
	return true
}

func walkCKE(body cryptobyte.String, k ca.KeyExchange) bool {
	var id, v cryptobyte.String
	if k.HasPSKIdentity() && !body.ReadUint16LengthPrefixed(&id) {
		return false
	}
	switch ca.BoundOf(k.ExchangeBound()).Width {
	case 2:
		return body.ReadUint16LengthPrefixed(&v) && body.Empty()
	case 1:
		return body.ReadUint8LengthPrefixed(&v) && body.Empty()
	}
	return body.Empty()
}
