package vecgen

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/parser"
)

// GeneratorVersion changes when the catalog's meaning changes.
const GeneratorVersion = "1"

// Flags, explained in every file's notes.
const (
	FlagReal        = "Real"
	FlagRFC8448     = "RFC8448"
	FlagSeedCapture = "SeedCapture"
	FlagSynthetic   = "Synthetic"
	FlagDerived     = "Derived"
	FlagBoundEdge   = "BoundEdge"
	FlagLengthOnly  = "LengthOnly"
	FlagCheck       = "CheckRule"
	FlagAccept      = "MustAccept"
	FlagRealReject  = "RealStackViolation"
	FlagStrict      = "StrictChoice"
	FlagProfile     = "ProfileDifference"
	FlagDecompress  = "Decompression"
	FlagContext     = "Context"
)

var notes = map[string]corpus.Note{
	FlagReal:        {BugType: "Valid", Description: "A message a real TLS stack sent (see corpus/real/manifest.json or testdata/openssl/manifest.tsv), or a mutation of one."},
	FlagRFC8448:     {BugType: "Valid", Description: "A message of the RFC 8448 example traces, or a mutation of one."},
	FlagSeedCapture: {BugType: "Valid", Description: "The TLS 1.2 CertificateRequest of the project's seed capture, or a mutation of it."},
	FlagSynthetic:   {BugType: "Valid", Description: "A message written by the project's encoder to reach fields real stacks do not send, or a mutation of one."},
	FlagDerived:     {BugType: "Valid", Description: "A CompressedCertificate made by compressing a real TLS 1.3 Certificate (RFC 8879), or a mutation of one."},
	FlagBoundEdge:   {BugType: "EdgeCase", Description: "A length at an edge of its RFC bound (min-1, min, max, max+1, or not a whole number of elements); the bound is a row of the clientauth bounds table."},
	FlagLengthOnly:  {BugType: "MalformedInput", Description: "Only the length prefix was changed (the content was left as it was) because content of that length would make the file too large."},
	FlagCheck:       {BugType: "ModifiedInput", Description: "A rule other than a length bound: framing, extension placement, or a semantic check a parser makes from the message and its context."},
	FlagAccept:      {BugType: "Functionality", Description: "The RFCs require a receiver to accept this (unknown extensions, any order, legacy code points offered, reserved values)."},
	FlagRealReject:  {BugType: "KnownBug", Description: "A real stack sent this message although it breaks an RFC rule."},
	FlagStrict:      {BugType: "Legacy", Description: "The RFCs leave room here (requirements.md records a design decision): accepting is tolerated, rejecting must use one of the alerts."},
	FlagProfile:     {BugType: "Functionality", Description: "RFC 9846 changed the rule RFC 8446 gave for this case; the group's profile says which text applies."},
	FlagDecompress:  {BugType: "ModifiedInput", Description: "A CompressedCertificate whose verdict depends on decompressing it (RFC 8879 §4, §5)."},
	FlagContext:     {BugType: "ModifiedInput", Description: "The bytes are unchanged; the group's context (version, sender, certificate type) makes them invalid."},
}

// out is one vector before numbering.
type out struct {
	typ      ca.HandshakeType // the group's message type (the base's, even if the mutation changed msg_type)
	params   ca.Params
	msg      []byte
	result   string
	alerts   []ca.Alert
	reqs     []ca.Requirement
	flags    []string
	comment  string
	mutation string
	base     string
}

// Generate returns the files to write below corpus/: the vector files and
// the schema, by relative path.
func Generate() (map[string][]byte, error) {
	bases, err := Bases()
	if err != nil {
		return nil, err
	}
	vecs, err := Vectors(bases)
	if err != nil {
		return nil, err
	}
	files, err := render(vecs)
	if err != nil {
		return nil, err
	}
	files[corpus.VectorsSchemaPath], err = Schema()
	return files, err
}

