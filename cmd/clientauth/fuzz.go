package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/clientauth/clientauth/fuzz"
	"github.com/clientauth/clientauth/internal/tlsshim"
)

const fuzzUsage = `usage: clientauth fuzz [-time 1m|5000x] [-target REGEX] [-diff] [-parallel N]
                      [-seeds auto|all|N] [-json FILE|-]

Runs the native fuzz targets of ./fuzz one after the other (the Go toolchain
fuzzes one target per go test call), showing progress, and ends with a table
per target, also when stopped with Ctrl-C. Needs only Go, run from the
repository.

-time is each target's budget: a duration (10s), or an execution count
(5000x) as go test -fuzztime counts it, the seed baseline included.

Before it mutates, go test runs every seed once (its coverage baseline), inside
the budget: thousands of seeds outlast a short one. -seeds auto (the default)
adds an even sample of each target's corpus seeds to budgets under 2m: 20 per
second of -time (at least 64), or a quarter of a count; from 2m on, every
seed. -seeds all always adds every seed, -seeds N at most N.

Results: ok; ok* the budget ended inside the seed baseline (the seeds passed,
nothing was mutated); FAIL a finding: the input is kept under
fuzz/testdata/fuzz/FuzzX/ and the command that reproduces it printed (or a
seed, or the target itself, failed); toolchain: go test failed at the
-fuzztime deadline with "context deadline exceeded" and kept no input on
every attempt (the go toolchain fuzz deadline race, golang/go#75804, fixed
in Go 1.27; the runner retries it twice; count budgets cannot hit it), not a
finding; skip; interrupted; not run.

Exit status: 0 no finding (toolchain rows included), 1 a FAIL row, 2 usage
or I/O error, 130 interrupted with no finding.

-json FILE writes every target's row as JSON (name, status, executions,
rate, new corpus entries, kept input, reproduce command); with -json - it
goes to standard output and the progress and table to standard error.

The differential targets (FuzzDiff*, selected alone by -diff) compare our
parser with crypto/tls's unexported one through the overlay shim of
internal/tlsshim, kept in the user cache (clientauth/tlsshim); where this
Go's crypto/tls lacks the names the shim calls, they are skipped with a
message, not failed.

flags:
`

// Row statuses of the summary table and of -json.
const (
	statusOK          = "ok"
	statusBaseline    = "ok*"
	statusFail        = "FAIL"
	statusToolchain   = "toolchain"
	statusSkip        = "skip"
	statusInterrupted = "interrupted"
	statusNotRun      = "not run"
)

// toolchainRace names the failure go test 1.26 reports at a -fuzztime
// deadline when nothing was found (internal/fuzz compares the deadline
// context's error with its child's before the child is cancelled).
const toolchainRace = "go toolchain fuzz deadline race (golang/go#75804), no input kept"

// fuzzRetries is how many times a target that hit toolchainRace runs again:
// the race is rare (2 of 60 runs of 300ms under load here), so a third hit
// means a machine too loaded to finish cleanly, not a target to blame.
const fuzzRetries = 2

// exitInterrupted is the status of a run stopped by SIGINT or SIGTERM with
// no finding (the shell's 128+SIGINT).
const exitInterrupted = 130

// fuzzStartup is about what one target costs beyond its budget on this kind
// of machine (2 cores): go test links the instrumented binary and starts the
// workers. Only the up-front estimate uses it.
const fuzzStartup = 6 * time.Second

// fuzzGrace is how long an interrupted go test may take to stop its workers
// and print its last line before its process group is killed.
const fuzzGrace = 15 * time.Second

// fuzzBudget is -time: a duration, or an execution count as go test
// -fuzztime takes it ("1000x").
type fuzzBudget struct {
	d time.Duration
	n int64
}

func (b *fuzzBudget) String() string {
	if b.n > 0 {
		return strconv.FormatInt(b.n, 10) + "x"
	}
	return b.d.String()
}

func (b *fuzzBudget) Set(s string) error {
	if c, ok := strings.CutSuffix(s, "x"); ok {
		n, err := strconv.ParseInt(c, 10, 64)
		if err != nil || n <= 0 {
			return fmt.Errorf("%q: want a duration (10s) or a positive execution count (1000x)", s)
		}
		*b = fuzzBudget{n: n}
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return fmt.Errorf("%q: want a duration (10s) or a positive execution count (1000x)", s)
	}
	*b = fuzzBudget{d: d}
	return nil
}

