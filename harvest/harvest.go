// Package harvest drives real TLS stacks through client-authenticated
// handshakes on loopback and keeps the handshake messages they exchange: the
// data behind corpus/real (`clientauth harvest -out corpus/real`).
//
// Sources: Go crypto/tls (TLS 1.3 through the QUIC API, whose handshake
// messages come out in clear; TLS ≤1.2 through a recording TCP relay), the
// OpenSSL 3 command-line tools (every message read from their -msg log,
// TLS 1.0–1.3) and GnuTLS's gnutls-cli / gnutls-serv (through OpenSSL's log,
// or a recording relay and the SSLKEYLOGFILE key log), each against itself
// and against the others where they interoperate. Certificates are made by
// the harvester (crypto/x509; Ed448 through openssl genpkey). Everything
// listens on 127.0.0.1 only; gnutls-serv, which binds the wildcard address,
// runs in a private network namespace whose only interface is loopback.
package harvest

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/linelog"
)

// Stack names accepted by Config.Stacks.
const (
	StackGo      = "go"
	StackOpenSSL = "openssl"
	StackGnuTLS  = "gnutls"
)

// Stacks lists every stack the harvester drives.
var Stacks = []string{StackGo, StackOpenSSL, StackGnuTLS}

// Config says what to harvest and where to write it.
type Config struct {
	Out    string   // output directory (corpus/real layout)
	Stacks []string // subset of Stacks; nil = all
	Quick  bool     // a small matrix, for tests
	Jobs   int      // handshakes in parallel; 0 = 4
	Log    io.Writer
	// Imports adds the RFC 8448 §6 trace and the seed capture's TLS 1.2
	// CertificateRequest, which no stack here produces.
	Imports bool
	Date    string // YYYY-MM-DD; "" = today (UTC)
}

// Summary is what a harvest did.
type Summary struct {
	Cases    int
	Failed   []string // cases that did not complete, twice, with why
	Retried  []string // cases that failed once and completed on the second try, with the first failure
	Skipped  []string // parts of the matrix left out, with why
	Seen     int      // messages of interest seen on the wire
	Written  int      // distinct messages written
	Dups     int      // byte-identical repeats dropped
	Expected int      // messages kept as expected rejections
	Stacks   map[string]string
	Counts   map[string]int // "stack/message/version" → written
}

// Case is one handshake of the matrix.
type Case struct {
	ID        string
	Client    string // stack
	Server    string // stack
	Version   ca.Version
	Suite     uint16 // forced suite (0 = the stacks' default)
	Key       string // client key type or KeyNone
	ServerKey string
	Options   []string
	quick     bool
}

func (c *Case) has(o string) bool { return slices.Contains(c.Options, o) }

// wireMsg is one handshake message in the order its sender sent it.
type wireMsg struct {
	b      []byte
	client bool // sent by the client
}

// outcome is what one handshake produced.
type outcome struct {
	msgs  []wireMsg
	suite uint16
	how   string
}

type harvester struct {
	cfg    Config
	tmp    string
	pki    *pki
	ns     *netns
	stacks map[string]string
	port   int
	log    *linelog.Log
	mu     sync.Mutex
}

// StackVersion returns the manifest's stack label for a stack found on this
// machine, from the tool's own version output, or an error saying why the
// stack is unavailable.
func StackVersion(stack string) (string, error) {
	switch stack {
	case StackGo:
		return "Go " + strings.TrimPrefix(runtime.Version(), "go") + " crypto/tls", nil
	case StackOpenSSL:
		out, err := exec.Command("openssl", "version").Output()
		if err != nil {
			return "", fmt.Errorf("openssl not usable: %v", err)
		}
		f := strings.Fields(string(out))
		if len(f) < 2 || f[0] != "OpenSSL" || !strings.HasPrefix(f[1], "3.") {
			return "", fmt.Errorf("want OpenSSL 3, found %q", strings.TrimSpace(string(out)))
		}
		return f[0] + " " + f[1], nil
	case StackGnuTLS:
		for _, t := range []string{"gnutls-cli", "gnutls-serv"} {
			if _, err := exec.LookPath(t); err != nil {
				return "", fmt.Errorf("%s not found (apt-get install gnutls-bin)", t)
			}
		}
		out, err := exec.Command("gnutls-cli", "--version").Output()
		if err != nil {
			return "", fmt.Errorf("gnutls-cli not usable: %v", err)
		}
		f := strings.Fields(string(out))
		if len(f) < 2 {
			return "", fmt.Errorf("gnutls-cli --version: %q", out)
		}
		return "GnuTLS " + f[1], nil
	}
	return "", fmt.Errorf("unknown stack %q (want one of %s)", stack, strings.Join(Stacks, ", "))
}

