// Package gen draws valid client-auth messages for property tests, fuzz
// harnesses and the vector generator, with pgregory.net/rapid.
//
// Every length comes from the bounds table (ca.Bounds) and every placement
// and body rule from ca.Extensions: a row changed there changes what is
// generated here. Lengths lean on purpose toward the edges a parser gets
// wrong: the minimum, the maximum (or, for 24-bit vectors, just past 2^16),
// one element in from either end, and whatever exactly fills the enclosing
// container.
package gen

import (
	"math/rand/v2"

	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/samples"
)

// Big24 caps a 24-bit vector: past 2^16 (where 16-bit length bugs show)
// without drawing megabytes per check.
const Big24 = 1<<16 + 1024

// Msg is a generated message: its Params, its type and its owned value
// (*ca.CertificateRequest, *ca.Certificate, ...).
type Msg struct {
	Params ca.Params
	Type   ca.HandshakeType
	Value  any
}

// Types are the handshake messages generated: the message table's, in its order.
var Types = func() []ca.HandshakeType {
	var ts []ca.HandshakeType
	for _, m := range ca.Messages() {
		ts = append(ts, m.Type)
	}
	return ts
}()

// versions lists the versions a message type exists in.
func versions(t ca.HandshakeType) []ca.Version { return ca.MessageVersions(t).List() }

// Params draws the context a message of type t is parsed under: version,
// profile, key exchange, sender, post-handshake flag, certificate type and
// Finished length, each only where it means something.
func Params(t ca.HandshakeType) *rapid.Generator[ca.Params] {
	return rapid.Custom(func(rt *rapid.T) ca.Params {
		var p ca.Params
		p.Version = rapid.SampledFrom(versions(t)).Draw(rt, "version")
		p.Profile = rapid.SampledFrom([]ca.Profile{ca.RFC8446, ca.RFC9846}).Draw(rt, "profile")
		p.FromServer = rapid.Bool().Draw(rt, "from_server")
		switch t {
		case ca.TypeClientKeyExchange:
			p.FromServer = false
			p.KeyExchange = rapid.SampledFrom(ca.KeyExchanges).Draw(rt, "kex")
		case ca.TypeCertificateRequest, ca.TypeServerHelloDone:
			p.FromServer = true
		case ca.TypeCertificate:
			if p.Version >= ca.VersionTLS12 && rapid.IntRange(0, 3).Draw(rt, "rpk") == 0 {
				p.CertType = ca.CertTypeRawPublicKey
			}
		case ca.TypeFinished:
			if p.Version == ca.VersionTLS13 {
				p.FinishedLen = rapid.SampledFrom([]int{32, 48}).Draw(rt, "finished_len")
			}
		}
		if p.Version == ca.VersionTLS13 && (t == ca.TypeCertificateRequest || t == ca.TypeCertificate) {
			// Post-handshake authentication: server asks, client answers.
			p.PostHandshake = rapid.IntRange(0, 2).Draw(rt, "post_handshake") == 0
			if t == ca.TypeCertificate && p.PostHandshake {
				p.FromServer = false
			}
		}
		return p
	})
}

// Any draws a message of any type with its Params.
func Any() *rapid.Generator[Msg] {
	return rapid.Custom(func(rt *rapid.T) Msg {
		t := rapid.SampledFrom(Types).Draw(rt, "type")
		p := Params(t).Draw(rt, "params")
		return Msg{Params: p, Type: t, Value: Value(p, t).Draw(rt, "value")}
	})
}

// Of draws a message of type t.
func Of(t ca.HandshakeType) *rapid.Generator[Msg] {
	return rapid.Custom(func(rt *rapid.T) Msg {
		p := Params(t).Draw(rt, "params")
		return Msg{Params: p, Type: t, Value: Value(p, t).Draw(rt, "value")}
	})
}

