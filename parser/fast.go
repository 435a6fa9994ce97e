package parser

import (
	"bytes"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
)

// The fast path. Every typed method first validates the message with a
// check-only walk (the fast* functions beside each message's detailed parse)
// that carries no field names, indexes or layout and records nothing. Only
// when it refuses the message, or when Layout is set, does the detailed path
// run; so every error comes from the detailed path, exactly as before, and
// the fast path need only never accept what the detailed path rejects, with
// the same view (TestFastMatchesDetailed over the corpus, the vectors and
// their mutants; fuzz.Check on every fuzz input). A shape it does not handle
// it refuses, and the detailed path decides.

// views points at the views a parse may fill, of which the message type
// picks one: a typed method sets its own, ParseInto all of its Message's.
// Plain pointers handed to static calls, so the views stay in their
// caller's frame.
type views struct {
	cr  *CertificateRequest
	ct  *Certificate
	cv  *CertificateVerify
	cke *ClientKeyExchange
	fin *Finished
	cc  *CompressedCertificate
}

// result is what a typed method returns once the fast path or else the
// detailed one has parsed msg into the view: the view, or its zero value and
// the recorded error.
func result[V any](p *Parser, v *V, ok bool) (V, error) {
	if !ok {
		var zero V
		return zero, p.fail()
	}
	return *v, nil
}

// slow is the way every typed method takes when the fast path refused msg
// (or was not asked: Layout is set): the view v holds for t is reset to what
// both paths start from (its Version) and filled by the detailed path, which
// alone records errors.
func (p *Parser) slow(msg []byte, t ca.HandshakeType, v *views) bool {
	if onFallback != nil && p.Layout == nil {
		onFallback()
	}
	pre := p.ready()
	v.reset(t, pre.vers, pre.params.KeyExchange)
	r, ok := p.body(msg, t)
	return ok && p.detailed(r, t, v)
}

func (p *Parser) detailed(r reader, t ca.HandshakeType, v *views) bool {
	switch t {
	case ca.TypeCertificateRequest:
		if v.cr.Version == ca.VersionTLS13 {
			return p.certificateRequest13(r, v.cr)
		}
		return p.certificateRequest12(r, v.cr)
	case ca.TypeCertificate:
		if v.ct.Version == ca.VersionTLS13 {
			return p.certificate13(r, v.ct)
		}
		return p.certificate12(r, v.ct)
	case ca.TypeCertificateVerify:
		return p.certificateVerify(r, v.cv)
	case ca.TypeClientKeyExchange:
		return p.clientKeyExchange(r, v.cke)
	case ca.TypeFinished:
		return p.finished(r, v.fin)
	case ca.TypeCompressedCertificate:
		return p.compressedCertificate(r, v.cc)
	case ca.TypeServerHelloDone:
		return p.exactLen(r, ca.BoundServerHelloDoneBody, "", [3]int32{})
	}
	return false
}

// reset sets the view of type t to what the detailed path starts from (the
// version, and a ClientKeyExchange's key exchange), or to its zero value.
func (v *views) reset(t ca.HandshakeType, vers ca.Version, kex ca.KeyExchange) {
	switch t {
	case ca.TypeCertificateRequest:
		*v.cr = CertificateRequest{Version: vers}
	case ca.TypeCertificate:
		*v.ct = Certificate{Version: vers}
	case ca.TypeCertificateVerify:
		*v.cv = CertificateVerify{Version: vers}
	case ca.TypeClientKeyExchange:
		*v.cke = ClientKeyExchange{Version: vers, KeyExchange: kex}
	case ca.TypeFinished:
		*v.fin = Finished{}
	case ca.TypeCompressedCertificate:
		*v.cc = CompressedCertificate{}
	}
}

// onFallback, set by tests, is called when the fast path refuses a message:
// a valid message it refuses costs a second walk, which the tests count.
var onFallback func()

// prepared is what the fast path reads of Params, worked out by the root
// package's functions once per Params value instead of once or more per
// message: Params has eight fields, so every by-value use copies it through
// memory, and for a small message those copies cost as much as its walk.
type prepared struct {
	params    ca.Params // what the rest was worked out for
	set       bool
	supported bool
	vers      ca.Version
	verifyLen int
	// Rows in force (Params.Row and the root's row choices).
	crExt, crCAs, ctList, ctData, cvSig ca.BoundID
}

// ready returns p's prepared facts, working them out again when Params
// changed since (callers may set Params between messages, as package flow
// does).
func (p *Parser) ready() *prepared {
	if !p.pre.set || p.pre.params != p.Params {
		p.prepare()
	}
	return &p.pre
}

