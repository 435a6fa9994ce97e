package harvest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"io"
	"time"

	ca "github.com/clientauth/clientauth"
)

// The certificates, the network namespace and the child-process handling,
// exported for clientauth conform, which drives the same stacks.

// PKI is a throwaway CA with server and client certificates as PEM files.
type PKI = pki

// NewPKI makes every certificate the harvest uses in dir (see newPKI).
func NewPKI(dir, openssl string) (*PKI, error) { return newPKI(dir, openssl) }

// CertFile, KeyFile and CAFile are PEM paths; names are "srv_"/"cli_" plus
// a Key* type.
func (p *pki) CertFile(name string) string { return p.certFile(name) }
func (p *pki) KeyFile(name string) string  { return p.keyFile(name) }
func (p *pki) CAFile() string              { return p.caFile() }

// Dir is where the PEM files are.
func (p *pki) Dir() string { return p.dir }

// CA is the root every certificate chains to.
func (p *pki) CA() *x509.Certificate { return p.caCert }

// Cert is a certificate with its private key.
func (p *pki) Cert(name string) (tls.Certificate, bool) {
	c, ok := p.certs[name]
	return c, ok
}

// Netns is a private network namespace whose only interface is loopback.
type Netns = netns

// NewNetns makes one (needs root, unshare and nsenter).
func NewNetns() (*Netns, error) { return newNetns() }

// Close kills the process holding the namespace.
func (n *netns) Close() { n.close() }

// Pid is the namespace holder's process ID (for nsenter -t).
func (n *netns) Pid() string { return n.pid() }

// Proc is a child process in its own process group, its output collected.
type Proc = proc

// StartProc starts name with args, inside ns when it is not nil.
func StartProc(ctx context.Context, ns *Netns, env []string, name string, args ...string) (*Proc, error) {
	return startProc(ctx, ns, env, name, args...)
}

func (p *proc) Stdout() string        { return p.stdout.String() }
func (p *proc) Stderr() string        { return p.stderr.String() }
func (p *proc) Stdin() io.Writer      { return p.stdin }
func (p *proc) Exited() bool          { return p.exited() }
func (p *proc) Done() <-chan struct{} { return p.done }

// Err is the process's exit error; valid once Done is closed.
func (p *proc) Err() error { return p.err }

// Finish closes stdin, waits up to grace, then kills the process group.
func (p *proc) Finish(grace time.Duration) { p.finish(grace) }

// WaitFor polls cond until it holds, ctx ends or d passes.
func WaitFor(ctx context.Context, d time.Duration, cond func() bool) bool {
	return waitFor(ctx, d, cond)
}

// Suite is a cipher suite as each command-line stack spells it.
type Suite struct {
	ID                    uint16
	Name, OpenSSL, GnuTLS string // IANA name, OpenSSL -cipher name, GnuTLS priority fragment
	Kex                   string // ca.KeyExchange spelling; "" for TLS 1.3
}

// SuiteByID is a suite of the harvest matrix.
func SuiteByID(id uint16) (Suite, bool) {
	s, ok := suiteByID(id)
	return Suite{ID: s.id, Name: s.name, OpenSSL: s.openssl, GnuTLS: s.gnutls, Kex: s.kex}, ok
}

// OpenSSLVersionFlag is the s_client/s_server flag pinning version v.
func OpenSSLVersionFlag(v ca.Version) string { return opensslVersionFlag(v) }
