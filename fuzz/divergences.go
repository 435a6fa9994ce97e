package fuzz

//go:generate go test -run ^TestDivergencesDoc$ . -update

import (
	"bytes"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/wire"
)

// Side says which side refuses what the other accepts.
type Side uint8

const (
	OursStricter Side = iota // we reject, crypto/tls accepts
	TLSStricter              // crypto/tls rejects, we accept
)

func (s Side) String() string {
	if s == TLSStricter {
		return "crypto/tls rejects, clientauth accepts"
	}
	return "clientauth rejects, crypto/tls accepts"
}

// Case is a minimal message (hex, header included) showing a divergence
// when read as Variant; for OursStricter our rejection names Requirement.
type Case struct {
	Variant     string         `json:"variant"`
	Requirement ca.Requirement `json:"requirement"`
	Hex         string         `json:"hex"`
	Note        string         `json:"note,omitempty"` // what the bytes show, where the title does not say
}

// Divergence is one known disagreement between our parser and crypto/tls's
// message parsers. The differential targets let it pass so that fuzzing
// goes on past it; docs/divergences.md is rendered from the table, and
// TestDivergences (built with the shim) re-checks every Case.
type Divergence struct {
	ID       string
	Title    string
	Side     Side
	Variants []string
	// OursStricter: the requirements our rejection may name, and optionally
	// a pattern its field path must match.
	Requirements []ca.Requirement
	Field        *regexp.Regexp
	// A further condition: for TLSStricter, which of our accepted values
	// crypto/tls refuses (required); for OursStricter, optional.
	Match func(Outcome) bool

	Cases          []Case
	Ours, TLS, RFC string
}

func (d *Divergence) matches(o Outcome) bool {
	if !slices.Contains(d.Variants, o.Variant.Name) {
		return false
	}
	switch d.Side {
	case OursStricter:
		return o.Ours != nil && o.GoOK &&
			slices.Contains(d.Requirements, o.Ours.Requirement) &&
			(d.Field == nil || d.Field.MatchString(o.Ours.Field())) &&
			(d.Match == nil || d.Match(o))
	case TLSStricter:
		return o.Ours == nil && !o.GoOK && d.Match != nil && d.Match(o)
	}
	return false
}

// Explain returns the known divergence that accounts for o, or nil.
func Explain(o Outcome) *Divergence {
	for i := range Divergences {
		if Divergences[i].matches(o) {
			return &Divergences[i]
		}
	}
	return nil
}

// Divergences are the known disagreements, found by the differential
// targets against crypto/tls of Go 1.26. Most are checks crypto/tls's
// message parsers leave to a later layer (or skip); "RFC" says which side
// the text backs. They are data, kept in divergences.json and checked as
// they load: a malformed entry stops every program that imports the
// package, before a fuzz run or a cross-check could read it.
var Divergences = mustLoadDivergences(divergencesJSON)

//go:embed divergences.json
var divergencesJSON []byte

// matchers are the further conditions an entry may name in "match": code,
// which the data file cannot hold.
var matchers = map[string]func(Outcome) bool{
	"in oid_filters":          inCRExtension(ca.ExtOIDFilters),
	"in compress_certificate": inCRExtension(ca.ExtCompressCertificate),
	"x25519 rejects the point": func(o Outcome) bool {
		cke, ok := o.Value.(*ca.ClientKeyExchange)
		return ok && x25519Rejects(cke.ECPoint)
	},
}

// rejecters name the side that rejects, as divergences.json's "rejects"
// and the doc's "who rejects" column say it.
var rejecters = [...]string{OursStricter: "clientauth", TLSStricter: "crypto/tls"}

// divergenceEntry is an entry of divergences.json as written.
type divergenceEntry struct {
	ID           string           `json:"id"`
	Title        string           `json:"title"`
	Rejects      string           `json:"rejects"`
	Variants     []string         `json:"variants"`
	Requirements []ca.Requirement `json:"requirements"`
	Field        string           `json:"field"`
	Match        string           `json:"match"`
	Cases        []Case           `json:"cases"`
	Ours         string           `json:"ours"`
	TLS          string           `json:"tls"`
	RFC          string           `json:"rfc"`
}

func mustLoadDivergences(data []byte) []Divergence {
	ds, err := loadDivergences(data)
	if err != nil {
		panic("fuzz: divergences.json: " + err.Error())
	}
	return ds
}

// loadDivergences reads and checks a divergence table: every field known
// and filled, the side named, variants that are differential variants, a
// field pattern that compiles, a matcher that exists, and minimal cases
// that are hex, read as one of the entry's variants and, where clientauth
// rejects, name one of its requirements. Whether the requirement IDs are
// in spec/requirements.md, and whether each case shows the divergence, is
// TestDivergenceTable's to check: the first needs the file, the second the
// parser run.
func loadDivergences(data []byte) ([]Divergence, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var entries []divergenceEntry
	if err := dec.Decode(&entries); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the table")
	}
	variants := map[string]bool{}
	for _, dt := range DiffTargets {
		for _, v := range dt.Variants {
			variants[v.Name] = true
		}
	}
	ids := map[string]bool{}
	ds := make([]Divergence, len(entries))
	for i, e := range entries {
		d, err := e.divergence(variants)
		if err == nil && ids[e.ID] {
			err = errors.New("duplicate id")
		}
		if err != nil {
			return nil, fmt.Errorf("entry %d (%q): %w", i, e.ID, err)
		}
		ids[e.ID] = true
		ds[i] = d
	}
	return ds, nil
}

