package gen

import (
	"bytes"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/wire"
)

// Fill returns n bytes of content for a field of bounds row id, to put on
// the wire in place of a real one (with internal/mutate), and what a parser
// must answer once the length itself is in bounds: NoCheck (valid), or the
// check row the content fails. Malformed content (too short to hold its
// items) is CheckTruncated: decode_error under 8446-6-a, whichever framing
// check a parser trips first. ok is false for the rows that are no field
// (the handshake length, the Finished length that Params fixes). The vector
// generator's bound mutations and the parser's edge test share it, so that
// a row's content and its verdict are written once.
func Fill(id ca.BoundID, n int, p ca.Params) (content []byte, check ca.CheckID, ok bool) {
	f, ok := fillers[id]
	if !ok {
		return nil, ca.NoCheck, false
	}
	content, check = f(n, p)
	return content, check, true
}

type filler func(n int, p ca.Params) ([]byte, ca.CheckID)

func u16(n int) []byte           { return wire.AppendUint(nil, 2, n) }
func u24(n int) []byte           { return wire.AppendUint(nil, 3, n) }
func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
func opaque(n int) []byte        { return bytes.Repeat([]byte{'a'}, n) }

// pattern is n bytes of p repeated (cut short at the end).
func pattern(p []byte, n int) []byte {
	out := bytes.Repeat(p, n/len(p))
	return append(out, p[:n%len(p)]...)
}

func opaqueFill(n int, _ ca.Params) ([]byte, ca.CheckID) { return opaque(n), ca.NoCheck }

// certFill: a certificate (or, under RawPublicKey, an SPKI) of n bytes; the
// verdict on what it could make is the table's (ca.CertificateDataCheck).
func certFill(n int, p ca.Params) ([]byte, ca.CheckID) {
	make := samples.Cert // 8446-4.4.2-g
	if p.CertType == ca.CertTypeRawPublicKey {
		make = samples.SPKI // 7250-3-b
	}
	b, ok := shaped(make, n)
	if !ok {
		b = opaque(n)
	}
	return b, ca.CertificateDataCheck(p.CertType, b)
}

// nameFill: a DistinguishedName of n bytes, a DER X.501 Name where one is
// that long (2 bytes, or 13 and more); a 1-byte DN is in its bound but no
// Name (8446-4.2.4-a, 5246-7.4.4-h).
func nameFill(n int, _ ca.Params) ([]byte, ca.CheckID) {
	b, ok := shaped(samples.Name, n)
	if !ok {
		b = opaque(n)
	}
	return b, ca.DistinguishedNameCheck(b)
}

// itemFill: one item of prefix width w holding item, or nothing.
func itemFill(w int, item filler) filler {
	return func(n int, p ca.Params) ([]byte, ca.CheckID) {
		if n == 0 {
			return nil, ca.NoCheck
		}
		if n < w+1 {
			return opaque(n), ca.CheckTruncated
		}
		c, chk := item(n-w, p)
		if w == 2 {
			return cat(u16(n-w), c), chk
		}
		return cat(u24(n-w), c), chk
	}
}

var sigAlgsExt = cat(u16(int(ca.ExtSignatureAlgorithms)), u16(4), u16(2), u16(int(ca.SchemeRSAPSSRSAESHA256)))

