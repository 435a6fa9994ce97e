package encoder

import (
	"bytes"
	"slices"
	"unsafe"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/der"
)

// The fast path writes a message with every check of the detailed path
// (writer, close, extBlock, ...) but none of its error bookkeeping: no
// container names, index arrays or offsets, and the rows and placements it
// needs looked up once per Params in a plan instead of on every field. It
// only says whether the value is acceptable. When it is not, the message is
// encoded again by the detailed path, which finds the same refusal and
// reports it with the parser's field, offset, requirement and alert, so an
// error never comes from here. TestFastMatchesDetailed holds the two paths to
// the same bytes on every sample; the refusal tests go through both.

// small bounds the message and extension types the plan has a table entry
// for: every type this module names is below it but a few extension types,
// which are looked up.
const small = 64

// Extension blocks, the index of plan.exts.
const (
	crBlock = iota // CertificateRequest.extensions
	ctBlock        // CertificateEntry.extensions
)

// slot is an extension type's placement in one block and how its body is
// written there.
type slot struct {
	place ca.Placement
	kind  ca.BodyKind
	empty ca.BoundID // the row of a BodyEmpty body
}

// plan is what the fast path reads of the Params it was computed for.
type plan struct {
	params ca.Params
	ready  bool // params holds the Params the rest was computed for
	ok     bool // params.Supported()
	vers   ca.Version
	exists uint64 // bit t: message type t < small exists in vers

	hs, crExts, crAuth, cvSig, ctData ca.Limits
	verifyLen                         int
	verifyOK                          bool // verifyLen is within its row

	exts [2][small]slot // by extension type below small
}

// plan returns e's plan, recomputed when e.Params changed since it was made:
// Params is an exported field the caller may set at any time.
func (e *Encoder) plan() *plan {
	if !e.p.ready || e.p.params != e.Params {
		e.p.compute(e.Params)
	}
	return &e.p
}

func (p *plan) compute(params ca.Params) {
	*p = plan{params: params, ready: true, ok: params.Supported(), vers: params.Vers()}
	if !p.ok {
		return
	}
	for t := range small {
		if ca.MessageExists(ca.HandshakeType(t), p.vers) {
			p.exists |= 1 << t
		}
		p.exts[crBlock][t] = slotOf(ca.TypeCertificateRequest, ca.ExtensionType(t), params.Profile)
		p.exts[ctBlock][t] = slotOf(ca.TypeCertificate, ca.ExtensionType(t), params.Profile)
	}
	p.hs = ca.LimitsOf(ca.BoundHandshakeLength)
	p.crExts = ca.LimitsOf(params.Row(ca.BoundCRExtensions, ca.BoundCRExtensions9846))
	p.crAuth = ca.LimitsOf(ca.CRAuthoritiesBound(params))
	p.cvSig = ca.LimitsOf(params.Row(ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10))
	p.ctData = ca.LimitsOf(ca.BoundCTCertData)
	if params.CertType == ca.CertTypeRawPublicKey {
		p.ctData = ca.LimitsOf(ca.BoundCTRawPublicKey13)
	}
	p.verifyLen = params.VerifyDataLen()
	p.verifyOK = ca.LimitsOf(ca.BoundFinishedVerifyData).Allows(p.verifyLen)
}

// slotOf is extBlock's classification of type t in message m.
func slotOf(m ca.HandshakeType, t ca.ExtensionType, prof ca.Profile) slot {
	place, info := ca.MessagePlacement(m, t, prof)
	s := slot{place: place, kind: ca.BodyOpaque, empty: info.EmptyBound}
	if place == ca.PlacementAllowed {
		s.kind = info.Body(m)
	}
	return s
}

func (p *plan) slot(block int, t ca.ExtensionType) slot {
	if t < small {
		return p.exts[block][t]
	}
	return slotOf([2]ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate}[block], t, p.params.Profile)
}

