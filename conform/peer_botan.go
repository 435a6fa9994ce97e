package conform

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// botan drives `botan tls_client` (Botan 2: TLS ≤1.2). Its tls_server
// never requests a client certificate, and tls_client has no option to
// present one: it is a peer as client only, answering a request with an
// empty Certificate.
type botan struct{ named }

func (botan) Version() (string, error) {
	if err := lookTools("botan", "botan"); err != nil {
		return "", err
	}
	v, err := toolOutput("botan", "version")
	return "Botan " + v, err
}

// Supports: TLS 1.2 only so far; with a TLS 1.0/1.1-only policy the
// client made no connection here (not yet looked into).
func (botan) Supports(role string, v ca.Version) bool {
	return role == RoleClient && v == ca.VersionTLS12
}
func (botan) SendsNoCertificate() bool { return true }

func (botan) Start(ctx context.Context, o Opts) (Handle, error) {
	// A policy allowing only the version under test.
	pol := fmt.Sprintf("allow_tls10=%v\nallow_tls11=%v\nallow_tls12=%v\nallow_dtls10=false\nallow_dtls12=false\n",
		o.Version == ca.VersionTLS10, o.Version == ca.VersionTLS11, o.Version == ca.VersionTLS12)
	f, err := os.CreateTemp(o.Dir, "botan-policy-*.txt")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.WriteString(pol); err != nil {
		return nil, err
	}
	host, port, _ := strings.Cut(o.Addr, ":")
	return startClient(ctx, nil, "botan", "tls_client", host, "--port="+port, "--policy="+filepath.Clean(f.Name()),
		"--trusted-cas="+o.CAFile, "--skip-system-cert-store")
}
