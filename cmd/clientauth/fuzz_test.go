package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Outputs of go test -fuzz, kept verbatim under testdata/fuzz-output.
//
//go:embed testdata/fuzz-output
var fuzzOutputs embed.FS

// fuzzOutput is testdata/fuzz-output/name.txt.
func fuzzOutput(name string) string {
	b, err := fuzzOutputs.ReadFile("testdata/fuzz-output/" + name + ".txt")
	if err != nil {
		panic(err) // embedded: only a name with no file can fail
	}
	return string(b)
}

var (
	// A failing run as go test -fuzz prints it.
	failingFuzzOutput = fuzzOutput("failing")
	// The toolchain race (golang/go#75804) as go1.26.8 printed it here, inside
	// the baseline (FuzzCompressed, -fuzztime 300ms, 2 cores under load: 2 runs
	// of 60), with go test's trailer.
	raceInBaseline = fuzzOutput("race-in-baseline")
	// The same race after mutating, as reported for go1.25.12 in
	// dativo-io/talon#384.
	raceWhileFuzzing = fuzzOutput("race-while-fuzzing")
	seedFailure      = fuzzOutput("seed-failure")
	passed           = fuzzOutput("passed")
	baselineOnly     = fuzzOutput("baseline-only")
	skipped          = fuzzOutput("skipped")
	// A worker that died with no input to blame, at the deadline: a failure of
	// the target, not the race.
	panicAtDeadline = fuzzOutput("panic-at-deadline")
)

func scanned(text string, exitErr bool, b fuzzBudget) *fuzzStatus {
	st := &fuzzStatus{target: "FuzzX"}
	scanFuzz(strings.NewReader(text), st, func(*fuzzStatus) {})
	st.exitErr = exitErr
	classify(st, b)
	return st
}

func TestScanFuzz(t *testing.T) {
	st := &fuzzStatus{target: "FuzzCR13"}
	lines := 0
	scanFuzz(strings.NewReader(failingFuzzOutput), st, func(*fuzzStatus) { lines++ })
	if lines != 2 || st.execs != 99000 || st.rate != 20000 || st.interesting != 5 || st.corpus != 255 || st.elapsed != "4s" {
		t.Errorf("progress: %d lines, %+v", lines, st)
	}
	if st.baselineOf != 250 || st.fuzzingAt != "0s" || st.mutations() != 99000-250 {
		t.Errorf("baseline %d ended at %q, mutations %d", st.baselineOf, st.fuzzingAt, st.mutations())
	}
	if r := st.meanRate(); r != (99000-250)/4 {
		t.Errorf("mean rate %d, want (99000-250)/4s", r)
	}
	st.exitErr = true
	classify(st, fuzzBudget{d: 10 * time.Second})
	if st.status != statusFail || st.input != "testdata/fuzz/FuzzCR13/4d5e6f7a8b9c0d1e" {
		t.Errorf("finding: status %q input %q", st.status, st.input)
	}
	r := &fuzzRunner{budget: fuzzBudget{d: 10 * time.Second}}
	if got, want := r.reproduce(st), "go test ./fuzz -run 'FuzzCR13/4d5e6f7a8b9c0d1e'"; got != want {
		t.Errorf("reproduce %q, want %q", got, want)
	}
	st.flags = []string{"-overlay", "/home/u/.cache/clientauth/tlsshim/overlay.json", "-tags", "clientauth_tlsshim"}
	if got, want := r.reproduce(st), "go test -overlay /home/u/.cache/clientauth/tlsshim/overlay.json -tags clientauth_tlsshim ./fuzz -run 'FuzzCR13/4d5e6f7a8b9c0d1e'"; got != want {
		t.Errorf("reproduce %q, want %q", got, want)
	}
}