// Vectors applies the catalog to bases.
func Vectors(bases []Base) ([]out, error) {
	var vecs []out
	index := map[string]int{} // group key + msg -> index in vecs
	add := func(v out) error {
		v.params = normalize(v.typ, v.params)
		v.reqs = union(nil, v.reqs) // a check and its bound may cite one rule
		k := key(v.params, v.typ) + "|" + string(v.msg)
		if i, ok := index[k]; ok {
			w := &vecs[i]
			if w.result != v.result {
				return fmt.Errorf("vecgen: %s and %s give the same message different results (%s, %s)", w.mutation, v.mutation, w.result, v.result)
			}
			w.reqs = union(w.reqs, v.reqs)
			w.flags = union(w.flags, v.flags)
			w.alerts = union(w.alerts, v.alerts)
			return nil
		}
		index[k] = len(vecs)
		vecs = append(vecs, v)
		return nil
	}
	for _, b := range bases {
		v := baseVector(b)
		if b.Reject != "" || b.Params.Tolerate != 0 {
			if d, ok := deviationVector(b); ok {
				v = d
			}
		}
		if err := add(v); err != nil {
			return nil, err
		}
	}
	for _, m := range catalog() {
		groups := map[string]bool{}
		big := 0
		for _, b := range bases {
			if b.Reject != "" || b.Params.Tolerate != 0 || !slices.Contains(m.types, b.Type()) || len(groups) >= m.limit() {
				continue
			}
			for _, o := range m.apply(b) {
				g := key(o.params, b.Type())
				if groups[g] || len(groups) >= m.limit() {
					continue
				}
				if len(o.msg) > bigMessage {
					if big > 0 {
						continue
					}
					big++
				}
				groups[g] = true
				o.typ = b.Type()
				o.base = b.Name
				o.mutation = m.name
				o.flags = union([]string{b.Flag}, o.flags)
				if o.comment == "" {
					o.comment = m.doc
				}
				if err := add(o); err != nil {
					return nil, err
				}
			}
		}
	}
	return vecs, nil
}

// bigMessage: a mutation makes at most one vector longer than this, to keep
// the corpus a few megabytes.
const bigMessage = 4096

func baseVector(b Base) out {
	v := out{typ: b.Type(), params: b.Params, msg: b.Msg, result: corpus.ResultValid, flags: []string{b.Flag},
		base: b.Name, comment: "unchanged"}
	if b.Reject == "" {
		return v
	}
	// A real stack broke a rule; the verdict is the table's (its bound row).
	v.flags = append(v.flags, FlagRealReject)
	v.result = corpus.ResultInvalid
	v.reqs = []ca.Requirement{b.Reject}
	v.alerts = []ca.Alert{ca.AlertDecodeError}
	v.comment = "sent by a real stack against " + string(b.Reject)
	return v
}

// deviationVector is the vector of a real message that breaks a rule only
// as a known deployed deviation does (ca.KnownDeviations): strict parsing
// rejects it, so it is acceptable in the strict group, flagged with the
// deviation's name; under Params.Tolerate naming it, it is valid. ok is
// false when no known deviation explains the message.
func deviationVector(b Base) (out, bool) {
	strict := b.Params
	strict.Tolerate = 0
	_, err := parser.New(strict).Parse(b.Msg)
	var e *ca.Error
	if !errors.As(err, &e) {
		return out{}, false
	}
	for _, d := range ca.KnownDeviations {
		if d.Relaxes != e.Requirement && d.Relaxes != b.Reject {
			continue
		}
		tolerant := with(strict, func(p *ca.Params) { p.Tolerate = ca.Tolerating(d.Deviation) })
		if _, err := parser.New(tolerant).Parse(b.Msg); err != nil {
			continue
		}
		return out{typ: b.Type(), params: strict, msg: b.Msg, result: corpus.ResultAcceptable, base: b.Name,
			alerts: []ca.Alert{e.Alert}, reqs: union([]ca.Requirement{e.Requirement}, []ca.Requirement{d.Relaxes}),
			flags:   []string{b.Flag, FlagRealReject, d.Name},
			comment: "sent by " + strings.Join(d.Stacks, ", ") + ": " + d.Description}, true
	}
	return out{}, false
}

