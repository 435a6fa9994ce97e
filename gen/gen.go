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
			return g.compressedCertificate()
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
	b := ca.BoundOf(id)
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
	b := ca.BoundOf(id)
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
	floor := ca.BoundOf(item).Width + ca.BoundOf(item).Min
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
		size += ca.BoundOf(item).Width + len(out[len(out)-1])
	}
	for limit := min(ca.BoundOf(list).Max, budget); size > limit; {
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
			size -= ca.BoundOf(item).Width + was
			continue
		}
		out[big] = nameAtMost(was - (size - limit))
		size -= was - len(out[big])
	}
	return out
}