// Value draws a valid owned value of type t under p.
func Value(p ca.Params, t ca.HandshakeType) *rapid.Generator[any] {
	return rapid.Custom(func(rt *rapid.T) any {
		g := &drawer{t: rt, p: p, big: rapid.IntRange(0, 15).Draw(rt, "big") == 0}
		switch t {
		case ca.TypeCertificateRequest:
			return g.certificateRequest()
		case ca.TypeCertificate:
			return g.certificate()
		case ca.TypeCertificateVerify:
			return g.certificateVerify()
		case ca.TypeClientKeyExchange:
			return g.clientKeyExchange()
		case ca.TypeServerHelloDone:
			rapid.Bool().Draw(rt, "empty") // rapid requires a Custom generator to draw something
			return &ca.ServerHelloDone{}
		case ca.TypeFinished:
			return &ca.Finished{VerifyData: g.bytes(p.VerifyDataLen())}
		case ca.TypeCompressedCertificate:
			return &ca.CompressedCertificate{
				Algorithm:                    ca.CertificateCompressionAlgorithm(rapid.Uint16().Draw(rt, "algorithm")),
				UncompressedLength:           uint32(g.edge("uncompressed_length", 0, ca.MaxUint24, 1)),
				CompressedCertificateMessage: g.bytes(g.row("compressed_certificate_message", ca.BoundCompressedCertificateMessage, Big24)),
			}
		}
		panic("gen: no generator for " + t.String())
	})
}

// drawer draws the parts of one message.
type drawer struct {
	t   *rapid.T
	p   ca.Params
	big bool // lengths may reach their maximum; else they stay under smallCap
}

// smallCap bounds every length in most messages, so that a thousand checks
// stay quick; one message in sixteen lets lengths run to their maxima.
const smallCap = 1024

// edge draws a length in [lo, hi] that is a multiple of elem above lo,
// choosing an edge most of the time.
func (g *drawer) edge(label string, lo, hi, elem int) int {
	if hi < lo {
		panic("gen: empty range for " + label)
	}
	if elem < 1 {
		elem = 1
	}
	span := (hi - lo) / elem
	var k int
	switch rapid.IntRange(0, 7).Draw(g.t, label) {
	case 0:
		k = 0
	case 1:
		k = span
	case 2:
		k = min(1, span)
	case 3:
		k = max(span-1, 0)
	case 4:
		k = rapid.IntRange(0, span).Draw(g.t, label+"_any")
	default: // small values are where most messages live
		k = rapid.IntRange(0, min(span, 40)).Draw(g.t, label+"_small")
	}
	return lo + k*elem
}

// row draws a length the table row allows, no more than budget bytes (and
// no more than Big24 for 24-bit vectors). It returns -1 when the row's
// minimum does not fit the budget.
func (g *drawer) row(label string, id ca.BoundID, budget int) int {
	b := &ca.Bounds[id]
	hi := min(b.Max, budget)
	if b.Width == 3 {
		hi = min(hi, Big24)
	}
	if !g.big {
		hi = min(hi, max(smallCap, b.Min))
	}
	elem := max(b.Elem, 1)
	hi -= (hi - b.Min) % elem
	if hi < b.Min {
		return -1
	}
	return g.edge(label, b.Min, hi, elem)
}

// bytes are opaque contents: filled from one drawn seed, since drawing
// 65,535 bytes one by one would make every check slow and opaque bytes are
// not what the properties are about.
func (g *drawer) bytes(n int) []byte {
	out := make([]byte, n)
	r := rand.New(rand.NewPCG(rapid.Uint64().Draw(g.t, "seed"), 0))
	for i := range out {
		out[i] = byte(r.Uint32())
	}
	return out
}

// rowFor returns the first of ids that is in force under g.p.
func (g *drawer) rowFor(ids ...ca.BoundID) ca.BoundID {
	if id := g.p.Row(ids...); id != ca.NoBound {
		return id
	}
	panic("gen: no row in force")
}

