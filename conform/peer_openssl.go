package conform

import (
	"context"
	"regexp"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/harvest"
)

// openssl drives openssl s_server / s_client (OpenSSL 3).
type openssl struct{ harvestStack }

func (openssl) Supports(string, ca.Version) bool { return true }

func opensslCommon(o Opts) []string {
	args := []string{harvest.OpenSSLVersionFlag(o.Version), "-cert", o.CertFile, "-key", o.KeyFile,
		"-no-CAfile", "-no-CApath", "-no-CAstore", "-verifyCAfile", o.CAFile, "-no_ticket"}
	// TLS 1.0 and 1.1 sign with MD5+SHA-1 or SHA-1: security level 0 only.
	cipher := "DEFAULT"
	if s, ok := harvest.SuiteByID(o.Suite); ok {
		cipher = s.OpenSSL
	}
	if o.Version < ca.VersionTLS12 {
		cipher += ":@SECLEVEL=0"
	}
	if o.Version < ca.VersionTLS13 {
		args = append(args, "-cipher", cipher)
	}
	return args
}

var opensslAccept = regexp.MustCompile(`(?m)^ACCEPT 127\.0\.0\.1:([0-9]+)$`)

func (openssl) Start(ctx context.Context, o Opts) (Handle, error) {
	if o.Role == RoleServer {
		// -www answers our request once the handshake is through.
		args := append([]string{"s_server", "-accept", "127.0.0.1:0", "-www", "-no_cache"}, opensslCommon(o)...)
		if o.RequireClientAuth {
			args = append(args, "-Verify", "1")
		}
		return startServer(ctx, o, nil, func(out string) (string, bool) {
			m := opensslAccept.FindStringSubmatch(out)
			if m == nil {
				return "", false
			}
			return "127.0.0.1:" + m[1], true
		}, "openssl", args...)
	}
	args := append([]string{"s_client", "-connect", o.Addr, "-noservername"}, opensslCommon(o)...)
	return startClient(ctx, nil, "openssl", args...)
}
