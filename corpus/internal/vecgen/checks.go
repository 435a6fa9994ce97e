package vecgen

import (
	"bytes"
	"fmt"
	"slices"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/internal/samples"
	"github.com/clientauth/clientauth/internal/wire"
	"github.com/clientauth/clientauth/parser"
)

// rejectBy is an invalid output citing a check row (plus related IDs).
func rejectBy(p ca.Params, msg []byte, id ca.CheckID, more ...ca.Requirement) out {
	r, alerts, reqs := checkVerdict(p, id)
	return out{params: p, msg: msg, result: r, alerts: alerts, reqs: append(reqs, more...), flags: []string{FlagCheck}}
}

// accept is a valid output that a requirement obliges a receiver to take.
func accept(p ca.Params, msg []byte, reqs ...ca.Requirement) out {
	return out{params: p, msg: msg, result: corpus.ResultValid, reqs: reqs, flags: []string{FlagAccept}}
}

func one(o out, ok bool) []out {
	if !ok || o.msg == nil {
		return nil
	}
	return []out{o}
}

func with(p ca.Params, f func(*ca.Params)) ca.Params { f(&p); return p }

// checkMutations is the named part of the catalog: framing, extension
// placement, and the rules of ca.Checks and the P/P+c rows of
// requirements.md that are not a length bound.
func checkMutations() []mutation {
	ms := []mutation{
		{name: "framing/header-length-plus-one", doc: "handshake length one more than the body (8446-6-a)", types: anyT, max: 7,
			apply: func(b Base) []out {
				m := append([]byte(nil), b.Msg...)
				n := len(m) - 3
				m[1], m[2], m[3] = byte(n>>16), byte(n>>8), byte(n)
				return one(rejectBy(b.Params, m, ca.CheckHeaderLength), true)
			}},
		{name: "framing/header-length-minus-one", doc: "handshake length one less than the body (8446-6-a)", types: anyT, max: 7,
			apply: func(b Base) []out {
				if len(b.Msg) == 4 {
					return nil
				}
				m := append([]byte(nil), b.Msg...)
				n := len(m) - 5
				m[1], m[2], m[3] = byte(n>>16), byte(n>>8), byte(n)
				return one(rejectBy(b.Params, m, ca.CheckHeaderLength), true)
			}},
		{name: "framing/truncated-header", doc: "a message shorter than its 4-byte header (8446-6-a)", types: anyT, max: 2,
			apply: func(b Base) []out { return one(rejectBy(b.Params, b.Msg[:3], ca.CheckTruncated), true) }},
		{name: "framing/last-byte-cut", doc: "the body's last byte removed, header adjusted: the last field runs past the end (8446-6-a)",
			types: []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify, ca.TypeClientKeyExchange, ca.TypeCompressedCertificate}, max: 6,
			apply: func(b Base) []out {
				if len(b.Msg) <= 4 {
					return nil
				}
				return one(rejectBy(b.Params, withBody(b.Msg[0], b.Msg[4:len(b.Msg)-1]), ca.CheckTruncated), true)
			}},
		{name: "framing/trailing-byte", doc: "one byte after the structure, header adjusted (8446-6-a)",
			types: []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify, ca.TypeClientKeyExchange, ca.TypeCompressedCertificate}, max: 8,
			apply: func(b Base) []out {
				o := rejectBy(b.Params, withBody(b.Msg[0], cat(b.Msg[4:], []byte{0})), ca.CheckTrailing)
				if b.Type() == ca.TypeClientKeyExchange && b.Params.KeyExchange == ca.KexFixedDH {
					o.reqs = append(o.reqs, "5246-7.4.7-b")
				}
				return one(o, true)
			}},
		{name: "framing/length-past-end", doc: "the first length prefix claims one more element than its container holds (8446-6-a)", types: anyT, max: 8,
			apply: func(b Base) []out {
				spans := layout(b)
				for _, s := range spans {
					bd := ca.BoundOf(s.Bound)
					if s.Width == 0 || !bd.Allows(s.Len+bd.Elem) {
						continue
					}
					m, ok := mutate.SetLength(b.Msg, s, s.Len+bd.Elem)
					return one(rejectBy(b.Params, m, ca.CheckPastEnd), ok)
				}
				return nil
			}},
		{name: "framing/unexpected-type", doc: "msg_type server_hello (2), which is no client-authentication message (8446-4-a)", types: anyT, max: 4,
			apply: func(b Base) []out {
				m := append([]byte(nil), b.Msg...)
				m[0] = byte(ca.TypeServerHello)
				return one(rejectBy(b.Params, m, ca.CheckUnexpectedType), true)
			}},
		{name: "framing/client-key-exchange-in-tls13", doc: "a TLS 1.2 ClientKeyExchange parsed under TLS 1.3, which has none (8446-4-a)", types: cke, max: 1,
			apply: func(b Base) []out {
				o := rejectBy(with(b.Params, func(p *ca.Params) { p.Version = ca.VersionTLS13 }), b.Msg, ca.CheckUnexpectedType)
				o.flags = append(o.flags, FlagContext)
				return one(o, true)
			}},
		{name: "framing/compressed-certificate-in-tls12", doc: "a CompressedCertificate under TLS 1.2: RFC 8879 is TLS 1.3 only (8879-3-a, 8446-4-a)", types: cc, max: 1,
			apply: func(b Base) []out {
				o := rejectBy(with(b.Params, func(p *ca.Params) { p.Version = ca.VersionTLS12 }), b.Msg, ca.CheckUnexpectedType, "8879-3-a")
				o.flags = append(o.flags, FlagContext)
				return one(o, true)
			}},
		{name: "finished/length-plus-one", doc: "verify_data one byte longer than the cipher suite's length (8446-6-a)", types: fin,
			apply: func(b Base) []out {
				return one(rejectBy(b.Params, withBody(b.Msg[0], cat(b.Msg[4:], []byte{0})), ca.CheckFinishedLength), true)
			}},
		{name: "finished/length-minus-one", doc: "verify_data one byte shorter than the cipher suite's length (8446-6-a)", types: fin,
			apply: func(b Base) []out {
				return one(rejectBy(b.Params, withBody(b.Msg[0], b.Msg[5:]), ca.CheckFinishedLength), true)
			}},
	}
	// Finished at the edges of the lengths a cipher suite can fix.
	fb := ca.BoundOf(ca.BoundFinishedVerifyData)
	for _, n := range []int{fb.Min, fb.Max} {
		n := n
		ms = append(ms, mutation{name: fmt.Sprintf("bound/%s/len-%d", rowName(ca.BoundFinishedVerifyData), n),
			doc: fmt.Sprintf("verify_data of %d bytes under a suite that fixes %d (%s%s)", n, n, fb.Struct, fb.Range()), types: fin, max: 2,
			apply: func(b Base) []out {
				p := with(b.Params, func(p *ca.Params) { p.FinishedLen = n })
				good := out{params: p, msg: withBody(b.Msg[0], pattern([]byte{0x5a}, n)), result: corpus.ResultValid,
					reqs: []ca.Requirement{fb.RequirementIn(p.Vers())}, flags: []string{FlagBoundEdge}}
				bad := rejectBy(p, withBody(b.Msg[0], pattern([]byte{0x5a}, n+1)), ca.CheckFinishedLength)
				bad.flags = append(bad.flags, FlagBoundEdge)
				return []out{good, bad}
			}})
	}
	ms = append(ms, extensionMutations()...)
	ms = append(ms, certificateMutations()...)
	ms = append(ms, verifyMutations()...)
	ms = append(ms, legacyMutations()...)
	ms = append(ms, compressionMutations()...)
	ms = append(ms, shapeMutations()...)
	return ms
}

