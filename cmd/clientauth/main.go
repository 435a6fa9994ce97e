// Command clientauth checks, dissects, encodes and fuzzes TLS
// client-authentication handshake messages, runs the corpus (check, export,
// trace), harvests real stacks and throws the vectors at them (conform).
//
// Usage:
//
//	clientauth <command> [flags] [args]
//
// Commands:
//
//	check   parse handshake messages and report each as a JSON line
//	dissect show handshake messages as Wireshark-style trees or JSON
//	encode  write handshake messages from dissect's JSON
//	fuzz    run the fuzz targets with progress and a summary table
//	harvest harvest real client-auth messages from TLS stacks on loopback
//	corpus  check, trace and export the corpus
//	conform throw the vectors at real TLS stacks
//	version print the module version, VCS revision and Go version
//
// Run "clientauth help" for the list and "clientauth <command> -h" for a
// command's flags.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// command is one subcommand: its name, a one-line summary for the usage
// listing, and its entry point, which returns the exit status.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands is the subcommand table, in the order the usage lists them.
// Later issues add dissect, encode, corpus, fuzz and harvest here.
var commands = []command{
	{name: "check", summary: "parse handshake messages and report each as a JSON line", run: runCheck},
	{name: "dissect", summary: "show handshake messages as Wireshark-style trees, or as JSON (-json)", run: runDissect},
	{name: "encode", summary: "write handshake messages from dissect -json output", run: runEncode},
	{name: "fuzz", summary: "run the native fuzz targets one after another, with progress and a summary", run: runFuzz},
	{name: "harvest", summary: "harvest real client-auth messages from TLS stacks on loopback", run: runHarvest},
	{name: "corpus", summary: "trace requirements to code and vectors; export the corpus for fuzzers", run: runCorpus},
	{name: "conform", summary: "throw the vectors at real TLS stacks in live client-auth handshakes", run: runConform},
	{name: "version", summary: "print the module version, the VCS revision it was built from and the Go version", run: runVersion},
}

// Exit statuses shared by every subcommand.
const (
	exitOK      = 0 // everything valid
	exitInvalid = 1 // at least one message rejected
	exitUsage   = 2 // usage or I/O error
)

// crashGuard is deferred by the commands that read untrusted input: no
// input may crash the tool (the tests show that none does), so a panic
// becomes an internal error, exit 2, after what out holds is written.
func crashGuard(out *bufio.Writer, stderr io.Writer, code *int) {
	if r := recover(); r != nil {
		out.Flush()
		fmt.Fprintf(stderr, "clientauth: internal error: %s\n", oneLine(fmt.Sprint(r)))
		*code = exitUsage
	}
}

// runGuarded is the frame of a command that reads untrusted input (check,
// dissect): args parsed by parse (-h prints usage), then body writing
// through out, under crashGuard.
func runGuarded[O any](args []string, stdout, stderr io.Writer, parse func([]string) (O, error), usage func() string, body func(o O, out *bufio.Writer) int) (code int) {
	out := bufio.NewWriter(stdout)
	defer crashGuard(out, stderr, &code)
	o, err := parse(args)
	if err != nil {
		return flagsFailed(err, stdout, stderr, usage())
	}
	return body(o, out)
}

// finish writes out what out holds and gives the exit status: 2 when that
// fails or an input could not be read, else code.
func finish(out *bufio.Writer, stderr io.Writer, code int, ioFailed bool) int {
	if err := out.Flush(); err != nil {
		fmt.Fprintf(stderr, "clientauth: writing output: %s\n", oneLine(err.Error()))
		return exitUsage
	}
	if ioFailed {
		return exitUsage
	}
	return code
}

// flagsFailed answers a command's flag error: -h prints usage on stdout
// (exit 0), anything else is one line on stderr (exit 2).
func flagsFailed(err error, stdout, stderr io.Writer, usage string) int {
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "clientauth: %s\n", oneLine(err.Error()))
	return exitUsage
}

// newFlagSet is a command's flag set; its errors are not printed by the
// flag package but reported as one line by the command.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses the flags of a command that takes no file arguments
// (conform, harvest): -h prints usage on stdout (exit 0), a bad flag is one
// stderr line that points at -h (exit 2). ok is false when the command ends
// there, with code.
func parseFlags(fs *flag.FlagSet, args []string, stdout, stderr io.Writer, usage string) (code int, ok bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return exitOK, true
	case errors.Is(err, flag.ErrHelp):
		io.WriteString(stdout, usage)
		return exitOK, false
	}
	fmt.Fprintf(stderr, "clientauth %s: %s (run \"clientauth %s -h\")\n", fs.Name(), oneLine(err.Error()), fs.Name())
	return exitUsage, false
}

// usageError is a usage or I/O error: one stderr line, exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// oneLine keeps a stderr message on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run dispatches args[0] to its subcommand and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "clientauth: unknown command %q (run \"clientauth help\" for the list)\n", name)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: clientauth <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `run "clientauth <command> -h" for a command's flags`)
}

const versionUsage = `usage: clientauth version

Prints the module path and version, the VCS revision, time and whether the
tree was modified (stamped by go build and go install from a git checkout;
go run and go test do not stamp it), and the Go version it was built with.
`

// runVersion implements "clientauth version".
func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "-h", "-help", "--help":
			io.WriteString(stdout, versionUsage)
			return exitOK
		}
		fmt.Fprintf(stderr, "clientauth: version: unexpected argument %q (run \"clientauth version -h\")\n", args[0])
		return exitUsage
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		fmt.Fprintln(stderr, "clientauth: version: this binary carries no build information")
		return exitUsage
	}
	writeVersion(stdout, bi)
	return exitOK
}

func writeVersion(w io.Writer, bi *debug.BuildInfo) {
	fmt.Fprintf(w, "clientauth %s %s\n", bi.Main.Path, bi.Main.Version)
	vcs := map[string]string{}
	for _, s := range bi.Settings {
		vcs[s.Key] = s.Value
	}
	if rev := vcs["vcs.revision"]; rev != "" {
		fmt.Fprintf(w, "%s %s", vcs["vcs"], rev)
		if t := vcs["vcs.time"]; t != "" {
			fmt.Fprintf(w, " %s", t)
		}
		if vcs["vcs.modified"] == "true" {
			fmt.Fprint(w, " (modified)")
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintln(w, "vcs: not stamped (go run and go test do not record it; go build or go install in a git checkout do)")
	}
	fmt.Fprintf(w, "go %s\n", bi.GoVersion)
}