// encode appends the message m of type t: its body on the fast path, and
// when that refuses, on the detailed path, which gives the error and leaves
// dst as it was. m is dispatched by type switch, not through function
// values, so that neither m nor the writer escapes.
func (e *Encoder) encode(dst []byte, t ca.HandshakeType, m any) ([]byte, error) {
	if b, ok := e.message(dst, t, m); ok {
		return b, nil
	}
	return e.detailed(dst, t, m)
}

// message is the fast path of a whole message: begin and end's checks, the
// header, and the body.
func (e *Encoder) message(dst []byte, t ca.HandshakeType, m any) ([]byte, bool) {
	p := e.plan()
	if !p.ok || t >= small || p.exists&(1<<t) == 0 {
		return dst, false
	}
	b, at := reserve(append(dst, byte(t)), p.hs.Width)
	// By t, which the typed methods pass with m: a jump and one type
	// comparison cost less than a type switch.
	ok := true
	switch t {
	case ca.TypeCertificateRequest:
		b, ok = p.certificateRequest(b, m.(*ca.CertificateRequest))
	case ca.TypeCertificate:
		b, ok = p.certificate(b, m.(*ca.Certificate))
	case ca.TypeCertificateVerify:
		b, ok = p.certificateVerify(b, m.(*ca.CertificateVerify))
	case ca.TypeClientKeyExchange:
		b, ok = p.clientKeyExchange(b, m.(*ca.ClientKeyExchange))
	case ca.TypeFinished:
		b, ok = p.finished(b, m.(*ca.Finished))
	case ca.TypeCompressedCertificate:
		b, ok = p.compressedCertificate(b, m.(*ca.CompressedCertificate))
	}
	return b, ok && patch(b, at, p.hs)
}

// detailed is the detailed path of a whole message.
func (e *Encoder) detailed(dst []byte, t ca.HandshakeType, m any) ([]byte, error) {
	w, at, ok := e.begin(dst, t)
	v13 := e.Params.Vers() == ca.VersionTLS13
	if ok {
		switch m := m.(type) {
		case *ca.CertificateRequest:
			ok = v13 && e.certificateRequest13(&w, m) || !v13 && e.certificateRequest12(&w, m)
		case *ca.Certificate:
			ok = v13 && e.certificate13(&w, m) || !v13 && e.certificate12(&w, m)
		case *ca.CertificateVerify:
			ok = e.certificateVerify(&w, m)
		case *ca.ClientKeyExchange:
			ok = e.clientKeyExchange(&w, m)
		case *ca.Finished:
			ok = e.finished(&w, m)
		case *ca.CompressedCertificate:
			ok = e.compressedCertificate(&w, m)
		}
	}
	return e.end(dst, &w, at, ok)
}

// reserve appends a zero length prefix of width bytes; at is its index.
func reserve(b []byte, width int) (_ []byte, at int) {
	at = len(b)
	switch width {
	case 1:
		b = append(b, 0)
	case 2:
		b = append(b, 0, 0)
	case 3:
		b = append(b, 0, 0, 0)
	}
	return b, at
}

// patch checks the length written after the prefix at against l and fills
// the prefix in (8446-3.4-a, 8446-3.4-b).
func patch(b []byte, at int, l ca.Limits) bool {
	n := len(b) - at - l.Width
	if !l.Allows(n) {
		return false
	}
	for i := at + l.Width - 1; i >= at; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	return true
}

// prefix appends n as a length prefix of width bytes.
func prefix(b []byte, width, n int) []byte {
	switch width {
	case 1:
		b = append(b, byte(n))
	case 2:
		b = append(b, byte(n>>8), byte(n))
	case 3:
		b = append(b, byte(n>>16), byte(n>>8), byte(n))
	}
	return b
}

// putVec appends the vector v of row l, whose length is known up front.
func putVec(b []byte, l ca.Limits, v []byte) ([]byte, bool) {
	if !l.Allows(len(v)) {
		return b, false
	}
	return append(prefix(b, l.Width, len(v)), v...), true
}