// scheme draws a signature scheme the table lets through in a
// CertificateRequest (CRSchemeCheck) or, with cv, a CertificateVerify
// (CVAlgorithmCheck). Known values most of the time, any uint16 otherwise.
func (g *drawer) scheme(label string, cv bool) ca.SignatureScheme {
	for {
		var s ca.SignatureScheme
		if rapid.IntRange(0, 3).Draw(g.t, label+"_known") > 0 {
			s = rapid.SampledFrom(samples.SeedCaptureSchemes).Draw(g.t, label)
		} else {
			s = ca.SignatureScheme(rapid.Uint16().Draw(g.t, label+"_any"))
		}
		ok := ca.CRSchemeCheck(g.p.Vers(), s) == ca.NoCheck
		if cv {
			ok = ca.CVAlgorithmCheck(g.p, s) == ca.NoCheck
		}
		if ok {
			return s
		}
	}
}

// schemes draws n/2 schemes for a list of n bytes.
func (g *drawer) schemes(label string, n int) []ca.SignatureScheme {
	out := make([]ca.SignatureScheme, n/2)
	drawn := min(len(out), 16) // the rest repeat them: long lists are about lengths
	for i := range out {
		if i < drawn {
			out[i] = g.scheme(label, false)
		} else {
			out[i] = out[i%drawn]
		}
	}
	return out
}

// partition splits a list of total bytes into items of an element row
// (each with its length prefix), every item within the row's bounds. It
// returns the item content lengths.
func (g *drawer) partition(label string, id ca.BoundID, total int) []int {
	b := &ca.Bounds[id]
	var out []int
	for rest := total; rest > 0; {
		room := rest - b.Width
		if room > b.Max+b.Width+b.Min { // room for this item and at least one more
			n := g.edge(label, b.Min, min(b.Max, room-b.Width-b.Min), 1)
			out = append(out, n)
			rest -= b.Width + n
			continue
		}
		// The last item takes what is left, or two items share it when
		// one alone would exceed the row's maximum.
		if room > b.Max {
			out = append(out, room-b.Width-b.Min, b.Min)
		} else {
			out = append(out, room)
		}
		break
	}
	return out
}

// listTotal draws a list length for a list row whose items are of itemRow:
// zero, or enough for at least one minimal item.
func (g *drawer) listTotal(label string, list, item ca.BoundID, budget int) int {
	n := g.row(label, list, budget)
	floor := ca.Bounds[item].Width + ca.Bounds[item].Min
	if n > 0 && n < floor {
		n = floor
	}
	return n
}

// names draws a list of DistinguishedNames, each a DER X.501 Name
// (8446-4.2.4-a, 5246-7.4.4-h) as close to its drawn length as Names go
// (nameAtMost), shrinking the largest when the list outgrows its row.
func (g *drawer) names(label string, list, item ca.BoundID, budget int) [][]byte {
	total := g.listTotal(label, list, item, budget)
	var out [][]byte
	size := 0
	for _, n := range g.partition(label+"_item", item, total) {
		out = append(out, nameAtMost(n))
		size += ca.Bounds[item].Width + len(out[len(out)-1])
	}
	for limit := min(ca.Bounds[list].Max, budget); size > limit; {
		big := 0
		for i := range out {
			if len(out[i]) > len(out[big]) {
				big = i
			}
		}
		was := len(out[big])
		if was <= 2 { // every name is minimal: drop one (the list stays far above its floor)
			if len(out) == 1 {
				break // no list of Names fits: minBody keeps budgets above this
			}
			out = out[:len(out)-1]
			size -= ca.Bounds[item].Width + was
			continue
		}
		out[big] = nameAtMost(was - (size - limit))
		size -= was - len(out[big])
	}
	return out
}

