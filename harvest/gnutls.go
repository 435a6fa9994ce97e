package harvest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	ca "github.com/clientauth/clientauth"
)

// gnutlsPriority is the priority string for the case's version and suite.
func gnutlsPriority(c *Case) string {
	p := "NORMAL:-VERS-ALL:+VERS-TLS1.2"
	if c.Version == ca.VersionTLS13 {
		p = "NORMAL:-VERS-ALL:+VERS-TLS1.3"
	}
	if s, ok := suiteByID(c.Suite); ok && s.gnutls != "" {
		if c.Version == ca.VersionTLS13 {
			p += ":-CIPHER-ALL:" + s.gnutls
		} else {
			p += ":-KX-ALL:-CIPHER-ALL:-MAC-ALL:" + s.gnutls
		}
	}
	if c.has(OptRawPublicKey) {
		// RFC 7250: the client offers (and the server accepts) only a raw key.
		p += ":-CTYPE-CLI-ALL:+CTYPE-CLI-RAWPK"
	}
	return p
}

type gnutlsEnd struct {
	procEnd
	port int
	klog string
}

var gnutlsReady = readyMarks{server: "- Description:", client: "- Handshake was completed"}

func (h *harvester) gnutlsServer(ctx context.Context, c *Case, dir string, ns *netns) (endpoint, error) {
	e := &gnutlsEnd{procEnd: procEnd{server: true, marks: gnutlsReady}, port: h.nextPort(), klog: filepath.Join(dir, "srv.keylog")}
	args := []string{"-p", itoa(e.port), "--noticket", "--priority", gnutlsPriority(c),
		"--x509certfile", h.pki.certFile("srv_" + c.ServerKey), "--x509keyfile", h.pki.keyFile("srv_" + c.ServerKey)}
	// gnutls-serv names the CAs of --x509cafile in its CertificateRequest.
	switch {
	case c.has(OptMultiCA):
		args = append(args, "--x509cafile", h.pki.ca2File())
	case c.has(OptCAList):
		args = append(args, "--x509cafile", h.pki.caFile())
	}
	if c.Key != KeyNone {
		args = append(args, "--require-client-cert")
	}
	p, err := startProc(ctx, ns, append(os.Environ(), "SSLKEYLOGFILE="+e.klog), "gnutls-serv", args...)
	if err != nil {
		return nil, err
	}
	e.p = p
	if !waitFor(ctx, 5*time.Second, func() bool { return p.stderr.Contains("listening on IPv4") || p.exited() }) || p.exited() {
		p.finish(0)
		return nil, fmt.Errorf("gnutls-serv did not start: %s", e.diag())
	}
	return e, nil
}

func (h *harvester) gnutlsClient(ctx context.Context, c *Case, dir, addr string) (endpoint, error) {
	e := &gnutlsEnd{procEnd: procEnd{marks: gnutlsReady}, klog: filepath.Join(dir, "cli.keylog")}
	host, port := splitHostPort(addr)
	args := []string{"-p", port, host, "--insecure", "--x509cafile", h.pki.caFile(), "--priority", gnutlsPriority(c)}
	switch {
	case c.Key == KeyNone:
	case c.has(OptRawPublicKey):
		args = append(args, "--rawpkkeyfile", h.pki.keyFile("cli_"+c.Key), "--rawpkfile", h.pki.spkiFile("cli_"+c.Key))
	default:
		args = append(args, "--x509certfile", h.pki.certFile("cli_"+c.Key), "--x509keyfile", h.pki.keyFile("cli_"+c.Key))
	}
	if c.has(OptPostHandshake) {
		args = append(args, "--post-handshake-auth")
	}
	p, err := startProc(ctx, nil, append(os.Environ(), "SSLKEYLOGFILE="+e.klog), "gnutls-cli", args...)
	if err != nil {
		return nil, err
	}
	e.p = p
	return e, nil
}

func (e *gnutlsEnd) addr() string { return "127.0.0.1:" + itoa(e.port) }

func (e *gnutlsEnd) requestCert() error {
	return fmt.Errorf("gnutls-serv has no command for post-handshake authentication")
}

func (e *gnutlsEnd) finish() {
	if e.server {
		// gnutls-serv never leaves on its own; the client has gone by now.
		e.p.finish(200 * time.Millisecond)
		return
	}
	e.p.finish(2 * time.Second)
}

func (e *gnutlsEnd) msgLog() string { return "" }

func (e *gnutlsEnd) keyLog() ([]byte, error) {
	b, err := os.ReadFile(e.klog)
	if os.IsNotExist(err) {
		return nil, nil
	}
	return b, err
}