// notAName is the DN issue 15 found in the synthetic TLS 1.2
// CertificateRequest: a SEQUENCE holding a bare UTF8String "Example CA",
// with no SET or AttributeTypeAndValue around it.
var notAName = []byte{0x30, 0x0c, 0x0c, 0x0a, 'E', 'x', 'a', 'm', 'p', 'l', 'e', ' ', 'C', 'A'}

// shapeMutations: the DER shapes a field must have beyond its length (a
// DistinguishedName is a Name, an X.509 entry a Certificate), judged by the
// same table functions the parser and the encoder call.
func shapeMutations() []mutation {
	replaceFirst := func(b Base, content []byte, ids ...ca.BoundID) ([]byte, bool) {
		spans := layout(b)
		i := findSpan(spans, ids...)
		if i < 0 {
			return nil, false
		}
		return mutate.Resize(b.Msg, spans, i, content)
	}
	return []mutation{
		{name: "names/not-a-name", doc: "the first DistinguishedName replaced by a SEQUENCE holding a bare UTF8String, which is no X.501 Name (8446-4.2.4-a, 5246-7.4.4-h)", types: cr, max: 5,
			apply: func(b Base) []out {
				m, ok := replaceFirst(b, notAName, ca.BoundDistinguishedName12, ca.BoundDistinguishedName)
				return one(rejectBy(b.Params, m, ca.DistinguishedNameCheck(notAName)), ok)
			}},
		{name: "names/empty-name", doc: "the first DistinguishedName replaced by the empty Name (30 00), a valid X.501 Name (8446-4.2.4-a, 5246-7.4.4-h)", types: cr, max: 5,
			apply: func(b Base) []out {
				empty := samples.Name(2)
				m, ok := replaceFirst(b, empty, ca.BoundDistinguishedName12, ca.BoundDistinguishedName)
				o := accept(b.Params, m, ca.CheckOf(ca.CheckDistinguishedNameDER).RequirementIn(b.Params.Vers()))
				if c := ca.DistinguishedNameCheck(empty); c != ca.NoCheck {
					o = rejectBy(b.Params, m, c)
				}
				return one(o, ok)
			}},
		{name: "certificate/bare-subject-public-key-info", doc: "the first X.509 certificate replaced by a bare SubjectPublicKeyInfo, which is no Certificate (8446-4.4.2-g)", types: ct, max: 5,
			apply: func(b Base) []out {
				if b.Params.CertType != ca.CertTypeX509 {
					return nil
				}
				spki := samples.SPKI(91)
				m, ok := replaceFirst(b, spki, ca.BoundCTCertData, ca.BoundCTASN1Cert)
				return one(rejectBy(b.Params, m, ca.CertificateDataCheck(b.Params.CertType, spki)), ok)
			}},
	}
}

