package conform

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/fuzz"
)

// The Go peer is the stack our parser was fuzzed against (fuzz/
// divergences.go, docs/divergences.md): where its message parsers accept
// what ours rejects, a live handshake must show it accepting. The cross-check
// reads every message substituted into a Go peer's handshake with our
// parser, in that handshake's context, and finds the divergence accounting
// for it the way the differential targets do (requirement, field path and
// condition of the rejection), not by requirement ID alone.

// Observability: how a divergence can show in a live handshake with the Go
// peer.
type Observability uint8

const (
	// Shows: crypto/tls accepts the message in the handshake too (the peer
	// completes or continues; for a divergence where crypto/tls is the
	// stricter, it rejects).
	Shows Observability = iota
	// LaterLayer: crypto/tls's handshake layer refuses the message after
	// its message parser accepted it, so the peer sends an alert.
	LaterLayer
	// NotSent: no case of the matrix sends such a message.
	NotSent
)

// Unobservable lists, per divergence and variant, why it cannot show as
// a leniency of the Go peer; every other (divergence, variant) pair must.
var Unobservable = map[string]struct {
	Why    Observability
	Reason string
}{
	"anonymous-signature-algorithm/CV12": {LaterLayer, "crypto/tls's server refuses a CertificateVerify algorithm outside the CertificateRequest it sent (illegal_parameter)"},
	"cv12-deprecated-hash/CV12":          {LaterLayer, "crypto/tls's server refuses a CertificateVerify algorithm outside the CertificateRequest it sent (illegal_parameter)"},
	"grease-certificate-verify/CV12":     {LaterLayer, "crypto/tls's server refuses a CertificateVerify algorithm outside the CertificateRequest it sent (illegal_parameter)"},
	"grease-certificate-verify/CV13":     {LaterLayer, "crypto/tls's server refuses a TLS 1.3 CertificateVerify scheme outside its supported list (illegal_parameter)"},
	"cv13-rsa-pkcs1/CV13":                {LaterLayer, "crypto/tls's server refuses a TLS 1.3 CertificateVerify scheme outside its supported list, which leaves out PKCS #1 v1.5 (illegal_parameter)"},
	"cv13-sha1/CV13":                     {LaterLayer, "crypto/tls's server refuses a TLS 1.3 CertificateVerify scheme outside its supported list, which leaves out SHA-1 (illegal_parameter)"},
	"empty-certificate/CT12":             {LaterLayer, "x509.ParseCertificate fails on the empty certificate and the handshake layer sends an alert"},
	"empty-certificate/CT13":             {LaterLayer, "x509.ParseCertificate fails on the empty certificate and the handshake layer sends an alert"},
	"certificate-not-der/CT12":           {LaterLayer, "x509.ParseCertificate fails on the bytes and the handshake layer sends an alert"},
	"certificate-not-der/CT13":           {LaterLayer, "x509.ParseCertificate fails on the bytes and the handshake layer sends an alert"},
	"finished-length/Finished12":         {LaterLayer, "the handshake layer compares the verify_data (length and value) and fails"},
	"finished-length/Finished13":         {LaterLayer, "the handshake layer compares the verify_data (length and value) and fails"},
	"cr13-empty-extensions/CR13":         {NotSent, "the catalog's min-1 edge of extensions<2..2^16-1> writes a one-byte block, which crypto/tls refuses too; no mutation or vector of the run sends the empty block crypto/tls takes"},
	"duplicate-extension/CT13":           {NotSent, "crypto/tls's client, our endpoint, puts no extension in its CertificateEntry, so the catalog's duplicate-extension mutation has none to repeat"},
}

// DivergenceCheck is one divergence variant against the Go peer's results.
type DivergenceCheck struct {
	ID, Variant string
	Side        fuzz.Side
	Why         Observability
	Reason      string   // why it cannot show as a leniency (Why ≠ Shows)
	Cases       []Result // the Go peer's cases it accounts for
	Problems    []string // where the live results contradict the table
}