func TestClassify(t *testing.T) {
	dur, count := fuzzBudget{d: 10 * time.Second}, fuzzBudget{n: 1000}
	for _, c := range []struct {
		name    string
		text    string
		exitErr bool
		budget  fuzzBudget
		want    string
	}{
		{"race in the baseline", raceInBaseline, true, dur, statusToolchain},
		{"race while fuzzing", raceWhileFuzzing, true, dur, statusToolchain},
		// A count budget has no deadline to race: that text is then
		// something else, and a failure.
		{"deadline error under a count", raceWhileFuzzing, true, count, statusFail},
		{"finding", failingFuzzOutput, true, dur, statusFail},
		// go's error for a finding can be anything, this text included.
		{"finding that says deadline", strings.Replace(failingFuzzOutput, "re-encoding differs", deadlineExceeded, 1), true, dur, statusFail},
		{"seed failure", seedFailure, true, dur, statusFail},
		{"panic at the deadline", panicAtDeadline, true, dur, statusFail},
		{"failed without output", "", true, dur, statusFail},
		{"passed", passed, false, dur, statusOK},
		{"baseline only", baselineOnly, false, dur, statusBaseline},
		{"skipped", skipped, false, dur, statusSkip},
	} {
		if st := scanned(c.text, c.exitErr, c.budget); st.status != c.want {
			t.Errorf("%s: %q, want %q", c.name, st.status, c.want)
		}
	}
	st := scanned(seedFailure, true, dur)
	r := &fuzzRunner{seeds: 200}
	if got, want := r.reproduce(st), "CLIENTAUTH_FUZZ_SEEDS=200 go test ./fuzz -run 'FuzzCV13/seed#17'"; got != want {
		t.Errorf("seed reproduce %q, want %q", got, want)
	}
	st = scanned(passed, false, dur)
	if st.mutations() != 21000 || st.meanRate() != 21000/8 {
		t.Errorf("passed: %d mutations at %d/s, want 21000 at 21000/8s", st.mutations(), st.meanRate())
	}
	if st = scanned(baselineOnly, false, dur); st.baseline != 1800 || st.baselineOf != 2896 || st.mutations() != 0 {
		t.Errorf("baseline not read: %+v", st)
	}
	if st = scanned(skipped, false, dur); st.skipped != "fuzz_test.go:301: crypto/tls in this Go lacks certificateMsg" {
		t.Errorf("skip reason %q", st.skipped)
	}
}

func TestFuzzBudget(t *testing.T) {
	for in, want := range map[string]fuzzBudget{"10s": {d: 10 * time.Second}, "1m30s": {d: 90 * time.Second}, "1000x": {n: 1000}, "1x": {n: 1}} {
		var b fuzzBudget
		if err := b.Set(in); err != nil || b != want || b.String() != (&want).String() {
			t.Errorf("%q: %+v, %v", in, b, err)
		}
	}
	for _, in := range []string{"", "0s", "-1s", "0x", "-5x", "x", "1.5x", "10", "ten"} {
		var b fuzzBudget
		if err := b.Set(in); err == nil {
			t.Errorf("%q accepted as %+v", in, b)
		}
	}
	for b, want := range map[fuzzBudget]int{{d: 10 * time.Second}: 200, {d: time.Second}: 64, {d: time.Minute}: 1200, {d: 2 * time.Minute}: 0, {n: 1000}: 250, {n: 100}: 64} {
		if got := seedsFor(b); got != want {
			t.Errorf("seedsFor(%s) = %d, want %d", b.String(), got, want)
		}
	}
}

