// Command benchgate compares two go test -bench outputs of the bench
// package (base and head, each with -benchmem) and fails when head is worse:
//
//   - allocations: any benchmark present in both allocates more per op on
//     head (more allocs/op or more B/op, by the median of the runs); counts
//     are exact, so any rise fails;
//   - speed against the walk: on any input, our typed parse ÷ the bare
//     cryptobyte walk (the <input>/parse/ours and <input>/parse/walk pair)
//     rises by more than MaxWalkRise from base to head. Absolute times on
//     shared runners drift far more than any change worth catching, but the
//     two sides of one ratio run next to each other, so each side's ratio is
//     the median over its runs of ours[i] ÷ walk[i]. That needs MinRuns runs
//     on each side (go test -count, or runs appended to one file): fewer is
//     refused (exit 2) rather than gated on noise.
//
// Usage:
//
//	benchgate base.txt head.txt   # markdown report on stdout; exit 1 on a regression
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/clientauth/clientauth/bench/benchtext"
)

// The walk gate: head's ours ÷ walk may be at most MaxWalkRise times base's
// on every input, each side's ratio the median of at least MinRuns per-run
// pairs.
const (
	MaxWalkRise = 1.20
	MinRuns     = 10
)

// WalkRow is one input's ours ÷ walk on each side.
type WalkRow struct {
	Input      string // <set>/<input>
	Base, Head float64
	Rise       float64 // Head ÷ Base
	Failed     bool
}

// walkRatios is, per <set>/<input> with both a parse/ours and a parse/walk,
// the per-run ratios ours[i] ÷ walk[i].
func walkRatios(rs []benchtext.Result) map[string][]float64 {
	ns := map[string]map[string][]float64{}
	for _, r := range rs {
		n, ok := benchtext.Split(r.Name)
		v, has := r.Metrics["ns/op"]
		if !ok || !has || n.Op != "parse" || (n.Impl != "ours" && n.Impl != "walk") {
			continue
		}
		k := n.Set + "/" + n.Input
		if ns[k] == nil {
			ns[k] = map[string][]float64{}
		}
		ns[k][n.Impl] = append(ns[k][n.Impl], v)
	}
	out := map[string][]float64{}
	for k, m := range ns {
		ours, walk := m["ours"], m["walk"]
		if len(ours) == 0 || len(walk) == 0 {
			continue
		}
		var r []float64
		for i := range min(len(ours), len(walk)) {
			if walk[i] > 0 {
				r = append(r, ours[i]/walk[i])
			}
		}
		out[k] = r
	}
	return out
}

// CompareWalk gates ours ÷ walk on the inputs both sides measured. It
// returns an error, and no verdict, when an input has fewer than MinRuns
// pairs on either side.
func CompareWalk(base, head []benchtext.Result) (rows []WalkRow, failed bool, err error) {
	b, h := walkRatios(base), walkRatios(head)
	var short []string
	for k, hr := range h {
		br, ok := b[k]
		if !ok {
			continue
		}
		if len(br) < MinRuns || len(hr) < MinRuns {
			short = append(short, fmt.Sprintf("%s (base %d, head %d)", k, len(br), len(hr)))
			continue
		}
		row := WalkRow{Input: k, Base: benchtext.Median(br), Head: benchtext.Median(hr)}
		row.Rise = row.Head / row.Base
		if row.Rise > MaxWalkRise {
			row.Failed, failed = true, true
		}
		rows = append(rows, row)
	}
	if len(short) > 0 {
		sort.Strings(short)
		return nil, false, fmt.Errorf("the ours ÷ walk gate needs at least %d runs of each side (go test -count %d), and these inputs have fewer: %s",
			MinRuns, MinRuns, strings.Join(short, ", "))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Rise > rows[j].Rise })
	return rows, failed, nil
}