func (p *Parser) prepare() {
	q := p.Params
	data := q.Row(ca.BoundCTCertData, ca.BoundCTASN1Cert)
	if q.CertType == ca.CertTypeRawPublicKey && q.Vers() == ca.VersionTLS13 {
		data = ca.BoundCTRawPublicKey13
	}
	p.pre = prepared{
		params: q, set: true, supported: q.Supported(), vers: q.Vers(), verifyLen: q.VerifyDataLen(),
		crExt:  q.Row(ca.BoundCRExtensions, ca.BoundCRExtensions9846),
		crCAs:  ca.CRAuthoritiesBound(q),
		ctList: q.Row(ca.BoundCTList13, ca.BoundCTList12),
		ctData: data,
		cvSig:  q.Row(ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10),
	}
}

// fastBody is body without the error: no Layout is asked for, the Params
// are supported, the header says t, t exists in the version in force, and
// the length is exact.
func (p *Parser) fastBody(msg []byte, t ca.HandshakeType) ([]byte, *prepared, bool) {
	pre := p.ready()
	if p.Layout != nil || !pre.supported || len(msg) < HeaderLen || ca.HandshakeType(msg[0]) != t ||
		int(msg[1])<<16|int(msg[2])<<8|int(msg[3]) != len(msg)-HeaderLen ||
		!ca.MessageExists(t, pre.vers) {
		return nil, nil, false
	}
	return msg[HeaderLen:], pre, true
}

// scan is the fast path's cursor: the bytes left, and nothing else.
type scan []byte

func (s *scan) u16() (uint16, bool) {
	b := *s
	if len(b) < 2 {
		return 0, false
	}
	*s = b[2:]
	return uint16(b[0])<<8 | uint16(b[1]), true
}

// vec splits off a vector whose prefix width (1 to 3) and allowed lengths
// are row id's.
func (s *scan) vec(id ca.BoundID) ([]byte, bool) {
	l := ca.LimitsOf(id)
	b := *s
	if len(b) < l.Width || l.Width == 0 {
		return nil, false
	}
	n := int(b[0])
	if l.Width > 1 {
		n = n<<8 | int(b[1])
	}
	if l.Width > 2 {
		n = n<<8 | int(b[2])
	}
	b = b[l.Width:]
	if n > len(b) || !l.Allows(n) {
		return nil, false
	}
	*s = b[n:]
	return b[:n:n], true
}

// last is vec for the vector that ends the body: nothing may follow it.
func (s *scan) last(id ca.BoundID) ([]byte, bool) {
	v, ok := s.vec(id)
	return v, ok && len(*s) == 0
}

// vecTo is vec storing the vector in the view's field.
func (s *scan) vecTo(dst *[]byte, id ca.BoundID) bool {
	v, ok := s.vec(id)
	*dst = v
	return ok
}

// fastItems counts the items of row item in b, each a DER Name when names is
// set (8446-4.2.4-a, 5246-7.4.4-h), as items does.
func fastItems(b []byte, item ca.BoundID, names bool) (int, bool) {
	s := scan(b)
	n := 0
	for ; len(s) > 0; n++ {
		v, ok := s.vec(item)
		if !ok || names && ca.DistinguishedNameCheck(v) != ca.NoCheck {
			return n, false
		}
	}
	return n, true
}

// blockKind is what an extension type means in one message's block under one
// profile: the placement and, where allowed, how its body is read.
type blockKind struct {
	place ca.Placement
	body  ca.BodyKind
	empty ca.BoundID
}

// placeTypes is the range of types held in fastPlacement, the range the
// duplicate check tracks in a bit mask too; larger ones (GREASE,
// encrypted_client_hello, private use) are looked up in the table.
const placeTypes = 64

// fastPlacement[m][profile][t]: m is 0 for a CertificateRequest, 1 for a
// CertificateEntry. Built from ca.MessagePlacement once, so the table stays
// the one source.
var fastPlacement [2][ca.RFC9846 + 1][placeTypes]blockKind

func init() {
	for mi, m := range [...]ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate} {
		for _, prof := range ca.Profiles {
			for t := range ca.ExtensionType(placeTypes) {
				fastPlacement[mi][prof][t] = kindOf(m, t, prof)
			}
		}
	}
}

// placement is what t means in a block of message m (a CertificateRequest
// or a CertificateEntry) under prof: from the table for the common types,
// else from ca.MessagePlacement.
func placement(m ca.HandshakeType, t ca.ExtensionType, prof ca.Profile) blockKind {
	if t < placeTypes && prof <= ca.RFC9846 {
		mi := 1
		if m == ca.TypeCertificateRequest {
			mi = 0
		}
		return fastPlacement[mi][prof][t]
	}
	return kindOf(m, t, prof)
}