func (g *drawer) certificateRequest() *ca.CertificateRequest {
	cr := &ca.CertificateRequest{}
	if g.p.Vers() != ca.VersionTLS13 {
		n := g.row("certificate_types", ca.BoundCRCertificateTypes, 1<<16)
		for range n {
			cr.CertificateTypes = append(cr.CertificateTypes, ca.ClientCertificateType(rapid.Byte().Draw(g.t, "certificate_type")))
		}
		if g.p.Vers() == ca.VersionTLS12 {
			cr.SignatureAlgorithms = g.schemes("supported_signature_algorithms", g.row("supported_signature_algorithms", ca.BoundCRSignatureAlgorithms12, 1<<16))
		}
		cr.CertificateAuthorities = g.names("certificate_authorities", g.rowFor(ca.BoundCRAuthorities10, ca.BoundCRAuthorities), ca.BoundDistinguishedName12, 1<<16)
		return cr
	}
	if g.p.PostHandshake {
		cr.Context = g.bytes(g.row("certificate_request_context", ca.BoundCRContext, 1<<8))
	}
	cr.Extensions = g.extensions(true)
	return cr
}

// extensions draws an extension block for a CertificateRequest (cr) or a
// CertificateEntry: a subset of the types the table allows there, bodies per
// the table's BodyKind, unknown and GREASE types in a CertificateRequest,
// signature_algorithms always in a CertificateRequest, in any order.
func (g *drawer) extensions(cr bool) []ca.Extension {
	var types []ca.ExtensionType
	for _, info := range ca.Extensions {
		allowed := info.InCT.Has(g.p.Profile)
		if cr {
			allowed = info.InCR.Has(g.p.Profile)
		}
		if !allowed {
			continue
		}
		if (cr && info.Type == ca.ExtSignatureAlgorithms) || rapid.Bool().Draw(g.t, "with_"+info.Name) {
			types = append(types, info.Type)
		}
	}
	if cr {
		for n := rapid.IntRange(0, 3).Draw(g.t, "unknown_count"); n > 0; n-- {
			t := g.unknownType()
			if !contains(types, t) {
				types = append(types, t)
			}
		}
	}
	types = rapid.Permutation(types).Draw(g.t, "order")

	blockMax := ca.Bounds[ca.BoundCTEntryExtensions].Max
	if cr {
		blockMax = ca.Bounds[g.rowFor(ca.BoundCRExtensions, ca.BoundCRExtensions9846)].Max
	}
	// Each extension takes 4 header bytes; the bodies share what is left,
	// and sometimes the last one fills the block exactly.
	budget := blockMax - 4*len(types)
	out := make([]ca.Extension, 0, len(types))
	for i, t := range types {
		reserve := 0
		for _, u := range types[i+1:] {
			reserve += g.minBody(u, cr)
		}
		e := g.extension(t, cr, budget-reserve, i == len(types)-1)
		budget -= bodyLen(e, cr)
		out = append(out, e)
	}
	return out
}

func contains(ts []ca.ExtensionType, t ca.ExtensionType) bool {
	for _, u := range ts {
		if u == t {
			return true
		}
	}
	return false
}

// unknownType draws a type the table does not recognise: GREASE half the
// time (RFC 8701), otherwise any unregistered value.
func (g *drawer) unknownType() ca.ExtensionType {
	if rapid.Bool().Draw(g.t, "grease") {
		n := rapid.IntRange(0, 15).Draw(g.t, "grease_value")
		return ca.ExtensionType(0x0a0a + 0x1010*n)
	}
	for {
		t := ca.ExtensionType(rapid.Uint16().Draw(g.t, "unknown_type"))
		if !known(t) {
			return t
		}
	}
}

func (g *drawer) body(t ca.ExtensionType, cr bool) ca.BodyKind { return bodyKind(t, cr) }

// minBody is the smallest body an extension of type t can have: its list
// prefix and the smaller of the list's floor and one minimal item.
func (g *drawer) minBody(t ca.ExtensionType, cr bool) int {
	list := func(prefix int, list, item ca.BoundID) int {
		return prefix + max(ca.Bounds[list].Min, ca.Bounds[item].Width+ca.Bounds[item].Min)
	}
	switch g.body(t, cr) {
	case ca.BodySignatureSchemeList:
		return 2 + ca.Bounds[ca.BoundSignatureSchemeList].Min
	case ca.BodyCertificateAuthorities: // the smallest DN that is a Name is 30 00
		return 2 + max(ca.Bounds[ca.BoundAuthorities].Min, ca.Bounds[ca.BoundDistinguishedName].Width+len(nameAtMost(0)))
	case ca.BodyOIDFilters:
		return 2 + ca.Bounds[ca.BoundOIDFilters].Min
	case ca.BodyCompressionAlgorithms:
		return 1 + ca.Bounds[ca.BoundCompressionAlgorithms].Min
	case ca.BodyCertificateStatus:
		return 1 + 3 + ca.Bounds[ca.BoundOCSPResponse].Min
	case ca.BodySCTList:
		return list(2, ca.BoundSCTList, ca.BoundSerializedSCT)
	}
	return 0
}

