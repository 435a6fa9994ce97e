package main

//go:generate sh -c "cd ../.. && go run ./cmd/clientauth corpus trace -format md -root . > docs/traceability.md || test $? -eq 1"

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"github.com/clientauth/clientauth/fuzz"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/corpus"
	"github.com/clientauth/clientauth/parser"
)

const corpusUsage = `usage: clientauth corpus check [-v]
       clientauth corpus trace [-format text|md] [-root DIR]
       clientauth corpus export -format raw|go|ossfuzz|json -out DIR [-target T1,T2]

check judges every embedded real message (corpus/real) under its manifest
entry's context and every labelled vector (corpus/vectors) under its group's,
as a Wycheproof runner does: one line per failure (with -v, per test) with
the expected and observed result and alert, the requirement, and the
context's text form (for check -params), then the totals. A real message
passes when it is valid, or rejected as its manifest's "expect" says; a
vector passes when valid ones are accepted and re-encode to the same bytes,
invalid ones are rejected with one of their alerts citing one of their
requirements, and acceptable ones either. Exit status 1 on any failure.

trace prints, for every requirement of DIR/spec/requirements.md, its check
level, the first place the core cites it (non-test .go files of DIR, DIR/parser
and DIR/encoder) and how many labelled vectors name it. Exit status 1 when a
P or P+c requirement has no citation or no vector; 2 on usage or I/O errors.

export writes the embedded corpus for other tools:
  raw      one file per message, in a directory per message type
           (libFuzzer / AFL++ seed directories)
  go       testdata/fuzz/FuzzX/ files in "go test fuzz v1" format
  ossfuzz  <target>_seed_corpus.zip in the OSS-Fuzz Go builder's input
           encoding, <target>.dict and <target>.options
  json     the labelled vectors and their JSON Schema
-target restricts go and ossfuzz to some fuzz targets (default: all).
`

func runCorpus(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, `clientauth: corpus: want a subcommand, check, trace or export (run "clientauth corpus -h")`)
		return exitUsage
	}
	var err error
	status := exitOK
	switch args[0] {
	case "check":
		status, err = corpusCheck(args[1:], stdout)
	case "trace":
		status, err = corpusTrace(args[1:], stdout)
	case "export":
		err = corpusExport(args[1:], stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, corpusUsage)
		return exitOK
	default:
		err = usagef("corpus: unknown subcommand %q", args[0])
	}
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: %v\n", err)
		return exitUsage
	}
	return status
}

// traceRow is one line of the traceability table.
type traceRow struct {
	corpus.RequirementRow
	Sites   []string // file:line, parser first
	Vectors int
}

func (r traceRow) missing() string {
	if !r.ParserCheckable() {
		return ""
	}
	var m []string
	if len(r.Sites) == 0 {
		m = append(m, "no code citation")
	}
	if r.Vectors == 0 {
		m = append(m, "no vector")
	}
	return strings.Join(m, ", ")
}

// traceSources are the core's packages, in the order their citations are
// preferred: the parser enforces, the tables state, the encoder refuses,
// then the steps around them (decompression, cross-message rules).
var traceSources = []string{"parser", ".", "encoder", "certcompress", "flow"}