// seedsFor is the sample size -seeds auto picks for a budget, 0 for every
// seed. The baseline ran 150-300 seeds a second here, so 20 per second of
// budget keeps it near a tenth of a duration; a count budget counts the
// baseline's executions, so a quarter of it goes to seeds at most.
func seedsFor(b fuzzBudget) int {
	const perSecond, least = 20, 64
	switch {
	case b.n > 0:
		return int(max(b.n/4, least))
	case b.d >= 2*time.Minute:
		return 0
	default:
		return max(int(b.d.Seconds()*perSecond), least)
	}
}

// parseSeeds reads -seeds: auto, all, or a count of at least fuzz.MinSeeds.
func parseSeeds(s string, b fuzzBudget) (int, error) {
	switch s {
	case "auto":
		return seedsFor(b), nil
	case "all":
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < fuzz.MinSeeds {
		return 0, fmt.Errorf("-seeds %q: want auto, all or a count of at least %d", s, fuzz.MinSeeds)
	}
	return n, nil
}

// fuzzStatus is what go test's fuzzing output says about one target.
type fuzzStatus struct {
	target      string
	elapsed     string
	execs       int64 // go's count: the baseline's runs and the mutations
	rate        int64 // the last interval's, as go prints it
	interesting int64
	corpus      int64
	input       string // testdata/fuzz/FuzzX/<hash> of a finding
	seedFailed  string // FuzzX/seed#N of a failing seed
	deadline    bool   // go printed "context deadline exceeded"
	panicked    bool
	failLines   bool // --- FAIL or FAIL lines
	output      []string
	skipped     string // why the target did not run
	// baseline: seeds run so far of the coverage baseline go test gathers
	// before it fuzzes, of baselineOf; fuzzingAt: elapsed when it ended.
	baseline, baselineOf int64
	fuzzingAt            string

	// Set by the runner.
	flags    []string // go test flags of the target (the shim's)
	exitErr  bool
	status   string
	attempts int
	raced    int // attempts lost to toolchainRace
}

// "fuzz: elapsed: 3s, execs: 8192 (2729/sec), new interesting: 4 (total: 250)"
var fuzzProgress = regexp.MustCompile(`^fuzz: elapsed: (\S+), execs: (\d+) \((\d+)/sec\), new interesting: (\d+) \(total: (\d+)\)`)

// "fuzz: elapsed: 3s, gathering baseline coverage: 2400/2896 completed"
var fuzzBaseline = regexp.MustCompile(`^fuzz: elapsed: (\S+), gathering baseline coverage: (\d+)/(\d+) completed(, now fuzzing)?`)

var (
	fuzzFailingInput = regexp.MustCompile(`Failing input written to (\S+)`)
	fuzzSeedFailure  = regexp.MustCompile(`failure while testing seed corpus entry: (\S+)`)
)

// scanFuzz reads go test -fuzz output, updating st and reporting each
// progress line to progress.
func scanFuzz(r io.Reader, st *fuzzStatus, progress func(*fuzzStatus)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	wantSkipReason := false
	for sc.Scan() {
		line := sc.Text()
		st.output = append(st.output, line)
		trimmed := strings.TrimSpace(line)
		if m := fuzzFailingInput.FindStringSubmatch(trimmed); m != nil {
			st.input = m[1]
		}
		if m := fuzzSeedFailure.FindStringSubmatch(trimmed); m != nil {
			st.seedFailed = m[1]
		}
		switch {
		case strings.HasPrefix(trimmed, "--- FAIL"), trimmed == "FAIL", strings.HasPrefix(trimmed, "FAIL\t"):
			st.failLines = true
		case trimmed == deadlineExceeded:
			st.deadline = true
		case strings.HasPrefix(trimmed, "panic:"):
			st.panicked = true
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
			if m[4] != "" {
				st.fuzzingAt = m[1]
			}
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

// The error text internal/fuzz returns for a passed -fuzztime deadline.
const deadlineExceeded = "context deadline exceeded"

// classify sets st.status from a finished (not interrupted) go test run:
// a kept input or a failing seed is a finding, and so is any other failure
// except the toolchain race, which only a duration budget can hit and which
// leaves nothing behind but go's bare deadline error.
func classify(st *fuzzStatus, b fuzzBudget) {
	failed := st.exitErr || st.failLines
	switch {
	case st.input != "" || st.seedFailed != "":
		st.status = statusFail
	case failed && b.d > 0 && st.deadline && !st.panicked:
		st.status = statusToolchain
	case failed:
		st.status = statusFail
	case st.skipped != "":
		st.status = statusSkip
	case st.fuzzingAt == "" && st.execs == 0:
		st.status = statusBaseline
	default:
		st.status = statusOK
	}
}

// mutations is how many mutated inputs ran: go's count minus the baseline's
// runs, which it includes.
func (st *fuzzStatus) mutations() int64 {
	if st.fuzzingAt == "" {
		return 0
	}
	return max(st.execs-st.baselineOf, 0)
}

// meanRate is mutated inputs per second from the baseline's end to the last
// progress line (the progress lines show the last interval's, baseline
// included); go prints whole seconds, so under a second it falls back to the
// last interval's rate.
func (st *fuzzStatus) meanRate() int64 {
	end, err1 := time.ParseDuration(st.elapsed)
	start, err2 := time.ParseDuration(st.fuzzingAt)
	if err1 != nil || err2 != nil || end-start < time.Second {
		return st.rate
	}
	return int64(float64(st.mutations()) / (end - start).Seconds())
}

// fuzzRunner runs targets one by one.
type fuzzRunner struct {
	root      string
	budget    fuzzBudget
	seeds     int // sample size passed in fuzz.SeedsEnv; 0: every seed
	autoSeeds bool
	parallel  int
	out       io.Writer      // progress and table; one goroutine at a time
	interrupt chan os.Signal // SIGINT, SIGTERM
}

func runFuzz(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("fuzz")
	budget := fuzzBudget{d: time.Minute}
	fs.Var(&budget, "time", "fuzzing budget per target: a duration (10s) or an execution count (1000x)")
	pattern := fs.String("target", ".", "regular expression selecting targets by name")
	parallel := fs.Int("parallel", 0, "fuzzing workers per target (0: GOMAXPROCS)")
	diff := fs.Bool("diff", false, "run only the differential targets (against crypto/tls)")
	seedsFlag := fs.String("seeds", "auto", "corpus seeds per target: auto, all, or at most N")
	jsonOut := fs.String("json", "", "write the report as JSON to `FILE` (- for standard output)")
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "clientauth: fuzz: %s (run \"clientauth fuzz -h\")\n", fmt.Sprintf(format, a...))
		return exitUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stdout, fuzzUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return exitOK
		}
		return usageErr("%s", oneLine(err.Error()))
	}
	if fs.NArg() != 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	if *parallel < 0 {
		return usageErr("-parallel %d: want 0 or more", *parallel)
	}
	seeds, err := parseSeeds(*seedsFlag, budget)
	if err != nil {
		return usageErr("%s", err)
	}
	re, err := regexp.Compile(*pattern)
	if err != nil {
		return usageErr("-target: %v", err)
	}
	out := stdout
	var report io.WriteCloser
	switch *jsonOut {
	case "":
	case "-":
		out, report = stderr, nopCloser{stdout}
	default:
		// Opened now so that a bad path fails before minutes of fuzzing.
		f, err := os.Create(*jsonOut)
		if err != nil {
			fmt.Fprintf(stderr, "clientauth: fuzz: -json: %v\n", err)
			return exitUsage
		}
		report = f
	}
	if report != nil {
		defer report.Close()
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: fuzz: %v\n", oneLine(err.Error()))
		return exitUsage
	}
	interrupt := make(chan os.Signal, 2)
	defer notifyInterrupt(interrupt)()

	lister := exec.Command("go", "test", "./fuzz", "-list", "^Fuzz")
	lister.Dir = root
	list, err := lister.Output()
	if err != nil {
		fmt.Fprintf(stderr, "clientauth: fuzz: listing targets: %v\n", err)
		return exitUsage
	}
	var targets []string
	for _, name := range strings.Fields(string(list)) {
		if strings.HasPrefix(name, "Fuzz") && re.MatchString(name) && (!*diff || isDiff(name)) {
			targets = append(targets, name)
		}
	}
	if len(targets) == 0 {
		fmt.Fprintf(stderr, "clientauth: fuzz: no target matches %q (diff %v)\n", *pattern, *diff)
		return exitUsage
	}
	r := &fuzzRunner{root: root, budget: budget, seeds: seeds, autoSeeds: *seedsFlag == "auto", parallel: *parallel, out: out, interrupt: interrupt}
	fmt.Fprintf(out, "%s\n", r.estimate(len(targets)))

	var shimFlags []string
	shimSkip := ""
	for _, t := range targets {
		if isDiff(t) {
			shimFlags, shimSkip = prepareShim(root, stderr)
			if shimSkip != "" {
				fmt.Fprintf(out, "differential targets skipped: %s\n", shimSkip)
			}
			break
		}
	}
	var results []*fuzzStatus
	interrupted := false
	began := time.Now()
	for i, t := range targets {
		st := &fuzzStatus{target: t}
		results = append(results, st)
		if !interrupted {
			select {
			case <-interrupt:
				interrupted = true
			default:
			}
		}
		if interrupted {
			st.status = statusNotRun
			continue
		}
		var flags []string
		if isDiff(t) {
			if shimSkip != "" {
				st.skipped, st.status = shimSkip, statusSkip
				continue
			}
			flags = shimFlags
		}
		*st, interrupted = r.fuzzTarget(t, flags)
		r.report(st)
		if !interrupted && i+1 < len(targets) {
			left := time.Since(began) / time.Duration(i+1) * time.Duration(len(targets)-i-1)
			fmt.Fprintf(out, "[%d/%d targets done, about %s left]\n", i+1, len(targets), left.Round(time.Second))
		}
	}
	code := exitOK
	switch {
	case anyStatus(results, statusFail):
		code = exitInvalid
	case interrupted:
		code = exitInterrupted
	}
	r.table(results, interrupted)
	if report != nil {
		if err := r.writeJSON(report, results, interrupted, code); err != nil {
			fmt.Fprintf(stderr, "clientauth: fuzz: -json: %v\n", err)
			if code == exitOK {
				code = exitUsage
			}
		}
	}
	return code
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

func anyStatus(results []*fuzzStatus, status string) bool {
	for _, st := range results {
		if st.status == status {
			return true
		}
	}
	return false
}

// estimate is the up-front line on how long the run takes.
func (r *fuzzRunner) estimate(n int) string {
	if r.budget.n > 0 {
		return fmt.Sprintf("%d targets, %d executions each: the time depends on their speed, plus about %s a target to build and start (estimate)",
			n, r.budget.n, fuzzStartup)
	}
	total := time.Duration(n) * (r.budget.d + fuzzStartup)
	return fmt.Sprintf("%d targets × %s, plus about %s a target to build and start: about %s in all (estimate)",
		n, r.budget.d, fuzzStartup, total.Round(time.Second))
}

// fuzzTarget fuzzes one target, running it again when it lost an attempt
// to the toolchain race.
func (r *fuzzRunner) fuzzTarget(name string, flags []string) (fuzzStatus, bool) {
	raced := 0
	for attempt := 1; ; attempt++ {
		st := fuzzStatus{target: name, flags: flags, attempts: attempt, raced: raced}
		interrupted := r.runOnce(&st)
		if interrupted || st.status != statusToolchain || attempt > fuzzRetries {
			return st, interrupted
		}
		raced++
		fmt.Fprintf(r.out, "%s: %s (at the %s deadline); running it again (attempt %d of %d)\n",
			name, toolchainRace, r.budget.String(), attempt+1, fuzzRetries+1)
	}
}

// goTestArgs is the go test command line fuzzing target.
func (r *fuzzRunner) goTestArgs(target string, flags []string) []string {
	args := append([]string{"test"}, flags...)
	args = append(args, "./fuzz", "-run", "^$", "-fuzz", "^"+target+"$", "-fuzztime", r.budget.String(), "-fuzzminimizetime", "10s")
	if r.parallel > 0 {
		args = append(args, "-parallel", strconv.Itoa(r.parallel))
	}
	return args
}

// env is the child's environment: ours, with the seed sample set (or, for
// every seed, unset).
func (r *fuzzRunner) env() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, fuzz.SeedsEnv+"=") {
			env = append(env, kv)
		}
	}
	if r.seeds > 0 {
		env = append(env, fuzz.SeedsEnv+"="+strconv.Itoa(r.seeds))
	}
	return env
}

