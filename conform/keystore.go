package conform

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// keyFiles: what a driver made from one PEM key pair (an NSS database, a
// PKCS #12 keystore), once per kind and certificate file.
var keyFiles sync.Map // kind + "\x00" + cert file → *madeKeys

type madeKeys struct {
	once     sync.Once
	path, pw string
	err      error
}

// perKeyPair runs make once for o's key pair and kind, in a directory of
// its own under o.Dir, and returns what it made.
func perKeyPair(kind string, o Opts, make func(dir string) (path, pw string, err error)) (string, string, error) {
	v, _ := keyFiles.LoadOrStore(kind+"\x00"+o.CertFile, &madeKeys{})
	m := v.(*madeKeys)
	m.once.Do(func() {
		dir := filepath.Join(o.Dir, kind+"-"+strings.TrimSuffix(filepath.Base(o.CertFile), ".pem"))
		if m.err = os.MkdirAll(dir, 0o700); m.err == nil {
			m.path, m.pw, m.err = make(dir)
		}
	})
	return m.path, m.pw, m.err
}

// exportPKCS12 writes o's key and certificate as a PKCS #12 file under a
// fresh random password, which it returns.
func exportPKCS12(o Opts, name, out string) (string, error) {
	b := make([]byte, 8)
	rand.Read(b)
	pw := hex.EncodeToString(b)
	return pw, runSteps([]string{"openssl", "pkcs12", "-export", "-in", o.CertFile, "-inkey", o.KeyFile,
		"-name", name, "-out", out, "-passout", "pass:" + pw})
}

func runSteps(steps ...[]string) error {
	for _, s := range steps {
		if out, err := exec.Command(s[0], s[1:]...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", s[0], err, lastLines(string(out), 2))
		}
	}
	return nil
}

// keystore is the Java driver's PKCS #12 keystore of o's key pair.
func keystore(o Opts) (path, pw string, err error) {
	return perKeyPair("jks", o, func(dir string) (string, string, error) {
		p12 := filepath.Join(dir, "peer.p12")
		pw, err := exportPKCS12(o, "peer", p12)
		return p12, pw, err
	})
}