func init() {
	// Each known deviation is a flag of its own, named as Params.Tolerate
	// spells it (ca.ParseDeviation reads the flag back).
	for _, d := range ca.KnownDeviations {
		notes[d.Name] = corpus.Note{BugType: "Legacy", Description: fmt.Sprintf(
			"A known deployed deviation (clientauth.KnownDeviations): %s, sent by %s. Strict parsing rejects it under %s; with Params.Tolerate naming %s it is valid.",
			d.Description, strings.Join(d.Stacks, ", "), d.Relaxes, d.Name)}
	}
}

func union[T comparable](a, b []T) []T {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// render groups vectors into files (message type × version), groups in
// key order, tests in generation order.
func render(vecs []out) (map[string][]byte, error) {
	type group struct {
		key string
		g   corpus.VectorGroup
	}
	byFile := map[string][]*group{}
	groups := map[string]*group{}
	for _, v := range vecs {
		name := corpus.VectorFileName(v.typ, v.params.Vers())
		k := key(v.params, v.typ)
		g, ok := groups[k]
		if !ok {
			g = &group{key: k, g: corpus.GroupFields(v.typ, v.params)}
			groups[k] = g
			byFile[name] = append(byFile[name], g)
		}
		t := corpus.VectorTest{Comment: v.comment, Msg: hex.EncodeToString(v.msg), Result: v.result,
			Alerts: []string{}, Flags: v.flags, Requirements: []string{}, Mutation: v.mutation, Base: v.base}
		for _, a := range v.alerts {
			t.Alerts = append(t.Alerts, a.String())
		}
		for _, r := range v.reqs {
			t.Requirements = append(t.Requirements, string(r))
		}
		g.g.Tests = append(g.g.Tests, t)
	}
	files := map[string][]byte{}
	for name, gs := range byFile {
		sort.Slice(gs, func(i, j int) bool { return gs[i].key < gs[j].key })
		t, _ := ca.ParseHandshakeType(gs[0].g.Message)
		f := corpus.VectorFile{
			Algorithm:        fmt.Sprintf("TLS client authentication: %s, TLS %s", t, gs[0].g.Params.Vers()),
			Schema:           corpus.VectorsSchemaID,
			GeneratorVersion: GeneratorVersion,
			Header: []string{
				"Generated by corpus/internal/vecgen (go generate ./corpus/...); do not edit.",
				"msg is a whole handshake message, 4-byte header included, parsed under the group's context.",
				"valid: accept (and re-encode to the same bytes); invalid: reject with one of alerts;",
				"acceptable: accepting is tolerated, a rejection must use one of alerts.",
				"requirements are IDs of spec/requirements.md; a rejection should cite one of them.",
			},
			Notes: map[string]corpus.Note{},
		}
		id := 0
		for _, g := range gs {
			for i := range g.g.Tests {
				id++
				g.g.Tests[i].TcID = id
				for _, fl := range g.g.Tests[i].Flags {
					f.Notes[fl] = notes[fl]
				}
			}
			f.TestGroups = append(f.TestGroups, g.g)
		}
		f.NumberOfTests = id
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(f); err != nil {
			return nil, err
		}
		files[corpus.VectorsDir+"/"+name] = buf.Bytes()
	}
	return files, nil
}

// versions renders a VersionSet for names: "1.0-1.2", "1.3".
func versions(s ca.VersionSet) string {
	var vs []string
	for _, v := range ca.Versions {
		if s.Has(v) {
			vs = append(vs, v.String())
		}
	}
	if len(vs) > 1 {
		return vs[0] + "-" + vs[len(vs)-1]
	}
	return strings.Join(vs, "")
}
