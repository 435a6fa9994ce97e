// Command benchtable turns the output of the bench package's benchmarks
// (scripts/bench-vs-crypto-tls runs them with the crypto/tls shim) into the
// tables of docs/benchmarks.md and checks issue 13's goals.
//
// Every ratio is the median of per-run pairs (run i of one implementation
// against run i of the other, adjacent in time), never a ratio of medians;
// family medians are medians of those per-input ratios. Columns:
//
//	ours ÷ walk          typed method against the bare cryptobyte walk
//	Parse ÷ typed        Parser.ParseInto (parse_any) against the typed method
//	crypto/tls ÷ ours    crypto/tls unmarshal at its cheapest (crypto_tls)
//	Conn ÷ ours          crypto/tls as its Conn reads a message (crypto_tls_conn)
//	invalid ÷ valid      an invalid variant against the valid input it came from
//	encode ÷ append      our encoder against a hand-written append (append)
//
//	benchtable [-strict] [file]   # stdin when no file; -strict: exit 1 on a missed goal
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/bench/benchtext"
)

// Implementations, as the bench package names its sub-benchmarks.
const (
	implOurs    = "ours"
	implAny     = "parse_any"
	implWalk    = "walk"
	implWalkDER = "walk_der"
	implTLS     = "crypto_tls"
	implTLSConn = "crypto_tls_conn"
	implAppend  = "append"
)

// Benchmark sets (top-level benchmarks) and how the goals group them.
const (
	setMessages = "Messages"
	setGrowth   = "Growth"
	setStream   = "Stream"
	setReal     = "Real"
	setInvalid  = "Invalid"
)

// Goals of issue 13, as ratios measured in one run on the same bytes.
const (
	MaxWalkMedian    = 1.3 // typed ÷ walk, median per family
	MaxWalkEach      = 1.6 // typed ÷ walk, every input
	MinTLSMedian     = 1.5 // crypto/tls ÷ ours, median per family
	MinTLSEach       = 1.0 // crypto/tls ÷ ours, every input
	MaxAnyVsTyped    = 1.1 // Parse ÷ typed, every input
	MaxInvalidVsGood = 3.0 // invalid ÷ valid, every variant
	MaxEncodeAppend  = 1.5 // encode ÷ append, every input
)

// goalTypes are the messages the walk and crypto/tls goals are stated on.
var goalTypes = []ca.HandshakeType{ca.TypeCertificateRequest, ca.TypeCertificate, ca.TypeCertificateVerify}

// Row is one input and operation of one set.
type Row struct {
	Set, Input, Op string
	NS             map[string][]float64 // ns/op per run, by implementation
	Allocs         map[string]float64   // median allocs/op, by implementation
}

// Median ns/op of impl, NaN when absent.
func (r *Row) Median(impl string) float64 { return med(r.NS[impl]) }

// Ratio is the median of num[i] ÷ den[i] over the runs both have.
func (r *Row) Ratio(num, den string) float64 { return pairRatio(r.NS[num], r.NS[den]) }

// Family is the input's first name part (CR13, CT12, Kex12, ...).
func (r *Row) Family() string { f, _, _ := strings.Cut(r.Input, "/"); return f }

// Table is every row, in first-seen order.
type Table struct {
	Rows  []*Row
	byKey map[string]*Row
}

func key(set, input, op string) string { return set + "\x00" + input + "\x00" + op }

// Get returns the row, or nil.
func (t *Table) Get(set, input, op string) *Row { return t.byKey[key(set, input, op)] }

// Build groups results by set, input and operation.
func Build(rs []benchtext.Result) *Table {
	t := &Table{byKey: map[string]*Row{}}
	allocs := map[*Row]map[string][]float64{}
	for _, res := range rs {
		nm, ok := benchtext.Split(res.Name)
		if !ok {
			continue
		}
		set, input, op, impl := nm.Set, nm.Input, nm.Op, nm.Impl
		ns, ok := res.Metrics["ns/op"]
		if !ok {
			continue
		}
		k := key(set, input, op)
		row := t.byKey[k]
		if row == nil {
			row = &Row{Set: set, Input: input, Op: op, NS: map[string][]float64{}, Allocs: map[string]float64{}}
			t.byKey[k] = row
			t.Rows = append(t.Rows, row)
			allocs[row] = map[string][]float64{}
		}
		row.NS[impl] = append(row.NS[impl], ns)
		if a, ok := res.Metrics["allocs/op"]; ok {
			allocs[row][impl] = append(allocs[row][impl], a)
		}
	}
	for row, m := range allocs {
		for impl, v := range m {
			row.Allocs[impl] = med(v)
		}
	}
	return t
}