// extensionMutations: TLS 1.3 extension blocks (8446-4.2).
func extensionMutations() []mutation {
	ms := []mutation{
		{name: "extensions/duplicate", doc: "the first extension of the block repeated at its end (8446-4.2-c)", types: []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate},
			apply: func(b Base) []out {
				spans := layout(b)
				blk := findSpan(spans, ca.BoundCRExtensions, ca.BoundCRExtensions9846, ca.BoundCTEntryExtensions)
				for blk >= 0 && spans[blk].Len == 0 {
					next := findSpan(spans[blk+1:], ca.BoundCTEntryExtensions)
					if next < 0 {
						return nil
					}
					blk += 1 + next
				}
				if blk < 0 {
					return nil
				}
				c := spanContent(b.Msg, spans[blk])
				first := extensionEntries(c)[0]
				m, ok := appendIn(b, spans, blk, first)
				return one(rejectBy(b.Params, m, ca.CheckDuplicateExtension), ok)
			}},
		{name: "extensions/reversed-order", doc: "the CertificateRequest's extensions in reverse order: any order is allowed (8446-4.2-d)", types: cr,
			apply: func(b Base) []out {
				spans := layout(b)
				blk := crBlock(spans)
				if blk < 0 {
					return nil
				}
				exts := extensionEntries(spanContent(b.Msg, spans[blk]))
				slices.Reverse(exts)
				if len(exts) < 2 {
					return nil
				}
				m, ok := mutate.Resize(b.Msg, spans, blk, cat(exts...))
				return one(accept(b.Params, m, "8446-4.2-d"), ok)
			}},
		{name: "extensions/signature-algorithms-renamed", doc: "signature_algorithms retyped to an unknown type: the mandatory extension is missing (8446-4.3.2-f)", types: cr,
			apply: func(b Base) []out {
				spans := layout(b)
				for _, s := range spans {
					if s.Bound == ca.BoundExtensionData && s.Container == ca.ContainerCRExtensions && extensionType(b.Msg, s) == ca.ExtSignatureAlgorithms {
						m := append([]byte(nil), b.Msg...)
						m[s.Offset-2], m[s.Offset-1] = 0xff, 0x03
						return one(rejectBy(b.Params, m, ca.CheckMissingSignatureAlgorithms), true)
					}
				}
				return nil
			}},
		{name: "extensions/trailing-byte-in-signature-algorithms", doc: "a byte after the SignatureSchemeList inside extension_data (9846-4.2-e)", types: cr,
			apply: func(b Base) []out {
				spans := layout(b)
				for i, s := range spans {
					if s.Bound == ca.BoundExtensionData && s.Container == ca.ContainerCRExtensions && extensionType(b.Msg, s) == ca.ExtSignatureAlgorithms {
						m, ok := appendIn(b, spans, i, []byte{0})
						return one(rejectBy(b.Params, m, ca.CheckTrailingInExtension), ok)
					}
				}
				return nil
			}},
		{name: "extensions/cr-context-main-handshake", doc: "an 8-byte certificate_request_context outside post-handshake authentication (8446-4.3.2-d)", types: cr,
			apply: func(b Base) []out {
				if !is13(b) || b.Params.PostHandshake {
					return nil
				}
				spans := layout(b)
				i := findSpan(spans, ca.BoundCRContext)
				m, ok := mutate.Resize(b.Msg, spans, i, opaque(8))
				return one(rejectBy(b.Params, m, ca.CheckCRContextOutsidePostHandshake), ok && i >= 0)
			}},
		{name: "extensions/oid-filters-duplicate-oid", doc: "oid_filters naming one OID twice (8446-4.2.5-c)", types: cr,
			apply: func(b Base) []out {
				return appendCRExt(b, ext(48, v16(cat(v8([]byte{0x2a}), v16(nil), v8([]byte{0x2a}), v16(nil)))), ca.CheckDuplicateOIDFilter)
			}},
		{name: "extensions/oid-filters-any-extended-key-usage", doc: "an extended key usage filter naming anyExtendedKeyUsage (8446-4.2.5-f)", types: cr,
			apply: func(b Base) []out {
				return appendCRExt(b, ext(48, v16(cat(v8([]byte{0x55, 0x1d, 0x25}), v16([]byte{0x30, 0x06, 0x06, 0x04, 0x55, 0x1d, 0x25, 0x00})))), ca.CheckAnyExtendedKeyUsage)
			}},
		{name: "extensions/oid-filters-server-auth", doc: "an extended key usage filter naming id-kp-clientAuth, allowed (8446-4.2.5-b)", types: cr,
			apply: func(b Base) []out {
				return appendCRExt(b, ext(48, v16(cat(v8([]byte{0x55, 0x1d, 0x25}), v16([]byte{0x30, 0x0a, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02})))), ca.NoCheck, "8446-4.2.5-b")
			}},
		{name: "extensions/status-request-request-form", doc: "status_request in a CertificateRequest carrying RFC 6066's request form instead of nothing (8446-4.4.2.1-c, 6066-8-b)", types: cr,
			apply: func(b Base) []out {
				os := appendCRExt(b, ext(5, []byte{1, 0, 0, 0, 0}), ca.NoCheck)
				for i := range os {
					os[i].result = corpus.ResultAcceptable
					os[i].alerts, os[i].reqs = boundReject(b.Params, ca.BoundCRStatusRequest, 5)
					os[i].reqs = append(os[i].reqs, "6066-8-b")
					os[i].flags = []string{FlagStrict}
				}
				return os
			}},
		{name: "extensions/signature-algorithms-legacy-and-grease", doc: "rsa_pkcs1_sha1, ecdsa_sha1, rsa_pkcs1_sha256 and a GREASE value offered in signature_algorithms: accepted (8446-4.2.3-f, 8701-4.2-a)", types: cr,
			apply: func(b Base) []out {
				m, ok := appendInRow(b, []byte{0x02, 0x01, 0x02, 0x03, 0x04, 0x01, 0x3a, 0x3a}, ca.BoundSignatureSchemeList)
				return one(accept(b.Params, m, "8446-4.2.3-f", "8701-4.2-a"), ok)
			}},
	}
	// Unknown and GREASE types: skipped in a CertificateRequest, never
	// requested in a CertificateEntry.
	for _, t := range []int{0x0a0a, 0xfafa, 0xff01} {
		t := t
		ms = append(ms,
			mutation{name: fmt.Sprintf("extensions/cr-unknown-0x%04x", t), doc: fmt.Sprintf("unknown extension 0x%04x in a CertificateRequest: ignored (8446-4.3.2-i, 8701-4.2-a)", t), types: cr,
				apply: func(b Base) []out { return appendCRExt(b, ext(t, []byte{0}), ca.NoCheck, "8446-4.3.2-i", "8701-4.2-a") }},
			mutation{name: fmt.Sprintf("extensions/ct-unknown-0x%04x", t), doc: fmt.Sprintf("extension 0x%04x in a CertificateEntry: nobody requested it (8446-4.2-a)", t), types: ct,
				apply: func(b Base) []out {
					more := []ca.Requirement{"8701-4.1-a"}
					if b.Params.FromServer {
						more = []ca.Requirement{"8701-3.1-a"}
					}
					return appendCTExt(b, ext(t, nil), ca.CheckUnrequestedExtension, more...)
				}})
	}
	// Every recognised type, in each message: allowed or illegal_parameter
	// by the extensions table (8446-4.2-b, 8446-4.2-T).
	for _, e := range ca.Extensions() {
		ms = append(ms, placementMutation(e, ca.TypeCertificateRequest), placementMutation(e, ca.TypeCertificate))
	}
	ms = append(ms,
		mutation{name: "extensions/ct-status-request-ocsp", doc: "status_request with an OCSP CertificateStatus in a CertificateEntry (6066-8-a, 8446-4.4.2.1-a, 8446-4.4.2.1-d)", types: ct,
			apply: func(b Base) []out {
				return appendCTExt(b, ext(5, cat([]byte{1}, v24(opaque(20)))), ca.NoCheck, "6066-8-a", "8446-4.4.2.1-a", "8446-4.4.2.1-d")
			}},
		mutation{name: "extensions/ct-status-request-not-ocsp", doc: "status_request whose status_type is 2, not ocsp(1) (8446-6-b)", types: ct,
			apply: func(b Base) []out {
				return appendCTExt(b, ext(5, cat([]byte{2}, v24(opaque(20)))), ca.CheckCertificateStatusType, "8446-4.4.2.1-a")
			}},
		mutation{name: "extensions/ct-signed-certificate-timestamp", doc: "SCTs in a CertificateEntry, where TLS 1.3 carries them (8446-4.4.2.1-e, 6962-3.3-a)", types: ct,
			apply: func(b Base) []out {
				return appendCTExt(b, ext(18, v16(cat(v16(opaque(30)), v16(opaque(40))))), ca.NoCheck, "8446-4.4.2.1-e", "6962-3.3-a")
			}},
	)
	return ms
}