// putInts appends a vector of fixed-size integers (certificate types,
// signature schemes, compression algorithms) of row l.
func putInts[T ~uint8 | ~uint16](b []byte, l ca.Limits, xs []T) ([]byte, bool) {
	size, n := int(unsafe.Sizeof(T(0))), int(unsafe.Sizeof(T(0)))*len(xs)
	if !l.Allows(n) {
		return b, false
	}
	b = prefix(b, l.Width, n)
	at := len(b)
	b = slices.Grow(b, n)[:at+n] // one capacity check, not one per element
	out := b[at:]
	for i, x := range xs {
		if size == 2 {
			out[2*i], out[2*i+1] = byte(uint16(x)>>8), byte(x)
		} else {
			out[i] = byte(x)
		}
	}
	return b, true
}

// putVecs appends a list (row list) of vectors (row item).
func putVecs(b []byte, list, item ca.Limits, vs [][]byte) ([]byte, bool) {
	b, at := reserve(b, list.Width)
	for _, v := range vs {
		var ok bool
		if b, ok = putVec(b, item, v); !ok {
			return b, false
		}
	}
	return b, patch(b, at, list)
}

// putNames appends DistinguishedNames, each a DER X.501 Name (8446-4.2.4-a,
// 5246-7.4.4-h).
func putNames(b []byte, list, item ca.Limits, dns [][]byte) ([]byte, bool) {
	for _, dn := range dns {
		if ca.DistinguishedNameCheck(dn) != ca.NoCheck {
			return b, false
		}
	}
	return putVecs(b, list, item, dns)
}

func (p *plan) certificateRequest(b []byte, m *ca.CertificateRequest) ([]byte, bool) {
	if p.vers == ca.VersionTLS13 {
		return p.certificateRequest13(b, m)
	}
	v := p.vers
	if len(m.Context) > 0 || len(m.Extensions) > 0 || len(m.SignatureAlgorithms) > 0 && v != ca.VersionTLS12 {
		return b, false
	}
	b, ok := putInts(b, ca.LimitsOf(ca.BoundCRCertificateTypes), m.CertificateTypes) // 5246-7.4.4-b
	if ok && v == ca.VersionTLS12 {
		for _, s := range m.SignatureAlgorithms {
			if ca.CRSchemeCheck(v, s) != ca.NoCheck { // 5246-7.4.1.4.1-a
				return b, false
			}
		}
		b, ok = putInts(b, ca.LimitsOf(ca.BoundCRSignatureAlgorithms12), m.SignatureAlgorithms)
	}
	if !ok {
		return b, false
	}
	return putNames(b, p.crAuth, ca.LimitsOf(ca.BoundDistinguishedName12), m.CertificateAuthorities) // 2246-7.4.4-a, 4346-7.4.4-a
}

func (p *plan) certificateRequest13(b []byte, m *ca.CertificateRequest) ([]byte, bool) {
	if len(m.CertificateTypes) > 0 || len(m.SignatureAlgorithms) > 0 || len(m.CertificateAuthorities) > 0 ||
		len(m.Context) > 0 && !p.params.PostHandshake { // 8446-4.3.2-d
		return b, false
	}
	b, ok := putVec(b, ca.LimitsOf(ca.BoundCRContext), m.Context) // 8446-4.3.2-b
	if !ok {
		return b, false
	}
	b, at := reserve(b, p.crExts.Width)
	b, sigAlgs, ok := p.extensions(b, crBlock, m.Extensions)
	return b, ok && sigAlgs && patch(b, at, p.crExts) // 8446-4.3.2-f
}