// runOnce runs go test for st.target in its own process group, so that a
// Ctrl-C reaches the runner alone, which then stops the child: SIGINT to
// the group (go test stops fuzzing and prints its last line), SIGKILL after
// fuzzGrace or a second interrupt. The group is killed after the child
// exits, so no worker outlives it.
func (r *fuzzRunner) runOnce(st *fuzzStatus) (interrupted bool) {
	cmd := exec.Command("go", r.goTestArgs(st.target, st.flags)...)
	cmd.Dir = r.root
	cmd.Env = r.env()
	ownProcessGroup(cmd)
	// An *os.File, not an io.Writer: Wait then returns when go test exits
	// even if a worker it left still holds the pipe.
	pr, pw, err := os.Pipe()
	if err != nil {
		st.exitErr, st.status = true, statusFail
		st.output = append(st.output, err.Error())
		return false
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		st.exitErr, st.status = true, statusFail
		st.output = append(st.output, err.Error())
		return false
	}
	scanned := make(chan struct{})
	go func() {
		scanFuzz(pr, st, func(s *fuzzStatus) {
			fmt.Fprintf(r.out, "%-22s elapsed %-6s execs %-10d %7d/s  new interesting %d (corpus %d)\n",
				s.target, s.elapsed, s.execs, s.rate, s.interesting, s.corpus)
		})
		pr.Close()
		close(scanned)
	}()
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	var watchdog <-chan time.Time
	if r.budget.d > 0 {
		// go test's own -timeout does not cover a hung coordinator.
		watchdog = time.After(r.budget.d + 10*time.Minute)
	}
	select {
	case err = <-waited:
	case <-r.interrupt:
		interrupted = true
		signalGroup(cmd, os.Interrupt)
		select {
		case err = <-waited:
		case <-r.interrupt:
			signalGroup(cmd, os.Kill)
			err = <-waited
		case <-time.After(fuzzGrace):
			signalGroup(cmd, os.Kill)
			err = <-waited
		}
	case <-watchdog:
		signalGroup(cmd, os.Kill)
		err = <-waited
		st.output = append(st.output, fmt.Sprintf("clientauth fuzz: go test killed, still running %s past its budget", 10*time.Minute))
	}
	signalGroup(cmd, os.Kill)
	// Until here the scanning goroutine alone writes to r.out.
	<-scanned
	st.exitErr = err != nil
	if interrupted {
		fmt.Fprintf(r.out, "%s: interrupted, go test stopped\n", st.target)
		// A finding made before the interrupt is still one.
		st.status = statusInterrupted
		if st.input != "" || st.seedFailed != "" {
			st.status = statusFail
		}
		return true
	}
	classify(st, r.budget)
	return false
}