// placementMutation puts the recognised type e, with an opaque body, in the
// TLS 1.3 extension block of message m (a CertificateRequest or a
// CertificateEntry): illegal_parameter where the table's column for m
// forbids it, accepted where it allows an opaque body. A type allowed with a
// processed body is left to the base messages and bound edges.
func placementMutation(e ca.ExtensionInfo, m ca.HandshakeType) mutation {
	short, where, in, types := "ct", "a CertificateEntry", e.InCT, ct
	if m == ca.TypeCertificateRequest {
		short, where, in, types = "cr", "a CertificateRequest", e.InCR, cr
	}
	return mutation{name: "extensions/" + short + "-placement-" + e.Name, doc: e.Name + " in " + where + ", by the extension table (8446-4.2-T)", types: types,
		apply: func(b Base) []out {
			pl, _ := ca.MessagePlacement(m, e.Type, b.Params.Profile)
			more := placementReqs(e.Type, m == ca.TypeCertificateRequest)
			block := crBlock
			if m == ca.TypeCertificate {
				block = ctBlock
			}
			switch {
			case pl == ca.PlacementForbidden:
				return appendExt(b, block, ext(int(e.Type), nil), ca.CheckForbiddenExtension, more...)
			case e.Body(m) == ca.BodyOpaque:
				os := appendExt(b, block, ext(int(e.Type), []byte{0}), ca.NoCheck, more...)
				if in != ca.AllProfiles {
					for i := range os {
						os[i].flags = append(os[i].flags, FlagProfile)
					}
				}
				return os
			}
			return nil
		}}
}