func (e *divergenceEntry) divergence(variants map[string]bool) (Divergence, error) {
	d := Divergence{ID: e.ID, Title: e.Title, Variants: e.Variants, Requirements: e.Requirements, Cases: e.Cases, Ours: e.Ours, TLS: e.TLS, RFC: e.RFC}
	if e.ID == "" || e.Title == "" || e.Ours == "" || e.TLS == "" || e.RFC == "" || len(e.Variants) == 0 || len(e.Cases) == 0 {
		return d, errors.New("incomplete: id, title, variants, cases, ours, tls and rfc are required")
	}
	side := slices.Index(rejecters[:], e.Rejects)
	if side < 0 {
		return d, fmt.Errorf("rejects %q: want %q", e.Rejects, rejecters)
	}
	d.Side = Side(side)
	for _, v := range e.Variants {
		if !variants[v] {
			return d, fmt.Errorf("no differential variant %s", v)
		}
	}
	if e.Field != "" {
		re, err := regexp.Compile(e.Field)
		if err != nil {
			return d, fmt.Errorf("field: %w", err)
		}
		d.Field = re
	}
	if e.Match != "" {
		if d.Match = matchers[e.Match]; d.Match == nil {
			return d, fmt.Errorf("no matcher %q", e.Match)
		}
	}
	// matches reads the requirements on one side only, the match on both.
	switch {
	case d.Side == OursStricter && len(d.Requirements) == 0:
		return d, errors.New("an entry where clientauth rejects needs the requirements its rejection may name")
	case d.Side == TLSStricter && len(d.Requirements) > 0:
		return d, errors.New("an entry where crypto/tls rejects names its requirements in its cases")
	case d.Side == TLSStricter && d.Match == nil:
		return d, errors.New("an entry where crypto/tls rejects needs a match")
	}
	for _, c := range d.Cases {
		if _, err := hex.DecodeString(c.Hex); err != nil || c.Requirement == "" || !slices.Contains(d.Variants, c.Variant) ||
			d.Side == OursStricter && !slices.Contains(d.Requirements, c.Requirement) {
			return d, fmt.Errorf("case %+v: want hex, a requirement (one of the entry's where clientauth rejects) and one of the entry's variants", c)
		}
	}
	return d, nil
}

// inCRExtension matches a rejection whose offset lies in a TLS 1.3
// CertificateRequest extension of type ext (the field path of a
// leftover-bytes error names extension_data, not the type).
func inCRExtension(ext ca.ExtensionType) func(Outcome) bool {
	name := ext.String()
	return func(o Outcome) bool {
		if o.Ours == nil || len(o.Msg) < 5 {
			return false
		}
		if f := o.Ours.Field(); strings.Contains(f+".", "."+name+".") {
			return true
		}
		c := wire.At(o.Msg[4:], 4)
		if _, ok := c.Row(ca.BoundCRContext); !ok {
			return false
		}
		exts, ok := c.Row(ca.BoundCRExtensions)
		if !ok {
			return false
		}
		for !exts.Empty() {
			start := exts.Offset()
			typ, _, ok := exts.Extension()
			if !ok {
				return false
			}
			if o.Ours.Offset >= start && o.Ours.Offset < exts.Offset() {
				return typ == ext
			}
		}
		return false
	}
}

// Render writes docs/divergences.md.
func Render() string {
	var b strings.Builder
	b.WriteString(`# Divergences from crypto/tls

<!-- Generated by go generate ./fuzz from fuzz/divergences.json; do not edit. -->

The differential fuzz targets (` + "`go run ./cmd/clientauth fuzz -diff`" + `) read the same
bytes with this module's parser and with crypto/tls's unexported message parsers (Go 1.26,
through the overlay shim of internal/tlsshim) and compare accept/reject and the fields read.
Every disagreement found is listed here, with a minimal message (hex, handshake header
included), what each side does, the requirement in question (spec/requirements.md) and
which side the RFC backs. The targets let these through so that fuzzing goes on past them;
` + "`TestDivergences`" + ` (run with the shim) re-checks every minimal message, and any other
disagreement fails the target.

Most entries are checks crypto/tls's message layer leaves to a later step of its handshake
(or does not make because it does not implement the extension). None so far is a bug of ours
and none a case where crypto/tls reads different field values from an accepted message.

| id | disagreement | who rejects | requirements |
|---|---|---|---|
`)
	for _, d := range Divergences {
		reqs := d.Requirements
		if d.Side == TLSStricter {
			for _, c := range d.Cases {
				reqs = append(reqs, c.Requirement)
			}
		}
		fmt.Fprintf(&b, "| [%s](#%s) | %s | %s | %s |\n", d.ID, d.ID, d.Title, rejecters[d.Side], joinReqs(reqs))
	}
	for _, d := range Divergences {
		fmt.Fprintf(&b, "\n## %s\n\n%s (%s; read as %s).\n\n", d.ID, upperFirst(d.Title), d.Side, strings.Join(d.Variants, ", "))
		b.WriteString("Minimal input:\n\n")
		for _, c := range d.Cases {
			fmt.Fprintf(&b, "- %s, %s: `%s`\n", c.Variant, c.Requirement, c.Hex)
		}
		fmt.Fprintf(&b, "\n- clientauth: %s\n- crypto/tls: %s\n- RFC backs: %s\n", d.Ours, d.TLS, d.RFC)
	}
	return b.String()
}

func joinReqs(r []ca.Requirement) string {
	s := make([]string, len(r))
	for i, x := range r {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