// extensions is extBlock's fast path; sigAlgs reports a CertificateRequest's
// signature_algorithms.
func (p *plan) extensions(b []byte, block int, exts []ca.Extension) (_ []byte, sigAlgs, ok bool) {
	data := ca.LimitsOf(ca.BoundExtensionData)
	for i := range exts {
		x := &exts[i]
		for j := range i {
			if exts[j].Type == x.Type { // 8446-4.2-c
				return b, false, false
			}
		}
		s := p.slot(block, x.Type) // 8446-4.2-b, 8446-4.2-a
		if s.place == ca.PlacementForbidden || s.place == ca.PlacementUnknown && block == ctBlock ||
			unusedExtensionField(s.kind, x) != "" {
			return b, false, false
		}
		b = append(b, byte(x.Type>>8), byte(x.Type))
		var at int
		b, at = reserve(b, data.Width)
		if b, ok = p.extBody(b, s, x); !ok || !patch(b, at, data) {
			return b, false, false
		}
		sigAlgs = sigAlgs || x.Type == ca.ExtSignatureAlgorithms && block == crBlock
	}
	return b, sigAlgs, true
}

// extBody is extBody's fast path.
func (p *plan) extBody(b []byte, s slot, x *ca.Extension) ([]byte, bool) {
	switch s.kind {
	case ca.BodyOpaque:
		return append(b, x.Data...), true
	case ca.BodyEmpty: // 8446-4.4.2.1-c, 6962-3.3.1-a
		return append(b, x.Data...), ca.LimitsOf(s.empty).Allows(len(x.Data))
	case ca.BodySignatureSchemeList: // 8446-4.2.3-a
		return putInts(b, ca.LimitsOf(ca.BoundSignatureSchemeList), x.SignatureAlgorithms)
	case ca.BodyCertificateAuthorities:
		return putNames(b, ca.LimitsOf(ca.BoundAuthorities), ca.LimitsOf(ca.BoundDistinguishedName), x.Authorities)
	case ca.BodyOIDFilters:
		return oidFilters(b, x.OIDFilters)
	case ca.BodyCompressionAlgorithms: // 8879-3-b
		return putInts(b, ca.LimitsOf(ca.BoundCompressionAlgorithms), x.CompressionAlgorithms)
	case ca.BodyCertificateStatus: // 6066-8-a
		return putVec(append(b, ca.StatusTypeOCSP), ca.LimitsOf(ca.BoundOCSPResponse), x.OCSPResponse)
	case ca.BodySCTList: // 6962-3.3-a
		return putVecs(b, ca.LimitsOf(ca.BoundSCTList), ca.LimitsOf(ca.BoundSerializedSCT), x.SCTs)
	}
	return b, true
}

// oidFilters is the fast path of Encoder.oidFilters.
func oidFilters(b []byte, fs []ca.OIDFilter) ([]byte, bool) {
	list, oid, values := ca.LimitsOf(ca.BoundOIDFilters), ca.LimitsOf(ca.BoundOIDFilterOID), ca.LimitsOf(ca.BoundOIDFilterValues)
	b, at := reserve(b, list.Width)
	for i := range fs {
		f := &fs[i]
		for j := range i {
			if bytes.Equal(fs[j].OID, f.OID) { // 8446-4.2.5-c
				return b, false
			}
		}
		if der.IsExtKeyUsageOID(f.OID) && der.NamesAnyExtendedKeyUsage(f.Values) { // 8446-4.2.5-f
			return b, false
		}
		var ok1, ok2 bool
		b, ok1 = putVec(b, oid, f.OID)
		b, ok2 = putVec(b, values, f.Values)
		if !ok1 || !ok2 {
			return b, false
		}
	}
	return b, patch(b, at, list)
}

func (p *plan) certificate(b []byte, m *ca.Certificate) ([]byte, bool) {
	if p.vers == ca.VersionTLS13 {
		return p.certificate13(b, m)
	}
	// RawPublicKey and OpenPGP are rare: the detailed path writes them.
	if len(m.Context) > 0 || p.params.CertType != ca.CertTypeX509 {
		return b, false
	}
	item := ca.LimitsOf(ca.BoundCTASN1Cert)
	b, at := reserve(b, ca.LimitsOf(ca.BoundCTList12).Width)
	for i := range m.Entries {
		ent := &m.Entries[i]
		if len(ent.Extensions) > 0 || ca.CertificateDataCheck(p.params.CertType, ent.Data) != ca.NoCheck { // 8446-4.4.2-g
			return b, false
		}
		var ok bool
		if b, ok = putVec(b, item, ent.Data); !ok {
			return b, false
		}
	}
	return b, patch(b, at, ca.LimitsOf(ca.BoundCTList12))
}