// placementReqs: the rows that single out a type's placement.
func placementReqs(t ca.ExtensionType, inCR bool) []ca.Requirement {
	r := []ca.Requirement{"8446-4.2-T"}
	if inCR {
		r = append(r, "8446-4.3.2-g")
	}
	switch {
	case t == ca.ExtPostHandshakeAuth:
		r = append(r, "8446-4.2.6-b", "8446-4.2.6-c")
	case t == ca.ExtStatusRequestV2:
		r = append(r, "8446-4.4.2.1-b")
	case t == ca.ExtCertificateAuthorities && !inCR:
		r = append(r, "8446-4.2.4-c")
	case t == ca.ExtOIDFilters && !inCR:
		r = append(r, "8446-4.2.5-a")
	case t == ca.ExtCompressCertificate && !inCR:
		r = append(r, "8879-3-b")
	}
	return r
}

// appendCRExt appends an extension to a TLS 1.3 CertificateRequest.
func appendCRExt(b Base, e []byte, chk ca.CheckID, more ...ca.Requirement) []out {
	return appendExt(b, crBlock, e, chk, more...)
}

// appendCTExt appends an extension to the first entry of a TLS 1.3 Certificate.
func appendCTExt(b Base, e []byte, chk ca.CheckID, more ...ca.Requirement) []out {
	return appendExt(b, ctBlock, e, chk, more...)
}

// appendExt appends extension e to the TLS 1.3 extension block that block
// picks from the layout: accepted under more when chk is NoCheck, else
// rejected by chk.
func appendExt(b Base, block func([]parser.Span) int, e []byte, chk ca.CheckID, more ...ca.Requirement) []out {
	if !is13(b) {
		return nil
	}
	spans := layout(b)
	blk := block(spans)
	if blk < 0 {
		return nil
	}
	if hasType(spanContent(b.Msg, spans[blk]), e) {
		return nil // it would be a duplicate (8446-4.2-c), another mutation
	}
	m, ok := appendIn(b, spans, blk, e)
	if chk == ca.NoCheck {
		return one(accept(b.Params, m, more...), ok)
	}
	return one(rejectBy(b.Params, m, chk, more...), ok)
}

// certificateMutations: Certificate rules beyond bounds.
func certificateMutations() []mutation {
	return []mutation{
		{name: "certificate/context-main-handshake", doc: "a 4-byte certificate_request_context in a Certificate that answers no post-handshake request (8446-4.4.2-d)", types: ct,
			apply: func(b Base) []out {
				if !is13(b) || (b.Params.PostHandshake && !b.Params.FromServer) {
					return nil
				}
				m, ok := resizeRow(b, opaque(4), ca.BoundCTContext)
				return one(rejectBy(b.Params, m, ca.CheckCTContextOutsidePostHandshake), ok)
			}},
		{name: "certificate/server-empty", doc: "a server Certificate with no entries (8446-4.4.2-k)", types: ct,
			apply: func(b Base) []out {
				if !is13(b) || !b.Params.FromServer {
					return nil
				}
				m, ok := resizeRow(b, nil, ca.BoundCTList13)
				return one(rejectBy(b.Params, m, ca.CheckEmptyServerCertificate), ok)
			}},
		{name: "certificate/raw-public-key-twice", doc: "two entries where RawPublicKey allows one (8446-4.4.2-i)", types: ct,
			apply: func(b Base) []out {
				if !is13(b) || b.Params.CertType != ca.CertTypeRawPublicKey {
					return nil
				}
				spans := layout(b)
				l := findSpan(spans, ca.BoundCTList13)
				if l < 0 || spans[l].Len == 0 {
					return nil
				}
				c := spanContent(b.Msg, spans[l])
				m, ok := appendIn(b, spans, l, c)
				return one(rejectBy(b.Params, m, ca.CheckRawPublicKeyEntries), ok)
			}},
		{name: "certificate/openpgp-in-tls13", doc: "a TLS 1.3 Certificate under a negotiated OpenPGP certificate type (8446-4.4.2-j)", types: ct, max: 1,
			apply: func(b Base) []out {
				if !is13(b) || b.Params.CertType != ca.CertTypeX509 {
					return nil
				}
				o := rejectBy(with(b.Params, func(p *ca.Params) { p.CertType = ca.CertTypeOpenPGP }), b.Msg, ca.CheckOpenPGPInTLS13)
				o.flags = append(o.flags, FlagContext)
				return one(o, true)
			}},
		entryDERMutation("certificate/not-der", "the first certificate's SEQUENCE tag changed to SET (8446-4.4.2-g)",
			func(entry []byte) []byte { entry[0] = 0x31; return entry }),
		entryDERMutation("certificate/der-trailing-byte", "a byte after the first certificate's DER SEQUENCE, inside cert_data (8446-4.4.2-g)",
			func(entry []byte) []byte { return append(entry, 0) }),
		{name: "certificate/x509-list-as-raw-public-key", doc: "a TLS 1.2 X.509 certificate_list read under a negotiated RawPublicKey type, which has no list (7250-4-x, 7250-3-a, 7250-3-b)", types: ct, max: 1,
			apply: func(b Base) []out {
				if b.Params.Vers() != ca.VersionTLS12 || b.Params.CertType != ca.CertTypeX509 || len(b.Msg) < 20 {
					return nil
				}
				o := rejectBy(with(b.Params, func(p *ca.Params) { p.CertType = ca.CertTypeRawPublicKey }), b.Msg, ca.CheckSubjectPublicKeyInfoDER, "7250-4-x", "7250-3-a")
				o.flags = append(o.flags, FlagContext)
				return one(o, true)
			}},
	}
}