// ReportWalk writes every input that failed and the largest other changes.
func ReportWalk(w io.Writer, rows []WalkRow, failed bool) {
	fmt.Fprintf(w, "### ours ÷ walk (gated: a rise over %.0f%%, medians of %d+ per-run pairs)\n\n", (MaxWalkRise-1)*100, MinRuns)
	if len(rows) == 0 {
		fmt.Fprintln(w, "No input measured on both sides.")
		return
	}
	fmt.Fprintln(w, "| input | base | head | head ÷ base | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---|")
	shown := 0
	for _, r := range rows {
		if !r.Failed && shown >= 10 {
			continue
		}
		st := "ok"
		if r.Failed {
			st = "**rise**"
		}
		if !r.Failed {
			shown++
		}
		fmt.Fprintf(w, "| %s | %.2f× | %.2f× | %.2f | %s |\n", r.Input, r.Base, r.Head, r.Rise, st)
	}
	if rest := len(rows) - countShown(rows, shown); rest > 0 {
		fmt.Fprintf(w, "\n%d more inputs within the gate, smaller changes.\n", rest)
	}
	if failed {
		fmt.Fprintf(w, "\n**FAIL**: ours ÷ walk rose by more than %.0f%% on head.\n", (MaxWalkRise-1)*100)
	} else {
		fmt.Fprintf(w, "\nOK: ours ÷ walk rose by at most %.0f%% on all %d inputs (largest %+.0f%%).\n", (MaxWalkRise-1)*100, len(rows), (rows[0].Rise-1)*100)
	}
}

func countShown(rows []WalkRow, passedShown int) int {
	n := passedShown
	for _, r := range rows {
		if r.Failed {
			n++
		}
	}
	return n
}

// Gated is what may not rise.
var Gated = []string{"allocs/op", "B/op"}

// Row is one benchmark's gated metric on each side.
type Row struct {
	Name, Unit string
	Base, Head float64
	Status     string // "rise", "drop", "same", "new", "gone"
}

// Compare pairs the benchmarks by name. A benchmark on one side only is
// reported, not gated (it was added or removed).
func Compare(base, head []benchtext.Result) (rows []Row, failed bool) {
	for _, unit := range Gated {
		bNames, bVals := benchtext.Group(base, unit)
		hNames, hVals := benchtext.Group(head, unit)
		for _, name := range hNames {
			h := benchtext.Median(hVals[name])
			bv, ok := bVals[name]
			if !ok {
				rows = append(rows, Row{Name: name, Unit: unit, Head: h, Status: "new"})
				continue
			}
			b := benchtext.Median(bv)
			st := "same"
			switch {
			case h > b:
				st, failed = "rise", true
			case h < b:
				st = "drop"
			}
			rows = append(rows, Row{Name: name, Unit: unit, Base: b, Head: h, Status: st})
		}
		for _, name := range bNames {
			if _, ok := hVals[name]; !ok {
				rows = append(rows, Row{Name: name, Unit: unit, Base: benchtext.Median(bVals[name]), Status: "gone"})
			}
		}
	}
	return rows, failed
}

// Report writes the rows that are not "same" as a markdown table, and a
// verdict line.
func Report(w io.Writer, rows []Row, failed bool) {
	var changed []Row
	same := 0
	for _, r := range rows {
		if r.Status == "same" {
			same++
			continue
		}
		changed = append(changed, r)
	}
	fmt.Fprintf(w, "### Allocations per op (gated: %s)\n\n", strings.Join(Gated, ", "))
	if len(changed) > 0 {
		fmt.Fprintln(w, "| benchmark | unit | base | head | |")
		fmt.Fprintln(w, "|---|---|---:|---:|---|")
		for _, r := range changed {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", r.Name, r.Unit, num(r.Base, r.Status == "new"), num(r.Head, r.Status == "gone"), r.Status)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "%d unchanged.\n", same)
	if failed {
		fmt.Fprintln(w, "\n**FAIL**: allocations rose on head.")
	} else {
		fmt.Fprintln(w, "\nOK: no allocation rose.")
	}
}

func num(v float64, missing bool) string {
	if missing {
		return "—"
	}
	return fmt.Sprintf("%g", v)
}

func read(path string) ([]benchtext.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return benchtext.Parse(f)
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: benchgate base.txt head.txt")
		return 2
	}
	base, err := read(args[0])
	if err != nil {
		fmt.Fprintln(stderr, "benchgate:", err)
		return 2
	}
	head, err := read(args[1])
	if err != nil {
		fmt.Fprintln(stderr, "benchgate:", err)
		return 2
	}
	if len(head) == 0 {
		fmt.Fprintln(stderr, "benchgate: no benchmark results in", args[1])
		return 2
	}
	walk, walkFailed, err := CompareWalk(base, head)
	if err != nil {
		fmt.Fprintln(stderr, "benchgate:", err)
		return 2
	}
	rows, failed := Compare(base, head)
	Report(stdout, rows, failed)
	fmt.Fprintln(stdout)
	ReportWalk(stdout, walk, walkFailed)
	if failed || walkFailed {
		return 1
	}
	return 0
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
