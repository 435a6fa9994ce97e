package conform

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	ca "github.com/clientauth/clientauth"
)

// nss drives NSS's tstclnt / selfserv. Keys and certificates live in an
// NSS database, made once per key with certutil and pk12util (the PEM
// pair through openssl pkcs12). selfserv binds the wildcard address: it
// runs in the private network namespace.
type nss struct{ named }

func (nss) Version() (string, error) {
	if err := lookTools("libnss3-tools openssl", "tstclnt", "selfserv", "certutil", "pk12util", "openssl"); err != nil {
		return "", err
	}
	// The tools print no version of their own; the package has one.
	if v, _ := toolOutput("dpkg-query", "-W", "-f", "${Version}", "libnss3"); v != "" {
		return "NSS " + v, nil
	}
	return "NSS", nil
}
func (nss) Supports(string, ca.Version) bool { return true }

const nssNick = "peer"

// nssDatabase makes (once per key pair) the database holding the CA as
// trusted and the key pair as nssNick.
func nssDatabase(o Opts) (string, error) {
	dir, _, err := perKeyPair("nssdb", o, func(dir string) (string, string, error) {
		p12 := filepath.Join(dir, "peer.p12")
		if err := runSteps([]string{"certutil", "-N", "-d", "sql:" + dir, "--empty-password"}); err != nil {
			return "", "", err
		}
		pw, err := exportPKCS12(o, nssNick, p12)
		if err == nil {
			err = runSteps([]string{"pk12util", "-i", p12, "-d", "sql:" + dir, "-W", pw, "-K", ""},
				[]string{"certutil", "-A", "-d", "sql:" + dir, "-n", "ca", "-t", "CT,C,C", "-i", o.CAFile})
		}
		return dir, "", err
	})
	return dir, err
}

func nssVersion(v ca.Version) string {
	return map[ca.Version]string{ca.VersionTLS10: "tls1.0", ca.VersionTLS11: "tls1.1", ca.VersionTLS12: "tls1.2", ca.VersionTLS13: "tls1.3"}[v]
}

func (nss) Start(ctx context.Context, o Opts) (Handle, error) {
	db, err := nssDatabase(o)
	if err != nil {
		return nil, err
	}
	vers := nssVersion(o.Version) + ":" + nssVersion(o.Version)
	if o.Role == RoleServer {
		if o.NS == nil {
			return nil, errors.New("selfserv needs the private network namespace")
		}
		port := nextPort()
		args := []string{"-v", "-d", "sql:" + db, "-n", nssNick, "-p", itoa(port), "-V", vers}
		if o.RequireClientAuth {
			args = append(args, "-r", "-r")
		}
		h, err := startServer(ctx, o, o.NS, func(out string) (string, bool) {
			return "127.0.0.1:" + itoa(port), strings.Contains(out, "About to call accept")
		}, "selfserv", args...)
		return h, err
	}
	host, port, _ := strings.Cut(o.Addr, ":")
	return startClient(ctx, nil, "tstclnt", "-d", "sql:"+db, "-n", nssNick, "-h", host, "-p", port, "-V", vers, "-o", "-a", "localhost")
}
