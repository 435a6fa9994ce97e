package corpus

//go:generate go run ./internal/vecgen/cmd

import (
	"bytes"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// The labelled vectors, in the shape of Project Wycheproof: one file per
// message type and version under vectors/, and the JSON Schema they follow
// under schema/. Both are written by internal/vecgen (go generate), from the
// real messages and the mutation catalog; a test fails when they are stale.
//
//go:embed vectors/*.json schema/vectors.schema.json
var vectorsFS embed.FS

// VectorsDir is the directory of the vector files inside VectorsFS.
const VectorsDir = "vectors"

// VectorsSchemaPath is the JSON Schema's path inside VectorsFS.
const VectorsSchemaPath = "schema/vectors.schema.json"

// VectorsSchemaID is the schema's $id; every vector file names it in "schema".
const VectorsSchemaID = "vectors.schema.json"

// VectorsFS returns the embedded vectors/ and schema/ directories as they are
// committed, for tools that copy them (clientauth corpus export -format json).
func VectorsFS() fs.FS { return vectorsFS }

// Results of a vector.
const (
	ResultValid      = "valid"      // a parser must accept it (and re-encode it to the same bytes)
	ResultInvalid    = "invalid"    // a parser must reject it, with one of Alerts
	ResultAcceptable = "acceptable" // the RFCs leave room: accepting is allowed, rejecting must use one of Alerts
)

// VectorFile is one file of vectors/: Wycheproof's top-level fields, notes
// explaining each flag, and test groups sharing one parsing context.
type VectorFile struct {
	Name             string          `json:"-"` // file name inside vectors/
	Algorithm        string          `json:"algorithm"`
	Schema           string          `json:"schema"`
	GeneratorVersion string          `json:"generatorVersion"`
	NumberOfTests    int             `json:"numberOfTests"`
	Header           []string        `json:"header"`
	Notes            map[string]Note `json:"notes"`
	TestGroups       []VectorGroup   `json:"testGroups"`
}

// Note explains a flag, as in Wycheproof: what kind of case it marks.
type Note struct {
	BugType     string `json:"bugType"`
	Description string `json:"description"`
}

// VectorGroup is a set of tests that parse under the same Params, written
// in Params' one JSON form (params_text.go): the "params" object dissect
// -json writes, every field present. Only client_key_exchange groups vary
// kex and only finished groups vary finished_len; the others carry the
// defaults, which their parsing does not read.
type VectorGroup struct {
	Type    string       `json:"type"`    // always "HandshakeMessageTest"
	Message string       `json:"message"` // handshake type name, e.g. "certificate_request"
	Params  ca.Params    `json:"params"`
	Tests   []VectorTest `json:"tests"`
}

// VectorTest is one labelled message.
type VectorTest struct {
	TcID         int      `json:"tcId"`
	Comment      string   `json:"comment"`
	Msg          string   `json:"msg"` // hex, 4-byte handshake header included
	Result       string   `json:"result"`
	Alerts       []string `json:"alerts"`       // for invalid/acceptable: the alerts a rejection may carry
	Flags        []string `json:"flags"`        // keys of the file's notes
	Requirements []string `json:"requirements"` // IDs from spec/requirements.md
	Mutation     string   `json:"mutation,omitempty"`
	Base         string   `json:"base,omitempty"` // the real or sample message it was made from
}

// GroupFields is the group for messages of type t parsed under p: the
// fields t's parsing does not read set to their defaults, so that groups
// differ only where the parse can.
func GroupFields(t ca.HandshakeType, p ca.Params) VectorGroup {
	if t != ca.TypeClientKeyExchange {
		p.KeyExchange = 0
	}
	if t != ca.TypeFinished {
		p.FinishedLen = 0
	}
	return VectorGroup{Type: "HandshakeMessageTest", Message: t.String(), Params: p.Resolved()}
}

// Vector is one test with its decoded message and context.
type Vector struct {
	File   string
	Group  *VectorGroup
	Test   *VectorTest
	Msg    []byte
	Params ca.Params
}

// Name identifies the vector across files, e.g. "certificate_request_tls13.json#12".
func (v Vector) Name() string { return fmt.Sprintf("%s#%d", v.File, v.Test.TcID) }

// Vectors returns the embedded vector files, in name order.
func Vectors() ([]VectorFile, error) { return LoadVectors(vectorsFS) }

// LoadVectors reads every vectors/*.json of fsys and checks what a Go
// reader relies on beyond the schema: unique tcIds, the test count, hex
// messages, flags that the notes explain, and group contexts that parse.
func LoadVectors(fsys fs.FS) ([]VectorFile, error) {
	names, err := fs.Glob(fsys, VectorsDir+"/*.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("corpus: no vector files")
	}
	slices.Sort(names)
	var out []VectorFile
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		f, err := DecodeVectorFile(b)
		if err != nil {
			return nil, fmt.Errorf("corpus: %s: %v", n, err)
		}
		f.Name = path.Base(n)
		out = append(out, f)
	}
	return out, nil
}