func (p *plan) certificate13(b []byte, m *ca.Certificate) ([]byte, bool) {
	if ca.CertificateCheck(p.params, len(m.Entries), len(m.Context)) != ca.NoCheck { // 8446-4.4.2-j, 8446-4.4.2-i, 8446-4.4.2-k, 8446-4.4.2-d
		return b, false
	}
	b, ok := putVec(b, ca.LimitsOf(ca.BoundCTContext), m.Context) // 8446-4.4.2-c
	if !ok {
		return b, false
	}
	list, exts := ca.LimitsOf(ca.BoundCTList13), ca.LimitsOf(ca.BoundCTEntryExtensions)
	b, at := reserve(b, list.Width)
	for i := range m.Entries {
		ent := &m.Entries[i]
		if ca.CertificateDataCheck(p.params.CertType, ent.Data) != ca.NoCheck { // 7250-3-b, 8446-4.4.2-g
			return b, false
		}
		if b, ok = putVec(b, p.ctData, ent.Data); !ok {
			return b, false
		}
		var extAt int
		b, extAt = reserve(b, exts.Width)
		if b, _, ok = p.extensions(b, ctBlock, ent.Extensions); !ok || !patch(b, extAt, exts) {
			return b, false
		}
	}
	return b, patch(b, at, list)
}

func (p *plan) certificateVerify(b []byte, m *ca.CertificateVerify) ([]byte, bool) {
	switch {
	case p.vers >= ca.VersionTLS12:
		// 8446-4.4.3-g, 8446-4.4.3-h, 8446-4.2.3-k, 5246-7.4.1.4.1-a, 8701-4.1-a, 8701-3.1-a
		if ca.CVAlgorithmCheck(p.params, m.Algorithm) != ca.NoCheck {
			return b, false
		}
		b = append(b, byte(m.Algorithm>>8), byte(m.Algorithm))
	case m.Algorithm != 0:
		return b, false
	}
	return putVec(b, p.cvSig, m.Signature) // 8446-4.4.3-b, 5246-4.7-a, 4346-7.4.8-a
}

func (p *plan) clientKeyExchange(b []byte, m *ca.ClientKeyExchange) ([]byte, bool) {
	k := p.params.KeyExchange
	exch := k.ExchangeBound()
	if len(m.PSKIdentity) > 0 && !k.HasPSKIdentity() {
		return b, false
	}
	for _, id := range ca.ExchangeRows() {
		if id != exch && len(*m.ExchangeField(id)) > 0 {
			return b, false
		}
	}
	if k == ca.KexFixedDH { // 5246-7.4.7-b
		return b, ca.LimitsOf(ca.BoundFixedDHBody).Allows(0)
	}
	ok := true
	if k.HasPSKIdentity() {
		b, ok = putVec(b, ca.LimitsOf(ca.BoundPSKIdentity), m.PSKIdentity)
	}
	if ok && exch != ca.NoBound {
		return putVec(b, ca.LimitsOf(exch), *m.ExchangeField(exch))
	}
	return b, ok
}

func (p *plan) finished(b []byte, m *ca.Finished) ([]byte, bool) {
	return append(b, m.VerifyData...), p.verifyOK && len(m.VerifyData) == p.verifyLen // 8446-6-a
}

func (p *plan) compressedCertificate(b []byte, m *ca.CompressedCertificate) ([]byte, bool) {
	n := m.UncompressedLength
	if n > ca.MaxUint24 {
		return b, false
	}
	b = append(b, byte(m.Algorithm>>8), byte(m.Algorithm), byte(n>>16), byte(n>>8), byte(n))
	return putVec(b, ca.LimitsOf(ca.BoundCompressedCertificateMessage), m.CompressedCertificateMessage) // 8879-4-a
}