// extension draws one extension of type t whose body fits budget bytes;
// fill asks an opaque body to take the whole budget now and then.
func (g *drawer) extension(t ca.ExtensionType, cr bool, budget int, fill bool) ca.Extension {
	e := ca.Extension{Type: t}
	label := "ext"
	if info, ok := ca.LookupExtension(t); ok {
		label = info.Name
	}
	switch g.body(t, cr) {
	case ca.BodyEmpty:
	case ca.BodyOpaque:
		n := g.row(label, ca.BoundExtensionData, budget)
		if fill && rapid.IntRange(0, 4).Draw(g.t, "fill") == 0 {
			n = budget
		}
		e.Data = g.bytes(n)
	case ca.BodySignatureSchemeList:
		e.SignatureAlgorithms = g.schemes(label, g.row(label, ca.BoundSignatureSchemeList, budget-2))
	case ca.BodyCertificateAuthorities:
		e.Authorities = g.names(label, ca.BoundAuthorities, ca.BoundDistinguishedName, budget-2)
	case ca.BodyOIDFilters:
		e.OIDFilters = g.oidFilters(budget - 2)
	case ca.BodyCompressionAlgorithms:
		n := g.row(label, ca.BoundCompressionAlgorithms, budget-1)
		for range n / 2 {
			e.CompressionAlgorithms = append(e.CompressionAlgorithms, ca.CertificateCompressionAlgorithm(rapid.Uint16().Draw(g.t, "compression_algorithm")))
		}
	case ca.BodyCertificateStatus:
		e.OCSPResponse = g.bytes(g.row("ocsp_response", ca.BoundOCSPResponse, budget-4))
	case ca.BodySCTList:
		for _, n := range g.partition("sct", ca.BoundSerializedSCT, g.listTotal("sct_list", ca.BoundSCTList, ca.BoundSerializedSCT, budget-2)) {
			e.SCTs = append(e.SCTs, g.bytes(n))
		}
	}
	return e
}

// ekuOID is id-ce-extKeyUsage; filters naming it carry a real
// ExtKeyUsageSyntax, since anyExtendedKeyUsage there is refused (8446-4.2.5-f).
var ekuOID = []byte{0x55, 0x1d, 0x25}

// oidFilters draws distinct OIDs (8446-4.2.5-c) with values, within budget.
func (g *drawer) oidFilters(budget int) []ca.OIDFilter {
	budget = min(budget, ca.Bounds[ca.BoundOIDFilters].Max)
	var out []ca.OIDFilter
	count := rapid.IntRange(0, 4).Draw(g.t, "filters")
	for i := range count {
		room := budget - 1 - 2
		oidLen := g.row("oid", ca.BoundOIDFilterOID, room)
		if oidLen < 0 {
			break
		}
		f := ca.OIDFilter{OID: g.bytes(oidLen)}
		f.OID[0] = byte(i) // distinct; never the EKU OID, whose first byte is 0x55
		if i == 0 && rapid.Bool().Draw(g.t, "eku") && room >= len(ekuOID)+12 {
			f = ca.OIDFilter{OID: ekuOID, Values: []byte{0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02}} // clientAuth
		} else {
			f.Values = g.bytes(g.row("values", ca.BoundOIDFilterValues, room-oidLen))
		}
		budget -= 3 + len(f.OID) + len(f.Values)
		out = append(out, f)
	}
	return out
}

