package conform

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/harvest"
)

// wolfsslSource is the wolfSSL driver, compiled with gcc against
// libwolfssl into the user cache (once per source text).
//
//go:embed wolfssl/peer.c
var wolfsslSource []byte

// wolfssl drives wolfSSL (libwolfssl-dev) through conform/wolfssl/peer.c:
// both roles, TLS 1.2 and 1.3. Debian's build has neither TLS 1.0 nor
// static RSA key transport (no WOLFSSL_ALLOW_TLSV10, no
// WOLFSSL_STATIC_RSA in wolfssl/options.h).
type wolfssl struct{ named }

const wolfsslHeader = "/usr/include/wolfssl/ssl.h"

func (wolfssl) Version() (string, error) {
	if err := lookTools("gcc libwolfssl-dev", "gcc"); err != nil {
		return "", err
	}
	if _, err := os.Stat(wolfsslHeader); err != nil {
		return "", fmt.Errorf("no %s (apt-get install libwolfssl-dev)", wolfsslHeader)
	}
	bin, err := wolfsslBinary()
	if err != nil {
		return "", err
	}
	return toolOutput(bin, "version")
}

func (wolfssl) Supports(_ string, v ca.Version) bool {
	return v == ca.VersionTLS12 || v == ca.VersionTLS13
}

// KeyExchanges: Debian's wolfSSL has no static RSA suites.
func (wolfssl) KeyExchanges() []ca.KeyExchange { return []ca.KeyExchange{ca.KexECDHE} }

var wolfsslBuild cachedBuild

func wolfsslBinary() (string, error) {
	dir, err := wolfsslBuild.get("wolfssl", map[string][]byte{"peer.c": wolfsslSource}, "peer", func(dir string) error {
		return runSteps([]string{"gcc", "-O1", "-Wall", "-o", filepath.Join(dir, "peer"), filepath.Join(dir, "peer.c"), "-lwolfssl"})
	})
	return filepath.Join(dir, "peer"), err
}

func (wolfssl) Start(ctx context.Context, o Opts) (Handle, error) {
	bin, err := wolfsslBinary()
	if err != nil {
		return nil, err
	}
	args := []string{o.Role, o.Version.String(), o.CertFile, o.KeyFile, o.CAFile}
	if o.Role == RoleServer {
		return startServer(ctx, o, nil, driverListening, bin, args...)
	}
	host, port, _ := strings.Cut(o.Addr, ":")
	args = append(args, host, port)
	if s, ok := harvest.SuiteByID(o.Suite); ok {
		args = append(args, s.OpenSSL)
	}
	return startClient(ctx, nil, bin, args...)
}
