// Package benchtext reads the text format of go test -bench output (one
// "BenchmarkName-P  N  v unit  v unit ..." line per run), for the
// comparison table and the CI allocation gate. Other lines are ignored.
package benchtext

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Result is one run of one benchmark.
type Result struct {
	Name    string // without the Benchmark prefix's -GOMAXPROCS suffix
	N       int64
	Metrics map[string]float64 // by unit: "ns/op", "B/op", "allocs/op", "MB/s", ...
}

// Parse reads every benchmark result line of r.
func Parse(r io.Reader) ([]Result, error) {
	var out []Result
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue // a benchmark's own log line that starts with its name
		}
		res := Result{Name: trimProcs(f[0]), N: n, Metrics: map[string]float64{}}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("line %d: value %q: %v", line, f[i], err)
			}
			res.Metrics[f[i+1]] = v
		}
		out = append(out, res)
	}
	return out, sc.Err()
}

// trimProcs drops the -P suffix go test adds when GOMAXPROCS > 1.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

// Group collects each benchmark's values of one unit, in run order, and the
// names in first-seen order.
func Group(rs []Result, unit string) (names []string, values map[string][]float64) {
	values = map[string][]float64{}
	for _, r := range rs {
		v, ok := r.Metrics[unit]
		if !ok {
			continue
		}
		if _, seen := values[r.Name]; !seen {
			names = append(names, r.Name)
		}
		values[r.Name] = append(values[r.Name], v)
	}
	return names, values
}

// Median of vs (NaN-free); 0 for none.
func Median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Name is a bench package benchmark name taken apart:
// <Set>/<input...>/<op>/<impl>, e.g. Messages / CR13/rfc8448 / parse / ours.
type Name struct{ Set, Input, Op, Impl string }

// Split takes a benchmark name (with or without the Benchmark prefix) apart;
// ok is false for a name with fewer than four parts.
func Split(name string) (n Name, ok bool) {
	parts := strings.Split(strings.TrimPrefix(name, "Benchmark"), "/")
	k := len(parts)
	if k < 4 {
		return Name{}, false
	}
	return Name{Set: parts[0], Input: strings.Join(parts[1:k-2], "/"), Op: parts[k-2], Impl: parts[k-1]}, true
}