// CrossCheck checks results (a run's, the Go peer's among them) against
// fuzz.Divergences: one DivergenceCheck per divergence and variant, and the
// Go peer's cases that disagree with the table (a message our parser
// rejects that the peer accepted, and no divergence accounts for).
func CrossCheck(results []Result) (checks []DivergenceCheck, unexplained []string) {
	byKey := map[string]*DivergenceCheck{}
	for _, d := range fuzz.Divergences {
		for _, v := range d.Variants {
			c := DivergenceCheck{ID: d.ID, Variant: v, Side: d.Side}
			if u, ok := Unobservable[d.ID+"/"+v]; ok {
				c.Why, c.Reason = u.Why, u.Reason
			}
			checks = append(checks, c)
		}
	}
	for i := range checks {
		byKey[checks[i].ID+"/"+checks[i].Variant] = &checks[i]
	}
	for _, r := range results {
		if r.Peer != goPeer.Name() || r.Source == "control" || r.Observed.Kind == OutError {
			continue
		}
		v, msg, ok := readable(r)
		if !ok {
			continue
		}
		o, err := fuzz.ReadOurs(v, msg)
		if err != nil {
			unexplained = append(unexplained, fmt.Sprintf("%s: %v", describe(r), err))
			continue
		}
		accepted := r.Observed.Kind == OutCompleted || r.Observed.Kind == OutContinued
		// The divergence table's hypothesis: crypto/tls's message layer
		// decides the other way from ours.
		o.GoOK = o.Ours != nil
		d := attribute(v, o, r)
		if d == nil {
			if o.Ours != nil && accepted {
				unexplained = append(unexplained, fmt.Sprintf("%s: our parser rejects (%s, %s at %s) and the Go peer %s: no divergence accounts for it",
					describe(r), o.Ours.Requirement, o.Ours.Alert, o.Ours.Field(), r.Observed.Kind))
			}
			continue
		}
		c := byKey[d.ID+"/"+v.Name]
		c.Cases = append(c.Cases, r)
		switch {
		case c.Why == NotSent:
			c.Problems = append(c.Problems, describe(r)+": listed as never sent, but sent")
		case c.Why == LaterLayer && accepted:
			c.Problems = append(c.Problems, fmt.Sprintf("%s: listed as refused by the handshake layer, but the peer %s", describe(r), r.Observed.Kind))
		case c.Why == Shows && d.Side == fuzz.OursStricter && (!accepted || r.Verdict != Lenient && r.Expect.Result != corpus.ResultAcceptable):
			c.Problems = append(c.Problems, fmt.Sprintf("%s: crypto/tls accepts this message, but the peer %s %s (verdict %s)", describe(r), r.Observed.Kind, r.Observed.Alert, r.Verdict))
		case c.Why == Shows && d.Side == fuzz.TLSStricter && accepted:
			c.Problems = append(c.Problems, fmt.Sprintf("%s: crypto/tls rejects this message, but the peer %s", describe(r), r.Observed.Kind))
		}
	}
	for i := range checks {
		if c := &checks[i]; c.Why == Shows && len(c.Cases) == 0 {
			c.Problems = append(c.Problems, "no case of the run sends such a message (list it in Unobservable with the reason, or add a mutation)")
		}
	}
	return checks, unexplained
}

// rejection is what identifies our parser's objection: the requirement,
// the bound row or check, and for a floor that crypto/tls lacks, whether
// the list was empty.
type rejection struct {
	req   ca.Requirement
	bound ca.BoundID
	check ca.CheckID
	empty bool
}

func rejectionOf(e *ca.Error) rejection {
	return rejection{e.Requirement, e.Bound, e.Check, e.Bound != ca.NoBound && e.Value == 0}
}

// attribute finds the divergence that accounts for our reading o of r's
// message. A bound mutation is attributed by the row it changed and the
// length it wrote: the divergence whose minimal input our parser rejects
// at that row, with an empty list if the minimal input is one (a length
// under the floor but not zero leaves bytes that frame no element, which
// crypto/tls refuses too). Our parser's own first error, and the label's
// requirement, may lie elsewhere (the enclosing list's floor: an empty
// DistinguishedName makes a TLS 1.0 certificate_authorities too short; or a
// row further on whose framing the change trips), so it only decides the
// other cases: same requirement and bound row or check as one of the
// divergence's minimal inputs.
func attribute(v fuzz.Variant, o fuzz.Outcome, r Result) *fuzz.Divergence {
	if o.Ours != nil {
		if row, edge, ok := mutatedRow(r.Mutation); ok {
			for i := range fuzz.Divergences {
				d := &fuzz.Divergences[i]
				if d.Side != fuzz.OursStricter || !slices.Contains(d.Variants, v.Name) {
					continue
				}
				for _, w := range minimalRejections(d) {
					if w.bound == ca.NoBound || ca.BoundOf(w.bound).Struct != row {
						continue
					}
					if n, ok := edgeLength(ca.BoundOf(w.bound), edge); !w.empty || ok && n == 0 {
						return d
					}
				}
			}
			// A length the row allows can still carry content a rule
			// refuses (a 1-byte DistinguishedName is no DER Name): then our
			// rejection is a check, attributed like any other below.
			if o.Ours.Bound != ca.NoBound || o.Ours.Check == ca.NoCheck {
				return nil
			}
		}
	}
	d := fuzz.Explain(o)
	if d == nil || o.Ours == nil {
		return d
	}
	got := rejectionOf(o.Ours)
	for _, w := range minimalRejections(d) {
		if w.req == got.req && w.bound == got.bound && w.check == got.check && (!w.empty || got.empty) {
			return d
		}
	}
	return nil
}