// traceTable builds the table from the repository at root.
func traceTable(root string) ([]traceRow, error) {
	md, err := os.ReadFile(filepath.Join(root, "spec", "requirements.md"))
	if err != nil {
		return nil, err
	}
	reqs := corpus.ParseRequirements(md)
	if len(reqs) == 0 {
		return nil, fmt.Errorf("no requirement rows in %s", filepath.Join(root, "spec", "requirements.md"))
	}
	type line struct {
		site string
		text string
	}
	var lines []line
	for _, dir := range traceSources {
		files, err := filepath.Glob(filepath.Join(root, dir, "*.go"))
		if err != nil {
			return nil, err
		}
		slices.Sort(files)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			rel := filepath.ToSlash(filepath.Join(dir, filepath.Base(f)))
			for i, l := range strings.Split(string(b), "\n") {
				lines = append(lines, line{site: rel + ":" + strconv.Itoa(i+1), text: l})
			}
		}
	}
	vs, err := corpus.AllVectors()
	if err != nil {
		return nil, err
	}
	count := map[string]int{}
	for _, v := range vs {
		for _, r := range v.Test.Requirements {
			count[r]++
		}
	}
	rows := make([]traceRow, 0, len(reqs))
	for _, r := range reqs {
		// An ID cited as such, not as part of a longer one (8446-4.2-a in 8446-4.2-ab).
		re := regexp.MustCompile(`(^|[^0-9A-Za-z.-])` + regexp.QuoteMeta(r.ID) + `($|[^0-9A-Za-z_-])`)
		row := traceRow{RequirementRow: r, Vectors: count[r.ID]}
		for _, l := range lines {
			if re.MatchString(l.text) {
				row.Sites = append(row.Sites, l.site)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func corpusTrace(args []string, stdout io.Writer) (int, error) {
	fs := newFlagSet("corpus trace")
	format := fs.String("format", "text", "")
	root := fs.String("root", ".", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, corpusUsage)
			return exitOK, nil
		}
		return 0, usagef("corpus trace: %v", err)
	}
	if fs.NArg() > 0 {
		return 0, usagef("corpus trace: unexpected argument %q", fs.Arg(0))
	}
	rows, err := traceTable(*root)
	if err != nil {
		return 0, err
	}
	switch *format {
	case "text":
		writeTraceText(stdout, rows)
	case "md":
		writeTraceMarkdown(stdout, rows)
	default:
		return 0, usagef("corpus trace: -format %q (want text or md)", *format)
	}
	for _, r := range rows {
		if r.missing() != "" {
			return exitInvalid, nil
		}
	}
	return exitOK, nil
}

func enforcedAt(r traceRow) string {
	switch len(r.Sites) {
	case 0:
		return "-"
	case 1:
		return r.Sites[0]
	}
	return fmt.Sprintf("%s (+%d)", r.Sites[0], len(r.Sites)-1)
}

func writeTraceText(w io.Writer, rows []traceRow) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLEVEL\tENFORCED AT\tVECTORS\tMISSING")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.ID, r.Level, enforcedAt(r), r.Vectors, r.missing())
	}
	tw.Flush()
}

func writeTraceMarkdown(w io.Writer, rows []traceRow) {
	var p, missing int
	for _, r := range rows {
		if r.ParserCheckable() {
			p++
			if r.missing() != "" {
				missing++
			}
		}
	}
	fmt.Fprintln(w, "# Requirement traceability")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "<!-- Generated by `go run ./cmd/clientauth corpus trace -format md > docs/traceability.md` (go generate ./cmd/clientauth); do not edit. -->")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Every requirement of [spec/requirements.md](../spec/requirements.md): its check level, where the core")
	fmt.Fprintln(w, "(root package, parser, encoder) cites it, and how many labelled vectors of corpus/vectors name it.")
	fmt.Fprintln(w, "A parser-checkable requirement (level P or P+c) needs both.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%d requirements, %d parser-checkable, %d of them missing a citation or a vector.\n\n", len(rows), p, missing)
	fmt.Fprintln(w, "| ID | Level | Enforced at | Vectors | Missing |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, r := range rows {
		site := enforcedAt(r)
		if len(r.Sites) > 0 {
			site = "`" + site + "`"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s |\n", r.ID, strings.ReplaceAll(r.Level, "|", "/"), site, r.Vectors, r.missing())
	}
}

// fuzzTarget is a native fuzz target of the fuzz/ package: which messages
// seed it and how a message becomes its arguments. Adjust the table when
// the targets change (names must not be prefixes of each other: the
// OSS-Fuzz Go builder then builds nothing).
type fuzzTarget struct {
	Name  string
	Types []ca.HandshakeType // nil: every message
	Args  func(v corpus.Vector) []any
}

func msgArg(v corpus.Vector) []any { return []any{v.Msg} }

// fuzzTargets are fuzz.Targets (the one list of byte-level targets) and the
// stream target, which takes every message.
var fuzzTargets = func() []fuzzTarget {
	var out []fuzzTarget
	for _, t := range fuzz.Targets {
		out = append(out, fuzzTarget{Name: t.Name, Types: t.Types, Args: msgArg})
	}
	return append(out, fuzzTarget{Name: "FuzzStream", Args: msgArg})
}()