// Valid is the row an Invalid row's variant was made from.
func (t *Table) Valid(r *Row) *Row {
	i := strings.LastIndexByte(r.Input, '/')
	if r.Set != setInvalid || i < 0 {
		return nil
	}
	return t.Get(setMessages, r.Input[:i], r.Op)
}

// InvalidRatio is invalid ÷ valid for an Invalid row: per-run pairs of its
// ns/op against the valid input's typed parse.
func (t *Table) InvalidRatio(r *Row) float64 {
	v := t.Valid(r)
	if v == nil {
		return math.NaN()
	}
	return pairRatio(r.NS[implOurs], v.NS[implOurs])
}

func med(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return benchtext.Median(v)
}

func pairRatio(num, den []float64) float64 {
	n := min(len(num), len(den))
	r := make([]float64, 0, n)
	for i := range n {
		if den[i] > 0 {
			r = append(r, num[i]/den[i])
		}
	}
	return med(r)
}

func f(v float64, format string) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf(format, v)
}

func allocs(r *Row, impl string) string {
	a, ok := r.Allocs[impl]
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%.0f", a)
}

// goalFamily reports whether a family (CR13, ...) is one the walk and
// crypto/tls goals are stated on: its Short name is one of goalTypes'.
func goalFamily(family string) bool {
	short := strings.TrimRight(family, "0123456789")
	for _, t := range goalTypes {
		if m, ok := ca.LookupMessage(t); ok && m.Short == short {
			return true
		}
	}
	return false
}

// group is which family-median group a set belongs to: real messages, or
// the inputs built or picked in package bench.
func group(set string) string {
	switch set {
	case setReal:
		return "real"
	case setMessages, setGrowth:
		return "built"
	}
	return ""
}

func (t *Table) rows(keep func(*Row) bool) []*Row {
	var out []*Row
	for _, r := range t.Rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func writeParse(w io.Writer, rows []*Row) {
	fmt.Fprintln(w, "| input | ours ns/op | walk ns/op | ours ÷ walk | ours ÷ walk+DER | Parse ÷ typed | crypto/tls ns/op (no escape, no copy) | crypto/tls ÷ ours | crypto/tls as Conn reads ns/op (new value + copy) | Conn ÷ ours | allocs ours / crypto/tls / Conn |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n", name(r),
			f(r.Median(implOurs), "%.1f"), f(r.Median(implWalk), "%.1f"), f(r.Ratio(implOurs, implWalk), "%.2f×"),
			f(r.Ratio(implOurs, implWalkDER), "%.2f×"),
			f(r.Ratio(implAny, implOurs), "%.2f×"),
			f(r.Median(implTLS), "%.1f"), f(r.Ratio(implTLS, implOurs), "%.2f×"),
			f(r.Median(implTLSConn), "%.1f"), f(r.Ratio(implTLSConn, implOurs), "%.2f×"),
			allocs(r, implOurs), allocs(r, implTLS), allocs(r, implTLSConn))
	}
	fmt.Fprintln(w)
}

func name(r *Row) string {
	if r.Set == setMessages || r.Set == setReal || r.Set == setInvalid {
		return r.Input
	}
	return r.Set + "/" + r.Input
}

