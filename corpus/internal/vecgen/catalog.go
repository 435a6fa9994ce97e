package vecgen

import (
	"fmt"
	"slices"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/gen"
	"github.com/clientauth/clientauth/internal/mutate"
	"github.com/clientauth/clientauth/parser"
)

// mutation is one named entry of the catalog: which base message types it
// applies to, and what it makes of one base (nothing when it does not
// apply). Each output carries its expected result, alerts and requirement
// IDs, taken from ca.Bounds and ca.Checks.
type mutation struct {
	name  string
	doc   string
	types []ca.HandshakeType
	max   int // vectors per mutation, one per group context; 0 means 3
	apply func(b Base) []out
}

func (m mutation) limit() int {
	if m.max == 0 {
		return 3
	}
	return m.max
}

var (
	cr   = []ca.HandshakeType{ca.TypeCertificateRequest}
	ct   = []ca.HandshakeType{ca.TypeCertificate}
	cv   = []ca.HandshakeType{ca.TypeCertificateVerify}
	cke  = []ca.HandshakeType{ca.TypeClientKeyExchange}
	fin  = []ca.HandshakeType{ca.TypeFinished}
	cc   = []ca.HandshakeType{ca.TypeCompressedCertificate}
	anyT = []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify,
		ca.TypeClientKeyExchange, ca.TypeServerHelloDone, ca.TypeFinished, ca.TypeCompressedCertificate}
)

// Requirement IDs the catalog cites beyond a row's own.
const (
	reqVectorRange    ca.Requirement = "8446-3.4-a"
	reqVectorMultiple ca.Requirement = "8446-3.4-b"
	reqVectors12      ca.Requirement = "5246-4.3-a"
)

// extraReqs: requirement rows a bound row's field also falls under.
var extraReqs = map[ca.BoundID][]ca.Requirement{
	ca.BoundEncryptedPreMasterSecret: {"5246-4.7-c"},
	ca.BoundCVSignature12:            {"5246-7.4.8-b"},
	ca.BoundOCSPResponse:             {"8446-4.4.2.1-a", "8446-4.4.2.1-d"},
	ca.BoundCRSignatureAlgorithms12:  {"5246-4.7-a"},
}

func layout(b Base) []parser.Span {
	spans, err := mutate.Layout(parser.New(b.Params), b.Msg)
	if err != nil {
		return nil
	}
	return spans
}

// rowName names a bounds row uniquely: its RFC struct name and versions
// (and profile when the row is profile-specific).
func rowName(id ca.BoundID) string {
	b := ca.BoundOf(id)
	n := b.Struct + "@" + versions(b.Versions)
	if b.Profiles != ca.AllProfiles {
		for _, p := range ca.Profiles {
			if b.Profiles.Has(p) {
				n += "/" + p.String()
			}
		}
	}
	return n
}

// boundReject is the verdict on a length n outside row id, for a message
// parsed under p: the row's requirement for p's version, and the vector rule.
func boundReject(p ca.Params, id ca.BoundID, n int) ([]ca.Alert, []ca.Requirement) {
	b := ca.BoundOf(id)
	rule := reqVectorRange
	if n >= b.Min && n <= b.Max {
		rule = reqVectorMultiple
	}
	if p.Vers() != ca.VersionTLS13 {
		rule = reqVectors12
	}
	reqs := append([]ca.Requirement{b.RequirementIn(p.Vers()), rule}, extraReqs[b.ID]...)
	return []ca.Alert{ca.AlertDecodeError}, reqs
}

// checkVerdict is the verdict on failing check id under p (NoCheck: valid),
// citing the check's requirement for p's version.
func checkVerdict(p ca.Params, id ca.CheckID) (string, []ca.Alert, []ca.Requirement) {
	if id == ca.NoCheck {
		return corpus.ResultValid, nil, nil
	}
	c := ca.CheckOf(id)
	return corpus.ResultInvalid, []ca.Alert{c.Alert}, []ca.Requirement{c.RequirementIn(p.Vers())}
}

// framingReq is the framing rule in force under p (8446-6-a, or RFC 5246's
// 5246-7.4-a before TLS 1.3).
func framingReq(p ca.Params) ca.Requirement {
	return ca.CheckOf(ca.CheckTrailing).RequirementIn(p.Vers())
}

// spanOK says whether a span of the row can take the row's filler content
// with a verdict the filler knows: an extension_data must belong to an
// extension whose body is kept opaque (an unknown one in a CertificateRequest).
func spanOK(b Base, s parser.Span) bool {
	if s.Bound != ca.BoundExtensionData {
		return true
	}
	t := extensionType(b.Msg, s)
	if s.Container == ca.ContainerCRExtensions {
		pl, info := ca.CRPlacement(t, b.Params.Profile)
		return pl == ca.PlacementUnknown || pl == ca.PlacementAllowed && info.CRBody == ca.BodyOpaque
	}
	pl, info := ca.CTPlacement(t, b.Params.Profile)
	return pl == ca.PlacementAllowed && info.CTBody == ca.BodyOpaque
}

// edgeCap: in-bound content longer than this is not generated (a 2^24-1
// byte certificate would make the corpus gigabytes); out-of-bound lengths
// above resizeCap are written into the prefix only.
const (
	edgeCap   = 1 << 16
	resizeCap = bigMessage
)

