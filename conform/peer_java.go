package conform

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/harvest"
)

// javaSource is the SunJSSE driver, compiled with javac into the user
// cache (once per source text).
//
//go:embed java/Peer.java
var javaSource []byte

// javaSecurity replaces the JDK's jdk.tls.disabledAlgorithms: the stock
// list disables TLSv1 and TLSv1.1 (and, in later updates, TLS_RSA_*
// suites), which the matrix exercises. What stays disabled is what no
// cell asks for.
const javaSecurity = "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n"

// jsse drives Java's SunJSSE through conform/java/Peer.java: both roles,
// TLS 1.0–1.3. Its key and chain are a PKCS #12 keystore made from the
// PEM pair with openssl pkcs12; the CA is read from PEM.
type jsse struct{}

func (jsse) Name() string { return "java" }

var javaVersionRE = regexp.MustCompile(`\(build ([^)]+)\)`)

func (jsse) Version() (string, error) {
	if err := lookTools("java", "javac", "openssl"); err != nil {
		return "", fmt.Errorf("%v (apt-get install openjdk-17-jdk-headless openssl)", err)
	}
	// Compiled here, before any handshake's clock runs.
	if _, err := javaClasses(); err != nil {
		return "", err
	}
	out, err := exec.Command("java", "-version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("java -version: %v: %s", err, lastLines(string(out), 2))
	}
	first, _, _ := strings.Cut(string(out), "\n")
	v := strings.TrimSpace(first)
	if m := javaVersionRE.FindStringSubmatch(string(out)); m != nil {
		v = strings.Fields(first)[0] + " " + m[1]
	}
	return v + " SunJSSE", nil
}

func (jsse) Supports(string, ca.Version) bool { return true }

var javaBuild struct {
	once sync.Once
	dir  string
	err  error
}

// javaClasses compiles the driver (and writes its security properties)
// into the user cache, once per source text, and returns the directory.
func javaClasses() (string, error) {
	javaBuild.once.Do(func() {
		javaBuild.dir, javaBuild.err = compileJava()
	})
	return javaBuild.dir, javaBuild.err
}

func compileJava() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(append(append([]byte{}, javaSource...), javaSecurity...))
	dir := filepath.Join(cache, "clientauth", "conform", "java-"+hex.EncodeToString(sum[:8]))
	if _, err := os.Stat(filepath.Join(dir, "Peer.class")); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	// Built aside and renamed, so that a concurrent run never sees half a
	// directory.
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "java-build-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "Peer.java")
	if err := os.WriteFile(src, javaSource, 0o644); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, "java.security"), []byte(javaSecurity), 0o644); err != nil {
		return "", err
	}
	if out, err := exec.Command("javac", "-d", tmp, src).CombinedOutput(); err != nil {
		return "", fmt.Errorf("javac: %v: %s", err, lastLines(string(out), 4))
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "Peer.class")); serr != nil {
			return "", err
		}
	}
	return dir, nil
}

var javaProtocols = map[ca.Version]string{ca.VersionTLS10: "TLSv1", ca.VersionTLS11: "TLSv1.1", ca.VersionTLS12: "TLSv1.2", ca.VersionTLS13: "TLSv1.3"}

var javaListening = regexp.MustCompile(`(?m)^LISTENING ([0-9]+)$`)

func (jsse) Start(ctx context.Context, o Opts) (Handle, error) {
	classes, err := javaClasses()
	if err != nil {
		return nil, err
	}
	p12, pw, err := keystore(o)
	if err != nil {
		return nil, err
	}
	// A short-lived JVM each: no JIT beyond C1, the serial collector.
	args := []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
		"-Djava.security.properties=" + filepath.Join(classes, "java.security"), "-cp", classes, "Peer",
		o.Role, javaProtocols[o.Version], p12, pw, o.CAFile}
	if o.Role == RoleServer {
		return startServer(ctx, o, nil, func(out string) (string, bool) {
			m := javaListening.FindStringSubmatch(out)
			if m == nil {
				return "", false
			}
			return "127.0.0.1:" + m[1], true
		}, "java", args...)
	}
	host, port, _ := strings.Cut(o.Addr, ":")
	args = append(args, host, port)
	if s, ok := harvest.SuiteByID(o.Suite); ok {
		args = append(args, s.Name)
	}
	return startClient(ctx, nil, "java", args...)
}