// Write prints the tables and the goals; it reports whether every goal that
// could be checked was met.
func Write(w io.Writer, t *Table) bool {
	isParse := func(sets ...string) func(*Row) bool {
		return func(r *Row) bool { return r.Op == "parse" && slices.Contains(sets, r.Set) }
	}
	fmt.Fprintln(w, "### Parse: bench inputs")
	fmt.Fprintln(w)
	writeParse(w, t.rows(isParse(setMessages, setGrowth, setStream)))

	if enc := t.rows(func(r *Row) bool { return r.Op == "encode" }); len(enc) > 0 {
		fmt.Fprintln(w, "### Encode")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| input | ours ns/op | crypto/tls ns/op | crypto/tls ÷ ours | append ns/op | encode ÷ append | allocs ours / crypto/tls |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
		for _, r := range enc {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s / %s |\n", name(r),
				f(r.Median(implOurs), "%.1f"), f(r.Median(implTLS), "%.1f"), f(r.Ratio(implTLS, implOurs), "%.2f×"),
				f(r.Median(implAppend), "%.1f"), f(r.Ratio(implOurs, implAppend), "%.2f×"),
				allocs(r, implOurs), allocs(r, implTLS))
		}
		fmt.Fprintln(w)
	}

	if inv := t.rows(isParse(setInvalid)); len(inv) > 0 {
		fmt.Fprintln(w, "### Invalid inputs")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| input / variant | ns/op | valid ns/op | invalid ÷ valid | allocs |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
		for _, r := range inv {
			valid := math.NaN()
			if v := t.Valid(r); v != nil {
				valid = v.Median(implOurs)
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", name(r), f(r.Median(implOurs), "%.1f"), f(valid, "%.1f"),
				f(t.InvalidRatio(r), "%.2f×"), allocs(r, implOurs))
		}
		fmt.Fprintln(w)
	}

	if realRows := t.rows(isParse(setReal)); len(realRows) > 0 {
		fmt.Fprintf(w, "### Parse: real messages (corpus/real, %d inputs)\n\n", len(realRows))
		writeParse(w, realRows)
	}

	fams := families(t)
	if len(fams) > 0 {
		fmt.Fprintln(w, "### Family medians")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| inputs | family | n | ours ÷ walk | ours ÷ walk+DER | crypto/tls ÷ ours | Conn ÷ ours | Parse ÷ typed |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|")
		for _, fm := range fams {
			fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s |\n", fm.Group, fm.Family, len(fm.Rows),
				f(fm.median(implOurs, implWalk), "%.2f×"), f(fm.median(implOurs, implWalkDER), "%.2f×"), f(fm.median(implTLS, implOurs), "%.2f×"),
				f(fm.median(implTLSConn, implOurs), "%.2f×"), f(fm.median(implAny, implOurs), "%.2f×"))
		}
		fmt.Fprintln(w)
	}
	return writeGoals(w, t, fams)
}

// Family is the inputs of one family (CR13, ...) in one group (real, built).
type Family struct {
	Group, Family string
	Rows          []*Row
}

// median of the family's per-input ratios num ÷ den.
func (fm Family) median(num, den string) float64 {
	var v []float64
	for _, r := range fm.Rows {
		if x := r.Ratio(num, den); !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	return med(v)
}

// families groups the goal families' parse rows, real before built, then by
// family name.
func families(t *Table) []Family {
	byKey := map[[2]string]*Family{}
	for _, r := range t.Rows {
		g := group(r.Set)
		if r.Op != "parse" || g == "" || !goalFamily(r.Family()) {
			continue
		}
		k := [2]string{g, r.Family()}
		if byKey[k] == nil {
			byKey[k] = &Family{Group: g, Family: r.Family()}
		}
		byKey[k].Rows = append(byKey[k].Rows, r)
	}
	var out []Family
	for _, fm := range byKey {
		out = append(out, *fm)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group == "real"
		}
		return out[i].Family < out[j].Family
	})
	return out
}

// miss is one input or family off its goal.
type miss struct {
	what  string
	ratio float64
}

// goal prints one goal line: met, MISSED (worst first, at most ten named)
// or not measured; it reports false only when missed.
func goal(w io.Writer, text string, checked int, misses []miss, worseIsHigher bool) bool {
	switch {
	case checked == 0:
		fmt.Fprintf(w, "- %s: not measured\n", text)
		return true
	case len(misses) == 0:
		fmt.Fprintf(w, "- %s: met (%d of %d)\n", text, checked, checked)
		return true
	}
	sort.SliceStable(misses, func(i, j int) bool {
		if worseIsHigher {
			return misses[i].ratio > misses[j].ratio
		}
		return misses[i].ratio < misses[j].ratio
	})
	var named []string
	for i, m := range misses {
		if i == 10 {
			named = append(named, fmt.Sprintf("and %d more", len(misses)-10))
			break
		}
		named = append(named, fmt.Sprintf("%s %.2f×", m.what, m.ratio))
	}
	fmt.Fprintf(w, "- %s: MISSED on %d of %d: %s\n", text, len(misses), checked, strings.Join(named, ", "))
	return false
}

