package conform

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/harvest"
)

// Roles a peer plays.
const (
	RoleClient = "client"
	RoleServer = "server"
)

// Opts is what a peer starts with. Files are PEM unless a driver converts
// them (NSS imports them into a database under Dir).
type Opts struct {
	Role     string // the peer's role
	Version  ca.Version
	CertFile string // the peer's certificate and key
	KeyFile  string
	CAFile   string // the CA it trusts (and, as server, asks client certificates of)
	// RequireClientAuth: as server, request a certificate and fail the
	// handshake without one.
	RequireClientAuth bool
	Addr              string // as client: where our endpoint listens
	Suite             uint16 // TLS ≤1.2: the suite to offer (0 = defaults); one of harvest's
	Dir               string // scratch directory of this peer
	NS                *harvest.Netns
}

// Peer is a TLS implementation driven by conform. Adding a stack is adding
// a Peer to Peers.
type Peer interface {
	Name() string
	// Version is the implementation's version string, or why it cannot run
	// here (a tool missing).
	Version() (string, error)
	// Supports says whether the driver can play role at version v.
	Supports(role string, v ca.Version) bool
	// Start starts the peer. A server has its address ready when Start
	// returns and serves handshakes until stopped; a client makes one
	// handshake with Opts.Addr.
	Start(ctx context.Context, o Opts) (Handle, error)
}

// Handle is a running peer.
type Handle interface {
	Addr() string // a server's listening address
	// InNS: the server listens inside Opts.NS, so our endpoint must dial
	// from there.
	InNS() bool
	// Exit reports whether the peer has exited on its own, and how.
	Exit() (exited bool, how Exit)
	// Stop ends the peer (its whole process group) and waits for it.
	Stop()
	Stderr() string
}

// Exit is how a peer process ended.
type Exit struct {
	Code   int    `json:"code"`
	Signal string `json:"signal,omitempty"`
}

// Crashed: killed by a signal (we kill only after Stop) or an exit status
// a shell gives a signal death (128+n), as the JVM does on a fatal error.
func (e Exit) Crashed() bool { return e.Signal != "" || e.Code >= 128 }

// procHandle is a peer that is one child process.
type procHandle struct {
	p      *harvest.Proc
	addr   string
	inNS   bool
	killed bool
}

func (h *procHandle) Addr() string   { return h.addr }
func (h *procHandle) InNS() bool     { return h.inNS }
func (h *procHandle) Stderr() string { return h.p.Stderr() + h.p.Stdout() }

func (h *procHandle) Exit() (bool, Exit) {
	if h.killed || !h.p.Exited() {
		return false, Exit{}
	}
	return true, exitOf(h.p.Err())
}

func (h *procHandle) Stop() {
	if !h.p.Exited() {
		h.killed = true
	}
	h.p.Finish(0)
}

func exitOf(err error) Exit {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return Exit{}
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return Exit{Code: -1, Signal: ws.Signal().String()}
	}
	return Exit{Code: ee.ExitCode()}
}

// startServer starts a server process and waits until ready(stdout,
// stderr) gives its port.
func startServer(ctx context.Context, o Opts, ns *harvest.Netns, ready func(out string) (string, bool), name string, args ...string) (Handle, error) {
	return startServerEnv(ctx, o, ns, nil, ready, name, args...)
}

func startServerEnv(ctx context.Context, o Opts, ns *harvest.Netns, env []string, ready func(out string) (string, bool), name string, args ...string) (Handle, error) {
	p, err := harvest.StartProc(ctx, ns, env, name, args...)
	if err != nil {
		return nil, err
	}
	var addr string
	ok := harvest.WaitFor(ctx, 15*time.Second, func() bool {
		var done bool
		addr, done = ready(p.Stdout() + p.Stderr())
		return done || p.Exited()
	})
	if !ok || p.Exited() {
		out := p.Stderr() + p.Stdout()
		p.Finish(0)
		return nil, fmt.Errorf("%s did not start: %s", name, lastLines(out, 4))
	}
	return &procHandle{p: p, addr: addr, inNS: ns != nil}, nil
}

func startClient(ctx context.Context, env []string, name string, args ...string) (Handle, error) {
	p, err := harvest.StartProc(ctx, nil, env, name, args...)
	if err != nil {
		return nil, err
	}
	return &procHandle{p: p}, nil
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, " | ")
}

// fixedPort: servers that cannot pick a free port themselves get one from
// this counter (inside a private namespace nothing else listens).
var fixedPort = make(chan int, 1)

func init() { fixedPort <- 24000 }

func nextPort() int {
	p := <-fixedPort
	next := p + 1
	if next > 30000 {
		next = 24000
	}
	fixedPort <- next
	return p
}

// driverListening: the drivers kept in the repository (Java, wolfSSL)
// print "LISTENING port" once their server listens on 127.0.0.1.
func driverListening(out string) (string, bool) {
	m := listeningLine.FindStringSubmatch(out)
	if m == nil {
		return "", false
	}
	return "127.0.0.1:" + m[1], true
}

var listeningLine = regexp.MustCompile(`(?m)^LISTENING ([0-9]+)$`)

func itoa(n int) string { return fmt.Sprint(n) }

// lookTools says which of tools is not on PATH, and that the Debian
// packages apt give it: a driver's Version is what tells a user what to
// install.
func lookTools(apt string, tools ...string) error {
	for _, t := range tools {
		if _, err := exec.LookPath(t); err != nil {
			return fmt.Errorf("%s not found (apt-get install %s)", t, apt)
		}
	}
	return nil
}

// toolOutput runs name with args and returns its standard output, trimmed:
// a version command's answer.
func toolOutput(name string, args ...string) (string, error) {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}

// named gives a driver the name Peers lists it under (a Config's Peers,
// the reports' peer column).
type named string

func (n named) Name() string { return string(n) }

// harvestStack is a driver of a stack harvest also drives (Go, OpenSSL,
// GnuTLS): the peer has harvest's stack name, and harvest.StackVersion is
// its version, so that the two never describe one stack differently.
type harvestStack string

func (s harvestStack) Name() string             { return string(s) }
func (s harvestStack) Version() (string, error) { return harvest.StackVersion(string(s)) }