// bodyLen is the encoded extension_data length of e, by the body kind the
// table gives its type in this message.
func bodyLen(e ca.Extension, cr bool) int {
	switch bodyKind(e.Type, cr) {
	case ca.BodySignatureSchemeList:
		return 2 + 2*len(e.SignatureAlgorithms)
	case ca.BodyCertificateAuthorities:
		n := 2
		for _, a := range e.Authorities {
			n += 2 + len(a)
		}
		return n
	case ca.BodyOIDFilters:
		n := 2
		for _, f := range e.OIDFilters {
			n += 3 + len(f.OID) + len(f.Values)
		}
		return n
	case ca.BodyCompressionAlgorithms:
		return 1 + 2*len(e.CompressionAlgorithms)
	case ca.BodyCertificateStatus:
		return 4 + len(e.OCSPResponse)
	case ca.BodySCTList:
		n := 2
		for _, s := range e.SCTs {
			n += 2 + len(s)
		}
		return n
	}
	return len(e.Data)
}

func (g *drawer) certificate() *ca.Certificate {
	c := &ca.Certificate{}
	rpk := g.p.CertType == ca.CertTypeRawPublicKey
	if g.p.Vers() == ca.VersionTLS13 && g.p.PostHandshake {
		c.Context = g.bytes(g.row("certificate_request_context", ca.BoundCTContext, 1<<8))
	}
	if g.p.Vers() == ca.VersionTLS12 && rpk {
		// RFC 7250 §3: no list, exactly one SubjectPublicKeyInfo.
		c.Entries = []ca.CertificateEntry{{Data: spkiNear(g.row("spki", ca.BoundCTRawPublicKey12, Big24))}}
		return c
	}
	count := rapid.IntRange(0, 4).Draw(g.t, "entries")
	if rpk {
		count = min(count, 1) // 8446-4.4.2-i
	}
	if g.p.FromServer && count == 0 {
		count = 1 // 8446-4.4.2-k
	}
	budget := Big24
	for i := range count {
		var e ca.CertificateEntry
		switch {
		case rpk:
			e.Data = spkiNear(g.row("spki", ca.BoundCTRawPublicKey13, budget))
		case g.p.Vers() == ca.VersionTLS13:
			e.Data = certNear(g.row("cert_data", ca.BoundCTCertData, budget/(count-i)))
		default:
			e.Data = certNear(g.row("asn1_cert", ca.BoundCTASN1Cert, budget/(count-i)))
		}
		budget -= len(e.Data)
		if g.p.Vers() == ca.VersionTLS13 {
			e.Extensions = g.extensions(false)
		}
		c.Entries = append(c.Entries, e)
	}
	return c
}

func (g *drawer) certificateVerify() *ca.CertificateVerify {
	cv := &ca.CertificateVerify{}
	id := g.rowFor(ca.BoundCVSignature13, ca.BoundCVSignature12, ca.BoundCVSignature10)
	if id != ca.BoundCVSignature10 {
		cv.Algorithm = g.scheme("algorithm", true)
	}
	cv.Signature = g.bytes(g.row("signature", id, 1<<16))
	return cv
}

func (g *drawer) clientKeyExchange() *ca.ClientKeyExchange {
	cke := &ca.ClientKeyExchange{}
	k := g.p.KeyExchange
	rapid.Bool().Draw(g.t, "cke") // fixed_dh draws nothing else, and rapid needs a draw
	if k.HasPSKIdentity() {
		cke.PSKIdentity = g.bytes(g.row(ca.Bounds[ca.BoundPSKIdentity].Field, ca.BoundPSKIdentity, ca.Bounds[ca.BoundPSKIdentity].Max))
	}
	if id := k.ExchangeBound(); id != ca.NoBound {
		*cke.ExchangeField(id) = g.bytes(g.row(ca.Bounds[id].Field, id, ca.Bounds[id].Max))
	}
	return cke
}

func known(t ca.ExtensionType) bool {
	_, ok := ca.LookupExtension(t)
	return ok
}
