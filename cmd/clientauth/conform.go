package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/conform"
)

const conformUsage = `usage: clientauth conform [-peers LIST] [-role client|server] [-versions LIST] [-quick] -out DIR
       clientauth conform -render RESULTS.json -out DIR

Plays one side of client-authenticated TLS handshakes against real TLS
stacks on loopback (OpenSSL, GnuTLS, NSS, Botan, Go crypto/tls, Java
SunJSSE, wolfSSL), replacing one handshake message per handshake with a corpus
vector or a catalog mutation of the message really sent, and judges what the
peer did against the vector's label. Writes DIR/results.json (with its JSON
Schema) and DIR/conformance.md. Exit status: 0 done (leniencies are
findings, not failures), 1 a peer crashed or hung, 2 usage or I/O error.
-render rewrites DIR's files from an earlier run's results.json (verdicts
under the RFC 9846 profile recomputed) without running anything.

flags:
  -peers LIST     comma-separated subset of %s (default all)
  -role ROLE      only the peer as client or as server (default both)
  -versions LIST  comma-separated subset of 1.0,1.1,1.2,1.3 (default all)
  -quick          a sample of each mutation family (every peer, both roles)
  -out DIR        output directory (required)
  -timeout D      per-handshake timeout (default 5s)
  -jobs N         peer × role × version cells in parallel (default 4)
  -render FILE    re-render an earlier run's results.json into DIR
`

func runConform(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var names []string
	for _, p := range conform.Peers {
		names = append(names, p.Name())
	}
	fs := newFlagSet("conform")
	peers := fs.String("peers", "", "")
	role := fs.String("role", "", "")
	versions := fs.String("versions", "", "")
	quick := fs.Bool("quick", false, "")
	out := fs.String("out", "", "")
	timeout := fs.Duration("timeout", 5*time.Second, "")
	jobs := fs.Int("jobs", conform.DefaultJobs, "")
	render := fs.String("render", "", "")
	if code, ok := parseFlags(fs, args, stdout, stderr, fmt.Sprintf(conformUsage, strings.Join(names, ","))); !ok {
		return code
	}
	if *out == "" || fs.NArg() != 0 || *timeout <= 0 || *jobs <= 0 {
		fmt.Fprintln(stderr, "clientauth conform: want -out DIR, no arguments, and -timeout and -jobs above 0 (run \"clientauth conform -h\")")
		return exitUsage
	}
	if *render != "" {
		return renderConform(*render, *out, stdout, stderr)
	}
	cfg := conform.Config{Quick: *quick, Timeout: *timeout, Jobs: *jobs, Log: stderr}
	for _, p := range splitList(*peers) {
		if _, ok := conform.PeerByName(p); !ok {
			fmt.Fprintf(stderr, "clientauth conform: no peer %q (want %s)\n", p, strings.Join(names, ", "))
			return exitUsage
		}
		cfg.Peers = append(cfg.Peers, p)
	}
	switch *role {
	case "":
	case conform.RoleClient, conform.RoleServer:
		cfg.Roles = []string{*role}
	default:
		fmt.Fprintf(stderr, "clientauth conform: -role %q: want client or server\n", *role)
		return exitUsage
	}
	for _, v := range splitList(*versions) {
		pv, ok := ca.ParseVersion(v)
		if !ok {
			fmt.Fprintf(stderr, "clientauth conform: -versions: %q is not one of 1.0, 1.1, 1.2, 1.3\n", v)
			return exitUsage
		}
		cfg.Versions = append(cfg.Versions, pv)
	}
	return runInterruptible(stderr, "conform", conform.Run, cfg, func(rep *conform.Report) int {
		return writeConform(rep, *out, stdout, stderr)
	})
}

func renderConform(file, out string, stdout, stderr io.Writer) int {
	rep, err := conform.ReadReport(file)
	if err != nil {
		fmt.Fprintf(stderr, "clientauth conform: %v\n", err)
		return exitUsage
	}
	rep.ProfileVerdicts()
	return writeConform(rep, out, stdout, stderr)
}

func writeConform(rep *conform.Report, out string, stdout, stderr io.Writer) int {
	if err := rep.Write(out); err != nil {
		fmt.Fprintf(stderr, "clientauth conform: %v\n", err)
		return exitUsage
	}
	fmt.Fprint(stdout, rep.Summary())
	fmt.Fprintf(stdout, "%d cases in %.0f s, %d confirmed findings; %s/results.json, %s/conformance.md\n",
		len(rep.Results), rep.Seconds, len(rep.Findings()), out, out)
	if rep.Failed() {
		return exitInvalid
	}
	return exitOK
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
