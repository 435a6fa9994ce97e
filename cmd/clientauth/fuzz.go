package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/clientauth/clientauth/internal/tlsshim"
)

const fuzzUsage = `usage: clientauth fuzz [-time 1m] [-target REGEX] [-parallel N] [-diff]

Runs the native fuzz targets of ./fuzz one after the other (the Go toolchain
fuzzes one target per go test call), showing progress, and ends with a table
per target. On a failure it keeps the crashing input, prints the command that
reproduces it, and exits 1. Needs only Go, run from the repository.

The differential targets (FuzzDiff*, selected alone by -diff) compare our
parser with crypto/tls's unexported one through the overlay shim of
internal/tlsshim; where this Go's crypto/tls lacks the names the shim calls,
they are skipped with a message, not failed.

flags:
`

// fuzzStatus is what go test's fuzzing output says about one target.
type fuzzStatus struct {
	target      string
	elapsed     string
	execs       int64
	rate        int64
	interesting int64
	corpus      int64
	failed      bool
	input       string // testdata/fuzz/FuzzX/<hash> of a failure
	rerun       string // go test -run=... as go prints it
	output      []string
	skipped     string // why the target did not run
	// baseline: seeds run so far of the coverage baseline go test gathers
	// before it fuzzes; a short -time can end inside it.
	baseline, baselineOf int64
}

// "fuzz: elapsed: 3s, execs: 8192 (2729/sec), new interesting: 4 (total: 250)"
var fuzzProgress = regexp.MustCompile(`^fuzz: elapsed: (\S+), execs: (\d+) \((\d+)/sec\), new interesting: (\d+) \(total: (\d+)\)`)

// "fuzz: elapsed: 3s, gathering baseline coverage: 2400/2896 completed"
var fuzzBaseline = regexp.MustCompile(`^fuzz: elapsed: (\S+), gathering baseline coverage: (\d+)/(\d+) completed`)

var (
	fuzzFailingInput = regexp.MustCompile(`Failing input written to (\S+)`)
	fuzzRerun        = regexp.MustCompile(`To re-run:\s*$`)
)

// scanFuzz reads go test -fuzz output, updating st and reporting each
// progress line to progress.
func scanFuzz(r io.Reader, st *fuzzStatus, progress func(*fuzzStatus)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	wantRerun, wantSkipReason := false, false
	for sc.Scan() {
		line := sc.Text()
		st.output = append(st.output, line)
		trimmed := strings.TrimSpace(line)
		switch {
		case wantRerun:
			st.rerun, wantRerun = trimmed, false
		case fuzzRerun.MatchString(trimmed):
			wantRerun = true
		}
		if m := fuzzFailingInput.FindStringSubmatch(trimmed); m != nil {
			st.input = m[1]
		}
		if strings.HasPrefix(trimmed, "--- FAIL") || trimmed == "FAIL" {
			st.failed = true
		}
		switch {
		case strings.HasPrefix(trimmed, "--- SKIP"):
			st.skipped, wantSkipReason = "skipped by the target", true
		case wantSkipReason && trimmed != "":
			// "fuzz_test.go:301: <reason>"
			st.skipped, wantSkipReason = trimmed, false
		}
		if m := fuzzBaseline.FindStringSubmatch(trimmed); m != nil {
			st.elapsed = m[1]
			st.baseline, _ = strconv.ParseInt(m[2], 10, 64)
			st.baselineOf, _ = strconv.ParseInt(m[3], 10, 64)
		}
		if m := fuzzProgress.FindStringSubmatch(trimmed); m != nil {
			st.elapsed = m[1]
			st.execs, _ = strconv.ParseInt(m[2], 10, 64)
			// go's last line reports 0/sec as the workers stop; keep the
			// rate of the last interval that ran.
			if r, _ := strconv.ParseInt(m[3], 10, 64); r > 0 {
				st.rate = r
			}
			st.interesting, _ = strconv.ParseInt(m[4], 10, 64)
			st.corpus, _ = strconv.ParseInt(m[5], 10, 64)
			progress(st)
		}
	}
}

