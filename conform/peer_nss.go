package conform

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
)

// nss drives NSS's tstclnt / selfserv. Keys and certificates live in an
// NSS database, made once per key with certutil and pk12util (the PEM
// pair through openssl pkcs12). selfserv binds the wildcard address: it
// runs in the private network namespace.
type nss struct{}

func (nss) Name() string { return "nss" }
func (nss) Version() (string, error) {
	if err := lookTools("tstclnt", "selfserv", "certutil", "pk12util", "openssl"); err != nil {
		return "", fmt.Errorf("%v (apt-get install libnss3-tools openssl)", err)
	}
	out, _ := exec.Command("dpkg-query", "-W", "-f", "${Version}", "libnss3").Output()
	if len(out) == 0 {
		return "NSS", nil
	}
	return "NSS " + strings.TrimSpace(string(out)), nil
}
func (nss) Supports(string, ca.Version) bool { return true }

var nssDBs sync.Map // cert file → *nssDB

type nssDB struct {
	once sync.Once
	dir  string
	err  error
}

const nssNick = "peer"

// db makes (once) the database holding the CA as trusted and the key pair
// as nssNick.
func nssDatabase(o Opts) (string, error) {
	v, _ := nssDBs.LoadOrStore(o.CertFile, &nssDB{})
	d := v.(*nssDB)
	d.once.Do(func() {
		d.dir = filepath.Join(o.Dir, "nssdb-"+strings.TrimSuffix(filepath.Base(o.CertFile), ".pem"))
		d.err = makeNSSDB(d.dir, o)
	})
	return d.dir, d.err
}

func makeNSSDB(dir string, o Opts) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	b := make([]byte, 8)
	rand.Read(b)
	pw := hex.EncodeToString(b)
	p12 := filepath.Join(dir, "peer.p12")
	steps := [][]string{
		{"certutil", "-N", "-d", "sql:" + dir, "--empty-password"},
		{"openssl", "pkcs12", "-export", "-in", o.CertFile, "-inkey", o.KeyFile, "-name", nssNick, "-out", p12, "-passout", "pass:" + pw},
		{"pk12util", "-i", p12, "-d", "sql:" + dir, "-W", pw, "-K", ""},
		{"certutil", "-A", "-d", "sql:" + dir, "-n", "ca", "-t", "CT,C,C", "-i", o.CAFile},
	}
	for _, s := range steps {
		if out, err := exec.Command(s[0], s[1:]...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", s[0], err, lastLines(string(out), 2))
		}
	}
	return nil
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