// Run harvests into cfg.Out. Unusable stacks are an error: the caller
// chooses the stacks (see StackVersion).
func Run(ctx context.Context, cfg Config) (*Summary, error) {
	if cfg.Jobs <= 0 {
		cfg.Jobs = 4
	}
	if cfg.Stacks == nil {
		cfg.Stacks = Stacks
	}
	if cfg.Date == "" {
		cfg.Date = time.Now().UTC().Format("2006-01-02")
	}
	h := &harvester{cfg: cfg, stacks: map[string]string{}, port: 20000 + os.Getpid()%20000, log: linelog.New(cfg.Log)}
	for _, s := range cfg.Stacks {
		v, err := StackVersion(s)
		if err != nil {
			return nil, fmt.Errorf("harvest: stack %s: %v", s, err)
		}
		h.stacks[s] = v
	}
	sum := &Summary{Stacks: h.stacks, Counts: map[string]int{}}
	var err error
	if h.tmp, err = os.MkdirTemp("", "clientauth-harvest-"); err != nil {
		return nil, err
	}
	defer os.RemoveAll(h.tmp)
	openssl := ""
	if h.stacks[StackOpenSSL] != "" || h.stacks[StackGnuTLS] != "" {
		// Ed448 keys come from openssl; GnuTLS harvests always pair with it.
		if _, err := exec.LookPath("openssl"); err == nil {
			openssl = "openssl"
		}
	}
	if h.stacks[StackGnuTLS] != "" && h.stacks[StackOpenSSL] == "" {
		if _, err := StackVersion(StackOpenSSL); err == nil {
			// GnuTLS messages are read from OpenSSL's -msg log or a relay; the
			// OpenSSL peer's own messages are then harvested too.
			h.stacks[StackOpenSSL], _ = StackVersion(StackOpenSSL)
		}
	}
	if h.pki, err = newPKI(h.tmp, openssl); err != nil {
		return nil, fmt.Errorf("harvest: certificates: %v", err)
	}
	if h.stacks[StackGnuTLS] != "" {
		if h.ns, err = newNetns(); err != nil {
			sum.Skipped = append(sum.Skipped, fmt.Sprintf("gnutls-serv as server: no private network namespace (needs root, unshare and nsenter): %v", err))
		} else {
			defer h.ns.close()
		}
	}
	cases, skipped := h.matrix()
	sum.Skipped = append(sum.Skipped, skipped...)
	sum.Cases = len(cases)
	h.log.Printf("harvest: %d handshakes with %s", len(cases), strings.Join(sortedValues(h.stacks), ", "))

	results := make([]*outcome, len(cases))
	errs := make([]error, len(cases))
	sem := make(chan struct{}, cfg.Jobs)
	var wg sync.WaitGroup
	for i, c := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i], errs[i] = h.run(ctx, c)
			if errs[i] != nil && ctx.Err() == nil {
				// Two processes on a loaded machine sometimes miss each other
				// (one side gives up first); a case fails only if it fails
				// twice, and the first failure is kept in Retried.
				first := errs[i]
				if results[i], errs[i] = h.run(ctx, c); errs[i] == nil {
					h.mu.Lock()
					sum.Retried = append(sum.Retried, c.ID+": "+first.Error())
					h.mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w := newWriter(cfg, h.stacks)
	for i, c := range cases {
		if errs[i] != nil {
			sum.Failed = append(sum.Failed, c.ID+": "+errs[i].Error())
			continue
		}
		if err := w.addCase(c, results[i]); err != nil {
			sum.Failed = append(sum.Failed, c.ID+": "+err.Error())
		}
	}
	if cfg.Imports {
		if err := w.addImports(); err != nil {
			return nil, err
		}
	}
	if err := w.write(sum); err != nil {
		return nil, err
	}
	return sum, nil
}

func sortedValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// nextPort hands out ports inside the private namespace, where nothing else
// listens.
func (h *harvester) nextPort() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.port++
	if h.port > 60000 {
		h.port = 20001
	}
	return h.port
}

// run performs one handshake and returns the messages both sides sent.
func (h *harvester) run(ctx context.Context, c *Case) (*outcome, error) {
	ctx, cancel := context.WithTimeout(ctx, 25*time.Second)
	defer cancel()
	dir, err := os.MkdirTemp(h.tmp, c.ID+"-")
	if err != nil {
		return nil, err
	}
	if c.Client == StackGo && c.Server == StackGo && c.Version == ca.VersionTLS13 {
		return h.goQUIC(ctx, c)
	}
	return h.tcp(ctx, c, dir)
}
