// Command benchtable turns the output of the bench package's benchmarks, run
// with the crypto/tls shim (scripts/bench-vs-crypto-tls), into the comparison
// table of docs/benchmarks.md: per input and operation, the median ns/op of
// ours and of crypto/tls, their ratio as the median of per-run pairs (run i
// of one against run i of the other), allocs/op of each, and ours against
// the bare cryptobyte walk. It then checks the targets.
//
//	benchtable [-strict] [file]   # stdin when no file; -strict: exit 1 on a missed target
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/clientauth/clientauth/bench/benchtext"
)

// Target is a ratio the issue asks for.
type Target struct {
	Input, Op string
	MinVsTLS  float64 // crypto/tls ÷ ours at least this
}

// Targets: ratios, not times, because times on shared machines drift.
var Targets = []Target{
	{"Messages/CR13/9schemes_2cas", "parse", 6},
	{"Messages/CT13/3certs_1KB", "parse", 10},
	{"Messages/CR12/seed_23algs", "parse", 2},
	{"Messages/CR13/9schemes_2cas", "encode", 50},
}

// MaxVsWalk bounds ours ÷ walk on every parse row.
const MaxVsWalk = 1.25

// Row is one input and operation.
type Row struct {
	Input, Op                   string
	Ours, TLS, Walk             []float64 // ns/op per run
	OursAllocs, TLSAllocs       float64   // median allocs/op; NaN when absent
	VsTLS, VsWalk               float64   // medians of pair ratios; NaN when absent
	OursMedian, TLSMed, WalkMed float64
}

func split(name string) (input, op, impl string, ok bool) {
	parts := strings.Split(strings.TrimPrefix(name, "Benchmark"), "/")
	if len(parts) < 4 {
		return "", "", "", false
	}
	n := len(parts)
	return strings.Join(parts[:n-2], "/"), parts[n-2], parts[n-1], true
}

// Rows groups results by input and operation, in first-seen order.
func Rows(rs []benchtext.Result) []*Row {
	var rows []*Row
	byKey := map[string]*Row{}
	allocs := map[string][]float64{}
	for _, r := range rs {
		input, op, impl, ok := split(r.Name)
		if !ok {
			continue
		}
		key := input + "\x00" + op
		row := byKey[key]
		if row == nil {
			row = &Row{Input: input, Op: op}
			byKey[key] = row
			rows = append(rows, row)
		}
		ns, ok := r.Metrics["ns/op"]
		if !ok {
			continue
		}
		switch impl {
		case "ours":
			row.Ours = append(row.Ours, ns)
		case "crypto_tls":
			row.TLS = append(row.TLS, ns)
		case "walk":
			row.Walk = append(row.Walk, ns)
		default:
			continue
		}
		if a, ok := r.Metrics["allocs/op"]; ok {
			allocs[key+"\x00"+impl] = append(allocs[key+"\x00"+impl], a)
		}
	}
	for key, row := range byKey {
		row.OursMedian, row.TLSMed, row.WalkMed = med(row.Ours), med(row.TLS), med(row.Walk)
		row.OursAllocs, row.TLSAllocs = med(allocs[key+"\x00ours"]), med(allocs[key+"\x00crypto_tls"])
		row.VsTLS = pairRatio(row.TLS, row.Ours)
		row.VsWalk = pairRatio(row.Ours, row.Walk)
	}
	return rows
}

func med(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	return benchtext.Median(v)
}

// pairRatio is the median of num[i]/den[i] over the runs both have.
func pairRatio(num, den []float64) float64 {
	n := min(len(num), len(den))
	if n == 0 {
		return math.NaN()
	}
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

// Write prints the table and the target checks; it reports whether every
// target that could be checked was met.
func Write(w io.Writer, rows []*Row) bool {
	fmt.Fprintln(w, "| message | operation | ours ns/op | crypto/tls ns/op | crypto/tls ÷ ours | ours allocs/op | crypto/tls allocs/op | walk ns/op | ours ÷ walk |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|---:|---:|---:|")
	byKey := map[string]*Row{}
	for _, r := range rows {
		byKey[r.Input+"\x00"+r.Op] = r
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			strings.TrimPrefix(r.Input, "Messages/"), r.Op,
			f(r.OursMedian, "%.1f"), f(r.TLSMed, "%.1f"), f(r.VsTLS, "%.1f×"),
			f(r.OursAllocs, "%.0f"), f(r.TLSAllocs, "%.0f"),
			f(r.WalkMed, "%.1f"), f(r.VsWalk, "%.2f×"))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Targets:")
	fmt.Fprintln(w)
	ok := true
	for _, t := range Targets {
		r := byKey[t.Input+"\x00"+t.Op]
		name := strings.TrimPrefix(t.Input, "Messages/") + " " + t.Op
		switch {
		case r == nil || math.IsNaN(r.VsTLS):
			fmt.Fprintf(w, "- %s: crypto/tls ÷ ours ≥ %g×: not measured\n", name, t.MinVsTLS)
		case r.VsTLS >= t.MinVsTLS:
			fmt.Fprintf(w, "- %s: crypto/tls ÷ ours ≥ %g×: met (%.1f×)\n", name, t.MinVsTLS, r.VsTLS)
		default:
			ok = false
			fmt.Fprintf(w, "- %s: crypto/tls ÷ ours ≥ %g×: MISSED (%.1f×)\n", name, t.MinVsTLS, r.VsTLS)
		}
	}
	var over []string
	walked := 0
	for _, r := range rows {
		if r.Op != "parse" || math.IsNaN(r.VsWalk) {
			continue
		}
		walked++
		if r.VsWalk > MaxVsWalk {
			over = append(over, fmt.Sprintf("%s %.2f×", strings.TrimPrefix(r.Input, "Messages/"), r.VsWalk))
		}
	}
	switch {
	case walked == 0:
		fmt.Fprintf(w, "- parse within %g× of the cryptobyte walk: not measured\n", MaxVsWalk)
	case len(over) == 0:
		fmt.Fprintf(w, "- parse within %g× of the cryptobyte walk: met on all %d inputs\n", MaxVsWalk, walked)
	default:
		ok = false
		fmt.Fprintf(w, "- parse within %g× of the cryptobyte walk: MISSED on %d of %d inputs: %s\n", MaxVsWalk, len(over), walked, strings.Join(over, ", "))
	}
	return ok
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	strict := fs.Bool("strict", false, "exit 1 when a target is missed")
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
	rows := Rows(rs)
	if len(rows) == 0 {
		fmt.Fprintln(stderr, "benchtable: no bench package results in the input")
		return 2
	}
	if !Write(stdout, rows) && *strict {
		return 1
	}
	return 0
}

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