// entryDERMutation rewrites the first certificate_list entry with change
// (given a copy) so that it is no DER Certificate, or no
// SubjectPublicKeyInfo under RawPublicKey: rejected by the check
// ca.CertificateDataCheck names for the new entry.
func entryDERMutation(name, doc string, change func(entry []byte) []byte) mutation {
	return mutation{name: name, doc: doc, types: ct, max: 4,
		apply: func(b Base) []out {
			spans := layout(b)
			i := findSpan(spans, ca.BoundCTCertData, ca.BoundCTASN1Cert, ca.BoundCTRawPublicKey13, ca.BoundCTRawPublicKey12)
			if i < 0 {
				return nil
			}
			entry := change(bytes.Clone(spanContent(b.Msg, spans[i])))
			m, ok := mutate.Resize(b.Msg, spans, i, entry)
			return one(rejectBy(b.Params, m, ca.CertificateDataCheck(b.Params.CertType, entry)), ok)
		}}
}

// verifyMutations: CertificateVerify algorithm rules (ca.CVAlgorithmCheck).
func verifyMutations() []mutation {
	var ms []mutation
	for _, s := range []ca.SignatureScheme{ca.SchemeRSAPKCS1SHA1, ca.SchemeECDSASHA1, ca.SchemeRSAPKCS1SHA256, ca.SchemeRSAPKCS1SHA384, ca.SchemeRSAPKCS1SHA512, ca.SchemeRSAPSSRSAESHA256, ca.SchemeEd25519, ca.SignatureScheme(ca.GREASEFirst + ca.GREASEStep), ca.Pair(ca.HashSHA256, ca.SigAnonymous), ca.Pair(ca.HashMD5, ca.SigRSA), ca.Pair(ca.HashSHA224, ca.SigRSA), ca.Pair(ca.HashSHA224, ca.SigECDSA), ca.Pair(ca.HashSHA256, ca.SigDSA)} {
		s := s
		ms = append(ms, mutation{name: fmt.Sprintf("certificate-verify/algorithm-%s-0x%04x", s, uint16(s)),
			doc: fmt.Sprintf("CertificateVerify algorithm set to %v (0x%04x)", s, uint16(s)), types: cv, max: 6,
			apply: func(b Base) []out {
				v := b.Params.Vers()
				if v < ca.VersionTLS12 {
					return nil
				}
				m := append([]byte(nil), b.Msg...)
				m[4], m[5] = byte(s>>8), byte(s)
				var os []out
				for _, p := range []ca.Params{b.Params, with(b.Params, func(p *ca.Params) { p.Profile = ca.RFC9846 })} {
					if p.Profile == ca.RFC9846 && v != ca.VersionTLS13 {
						continue
					}
					chk := ca.CVAlgorithmCheck(p, s)
					var o out
					if chk == ca.NoCheck {
						o = accept(p, m, cvAcceptReqs(p, s)...)
					} else {
						o = rejectBy(p, m, chk)
					}
					if h := s.Hash(); h == ca.HashSHA256 || h == ca.HashSHA384 || h == ca.HashSHA512 {
						if v == ca.VersionTLS13 && s.Signature() == ca.SigRSA {
							o.flags = append(o.flags, FlagProfile)
						}
					}
					os = append(os, o)
				}
				return os
			}})
	}
	return ms
}

func cvAcceptReqs(p ca.Params, s ca.SignatureScheme) []ca.Requirement {
	switch {
	case p.Vers() == ca.VersionTLS13 && p.Profile == ca.RFC9846 && s.Signature() == ca.SigRSA:
		return []ca.Requirement{"8446-4.4.3-g"} // RFC 9846 removed the RSASSA-PSS-only rule
	case p.Vers() == ca.VersionTLS12 && !s.IsLegacyPair():
		return []ca.Requirement{"8446-4.2.3-j"} // TLS 1.2 parses by RFC 5246, TLS 1.3 code points included
	case p.Vers() == ca.VersionTLS12:
		return []ca.Requirement{"5246-4.7-a"}
	}
	return []ca.Requirement{"8446-4.4.3-b"}
}

