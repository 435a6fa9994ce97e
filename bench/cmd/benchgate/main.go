// Command benchgate compares two go test -bench outputs (base and head, each
// with -benchmem) and fails when any benchmark present in both allocates
// more per op on head: more allocs/op or more B/op, by the median of the
// runs. Timing is not gated: on shared runners it drifts far more than any
// change worth catching; allocation counts are exact.
//
//	benchgate base.txt head.txt   # markdown report on stdout; exit 1 on a rise
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clientauth/clientauth/bench/benchtext"
)

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
	rows, failed := Compare(base, head)
	Report(stdout, rows, failed)
	if failed {
		return 1
	}
	return 0
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