// edgeLength is the length a bound mutation's edge wrote.
func edgeLength(b ca.Bound, edge string) (int, bool) {
	switch edge {
	case "min-1":
		return b.Min - 1, true
	case "min":
		return b.Min, true
	case "min+1":
		return b.Min + 1, true
	case "max":
		return b.Max, true
	case "max+1":
		return b.Max + 1, true
	}
	if n, ok := strings.CutPrefix(edge, "len-"); ok {
		i, err := strconv.Atoi(n)
		return i, err == nil
	}
	return 0, false
}

func minimalRejections(d *fuzz.Divergence) []rejection {
	var out []rejection
	for _, c := range d.Cases {
		msg, err := hex.DecodeString(c.Hex)
		v, ok := variantNamed(c.Variant)
		if err != nil || !ok {
			continue
		}
		if o, err := fuzz.ReadOurs(v, msg); err == nil && o.Ours != nil {
			out = append(out, rejectionOf(o.Ours))
		}
	}
	return out
}

func variantNamed(name string) (fuzz.Variant, bool) {
	for _, dt := range fuzz.DiffTargets {
		for _, v := range dt.Variants {
			if v.Name == name {
				return v, true
			}
		}
	}
	return fuzz.Variant{}, false
}

// mutatedRow: the bound row a catalog bound mutation ("bound/ROW@versions
// [/profile]/edge") changes, and the edge.
func mutatedRow(mutation string) (row, edge string, ok bool) {
	rest, ok := strings.CutPrefix(mutation, "bound/")
	if !ok {
		return "", "", false
	}
	row, _, ok = strings.Cut(rest, "@")
	return row, rest[strings.LastIndex(rest, "/")+1:], ok
}

func describe(r Result) string {
	s := fmt.Sprintf("%s %s TLS %s %s %s", r.Peer, r.Role, r.Version, r.Message, r.Source)
	if r.Mutation != "" {
		s += fmt.Sprintf(" %s#%d", r.Mutation, r.Index)
	}
	if r.Vector != "" {
		s += " " + r.Vector
	}
	return s
}

// readable: the differential variant the case's message is read as (the
// one of its type, and key exchange, nearest its version on the same side
// of TLS 1.3, since the ≤1.2 structures the variants lack are the same as a
// neighbour's), with the case's own context, and the bytes that went out.
func readable(r Result) (fuzz.Variant, []byte, bool) {
	msg, err := hex.DecodeString(r.Observed.Msg)
	if err != nil || len(msg) < 4 || r.params.Vers() == 0 {
		return fuzz.Variant{}, nil, false
	}
	var best *fuzz.Variant
	for _, dt := range fuzz.DiffTargets {
		for i := range dt.Variants {
			v := &dt.Variants[i]
			if v.Type != r.typ || (r.typ == ca.TypeClientKeyExchange && v.Params.KeyExchange != r.params.KeyExchange) ||
				(v.Params.Vers() == ca.VersionTLS13) != (r.params.Vers() == ca.VersionTLS13) {
				continue
			}
			if best == nil || nearer(v.Params.Vers(), best.Params.Vers(), r.params.Vers()) {
				best = v
			}
		}
	}
	if best == nil {
		return fuzz.Variant{}, nil, false
	}
	v := *best
	v.Params = r.params
	return v, msg, true
}

// nearer: a is a better stand-in than b for version want: equal first, then
// the nearest below, then the nearest above.
func nearer(a, b, want ca.Version) bool {
	rank := func(x ca.Version) int {
		switch {
		case x == want:
			return 0
		case x < want:
			return 1 + int(want-x)
		}
		return 100 + int(x-want)
	}
	return rank(a) < rank(b)
}