// reproduce is the command that runs st's failure again, from the
// repository root.
func (r *fuzzRunner) reproduce(st *fuzzStatus) string {
	flags := st.flags
	switch {
	case st.input != "":
		return fmt.Sprintf("go test %s./fuzz -run '%s/%s'", quoteFlags(flags), st.target, filepath.Base(st.input))
	case st.seedFailed != "":
		// seed#N indexes the sample this run added.
		env := ""
		if r.seeds > 0 {
			env = fmt.Sprintf("%s=%d ", fuzz.SeedsEnv, r.seeds)
		}
		return fmt.Sprintf("%sgo test %s./fuzz -run '%s'", env, quoteFlags(flags), st.seedFailed)
	case st.status == statusFail:
		return "go " + strings.TrimSpace(quoteFlags(r.goTestArgs(st.target, flags)))
	}
	return ""
}

// report prints what one target's run ended in, beyond its progress lines.
func (r *fuzzRunner) report(st *fuzzStatus) {
	switch st.status {
	case statusSkip:
		fmt.Fprintf(r.out, "%s skipped: %s\n", st.target, st.skipped)
	case statusToolchain:
		fmt.Fprintf(r.out, "%s: %s on all %d attempts; not a finding\n", st.target, toolchainRace, st.attempts)
	case statusFail:
		fmt.Fprintf(r.out, "%s FAILED\n", st.target)
		for _, l := range st.output[max(0, len(st.output)-30):] {
			fmt.Fprintln(r.out, "    "+l)
		}
		switch {
		case st.input != "":
			fmt.Fprintf(r.out, "crashing input kept: fuzz/%s\n", st.input)
		case st.seedFailed != "":
			fmt.Fprintf(r.out, "a seed failed: %s\n", st.seedFailed)
		default:
			fmt.Fprintln(r.out, "no input kept: go test failed without a finding (see its output above)")
		}
		fmt.Fprintf(r.out, "reproduce: %s\n", r.reproduce(st))
	}
}