func selectTargets(list string) ([]fuzzTarget, error) {
	if list == "" {
		return fuzzTargets, nil
	}
	var out []fuzzTarget
	for _, n := range strings.Split(list, ",") {
		i := slices.IndexFunc(fuzzTargets, func(t fuzzTarget) bool { return t.Name == n })
		if i < 0 {
			var names []string
			for _, t := range fuzzTargets {
				names = append(names, t.Name)
			}
			return nil, usagef("corpus export: unknown target %q (have %s)", n, strings.Join(names, ", "))
		}
		out = append(out, fuzzTargets[i])
	}
	return out, nil
}

// seeds returns the target's argument lists, one per distinct encoding, in
// vector order.
func seeds(t fuzzTarget, vs []corpus.Vector) [][]any {
	var out [][]any
	seen := map[string]bool{}
	for _, v := range vs {
		typ, _ := ca.ParseHandshakeType(v.Group.Message)
		if t.Types != nil && !slices.Contains(t.Types, typ) {
			continue
		}
		args := t.Args(v)
		k := fmt.Sprintf("%#v", args)
		if !seen[k] {
			seen[k] = true
			out = append(out, args)
		}
	}
	return out
}

func shortHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

func corpusExport(args []string, stdout io.Writer) error {
	fs := newFlagSet("corpus export")
	format := fs.String("format", "", "")
	dir := fs.String("out", "", "")
	target := fs.String("target", "", "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, corpusUsage)
			return nil
		}
		return usagef("corpus export: %v", err)
	}
	if *dir == "" || fs.NArg() > 0 {
		return usagef("corpus export: -out DIR is required and takes no arguments")
	}
	vs, err := corpus.AllVectors()
	if err != nil {
		return err
	}
	targets, err := selectTargets(*target)
	if err != nil {
		return err
	}
	var n int
	switch *format {
	case "raw":
		n, err = exportRaw(*dir, vs)
	case "go":
		n, err = exportGo(*dir, targets, vs)
	case "ossfuzz":
		n, err = exportOSSFuzz(*dir, targets, vs)
	case "json":
		n, err = exportJSON(*dir)
	default:
		return usagef("corpus export: -format %q (want raw, go, ossfuzz or json)", *format)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", n, *dir)
	return nil
}

func writeOut(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func exportRaw(dir string, vs []corpus.Vector) (int, error) {
	seen := map[string]bool{}
	for _, v := range vs {
		p := filepath.Join(dir, v.Group.Message, shortHash(v.Msg))
		if seen[p] {
			continue
		}
		seen[p] = true
		if err := writeOut(p, v.Msg); err != nil {
			return 0, err
		}
	}
	return len(seen), nil
}

// goFuzzFile renders arguments in the native fuzzer's corpus format.
func goFuzzFile(args []any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch a := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%s)\n", strconv.Quote(string(a)))
		case string:
			fmt.Fprintf(&b, "string(%s)\n", strconv.Quote(a))
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", a)
		case uint8:
			fmt.Fprintf(&b, "byte(%s)\n", strconv.QuoteRune(rune(a)))
		case uint16:
			fmt.Fprintf(&b, "uint16(%d)\n", a)
		default:
			return nil, fmt.Errorf("fuzz argument of type %T", a)
		}
	}
	return b.Bytes(), nil
}

