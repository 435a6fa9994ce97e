package encoder

import (
	"slices"
	"unsafe"

	ca "github.com/clientauth/clientauth"
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