func runFuzz(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, fuzzUsage); fs.PrintDefaults() }
	dur := fs.Duration("time", time.Minute, "fuzzing time per target")
	pattern := fs.String("target", ".", "regular expression selecting targets by name")
	parallel := fs.Int("parallel", 0, "fuzzing workers per target (0: GOMAXPROCS)")
	diff := fs.Bool("diff", false, "run only the differential targets (against crypto/tls)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 0 || *dur <= 0 || *parallel < 0 {
		fs.Usage()
		return exitUsage
	}
	re, err := regexp.Compile(*pattern)
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: fuzz: -target: %v\n", err)
		return exitUsage
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: fuzz: %v\n", oneLine(err.Error()))
		return exitUsage
	}
	lister := exec.Command("go", "test", "./fuzz", "-list", "^Fuzz")
	lister.Dir = root
	list, err := lister.Output()
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: fuzz: listing targets: %v\n", err)
		return exitUsage
	}
	var targets []string
	for _, name := range strings.Fields(string(list)) {
		if strings.HasPrefix(name, "Fuzz") && re.MatchString(name) && (!*diff || strings.Contains(name, "Diff")) {
			targets = append(targets, name)
		}
	}
	if len(targets) == 0 {
		fmt.Fprintf(stderr, "clientauth: fuzz: no target matches %q (diff %v)\n", *pattern, *diff)
		return exitUsage
	}
	var results []*fuzzStatus
	failed := false
	var shimFlags []string
	shimSkip := ""
	for _, t := range targets {
		if isDiff(t) {
			shimFlags, shimSkip = prepareShim(root, stderr)
			if shimSkip != "" {
				fmt.Fprintf(stdout, "differential targets skipped: %s\n", shimSkip)
			}
			break
		}
	}
	for _, t := range targets {
		st := &fuzzStatus{target: t}
		results = append(results, st)
		var flags []string
		if isDiff(t) {
			if shimSkip != "" {
				st.skipped = shimSkip
				continue
			}
			flags = shimFlags
		}
		cmdArgs := append([]string{"test"}, flags...)
		cmdArgs = append(cmdArgs, "./fuzz", "-run", "^$", "-fuzz", "^"+t+"$", "-fuzztime", dur.String(), "-fuzzminimizetime", "10s")
		if *parallel > 0 {
			cmdArgs = append(cmdArgs, "-parallel", strconv.Itoa(*parallel))
		}
		ctx, cancel := context.WithTimeout(context.Background(), *dur+10*time.Minute)
		cmd := exec.CommandContext(ctx, "go", cmdArgs...)
		cmd.Dir = root
		pr, pw := io.Pipe()
		cmd.Stdout, cmd.Stderr = pw, pw
		done := make(chan struct{})
		go func() {
			scanFuzz(pr, st, func(s *fuzzStatus) {
				fmt.Fprintf(stdout, "%-22s elapsed %-6s execs %-10d %7d/s  new interesting %d (corpus %d)\n",
					s.target, s.elapsed, s.execs, s.rate, s.interesting, s.corpus)
			})
			close(done)
		}()
		runErr := cmd.Run()
		pw.Close()
		<-done
		cancel()
		if runErr != nil {
			st.failed = true
		}
		if st.skipped != "" && !st.failed {
			fmt.Fprintf(stdout, "%s skipped: %s\n", t, st.skipped)
		}
		if st.failed {
			failed = true
			fmt.Fprintf(stdout, "%s FAILED\n", t)
			for _, l := range st.output[max(0, len(st.output)-30):] {
				fmt.Fprintln(stdout, "    "+l)
			}
			if st.input != "" {
				fmt.Fprintf(stdout, "crashing input kept: fuzz/%s\nreproduce: go test %s./fuzz -run '%s/%s'\n",
					st.input, quoteFlags(flags), t, filepath.Base(st.input))
			}
		}
	}
	fmt.Fprintln(stdout)
	fmt.Fprintf(stdout, "%-22s %-8s %12s %10s %12s %8s\n", "target", "result", "execs", "execs/s", "interesting", "corpus")
	inBaseline := false
	for _, st := range results {
		res := "ok"
		switch {
		case st.failed:
			res = "FAIL"
		case st.skipped != "":
			res = "skip"
		case st.execs == 0 && st.baselineOf > 0:
			res, inBaseline = "ok*", true
		}
		fmt.Fprintf(stdout, "%-22s %-8s %12d %10d %12d %8d\n", st.target, res, st.execs, st.meanRate(), st.interesting, st.corpus)
	}
	if inBaseline {
		fmt.Fprintln(stdout, "* the time ran out while go test was still running the seed corpus (its coverage baseline): every seed run passed, but nothing was mutated; give -time more")
	}
	if failed {
		return exitInvalid
	}
	return exitOK
}

// moduleRoot is the directory of this repository's go.mod (the fuzz
// targets are run from there).
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("not inside the clientauth module (run it from the repository)")
	}
	data, err := os.ReadFile(mod)
	if err != nil || !strings.Contains(string(data), "module github.com/clientauth/clientauth") {
		return "", fmt.Errorf("%s is not the clientauth module", mod)
	}
	return filepath.Dir(mod), nil
}

// meanRate is executions per second over the whole run (the progress
// lines show the last interval's).
func (st *fuzzStatus) meanRate() int64 {
	d, err := time.ParseDuration(st.elapsed)
	if err != nil || d < time.Second {
		return st.rate
	}
	return int64(float64(st.execs) / d.Seconds())
}

func isDiff(target string) bool { return strings.Contains(target, "Diff") }

// prepareShim writes the crypto/tls overlay (internal/tlsshim) into the
// user cache, where the printed reproduce commands keep finding it, and
// checks that it compiles. It returns the go test flags, or why the
// differential targets must be skipped.
func prepareShim(root string, stderr io.Writer) (flags []string, skip string) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "clientauth", "tlsshim")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err.Error()
	}
	s, err := tlsshim.Prepare(dir)
	if err != nil {
		return nil, oneLine(err.Error())
	}
	flags = s.Flags()
	vet := exec.Command("go", append(append([]string{"vet"}, flags...), "./fuzz")...)
	vet.Dir = root
	if out, err := vet.CombinedOutput(); err != nil {
		return nil, "the crypto/tls shim does not compile against this Go: " + oneLine(string(out))
	}
	if len(s.Dropped) > 0 {
		fmt.Fprintf(stderr, "crypto/tls shim: dropped %s\n", strings.Join(s.Dropped, "; "))
	}
	return flags, ""
}

// quoteFlags renders go test flags for a command line (with a trailing
// space when there are any).
func quoteFlags(flags []string) string {
	var b strings.Builder
	for _, f := range flags {
		if strings.ContainsAny(f, " '\"$") {
			f = "'" + strings.ReplaceAll(f, "'", `'\''`) + "'"
		}
		b.WriteString(f)
		b.WriteByte(' ')
	}
	return b.String()
}