// boundMutations makes one mutation per edge of each row of ca.Bounds.
func boundMutations() []mutation {
	var ms []mutation
	for id := ca.BoundID(1); int(id) < int(ca.NumBounds); id++ {
		if _, _, ok := gen.Fill(id, 0, ca.Params{}); !ok {
			continue // BoundHandshakeLength and BoundFinishedVerifyData: see checkMutations
		}
		b := ca.BoundOf(id)
		type edge struct {
			label string
			n     int
		}
		edges := []edge{{"min-1", b.Min - 1}, {"min", b.Min}, {"max", b.Max}, {"max+1", b.Max + 1}}
		if b.Elem > 1 {
			edges = append(edges, edge{"min+1", b.Min + 1})
		}
		for _, e := range edges {
			if e.n < 0 || (b.Width > 0 && e.n > b.PrefixMax()) {
				continue // no wire form: the prefix cannot carry it
			}
			if b.Allows(e.n) && e.n > edgeCap {
				continue
			}
			id, e := id, e
			ms = append(ms, mutation{
				name:  fmt.Sprintf("bound/%s/%s", rowName(id), e.label),
				doc:   fmt.Sprintf("%s length %d (%s of %s%s)", b.Path(""), e.n, e.label, b.Struct, b.Range()),
				types: anyT,
				apply: func(base Base) []out {
					if !b.Applies(base.Params.Vers(), base.Params.Profile) {
						return nil
					}
					spans := layout(base)
					for i, s := range spans {
						if s.Bound != id || !spanOK(base, s) {
							continue
						}
						o := out{params: base.Params, flags: []string{FlagBoundEdge}}
						var ok bool
						if !b.Allows(e.n) {
							o.result = corpus.ResultInvalid
							o.alerts, o.reqs = boundReject(base.Params, id, e.n)
							if e.n > resizeCap {
								o.msg, ok = mutate.SetLength(base.Msg, s, e.n)
								o.flags = append(o.flags, FlagLengthOnly)
							} else {
								content, _, _ := gen.Fill(id, e.n, base.Params)
								o.msg, ok = mutate.Resize(base.Msg, spans, i, content)
							}
						} else {
							content, chk, _ := gen.Fill(id, e.n, base.Params)
							o.msg, ok = mutate.Resize(base.Msg, spans, i, content)
							o.result, o.alerts, o.reqs = checkVerdict(base.Params, chk)
							o.reqs = append(o.reqs, b.RequirementIn(base.Params.Vers()))
							o.reqs = append(o.reqs, extraReqs[id]...)
							if chk == ca.CheckDecompress {
								o.flags = append(o.flags, FlagDecompress)
							}
						}
						if !ok {
							return nil // an enclosing length cannot hold it
						}
						// Resizing moves every enclosing length; the first of
						// them (in reading order) that leaves its own bound is
						// what a parser meets first.
						if encl, n := enclosingOut(spans, i, e.n-s.Len); encl >= 0 && (b.Allows(e.n) || encl < i) && !slices.Contains(o.flags, FlagLengthOnly) {
							o.result = corpus.ResultInvalid
							o.alerts, o.reqs = boundReject(base.Params, spans[encl].Bound, n)
						}
						return []out{o}
					}
					return nil
				},
			})
		}
	}
	return ms
}

func catalog() []mutation {
	return append(boundMutations(), checkMutations()...)
}

// findSpan returns the index of the first span of one of the rows.
func findSpan(spans []parser.Span, ids ...ca.BoundID) int {
	for i, s := range spans {
		if slices.Contains(ids, s.Bound) {
			return i
		}
	}
	return -1
}

// withBody returns msg's header (type fixed, length recomputed) and body.
func withBody(t byte, body []byte) []byte {
	return cat([]byte{t}, u24(len(body)), body)
}

// spanContent is a span's content bytes.
func spanContent(msg []byte, s parser.Span) []byte { return msg[s.Offset+s.Width : s.End()] }

// appendIn returns msg with extra appended to span i's content.
func appendIn(b Base, spans []parser.Span, i int, extra []byte) ([]byte, bool) {
	return mutate.Resize(b.Msg, spans, i, cat(spanContent(b.Msg, spans[i]), extra))
}

// appendInRow appends extra to the first span of one of ids (appendIn); ok
// is false when the message has no such span.
func appendInRow(b Base, extra []byte, ids ...ca.BoundID) ([]byte, bool) {
	spans := layout(b)
	i := findSpan(spans, ids...)
	if i < 0 {
		return nil, false
	}
	return appendIn(b, spans, i, extra)
}

// resizeRow replaces the content of the first span of one of ids
// (mutate.Resize); ok is false when the message has no such span.
func resizeRow(b Base, content []byte, ids ...ca.BoundID) ([]byte, bool) {
	spans := layout(b)
	i := findSpan(spans, ids...)
	if i < 0 {
		return nil, false
	}
	return mutate.Resize(b.Msg, spans, i, content)
}

// crBlock is the TLS 1.3 CertificateRequest's extensions span.
func crBlock(spans []parser.Span) int {
	return findSpan(spans, ca.BoundCRExtensions, ca.BoundCRExtensions9846)
}

// ctBlock is the extensions span of a TLS 1.3 Certificate's first entry.
func ctBlock(spans []parser.Span) int { return findSpan(spans, ca.BoundCTEntryExtensions) }

func is13(b Base) bool { return b.Params.Vers() == ca.VersionTLS13 }

// enclosingOut returns the first span enclosing span i whose length, grown
// by delta, leaves its row's bound, and that length; -1 if none.
func enclosingOut(spans []parser.Span, i, delta int) (int, int) {
	s := spans[i]
	for j, o := range spans {
		if j == i || !(o.Offset+o.Width <= s.Offset && s.End() <= o.End()) {
			continue
		}
		if n := o.Len + delta; !ca.BoundOf(o.Bound).Allows(n) {
			return j, n
		}
	}
	return -1, 0
}
