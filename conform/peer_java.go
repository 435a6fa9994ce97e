package conform

import (
	"context"
	_ "embed"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"

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
type jsse struct{ named }

var javaVersionRE = regexp.MustCompile(`\(build ([^)]+)\)`)

func (jsse) Version() (string, error) {
	if err := lookTools("openjdk-17-jdk-headless openssl", "java", "javac", "openssl"); err != nil {
		return "", err
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

var javaBuild cachedBuild

// javaClasses compiles the driver (and writes its security properties)
// into the user cache, once per source text, and returns the directory.
func javaClasses() (string, error) {
	return javaBuild.get("java", map[string][]byte{"Peer.java": javaSource, "java.security": []byte(javaSecurity)}, "Peer.class",
		func(dir string) error {
			return runSteps([]string{"javac", "-d", dir, filepath.Join(dir, "Peer.java")})
		})
}

var javaProtocols = map[ca.Version]string{ca.VersionTLS10: "TLSv1", ca.VersionTLS11: "TLSv1.1", ca.VersionTLS12: "TLSv1.2", ca.VersionTLS13: "TLSv1.3"}

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
		return startServer(ctx, o, nil, driverListening, "java", args...)
	}
	host, port, _ := strings.Cut(o.Addr, ":")
	args = append(args, host, port)
	if s, ok := harvest.SuiteByID(o.Suite); ok {
		args = append(args, s.Name)
	}
	return startClient(ctx, nil, "java", args...)
}