func kindOf(m ca.HandshakeType, t ca.ExtensionType, prof ca.Profile) blockKind {
	place, info := ca.MessagePlacement(m, t, prof)
	return blockKind{place: place, body: info.Body(m), empty: info.EmptyBound}
}

// fastBlock is extBlock's check: the extension block b of a
// CertificateRequest (cr != nil, whose decoded bodies it stores) or of a
// CertificateEntry. It returns the number of extensions.
func fastBlock(b []byte, prof ca.Profile, cr *CertificateRequest) (int, bool) {
	mt := ca.TypeCertificate
	if cr != nil {
		mt = ca.TypeCertificateRequest
	}
	var seen uint64
	s := scan(b)
	n := 0
	for ; len(s) > 0; n++ {
		start := len(b) - len(s)
		t16, ok := s.u16()
		if !ok {
			return n, false
		}
		body, ok := s.vec(ca.BoundExtensionData)
		if !ok {
			return n, false
		}
		t := ca.ExtensionType(t16)
		if t < placeTypes {
			if seen&(1<<t) != 0 {
				return n, false
			}
			seen |= 1 << t
		} else if dupAfter(b[:start], t) {
			return n, false
		}
		k := placement(mt, t, prof)
		switch k.place {
		case ca.PlacementForbidden:
			return n, false
		case ca.PlacementUnknown:
			if cr == nil {
				return n, false
			}
			continue
		}
		if !fastExtBody(body, k, t, cr) {
			return n, false
		}
	}
	return n, true
}

// fastExtBody is extBody's check of one processed body.
func fastExtBody(b []byte, k blockKind, t ca.ExtensionType, cr *CertificateRequest) bool {
	s := scan(b)
	switch k.body {
	case ca.BodyOpaque:
		return true
	case ca.BodyEmpty:
		return ca.LimitsOf(k.empty).Allows(len(b))
	case ca.BodySignatureSchemeList:
		v, ok := s.vec(ca.BoundSignatureSchemeList)
		if !ok {
			return false
		}
		if cr != nil {
			if t == ca.ExtSignatureAlgorithms {
				cr.SignatureAlgorithms = SignatureSchemes{v}
			} else {
				cr.SignatureAlgorithmsCert = SignatureSchemes{v}
			}
		}
	case ca.BodyCertificateAuthorities:
		v, ok := s.vec(ca.BoundAuthorities)
		if !ok {
			return false
		}
		n, ok := fastItems(v, ca.BoundDistinguishedName, true)
		if !ok {
			return false
		}
		if cr != nil {
			cr.CertificateAuthorities = Vectors{raw: v, width: ca.LimitsOf(ca.BoundDistinguishedName).Width, n: n}
		}
	case ca.BodyOIDFilters:
		v, ok := s.vec(ca.BoundOIDFilters)
		if !ok {
			return false
		}
		n, ok := fastOIDFilters(v)
		if !ok {
			return false
		}
		if cr != nil {
			cr.OIDFilters = OIDFilters{raw: v, n: n}
		}
	case ca.BodyCompressionAlgorithms:
		v, ok := s.vec(ca.BoundCompressionAlgorithms)
		if !ok {
			return false
		}
		if cr != nil {
			cr.CompressionAlgorithms = CompressionAlgorithms{v}
		}
	case ca.BodyCertificateStatus:
		if len(s) < 1 || s[0] != ca.StatusTypeOCSP {
			return false
		}
		s = s[1:]
		if _, ok := s.vec(ca.BoundOCSPResponse); !ok {
			return false
		}
	case ca.BodySCTList:
		v, ok := s.vec(ca.BoundSCTList)
		if !ok {
			return false
		}
		if _, ok := fastItems(v, ca.BoundSerializedSCT, false); !ok {
			return false
		}
	}
	return len(s) == 0 // 9846-4.2-e
}

// fastOIDFilters is oidFilters' check.
func fastOIDFilters(b []byte) (int, bool) {
	s := scan(b)
	n := 0
	for ; len(s) > 0; n++ {
		start := len(b) - len(s)
		oid, ok := s.vec(ca.BoundOIDFilterOID)
		if !ok {
			return n, false
		}
		vals, ok := s.vec(ca.BoundOIDFilterValues)
		if !ok {
			return n, false
		}
		for _, f := range (OIDFilters{raw: b[:start]}).All() {
			if bytes.Equal(f.OID, oid) {
				return n, false
			}
		}
		if der.IsExtKeyUsageOID(oid) && der.NamesAnyExtendedKeyUsage(vals) {
			return n, false
		}
	}
	return n, true
}
