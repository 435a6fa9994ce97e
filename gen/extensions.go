package gen

import (
	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
)

// extensions draws an extension block for a CertificateRequest (cr) or a
// CertificateEntry: a subset of the types the table allows there, bodies per
// the table's BodyKind, unknown and GREASE types in a CertificateRequest,
// signature_algorithms always in a CertificateRequest, in any order.
func (g *drawer) extensions(cr bool) []ca.Extension {
	var types []ca.ExtensionType
	for _, info := range ca.Extensions() {
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

	blockMax := ca.BoundOf(ca.BoundCTEntryExtensions).Max
	if cr {
		blockMax = ca.BoundOf(g.rowFor(ca.BoundCRExtensions, ca.BoundCRExtensions9846)).Max
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
		return prefix + max(ca.BoundOf(list).Min, ca.BoundOf(item).Width+ca.BoundOf(item).Min)
	}
	switch g.body(t, cr) {
	case ca.BodySignatureSchemeList:
		return 2 + ca.BoundOf(ca.BoundSignatureSchemeList).Min
	case ca.BodyCertificateAuthorities: // the smallest DN that is a Name is 30 00
		return 2 + max(ca.BoundOf(ca.BoundAuthorities).Min, ca.BoundOf(ca.BoundDistinguishedName).Width+len(nameAtMost(0)))
	case ca.BodyOIDFilters:
		return 2 + ca.BoundOf(ca.BoundOIDFilters).Min
	case ca.BodyCompressionAlgorithms:
		return 1 + ca.BoundOf(ca.BoundCompressionAlgorithms).Min
	case ca.BodyCertificateStatus:
		return 1 + 3 + ca.BoundOf(ca.BoundOCSPResponse).Min
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
	budget = min(budget, ca.BoundOf(ca.BoundOIDFilters).Max)
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

func known(t ca.ExtensionType) bool {
	_, ok := ca.LookupExtension(t)
	return ok
}