// table prints the summary and its footnotes.
func (r *fuzzRunner) table(results []*fuzzStatus, interrupted bool) {
	w := r.out
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-22s %-11s %9s %12s %10s %12s %8s\n", "target", "result", "baseline", "mutated", "execs/s", "interesting", "corpus")
	for _, st := range results {
		fmt.Fprintf(w, "%-22s %-11s %9d %12d %10d %12d %8d\n",
			st.target, st.status, st.baselineOf, st.mutations(), st.meanRate(), st.interesting, st.corpus)
	}
	if r.seeds > 0 {
		how := "-seeds " + strconv.Itoa(r.seeds)
		if r.autoSeeds {
			how = "-seeds auto at -time " + r.budget.String() + "; every seed from -time 2m, or with -seeds all"
		}
		fmt.Fprintf(w, "seeds: each target's corpus seeds sampled evenly down to at most %d (%s); ", r.seeds, how)
	} else {
		fmt.Fprint(w, "seeds: every corpus seed of each target; ")
	}
	fmt.Fprintln(w, "baseline counts what go test ran before mutating: those seeds, fuzz/testdata/fuzz/FuzzX and the entries of its cache, $(go env GOCACHE)/fuzz")
	if anyStatus(results, statusBaseline) {
		fmt.Fprintln(w, "ok*: the time ran out while go test was still running the seed corpus (its coverage baseline): every seed run passed, but nothing was mutated; give -time more or -seeds less")
	}
	for _, st := range results {
		if st.raced > 0 && st.status != statusToolchain {
			fmt.Fprintf(w, "%s: %d attempt(s) lost to the %s; the row is attempt %d\n", st.target, st.raced, toolchainRace, st.attempts)
		}
	}
	if anyStatus(results, statusToolchain) {
		fmt.Fprintf(w, "toolchain: %s on all %d attempts: go test failed at the -fuzztime deadline, with nothing found; not a finding, and the exit status does not count it. Go 1.27 fixes it; a count budget (-time 5000x) cannot hit it\n",
			toolchainRace, fuzzRetries+1)
	}
	if interrupted {
		fmt.Fprintln(w, "interrupted: the run was stopped; rows before the interrupted one are complete, those after it did not run")
	}
}

