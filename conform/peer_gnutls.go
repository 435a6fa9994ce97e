package conform

import (
	"context"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/harvest"
)

// gnutls drives gnutls-serv / gnutls-cli. gnutls-serv binds the wildcard
// address: it runs in the private network namespace.
type gnutls struct{ harvestStack }

func (gnutls) Supports(string, ca.Version) bool { return true }

func gnutlsPriority(o Opts) string {
	p := "NORMAL:-VERS-ALL:+VERS-TLS" + o.Version.String()
	if o.Version < ca.VersionTLS12 {
		// TLS 1.0/1.1 need SHA-1 signatures, which NORMAL no longer allows.
		p += ":+SIGN-ALL:%VERIFY_ALLOW_SIGN_WITH_SHA1"
	}
	if s, ok := harvest.SuiteByID(o.Suite); ok && s.GnuTLS != "" {
		p += ":-KX-ALL:-CIPHER-ALL:-MAC-ALL:" + s.GnuTLS
	}
	return p
}

func (gnutls) Start(ctx context.Context, o Opts) (Handle, error) {
	if o.Role == RoleServer {
		port := nextPort()
		// --http answers our request once the handshake is through.
		args := []string{"-p", itoa(port), "--http", "--noticket", "--priority", gnutlsPriority(o),
			"--x509certfile", o.CertFile, "--x509keyfile", o.KeyFile, "--x509cafile", o.CAFile}
		if o.RequireClientAuth {
			args = append(args, "--require-client-cert", "--verify-client-cert")
		}
		return startServer(ctx, o, o.NS, func(out string) (string, bool) {
			return "127.0.0.1:" + itoa(port), strings.Contains(out, "listening on IPv4")
		}, "gnutls-serv", args...)
	}
	host, port, _ := strings.Cut(o.Addr, ":")
	args := []string{"-p", port, host, "--insecure", "--x509cafile", o.CAFile, "--priority", gnutlsPriority(o),
		"--x509certfile", o.CertFile, "--x509keyfile", o.KeyFile}
	return startClient(ctx, nil, "gnutls-cli", args...)
}