// legacyMutations: TLS ≤1.2 rules beyond bounds.
func legacyMutations() []mutation {
	return []mutation{
		{name: "certificate-request/anonymous-signature", doc: "sha256/anonymous (0x0400) offered in a TLS 1.2 supported_signature_algorithms (5246-7.4.1.4.1-a)", types: cr,
			apply: func(b Base) []out {
				m, ok := appendInRow(b, []byte{0x04, 0x00}, ca.BoundCRSignatureAlgorithms12)
				return one(rejectBy(b.Params, m, ca.CheckAnonymousSignature), ok)
			}},
		{name: "certificate-request/legacy-pairs-offered", doc: "MD5, SHA-224 and DSA pairs offered in a TLS 1.2 CertificateRequest: a receiver accepts the offer (8446-4.2.3-f, 8446-4.2.3-k)", types: cr,
			apply: func(b Base) []out {
				m, ok := appendInRow(b, []byte{0x01, 0x01, 0x03, 0x03, 0x04, 0x02, 0x0a, 0x0a}, ca.BoundCRSignatureAlgorithms12)
				return one(accept(b.Params, m, "8446-4.2.3-f", "8446-4.2.3-k", "8701-4.2-a"), ok)
			}},
		{name: "certificate-request/reserved-certificate-types", doc: "RESERVED and unassigned certificate_types (5, 6, 20, 224) are accepted as unknown (5246-7.4.4-g)", types: cr,
			apply: func(b Base) []out {
				m, ok := appendInRow(b, []byte{5, 6, 20, 224}, ca.BoundCRCertificateTypes)
				return one(accept(b.Params, m, "5246-7.4.4-g"), ok)
			}},
		{name: "certificate-request/tls13-read-as-tls12", doc: "a TLS 1.3 CertificateRequest read under TLS 1.2: a TLS 1.3 stack that negotiated 1.2 parses by RFC 5246 (8446-4.2.3-j)", types: cr, max: 1,
			apply: func(b Base) []out {
				if !is13(b) {
					return nil
				}
				p := with(b.Params, func(p *ca.Params) { p.Version = ca.VersionTLS12; p.PostHandshake = false })
				_, reqs := boundReject(p, ca.BoundCRCertificateTypes, 0)
				o := out{params: p, msg: b.Msg, result: corpus.ResultInvalid, alerts: []ca.Alert{ca.AlertDecodeError},
					reqs: append([]ca.Requirement{"8446-4.2.3-j", framingReq(p)}, reqs...), flags: []string{FlagContext}}
				return one(o, true)
			}},
		{name: "certificate-request/tls10-empty-ca-list", doc: "an empty certificate_authorities in TLS 1.0, below RFC 2246's floor of 3 that RFC 4346 lowered to 0 (2246-7.4.4-a)", types: cr, max: 1,
			apply: func(b Base) []out {
				if b.Params.Vers() != ca.VersionTLS10 {
					return nil
				}
				m, ok := resizeRow(b, nil, ca.BoundCRAuthorities10)
				alerts, reqs := boundReject(b.Params, ca.BoundCRAuthorities10, 0)
				// A known deployed deviation: acceptable, and valid under
				// the tolerance the flag names (Params.Tolerate).
				return one(out{params: b.Params, msg: m, result: corpus.ResultAcceptable, alerts: alerts, reqs: append(reqs, "4346-7.4.4-a"),
					flags: []string{ca.DeviationEmptyCAList10.String()}}, ok)
			}},
		{name: "certificate-verify/tls12-read-as-tls11", doc: "a TLS 1.2 CertificateVerify read under TLS 1.1, whose Signature has no algorithm field (4346-7.4.8-a)", types: cv, max: 1,
			apply: func(b Base) []out {
				if b.Params.Vers() != ca.VersionTLS12 {
					return nil
				}
				p := with(b.Params, func(p *ca.Params) { p.Version = ca.VersionTLS11 })
				o := out{params: p, msg: b.Msg, result: corpus.ResultInvalid, alerts: []ca.Alert{ca.AlertDecodeError},
					reqs: []ca.Requirement{"4346-7.4.8-a", framingReq(p)}, flags: []string{FlagContext}}
				return one(o, true)
			}},
		{name: "client-key-exchange/rsa-without-length", doc: "an RSA EncryptedPreMasterSecret without its 2-byte length, as SSLv3 sent it (5246-7.4.7.1-a, 4346-7.4.7-a)", types: cke, max: 2,
			apply: func(b Base) []out {
				if b.Params.KeyExchange != ca.KexRSA {
					return nil
				}
				spans := layout(b)
				i := findSpan(spans, ca.BoundEncryptedPreMasterSecret)
				if i < 0 || spans[i].Len < 64 {
					return nil
				}
				m := withBody(b.Msg[0], spanContent(b.Msg, spans[i]))
				o := out{params: b.Params, msg: m, result: corpus.ResultInvalid, alerts: []ca.Alert{ca.AlertDecodeError},
					reqs: []ca.Requirement{"5246-7.4.7.1-a", "4346-7.4.7-a", framingReq(b.Params)}, flags: []string{FlagCheck}}
				return one(o, true)
			}},
		{name: "client-key-exchange/fixed-dh-not-empty", doc: "a fixed_dh ClientKeyExchange carrying a public value (5246-7.4.7-b)", types: cke, max: 1,
			apply: func(b Base) []out {
				if b.Params.KeyExchange != ca.KexDHE {
					return nil
				}
				p := with(b.Params, func(p *ca.Params) { p.KeyExchange = ca.KexFixedDH })
				alerts, reqs := boundReject(p, ca.BoundFixedDHBody, len(b.Msg)-4)
				return one(out{params: p, msg: b.Msg, result: corpus.ResultInvalid, alerts: alerts, reqs: reqs, flags: []string{FlagContext}}, true)
			}},
	}
}