// fakeGo puts a go command first on PATH that answers the runner's calls
// from files in its directory: list (go test -list), and per target T the
// output and exit status of each attempt, T.1 and T.1.rc, T.2 ..., T.last.
// Each call records its arguments and CLIENTAUTH_FUZZ_SEEDS in T.args and
// T.seeds. A T.N.hang file makes that attempt print its output, leave a
// worker that ignores SIGINT (its pid in T.worker), and wait for SIGINT.
func fakeGo(t *testing.T, list string, attempts map[string]string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake go command is a shell script")
	}
	dir := t.TempDir()
	gomod, err := filepath.Abs("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	script := `#!/bin/sh
d=` + dir + `
case "$1" in env) echo "` + gomod + `"; exit 0;; esac
for a; do [ "$a" = -list ] && { cat "$d/list"; exit 0; }; done
t=; prev=
for a; do [ "$prev" = -fuzz ] && t=$a; prev=$a; done
t=${t#^}; t=${t%\$}
n=$(cat "$d/$t.n" 2>/dev/null || echo 0); n=$((n+1)); echo $n >"$d/$t.n"
echo "$@" >"$d/$t.args"; echo "$CLIENTAUTH_FUZZ_SEEDS" >"$d/$t.seeds"
f="$d/$t.$n"; [ -f "$f" ] || f="$d/$t.last"
cat "$f"
if [ -f "$f.hang" ]; then
	(trap '' INT; exec sleep 300) &
	echo $! >"$d/$t.worker"
	trap 'echo PASS; exit 0' INT
	echo hanging >"$d/$t.hanging"
	while :; do sleep 1; done
fi
exit $(cat "$f.rc" 2>/dev/null || echo 0)
`
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("go", script)
	write("list", list)
	for name, data := range attempts {
		write(name, data)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("CLIENTAUTH_FUZZ_SEEDS", "")
	return dir
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// row is target's row of the summary table (the last line naming it).
func row(out, target string) string {
	rows := regexp.MustCompile(`(?m)^`+target+` .*$`).FindAllString(out, -1)
	if len(rows) == 0 {
		return ""
	}
	return rows[len(rows)-1]
}

// TestFuzzToolchainRace: a target that hits the race is run again; one that
// keeps hitting it ends as toolchain, exit 0; a finding next to them still
// exits 1 with its input and reproduce command.
func TestFuzzToolchainRace(t *testing.T) {
	race := strings.ReplaceAll(raceWhileFuzzing, "FuzzCV13", "FuzzOnce")
	dir := fakeGo(t, "FuzzOnce\nFuzzAlways\nFuzzFinds\nok\tgithub.com/clientauth/clientauth/fuzz\t0.1s\n", map[string]string{
		"FuzzOnce.1": race, "FuzzOnce.1.rc": "1",
		"FuzzOnce.last":   passed,
		"FuzzAlways.last": strings.ReplaceAll(raceInBaseline, "FuzzCompressed", "FuzzAlways"), "FuzzAlways.last.rc": "1",
		"FuzzFinds.last": strings.ReplaceAll(failingFuzzOutput, "FuzzCR13", "FuzzFinds"), "FuzzFinds.last.rc": "1",
	})
	var out, errb bytes.Buffer
	code := run([]string{"fuzz", "-time", "10s", "-target", "Once|Always"}, nil, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d, want %d (the race is no finding)\n%s\n%s", code, exitOK, out.String(), errb.String())
	}
	if n := readFile(t, filepath.Join(dir, "FuzzOnce.n")); n != "2" {
		t.Errorf("FuzzOnce ran %s times, want 2 (once more after the race)", n)
	}
	if n := readFile(t, filepath.Join(dir, "FuzzAlways.n")); n != strconv.Itoa(fuzzRetries+1) {
		t.Errorf("FuzzAlways ran %s times, want %d", n, fuzzRetries+1)
	}
	if r := row(out.String(), "FuzzOnce"); !strings.Contains(r, " ok ") {
		t.Errorf("FuzzOnce row %q, want ok", r)
	}
	if r := row(out.String(), "FuzzAlways"); !strings.Contains(r, " toolchain ") {
		t.Errorf("FuzzAlways row %q, want toolchain", r)
	}
	wantAll(t, out.String(), toolchainRace+" on all 3 attempts", "FuzzOnce: 1 attempt(s) lost to the "+toolchainRace, "2 targets × 10s")
	if strings.Contains(out.String(), "FAILED") || strings.Contains(out.String(), "crashing input") {
		t.Errorf("the race reported as a crash:\n%s", out.String())
	}
	if args := readFile(t, filepath.Join(dir, "FuzzOnce.args")); !strings.Contains(args, "-fuzztime 10s") {
		t.Errorf("go test called with %q", args)
	}
	if s := readFile(t, filepath.Join(dir, "FuzzOnce.seeds")); s != "200" {
		t.Errorf("CLIENTAUTH_FUZZ_SEEDS=%q at -time 10s, want 200", s)
	}

	out.Reset()
	for _, t := range []string{"FuzzOnce", "FuzzAlways"} {
		os.Remove(filepath.Join(dir, t+".n"))
	}
	report := filepath.Join(t.TempDir(), "report.json")
	code = run([]string{"fuzz", "-time", "10s", "-json", report}, nil, &out, &errb)
	if code != exitInvalid {
		t.Fatalf("with a finding: exit %d, want %d\n%s", code, exitInvalid, out.String())
	}
	wantAll(t, out.String(), "FuzzFinds FAILED", "crashing input kept: fuzz/testdata/fuzz/FuzzFinds/4d5e6f7a8b9c0d1e", "reproduce: go test ./fuzz -run 'FuzzFinds/4d5e6f7a8b9c0d1e'")
	var rep fuzzReport
	if err := json.Unmarshal([]byte(readFile(t, report)), &rep); err != nil {
		t.Fatal(err)
	}
	status := map[string]fuzzTargetReport{}
	for _, tr := range rep.Targets {
		status[tr.Name] = tr
	}
	if rep.Exit != exitInvalid || rep.Budget != "10s" || rep.Seeds != 200 || len(rep.Targets) != 3 {
		t.Errorf("report header %+v", rep)
	}
	if f := status["FuzzFinds"]; f.Status != statusFail || f.Input != "fuzz/testdata/fuzz/FuzzFinds/4d5e6f7a8b9c0d1e" || f.Reproduce == "" || f.Mutations != 99000-250 || f.NewInteresting != 5 {
		t.Errorf("FuzzFinds in the report: %+v", f)
	}
	if a := status["FuzzAlways"]; a.Status != statusToolchain || a.Reason != toolchainRace || a.Attempts != 3 || a.Input != "" || a.Reproduce != "" {
		t.Errorf("FuzzAlways in the report: %+v", a)
	}
	if o := status["FuzzOnce"]; o.Status != statusOK || o.Mutations != 21000 || o.ExecsPerSec != 21000/8 || o.Attempts != 2 {
		t.Errorf("FuzzOnce in the report: %+v", o)
	}
}

// TestFuzzCountBudget: -time Nx reaches go test as -fuzztime Nx, with a
// quarter of it as the seed sample; -seeds all passes none.
func TestFuzzCountBudget(t *testing.T) {
	dir := fakeGo(t, "FuzzA\n", map[string]string{"FuzzA.last": passed})
	var out, errb bytes.Buffer
	if code := run([]string{"fuzz", "-time", "1000x"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if args := readFile(t, filepath.Join(dir, "FuzzA.args")); !strings.Contains(args, "-fuzztime 1000x") {
		t.Errorf("go test called with %q", args)
	}
	if s := readFile(t, filepath.Join(dir, "FuzzA.seeds")); s != "250" {
		t.Errorf("CLIENTAUTH_FUZZ_SEEDS=%q at 1000x, want 250", s)
	}
	t.Setenv("CLIENTAUTH_FUZZ_SEEDS", "77") // the runner's choice overrides the caller's
	if code := run([]string{"fuzz", "-time", "1000x", "-seeds", "all"}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if s := readFile(t, filepath.Join(dir, "FuzzA.seeds")); s != "" {
		t.Errorf("CLIENTAUTH_FUZZ_SEEDS=%q with -seeds all, want unset", s)
	}
	if !strings.Contains(out.String(), "seeds: every corpus seed") {
		t.Errorf("summary does not say every seed ran:\n%s", out.String())
	}
}

// TestFuzzInterrupt: an interrupt stops the running go test (its worker,
// which ignores SIGINT, dies with its process group), and the table and the
// report still come out, with the targets after it marked not run.
func TestFuzzInterrupt(t *testing.T) {
	dir := fakeGo(t, "FuzzSlow\nFuzzNext\n", map[string]string{
		"FuzzSlow.last": "fuzz: elapsed: 0s, gathering baseline coverage: 4/4 completed, now fuzzing with 2 workers\n" +
			"fuzz: elapsed: 3s, execs: 3004 (1000/sec), new interesting: 1 (total: 5)\n",
		"FuzzSlow.last.hang": "",
		"FuzzNext.last":      passed,
	})
	interrupt := make(chan chan<- os.Signal, 1)
	old := notifyInterrupt
	notifyInterrupt = func(c chan<- os.Signal) func() { interrupt <- c; return func() {} }
	t.Cleanup(func() { notifyInterrupt = old })
	go func() {
		c := <-interrupt
		for {
			if _, err := os.Stat(filepath.Join(dir, "FuzzSlow.hanging")); err == nil {
				c <- os.Interrupt
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	var out, errb bytes.Buffer
	code := run([]string{"fuzz", "-time", "1h", "-json", "-"}, nil, &out, &errb)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, exitInterrupted, out.String(), errb.String())
	}
	table := errb.String()
	if r := row(table, "FuzzSlow"); !strings.Contains(r, " interrupted ") || !strings.Contains(r, " 3000 ") {
		t.Errorf("FuzzSlow row %q, want interrupted with its 3000 mutations", r)
	}
	if r := row(table, "FuzzNext"); !strings.Contains(r, " not run ") {
		t.Errorf("FuzzNext row %q, want not run", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "FuzzNext.n")); err == nil {
		t.Error("FuzzNext ran after the interrupt")
	}
	var rep fuzzReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("stdout is not the report: %v\n%s", err, out.String())
	}
	if !rep.Interrupted || rep.Exit != exitInterrupted || len(rep.Targets) != 2 || rep.Targets[0].Status != statusInterrupted || rep.Targets[1].Status != statusNotRun {
		t.Errorf("report %+v", rep)
	}
	pid, err := strconv.Atoi(readFile(t, filepath.Join(dir, "FuzzSlow.worker")))
	if err != nil {
		t.Fatal(err)
	}
	// Killed, it is reaped by init; until then it is a zombie.
	for i := 0; ; i++ {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) {
			break
		}
		if state, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat"); bytes.Contains(state, []byte(") Z ")) {
			break
		}
		if i == 500 {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Fatalf("worker %d outlived the interrupted run", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestFuzzRuns fuzzes one real target through the command, on a count
// budget (which no deadline race can end) that leaves room to mutate past
// the sampled seeds.
func TestFuzzRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and fuzzes a target")
	}
	var out, errb bytes.Buffer
	report := filepath.Join(t.TempDir(), "r.json")
	code := run([]string{"fuzz", "-time", "2000x", "-target", "^FuzzCV13$", "-parallel", "1", "-json", report}, nil, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if !regexp.MustCompile(`(?m)^FuzzCV13 +ok `).MatchString(out.String()) {
		t.Errorf("no ok row:\n%s", out.String())
	}
	var rep fuzzReport
	if err := json.Unmarshal([]byte(readFile(t, report)), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Targets) != 1 || rep.Seeds != 500 {
		t.Fatalf("report %+v", rep)
	}
	// The baseline: the 500 sampled seeds, testdata/fuzz and the cache.
	if tr := rep.Targets[0]; tr.Baseline < 500 || tr.Mutations <= 0 || tr.Execs != tr.Baseline+tr.Mutations {
		t.Errorf("FuzzCV13: baseline %d, %d mutations, %d executions", tr.Baseline, tr.Mutations, tr.Execs)
	}
}

// TestFuzzInterruptReal interrupts a real go test while it fuzzes.
func TestFuzzInterruptReal(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and fuzzes a target")
	}
	interrupt := make(chan chan<- os.Signal, 1)
	old := notifyInterrupt
	notifyInterrupt = func(c chan<- os.Signal) func() { interrupt <- c; return func() {} }
	t.Cleanup(func() { notifyInterrupt = old })
	out := &signalOnWriter{want: []byte(" execs "), seen: make(chan struct{})}
	go func() {
		c := <-interrupt
		<-out.seen
		c <- os.Interrupt
	}()
	var errb bytes.Buffer
	code := run([]string{"fuzz", "-time", "1h", "-target", "^FuzzCV13$", "-parallel", "1"}, nil, out, &errb)
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, exitInterrupted, out.String(), errb.String())
	}
	if r := row(out.String(), "FuzzCV13"); !strings.Contains(r, " interrupted ") {
		t.Errorf("row %q, want interrupted:\n%s", r, out.String())
	}
}

// signalOnWriter is a buffer that closes seen once want was written.
type signalOnWriter struct {
	bytes.Buffer
	want []byte
	seen chan struct{}
	done bool
}

func (w *signalOnWriter) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if !w.done && bytes.Contains(w.Buffer.Bytes(), w.want) {
		w.done = true
		close(w.seen)
	}
	return n, err
}

// TestFuzzDiffRuns fuzzes one differential target through the command,
// which compiles the crypto/tls shim in.
func TestFuzzDiffRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles and fuzzes a target")
	}
	var out, errb bytes.Buffer
	code := run([]string{"fuzz", "-diff", "-time", "2s", "-target", "CV", "-parallel", "1"}, nil, &out, &errb)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if strings.Contains(out.String(), "skip") {
		msg := "the differential target was skipped:\n" + out.String()
		if os.Getenv("CLIENTAUTH_REQUIRE_TLSSHIM") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if !regexp.MustCompile(`(?m)^FuzzDiffCV +(ok\*?|toolchain) `).MatchString(out.String()) || strings.Contains(out.String(), "FuzzCV13") {
		t.Errorf("want only FuzzDiffCV, ok:\n%s", out.String())
	}
}

func TestFuzzUsage(t *testing.T) {
	for _, args := range [][]string{
		{"fuzz", "extra"}, {"fuzz", "-time", "0s"}, {"fuzz", "-time", "0x"}, {"fuzz", "-time", "soon"},
		{"fuzz", "-seeds", "3"}, {"fuzz", "-seeds", "some"}, {"fuzz", "-parallel", "-1"},
		{"fuzz", "-target", "("}, {"fuzz", "-target", "^NoSuchTarget$"}, {"fuzz", "-nosuchflag"},
		{"fuzz", "-json", filepath.Join(t.TempDir(), "no", "such", "dir", "r.json")},
	} {
		var out, errb bytes.Buffer
		if code := run(args, nil, &out, &errb); code != exitUsage || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want %d and a message", args, code, errb.String(), exitUsage)
		}
	}
	for _, h := range []string{"-h", "-help", "--help"} {
		var out, errb bytes.Buffer
		if code := run([]string{"fuzz", h}, nil, &out, &errb); code != exitOK || !strings.HasPrefix(out.String(), "usage: clientauth fuzz") || !strings.Contains(out.String(), "-seeds") || errb.Len() != 0 {
			t.Errorf("fuzz %s: exit %d, stdout %q, stderr %q", h, code, out.String(), errb.String())
		}
	}
}