func exportGo(dir string, targets []fuzzTarget, vs []corpus.Vector) (int, error) {
	n := 0
	for _, t := range targets {
		for _, args := range seeds(t, vs) {
			b, err := goFuzzFile(args)
			if err != nil {
				return n, err
			}
			if err := writeOut(filepath.Join(dir, "testdata", "fuzz", t.Name, shortHash(b)), b); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// legacyInput encodes arguments the way the OSS-Fuzz Go builder's legacy
// harness reads them (go-118-fuzz-build): each []byte or string as a 4-byte
// big-endian length and its bytes.
func legacyInput(args []any) ([]byte, error) {
	var b []byte
	for _, a := range args {
		var data []byte
		switch a := a.(type) {
		case []byte:
			data = a
		case string:
			data = []byte(a)
		default:
			return nil, fmt.Errorf("OSS-Fuzz legacy encoding of a %T argument is not supported", a)
		}
		b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
		b = append(b, data...)
	}
	return b, nil
}

func exportOSSFuzz(dir string, targets []fuzzTarget, vs []corpus.Vector) (int, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	dict := fuzzDictionary()
	n := 0
	for _, t := range targets {
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		longest := 0
		names := map[string]bool{}
		for _, args := range seeds(t, vs) {
			in, err := legacyInput(args)
			if err != nil {
				return n, err
			}
			name := shortHash(in)
			if names[name] {
				continue
			}
			names[name] = true
			w, err := zw.Create(name)
			if err != nil {
				return n, err
			}
			w.Write(in)
			longest = max(longest, len(in))
		}
		if err := zw.Close(); err != nil {
			return n, err
		}
		// max_len: room for the longest seed and growth from it.
		maxLen := 4096
		for maxLen < 2*longest {
			maxLen *= 2
		}
		files := map[string][]byte{
			t.Name + "_seed_corpus.zip": zb.Bytes(),
			t.Name + ".dict":            dict,
			t.Name + ".options":         fmt.Appendf(nil, "[libfuzzer]\ndict = %s.dict\nmax_len = %d\n", t.Name, maxLen),
		}
		for name, b := range files {
			if err := writeOut(filepath.Join(dir, name), b); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// fuzzDictionary is a libFuzzer dictionary from the core's vocabulary:
// handshake types, extension types, signature schemes, compression
// algorithms, and the lengths at the edges of every bounds row.
func fuzzDictionary() []byte {
	type entry struct {
		name string
		val  []byte
	}
	var es []entry
	for t := 0; t < 256; t++ {
		if _, ok := ca.ParseHandshakeType(ca.HandshakeType(t).String()); ok {
			es = append(es, entry{"handshake_" + ca.HandshakeType(t).String(), []byte{byte(t)}})
		}
	}
	for _, e := range ca.Extensions() {
		es = append(es, entry{"extension_" + e.Name, binary.BigEndian.AppendUint16(nil, uint16(e.Type))})
	}
	es = append(es, entry{"extension_grease", []byte{0x0a, 0x0a}})
	for s := 0; s < 1<<16; s++ {
		name := ca.SignatureScheme(s).String()
		if strings.HasPrefix(name, "0x") || name == "grease" {
			continue
		}
		es = append(es, entry{"scheme_" + name, binary.BigEndian.AppendUint16(nil, uint16(s))})
	}
	for a := 1; a <= 3; a++ {
		es = append(es, entry{"compression_" + ca.CertificateCompressionAlgorithm(a).String(), binary.BigEndian.AppendUint16(nil, uint16(a))})
	}
	seen := map[string]bool{}
	for _, b := range ca.AllBounds() {
		if b.Width == 0 {
			continue
		}
		for _, n := range []int{b.Min, b.Min + b.Elem, b.Max, b.Max + 1} {
			if n > b.PrefixMax() {
				continue
			}
			v := make([]byte, b.Width)
			for j := b.Width - 1; j >= 0; j-- {
				v[j] = byte(n >> (8 * (b.Width - 1 - j)))
			}
			if !seen[string(v)] {
				seen[string(v)] = true
				es = append(es, entry{fmt.Sprintf("length%d_%d", b.Width, n), v})
			}
		}
	}
	var b bytes.Buffer
	b.WriteString("# libFuzzer dictionary for TLS client-authentication messages; made by clientauth corpus export.\n")
	names := map[string]bool{}
	for _, e := range es {
		name := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
				return r
			}
			return '_'
		}, e.name)
		if names[name] {
			continue
		}
		names[name] = true
		b.WriteString(name)
		b.WriteString("=\"")
		for _, c := range e.val {
			fmt.Fprintf(&b, "\\x%02x", c)
		}
		b.WriteString("\"\n")
	}
	return b.Bytes()
}

func exportJSON(dir string) (int, error) {
	var names []string
	err := fs.WalkDir(corpus.VectorsFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, p)
		return nil
	})
	if err != nil {
		return 0, err
	}
	sort.Strings(names)
	for _, p := range names {
		b, err := fs.ReadFile(corpus.VectorsFS(), p)
		if err != nil {
			return 0, err
		}
		if err := writeOut(filepath.Join(dir, filepath.FromSlash(p)), b); err != nil {
			return 0, err
		}
	}
	if len(names) == 0 {
		return 0, errors.New("no vector files embedded")
	}
	return len(names), nil
}

// corpusOutcome is one test's verdict.
type corpusOutcome struct {
	name     string // e.g. "real/certificate/tls13/x.bin" or "certificate_tls13.json#12"
	expected string // valid, invalid or acceptable, with the alerts allowed
	observed string // valid, or the alert and requirement of the rejection
	reqs     string // the requirements the test names
	params   ca.Params
	comment  string
	pass     bool
}

// judgeAgainst compares a verdict with what a test expects.
func judgeAgainst(result string, alerts, reqs []string, m parser.Message, err error, msg []byte, p ca.Params) (observed string, pass bool) {
	if err == nil {
		if same, _, eerr := reencodes(p, m, msg, nil); eerr != nil || !same {
			return "valid, but re-encoding differs", false
		}
		return corpus.ResultValid, result != corpus.ResultInvalid
	}
	var e *ca.Error
	if !errors.As(err, &e) {
		return "error " + err.Error(), false
	}
	observed = fmt.Sprintf("%s (%s, %s)", e.Alert, e.Requirement, e.Field())
	return observed, result != corpus.ResultValid && slices.Contains(alerts, e.Alert.String()) && slices.Contains(reqs, string(e.Requirement))
}

func corpusCheck(args []string, stdout io.Writer) (int, error) {
	fs := newFlagSet("corpus check")
	verbose := fs.Bool("v", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, corpusUsage)
			return exitOK, nil
		}
		return exitUsage, usagef("corpus check: %v", err)
	}
	if fs.NArg() > 0 {
		return exitUsage, usagef("corpus check: unexpected argument %q", fs.Arg(0))
	}
	var inflate []byte
	var outs []corpusOutcome
	// judge checks msg against what its test expects and keeps o, the
	// outcome; valid is the parser's verdict alone.
	judge := func(o corpusOutcome, msg []byte, result string, alerts, reqs []string) (valid, pass bool) {
		m, buf, err := verdict(o.params, msg, inflate)
		inflate = buf
		o.observed, o.pass = judgeAgainst(result, alerts, reqs, m, err, msg, o.params)
		outs = append(outs, o)
		return err == nil, o.pass
	}
	real, err := corpus.Real()
	if err != nil {
		return exitUsage, err
	}
	realValid, realPass := 0, 0
	for _, r := range real {
		o := corpusOutcome{name: "real/" + r.Path, params: r.Params, expected: corpus.ResultValid}
		result, alerts, reqs := corpus.ResultValid, []string(nil), []string(nil)
		if x := r.Expect; x != nil {
			result, alerts, reqs = x.Result, []string{x.Alert}, []string{x.Requirement}
			o.expected, o.reqs, o.comment = fmt.Sprintf("%s %s", x.Result, x.Alert), x.Requirement, x.Reason
		}
		valid, pass := judge(o, r.Bytes, result, alerts, reqs)
		if valid {
			realValid++
		}
		if pass {
			realPass++
		}
	}
	vs, err := corpus.AllVectors()
	if err != nil {
		return exitUsage, err
	}
	vecPass := 0
	for _, v := range vs {
		o := corpusOutcome{name: v.Name(), params: v.Params, comment: v.Test.Comment,
			expected: strings.TrimSpace(v.Test.Result + " " + strings.Join(v.Test.Alerts, "|")),
			reqs:     strings.Join(v.Test.Requirements, ",")}
		if _, pass := judge(o, v.Msg, v.Test.Result, v.Test.Alerts, v.Test.Requirements); pass {
			vecPass++
		}
	}
	failed := 0
	for _, o := range outs {
		if o.pass && !*verbose {
			continue
		}
		status := "passed"
		if !o.pass {
			status = "FAILED"
			failed++
		}
		fmt.Fprintf(stdout, "%s %s: expected %s, observed %s", status, o.name, o.expected, o.observed)
		if o.reqs != "" {
			fmt.Fprintf(stdout, "; requirement %s", o.reqs)
		}
		fmt.Fprintf(stdout, "; params %q", o.params.String())
		if o.comment != "" {
			fmt.Fprintf(stdout, "; %s", o.comment)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "real messages: %d, %d valid under their manifest context, %d passed, %d failed\n",
		len(real), realValid, realPass, len(real)-realPass)
	fmt.Fprintf(stdout, "vectors: %d, %d passed, %d failed\n", len(vs), vecPass, len(vs)-vecPass)
	if failed > 0 {
		return exitInvalid, nil
	}
	return exitOK, nil
}