// compressionMutations: RFC 8879 rules that need decompression.
func compressionMutations() []mutation {
	// uncompressed_length follows the header and the algorithm (RFC 8879 §4).
	const ulOff = 4 + 2
	lenField := func(b Base, n int) []byte {
		m := append([]byte(nil), b.Msg...)
		wire.PutUint(m[ulOff:], 3, n)
		return m
	}
	ul := func(b Base) int { return wire.Uint(b.Msg[ulOff : ulOff+3]) }
	dec := func(o out) []out {
		o.flags = append(o.flags, FlagDecompress)
		return []out{o}
	}
	return []mutation{
		{name: "compressed-certificate/valid", doc: "a real TLS 1.3 Certificate compressed; with RawPublicKey the raw-key Certificate is what is compressed (8879-4-a, 8879-4-d, 8879-5-a)", types: cc, max: 6,
			apply: func(b Base) []out {
				reqs := []ca.Requirement{"8879-4-a", "8879-5-a"}
				if b.Params.CertType == ca.CertTypeRawPublicKey {
					reqs = append(reqs, "8879-4-d")
				}
				return dec(accept(b.Params, b.Msg, reqs...))
			}},
		{name: "compressed-certificate/uncompressed-length-plus-one", doc: "uncompressed_length one more than the payload inflates to (8879-4-b)", types: cc,
			apply: func(b Base) []out { return dec(rejectBy(b.Params, lenField(b, ul(b)+1), ca.CheckDecompressedLength)) }},
		{name: "compressed-certificate/uncompressed-length-minus-one", doc: "uncompressed_length one less than the payload inflates to: stop at the limit (8879-5-a)", types: cc,
			apply: func(b Base) []out {
				o := rejectBy(b.Params, lenField(b, ul(b)-1), ca.CheckDecompressOverflow)
				o.reqs = append(o.reqs, "8879-4-b")
				return dec(o)
			}},
		{name: "compressed-certificate/corrupt-payload", doc: "the compressed payload's first bytes overwritten (8879-4-c)", types: cc,
			apply: func(b Base) []out {
				m := append([]byte(nil), b.Msg...)
				for i := 12; i < 16 && i < len(m); i++ {
					m[i] = 0xff
				}
				o := rejectBy(b.Params, m, ca.CheckDecompress, "8879-4-b", "8879-5-a")
				return dec(o)
			}},
		{name: "compressed-certificate/unknown-algorithm", doc: "algorithm 0x00ff, which RFC 8879 does not define: cannot be decompressed (8879-4-c)", types: cc, max: 1,
			apply: func(b Base) []out {
				m := append([]byte(nil), b.Msg...)
				m[4], m[5] = 0x00, 0xff
				return dec(rejectBy(b.Params, m, ca.CheckDecompress))
			}},
		{name: "compressed-certificate/inner-certificate-invalid", doc: "a compressed client Certificate under a negotiated OpenPGP type: the inflated message is checked as if it had come uncompressed (8879-5-a)", types: cc, max: 1,
			apply: func(b Base) []out {
				if b.Params.FromServer || b.Params.CertType != ca.CertTypeX509 {
					return nil
				}
				// The client Certificate as an OpenPGP one: refused after inflation.
				p := with(b.Params, func(p *ca.Params) { p.CertType = ca.CertTypeOpenPGP })
				o := rejectBy(p, b.Msg, ca.CheckOpenPGPInTLS13, "8879-5-a")
				o.flags = append(o.flags, FlagContext)
				return dec(o)
			}},
	}
}

// hasType reports whether an extension block holds the type of extension
// entry e.
func hasType(block, e []byte) bool {
	want := ca.ExtensionType(wire.Uint(e[:2]))
	for c := wire.At(block, 0); !c.Empty(); {
		t, _, ok := c.Extension()
		if !ok {
			return false
		}
		if t == want {
			return true
		}
	}
	return false
}

// extensionEntries splits an extension block into its whole entries (type,
// length and body), up to the first malformed one.
func extensionEntries(block []byte) [][]byte {
	var out [][]byte
	for c := wire.At(block, 0); !c.Empty(); {
		start := c.Offset()
		if _, _, ok := c.Extension(); !ok {
			break
		}
		out = append(out, block[start:c.Offset()])
	}
	return out
}

// extensionType is the type of the extension whose extension_data span s
// is: the two bytes before its length prefix.
func extensionType(msg []byte, s parser.Span) ca.ExtensionType {
	return ca.ExtensionType(wire.Uint(msg[s.Offset-2 : s.Offset]))
}