// fuzzTargetReport is one target in -json.
type fuzzTargetReport struct {
	Name           string `json:"name"`
	Status         string `json:"status"`
	Reason         string `json:"reason,omitempty"`
	Attempts       int    `json:"attempts"`
	Elapsed        string `json:"elapsed,omitempty"`
	Execs          int64  `json:"execs"`
	Baseline       int64  `json:"baseline"`
	Mutations      int64  `json:"mutations"`
	ExecsPerSec    int64  `json:"execs_per_sec"`
	NewInteresting int64  `json:"new_interesting"`
	Corpus         int64  `json:"corpus"`
	Input          string `json:"input,omitempty"`
	Reproduce      string `json:"reproduce,omitempty"`
}

type fuzzReport struct {
	Go          string             `json:"go"`
	Budget      string             `json:"budget"`
	Seeds       int                `json:"seeds"` // sample size per target; 0: every seed
	Interrupted bool               `json:"interrupted"`
	Exit        int                `json:"exit"`
	Targets     []fuzzTargetReport `json:"targets"`
}

func (r *fuzzRunner) writeJSON(w io.Writer, results []*fuzzStatus, interrupted bool, code int) error {
	rep := fuzzReport{Go: runtime.Version(), Budget: r.budget.String(), Seeds: r.seeds, Interrupted: interrupted, Exit: code}
	for _, st := range results {
		t := fuzzTargetReport{
			Name: st.target, Status: st.status, Attempts: st.attempts, Elapsed: st.elapsed,
			Execs: st.execs, Baseline: st.baselineOf, Mutations: st.mutations(), ExecsPerSec: st.meanRate(),
			NewInteresting: st.interesting, Corpus: st.corpus, Reproduce: r.reproduce(st),
		}
		if st.input != "" {
			t.Input = "fuzz/" + st.input
		}
		switch st.status {
		case statusSkip:
			t.Reason = st.skipped
		case statusToolchain:
			t.Reason = toolchainRace
		case statusBaseline:
			t.Reason = "the budget ended inside the seed baseline"
		}
		rep.Targets = append(rep.Targets, t)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
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
		if strings.ContainsAny(f, " '\"$^*?[]()|\\") {
			f = "'" + strings.ReplaceAll(f, "'", `'\''`) + "'"
		}
		b.WriteString(f)
		b.WriteByte(' ')
	}
	return b.String()
}