// fillers is the content of every row whose length is a field: all but
// the handshake length and the Finished length that Params fixes.
var fillers = map[ca.BoundID]filler{
	ca.BoundCRCertificateTypes: func(n int, _ ca.Params) ([]byte, ca.CheckID) { return pattern([]byte{1, 64}, n), ca.NoCheck },
	ca.BoundCRSignatureAlgorithms12: func(n int, _ ca.Params) ([]byte, ca.CheckID) {
		return pattern(u16(int(ca.SchemeECDSASecp256r1SHA256)), n), ca.NoCheck
	},
	ca.BoundCRAuthorities10:     itemFill(2, nameFill),
	ca.BoundCRAuthorities:       itemFill(2, nameFill),
	ca.BoundDistinguishedName12: nameFill,
	ca.BoundCRContext: func(n int, p ca.Params) ([]byte, ca.CheckID) {
		if n > 0 && !p.PostHandshake {
			return opaque(n), ca.CheckCRContextOutsidePostHandshake // 8446-4.3.2-d
		}
		return opaque(n), ca.NoCheck
	},
	ca.BoundCRExtensions:     crExtsFill,
	ca.BoundCRExtensions9846: crExtsFill,
	ca.BoundExtensionData:    opaqueFill, // only on extensions whose body is kept opaque (spanOK)
	ca.BoundSignatureSchemeList: func(n int, _ ca.Params) ([]byte, ca.CheckID) {
		return pattern(u16(int(ca.SchemeRSAPSSRSAESHA256)), n), ca.NoCheck
	},
	ca.BoundAuthorities:       itemFill(2, nameFill),
	ca.BoundDistinguishedName: nameFill,
	ca.BoundOIDFilters:        oidFiltersFill,
	ca.BoundOIDFilterOID:      opaqueFill,
	ca.BoundOIDFilterValues:   opaqueFill,
	ca.BoundCompressionAlgorithms: func(n int, _ ca.Params) ([]byte, ca.CheckID) {
		return pattern([]byte{0x00, 0x01}, n), ca.NoCheck
	},
	ca.BoundCRStatusRequest:              opaqueFill,
	ca.BoundCRSignedCertificateTimestamp: opaqueFill,
	ca.BoundCTContext: func(n int, p ca.Params) ([]byte, ca.CheckID) {
		return opaque(n), ca.CTContextCheck(p, n) // 8446-4.4.2-d
	},
	ca.BoundCTList13: func(n int, p ca.Params) ([]byte, ca.CheckID) {
		switch {
		case n == 0:
			return nil, ca.CTEntriesCheck(p, 0) // 8446-4.4.2-k
		case n < 6:
			return opaque(n), ca.CheckTruncated
		}
		c, chk := certFill(n-5, p)
		return cat(u24(n-5), c, u16(0)), chk
	},
	ca.BoundCTList12:         itemFill(3, certFill),
	ca.BoundCTCertData:       certFill,
	ca.BoundCTASN1Cert:       certFill,
	ca.BoundCTRawPublicKey13: certFill,
	ca.BoundCTRawPublicKey12: certFill,
	ca.BoundCTEntryExtensions: func(n int, _ ca.Params) ([]byte, ca.CheckID) {
		switch {
		case n == 0:
			return nil, ca.NoCheck
		case n < 9:
			return opaque(n), ca.CheckTruncated
		}
		// One status_request carrying an OCSP response (6066-8-a).
		return cat(u16(int(ca.ExtStatusRequest)), u16(n-4), []byte{1}, u24(n-8), opaque(n-8)), ca.NoCheck
	},
	ca.BoundOCSPResponse:             opaqueFill,
	ca.BoundSCTList:                  itemFill(2, opaqueFill),
	ca.BoundSerializedSCT:            opaqueFill,
	ca.BoundCVSignature13:            opaqueFill,
	ca.BoundCVSignature12:            opaqueFill,
	ca.BoundCVSignature10:            opaqueFill,
	ca.BoundEncryptedPreMasterSecret: opaqueFill,
	ca.BoundDHYc:                     opaqueFill,
	ca.BoundECPoint:                  opaqueFill,
	ca.BoundPSKIdentity:              opaqueFill,
	ca.BoundFixedDHBody:              opaqueFill,
	// Bytes that are no compressed Certificate: decompression fails (8879-4-c).
	ca.BoundCompressedCertificateMessage: func(n int, _ ca.Params) ([]byte, ca.CheckID) {
		return opaque(n), ca.CheckDecompress
	},
	ca.BoundServerHelloDoneBody: opaqueFill,
}

func crExtsFill(n int, _ ca.Params) ([]byte, ca.CheckID) {
	switch {
	case n == 0:
		return nil, ca.CheckMissingSignatureAlgorithms // 8446-4.3.2-f (RFC 9846's zero floor)
	case n == len(sigAlgsExt):
		return sigAlgsExt, ca.NoCheck
	case n < len(sigAlgsExt)+4:
		return opaque(n), ca.CheckTruncated
	}
	// signature_algorithms, then an unknown extension, skipped (8446-4.3.2-i).
	return cat(sigAlgsExt, u16(0xff02), u16(n-len(sigAlgsExt)-4), opaque(n-len(sigAlgsExt)-4)), ca.NoCheck
}

func oidFiltersFill(n int, _ ca.Params) ([]byte, ca.CheckID) {
	switch {
	case n == 0:
		return nil, ca.NoCheck
	case n < 4:
		return opaque(n), ca.CheckTruncated
	}
	return cat([]byte{1, 0x2a}, u16(n-4), opaque(n-4)), ca.NoCheck
}