// DecodeVectorFile decodes and checks one vector file.
func DecodeVectorFile(b []byte) (VectorFile, error) {
	var f VectorFile
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		return f, err
	}
	if f.Schema != VectorsSchemaID {
		return f, fmt.Errorf("schema %q, want %q", f.Schema, VectorsSchemaID)
	}
	n := 0
	ids := map[int]bool{}
	for gi := range f.TestGroups {
		g := &f.TestGroups[gi]
		// Params' JSON reader requires the version and validates, so a
		// zero Version means the group had no params at all.
		if g.Params.Version == 0 {
			return f, fmt.Errorf("group %d: params missing", gi)
		}
		if _, ok := ca.ParseHandshakeType(g.Message); !ok {
			return f, fmt.Errorf("group %d: message %q", gi, g.Message)
		}
		for _, t := range g.Tests {
			n++
			if ids[t.TcID] {
				return f, fmt.Errorf("tcId %d twice", t.TcID)
			}
			ids[t.TcID] = true
			if _, err := hex.DecodeString(t.Msg); err != nil {
				return f, fmt.Errorf("tcId %d: msg: %v", t.TcID, err)
			}
			for _, fl := range t.Flags {
				if _, ok := f.Notes[fl]; !ok {
					return f, fmt.Errorf("tcId %d: flag %q has no note", t.TcID, fl)
				}
			}
			for _, a := range t.Alerts {
				if _, ok := ca.ParseAlert(a); !ok {
					return f, fmt.Errorf("tcId %d: alert %q", t.TcID, a)
				}
			}
		}
	}
	if n != f.NumberOfTests {
		return f, fmt.Errorf("numberOfTests %d, file holds %d", f.NumberOfTests, n)
	}
	return f, nil
}

// Flatten returns every test of files with its message and Params.
func Flatten(files []VectorFile) ([]Vector, error) {
	var out []Vector
	for fi := range files {
		f := &files[fi]
		for gi := range f.TestGroups {
			g := &f.TestGroups[gi]
			p := g.Params
			for ti := range g.Tests {
				t := &g.Tests[ti]
				msg, err := hex.DecodeString(t.Msg)
				if err != nil {
					return nil, fmt.Errorf("corpus: %s#%d: %v", f.Name, t.TcID, err)
				}
				out = append(out, Vector{File: f.Name, Group: g, Test: t, Msg: msg, Params: p})
			}
		}
	}
	return out, nil
}

// AllVectors is Flatten(Vectors()).
func AllVectors() ([]Vector, error) {
	files, err := Vectors()
	if err != nil {
		return nil, err
	}
	return Flatten(files)
}

// VectorFileName is the file a message type and version's vectors go to,
// e.g. "certificate_request_tls13.json".
func VectorFileName(t ca.HandshakeType, v ca.Version) string {
	return t.String() + "_tls" + strings.ReplaceAll(v.String(), ".", "") + ".json"
}

// RequirementRow is one requirement of spec/requirements.md: its ID and the
// check level of its last column (P, P+c, S, E, or a mix such as "P / S").
type RequirementRow struct {
	ID    string
	Level string
}

// ParserCheckable reports whether a parser can check the row from one
// message and its Params: the level is P or P+c (possibly with an S part).
func (r RequirementRow) ParserCheckable() bool { return strings.HasPrefix(r.Level, "P") }

// ParseRequirements reads the requirement tables of spec/requirements.md:
// rows whose first cell is an ID such as 8446-4.3.2-b. Rows of tables
// without a check column (the alert table) get level "–".
func ParseRequirements(md []byte) []RequirementRow {
	var out []RequirementRow
	seen := map[string]bool{}
	for _, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		if !requirementID.MatchString(cells[0]) || seen[cells[0]] {
			continue
		}
		seen[cells[0]] = true
		level := "–"
		if len(cells) >= 7 {
			level = cells[len(cells)-1]
		}
		out = append(out, RequirementRow{ID: cells[0], Level: level})
	}
	return out
}

var requirementID = regexp.MustCompile(`^[0-9]{4}-[0-9.]+-[a-zA-Z_]+$`)