// check applies a bound to values; max true: value must be ≤ limit.
func check(items []miss, limit float64, max bool) (checked int, misses []miss) {
	for _, it := range items {
		if math.IsNaN(it.ratio) {
			continue
		}
		checked++
		if (max && it.ratio > limit) || (!max && it.ratio < limit) {
			misses = append(misses, it)
		}
	}
	return checked, misses
}

func writeGoals(w io.Writer, t *Table, fams []Family) bool {
	fmt.Fprintln(w, "### Goals (issue 13)")
	fmt.Fprintln(w)
	var walkFam, tlsFam, walkEach, tlsEach, anyEach, invalid, enc []miss
	for _, fm := range fams {
		what := fm.Group + " " + fm.Family
		walkFam = append(walkFam, miss{what, fm.median(implOurs, implWalk)})
		tlsFam = append(tlsFam, miss{what, fm.median(implTLS, implOurs)})
		for _, r := range fm.Rows {
			walkEach = append(walkEach, miss{name(r), r.Ratio(implOurs, implWalk)})
			tlsEach = append(tlsEach, miss{name(r), r.Ratio(implTLS, implOurs)})
		}
	}
	for _, r := range t.Rows {
		switch {
		case r.Op == "parse" && r.Set == setInvalid:
			invalid = append(invalid, miss{name(r), t.InvalidRatio(r)})
		case r.Op == "parse":
			anyEach = append(anyEach, miss{name(r), r.Ratio(implAny, implOurs)})
		case r.Op == "encode":
			enc = append(enc, miss{name(r), r.Ratio(implOurs, implAppend)})
		}
	}
	ok := true
	for _, g := range []struct {
		text  string
		items []miss
		limit float64
		max   bool
	}{
		{fmt.Sprintf("typed ÷ walk ≤ %g× (median per family)", MaxWalkMedian), walkFam, MaxWalkMedian, true},
		{fmt.Sprintf("typed ÷ walk ≤ %g× (every input)", MaxWalkEach), walkEach, MaxWalkEach, true},
		{fmt.Sprintf("crypto/tls ÷ ours ≥ %g× (median per family)", MinTLSMedian), tlsFam, MinTLSMedian, false},
		{fmt.Sprintf("crypto/tls ÷ ours ≥ %g× (every input)", MinTLSEach), tlsEach, MinTLSEach, false},
		{fmt.Sprintf("Parse ÷ typed ≤ %g× (every input)", MaxAnyVsTyped), anyEach, MaxAnyVsTyped, true},
		{fmt.Sprintf("invalid ÷ valid ≤ %g× (every variant)", MaxInvalidVsGood), invalid, MaxInvalidVsGood, true},
		{fmt.Sprintf("encode ÷ append ≤ %g× (every input)", MaxEncodeAppend), enc, MaxEncodeAppend, true},
	} {
		checked, misses := check(g.items, g.limit, g.max)
		ok = goal(w, g.text, checked, misses, g.max) && ok
	}
	return ok
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	strict := fs.Bool("strict", false, "exit 1 when a goal is missed")
	if err := fs.Parse(args); err != nil || fs.NArg() > 1 {
		fmt.Fprintln(stderr, "usage: benchtable [-strict] [file]")
		return 2
	}
	in := stdin
	if fs.NArg() == 1 {
		fh, err := os.Open(fs.Arg(0))
		if err != nil {
			fmt.Fprintln(stderr, "benchtable:", err)
			return 2
		}
		defer fh.Close()
		in = fh
	}
	rs, err := benchtext.Parse(in)
	if err != nil {
		fmt.Fprintln(stderr, "benchtable:", err)
		return 2
	}
	t := Build(rs)
	if len(t.Rows) == 0 {
		fmt.Fprintln(stderr, "benchtable: no bench package results in the input")
		return 2
	}
	if !Write(stdout, t) && *strict {
		return 1
	}
	return 0
}

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
