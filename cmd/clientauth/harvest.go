package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/clientauth/clientauth/harvest"
)

const harvestUsage = `usage: clientauth harvest -out DIR [-stacks go,openssl,gnutls] [-quick]

Runs client-authenticated TLS handshakes between real stacks on loopback
(Go crypto/tls, the openssl and gnutls-cli/gnutls-serv tools), with
certificates it makes itself, and writes every distinct CertificateRequest,
Certificate, CertificateVerify, ClientKeyExchange, ServerHelloDone and
Finished they exchanged to DIR/<message>/<tlsXY>/<name>.bin, listed in
DIR/manifest.json (the corpus/real layout). Every message is checked against
the parser first. Exit status: 0 done, 1 some handshakes failed or some
message was not as expected, 2 usage error or a requested stack is missing.

flags:
  -out DIR        output directory (required; e.g. corpus/real)
  -stacks LIST    comma-separated subset of go,openssl,gnutls (default all)
  -quick          a small matrix (a few handshakes per stack pair)
  -jobs N         handshakes in parallel (default 4)
  -imports        add the RFC 8448 trace and the seed capture's TLS 1.2
                  CertificateRequest (default true)
  -v              log progress to stderr
`

func runHarvest(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("harvest")
	out := fs.String("out", "", "")
	stacks := fs.String("stacks", strings.Join(harvest.Stacks, ","), "")
	quick := fs.Bool("quick", false, "")
	jobs := fs.Int("jobs", 4, "")
	imports := fs.Bool("imports", true, "")
	verbose := fs.Bool("v", false, "")
	if code, ok := parseFlags(fs, args, stdout, stderr, harvestUsage); !ok {
		return code
	}
	if *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "clientauth harvest: want -out DIR and no arguments (run \"clientauth harvest -h\")")
		return exitUsage
	}
	cfg := harvest.Config{Out: *out, Quick: *quick, Jobs: *jobs, Imports: *imports}
	for _, s := range strings.Split(*stacks, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if _, err := harvest.StackVersion(s); err != nil {
			fmt.Fprintf(stderr, "clientauth harvest: %s: %v\n", s, err)
			return exitUsage
		}
		cfg.Stacks = append(cfg.Stacks, s)
	}
	if len(cfg.Stacks) == 0 {
		fmt.Fprintln(stderr, "clientauth harvest: -stacks names no stack")
		return exitUsage
	}
	if *verbose {
		cfg.Log = stderr
	}
	return runInterruptible(stderr, "harvest", harvest.Run, cfg, func(sum *harvest.Summary) int {
		printSummary(stdout, sum)
		if len(sum.Failed) > 0 {
			for _, f := range sum.Failed {
				fmt.Fprintf(stderr, "clientauth harvest: failed: %s\n", f)
			}
			return exitInvalid
		}
		return exitOK
	})
}

func printSummary(w io.Writer, s *harvest.Summary) {
	fmt.Fprintf(w, "handshakes: %d run, %d failed\n", s.Cases, len(s.Failed))
	for _, r := range s.Retried {
		fmt.Fprintf(w, "retried (completed on the second try): %s\n", r)
	}
	fmt.Fprintf(w, "messages: %d seen, %d distinct written (%d kept as expected rejections), %d byte-identical repeats dropped\n",
		s.Seen, s.Written, s.Expected, s.Dups)
	keys := make([]string, 0, len(s.Counts))
	for k := range s.Counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "  %-48s %4d\n", k, s.Counts[k])
	}
	for _, sk := range s.Skipped {
		fmt.Fprintf(w, "left out: %s\n", sk)
	}
}
