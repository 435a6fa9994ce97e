package harvest

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	ca "github.com/clientauth/clientauth"
)

// pskHex is the external PSK of the TLS ≤1.2 PSK key exchanges.
const pskHex = "0123456789abcdef0123456789abcdef"

func opensslVersionFlag(v ca.Version) string {
	switch v {
	case ca.VersionTLS10:
		return "-tls1"
	case ca.VersionTLS11:
		return "-tls1_1"
	case ca.VersionTLS12:
		return "-tls1_2"
	}
	return "-tls1_3"
}

// opensslCipher gives the -cipher/-ciphersuites flags. TLS 1.0 and 1.1 sign
// with MD5+SHA-1 or SHA-1, which only security level 0 allows.
func opensslCipher(c *Case) []string {
	var args []string
	sec := ""
	if c.Version < ca.VersionTLS12 {
		sec = ":@SECLEVEL=0"
	}
	s, ok := suiteByID(c.Suite)
	switch {
	case ok && c.Version == ca.VersionTLS13:
		args = append(args, "-ciphersuites", s.openssl)
	case ok:
		args = append(args, "-cipher", s.openssl+sec)
		if s.kex != "" && strings.Contains(s.kex, "psk") {
			args = append(args, "-psk", pskHex)
		}
	case sec != "":
		args = append(args, "-cipher", "DEFAULT"+sec)
	}
	return args
}

type opensslEnd struct {
	procEnd
	log  string
	port string
	c    *Case
}

var opensslReady = readyMarks{server: "\nCIPHER is ", client: "SSL handshake has read "}

var acceptRE = regexp.MustCompile(`(?m)^ACCEPT 127\.0\.0\.1:([0-9]+)$`)

func (h *harvester) opensslServer(ctx context.Context, c *Case, dir string) (endpoint, error) {
	e := &opensslEnd{procEnd: procEnd{server: true, marks: opensslReady}, log: filepath.Join(dir, "srv.msg"), c: c}
	args := []string{"s_server", "-accept", "127.0.0.1:0", "-naccept", "1", opensslVersionFlag(c.Version),
		"-cert", h.pki.certFile("srv_" + c.ServerKey), "-key", h.pki.keyFile("srv_" + c.ServerKey),
		"-no-CApath", "-no-CAstore", "-no_cache", "-no_ticket", "-msg", "-msgfile", e.log}
	// s_server sends the subjects of -CAfile as the CA list; -verifyCAfile
	// only sets the verification store and puts no names on the wire.
	switch {
	case c.has(OptMultiCA):
		args = append(args, "-CAfile", h.pki.ca2File())
	case c.has(OptCAList):
		args = append(args, "-CAfile", h.pki.caFile())
	default:
		args = append(args, "-no-CAfile", "-verifyCAfile", h.pki.caFile())
	}
	switch {
	case c.has(OptPostHandshake):
		// No request in the handshake; the "c" command asks afterwards.
	case c.Key == KeyNone:
		args = append(args, "-verify", "1")
	default:
		args = append(args, "-Verify", "1")
	}
	args = append(args, opensslCipher(c)...)
	p, err := startProc(ctx, nil, nil, "openssl", args...)
	if err != nil {
		return nil, err
	}
	e.p = p
	if !waitFor(ctx, 5*time.Second, func() bool { return acceptRE.MatchString(p.stdout.String()) || p.exited() }) || p.exited() {
		p.finish(0)
		return nil, fmt.Errorf("s_server did not start: %s", e.diag())
	}
	e.port = acceptRE.FindStringSubmatch(p.stdout.String())[1]
	return e, nil
}

func (h *harvester) opensslClient(ctx context.Context, c *Case, dir, addr string) (endpoint, error) {
	e := &opensslEnd{procEnd: procEnd{marks: opensslReady}, log: filepath.Join(dir, "cli.msg"), c: c}
	args := []string{"s_client", "-connect", addr, opensslVersionFlag(c.Version),
		"-no-CAfile", "-no-CApath", "-no-CAstore", "-verifyCAfile", h.pki.caFile(),
		"-noservername", "-no_ticket", "-msg", "-msgfile", e.log}
	if c.Key != KeyNone {
		args = append(args, "-cert", h.pki.certFile("cli_"+c.Key), "-key", h.pki.keyFile("cli_"+c.Key))
	}
	if c.has(OptPostHandshake) {
		args = append(args, "-enable_pha")
	}
	args = append(args, opensslCipher(c)...)
	p, err := startProc(ctx, nil, nil, "openssl", args...)
	if err != nil {
		return nil, err
	}
	e.p = p
	return e, nil
}

func (e *opensslEnd) addr() string { return "127.0.0.1:" + e.port }

func (e *opensslEnd) requestCert() error {
	if !e.server {
		return fmt.Errorf("only a server requests a certificate")
	}
	_, err := e.p.stdin.Write([]byte("c\n"))
	return err
}

func (e *opensslEnd) finish() { e.p.finish(3 * time.Second) }

func (e *opensslEnd) msgLog() string { return e.log }

func (e *opensslEnd) keyLog() ([]byte, error) { return nil, nil }

// tail keeps the lines of a tool's output that say what went wrong.
func tail(s string) string {
	var keep []string
	for line := range strings.SplitSeq(s, "\n") {
		l := strings.ToLower(line)
		if strings.Contains(l, "error") || strings.Contains(l, "alert") || strings.Contains(l, "fail") {
			keep = append(keep, strings.TrimSpace(line))
		}
	}
	if len(keep) > 3 {
		keep = keep[:3]
	}
	if len(keep) == 0 {
		return "no error output"
	}
	return strings.Join(keep, " | ")
}
