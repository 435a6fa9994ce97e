package conform

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// EndpointTag is the build tag of the endpoint program and of the overlay
// file it needs.
const EndpointTag = "clientauth_conform"

// ErrNoHook: this Go's crypto/tls lacks the text the hook is inserted at.
var ErrNoHook = errors.New("conform: this Go's crypto/tls cannot take the hook")

// hookFile is added to crypto/tls: the hooks the endpoint sets and a
// setter. They are per process; the endpoint makes one handshake.
const hookFile = `//go:build ` + EndpointTag + `

package tls

var (
	clientauthSendHook  func(typ uint8, msg []byte) []byte
	clientauthRecvHook  func(msg []byte)
	clientauthAlertHook func(level, desc uint8)
)

// ClientauthHooks sets the hooks: send sees (and may replace) every
// handshake message before it enters the transcript and the record layer,
// recv sees every handshake message read, alert every alert record read
// (decrypted, in TLS 1.3 too).
func ClientauthHooks(send func(typ uint8, msg []byte) []byte, recv func(msg []byte), alert func(level, desc uint8)) {
	clientauthSendHook, clientauthRecvHook, clientauthAlertHook = send, recv, alert
}
`

// anchor is one insertion into conn.go: after the first occurrence of
// after that follows within (a function's opening line).
type anchor struct{ within, after, insert string }

// The narrowest points every handshake message and alert pass: the
// marshalled message before the transcript sees it, the message read
// before it is parsed, the alert record after its length check.
var anchors = []anchor{
	{"func (c *Conn) writeHandshakeRecord(msg handshakeMessage, transcript transcriptHash) (int, error) {",
		"\tdata, err := msg.marshal()\n\tif err != nil {\n\t\treturn 0, err\n\t}\n",
		"\tif clientauthSendHook != nil {\n\t\tdata = clientauthSendHook(data[0], data)\n\t}\n"},
	{"func (c *Conn) unmarshalHandshakeMessage(data []byte, transcript transcriptHash) (handshakeMessage, error) {",
		"\n",
		"\tif clientauthRecvHook != nil {\n\t\tclientauthRecvHook(data)\n\t}\n"},
	{"\tcase recordTypeAlert:\n",
		"\t\tif len(data) != 2 {\n\t\t\treturn c.in.setErrorLocked(c.sendAlert(alertUnexpectedMessage))\n\t\t}\n",
		"\t\tif clientauthAlertHook != nil {\n\t\t\tclientauthAlertHook(data[0], data[1])\n\t\t}\n"},
	// A TLS 1.3 peer that fails before its write keys change sends its
	// alert in clear, which decryption would turn into bad_record_mac.
	{"func (c *Conn) readRecordOrCCS(expectChangeCipherSpec bool) error {",
		"\trecord := c.rawInput.Next(recordHeaderLen + n)\n",
		"\tif clientauthAlertHook != nil && c.vers == VersionTLS13 && c.in.cipher != nil && recordType(record[0]) == recordTypeAlert && n == 2 {\n\t\tclientauthAlertHook(record[5], record[6])\n\t}\n"},
}

// Patch inserts the hooks into conn.go's text; it fails with ErrNoHook
// naming the first anchor it cannot find.
func Patch(conn string) (string, error) {
	for _, a := range anchors {
		i := strings.Index(conn, a.within)
		if i < 0 {
			return "", fmt.Errorf("%w: no %q in conn.go", ErrNoHook, a.within)
		}
		j := strings.Index(conn[i+len(a.within):], a.after)
		if j < 0 || strings.Count(conn, a.within) != 1 {
			return "", fmt.Errorf("%w: %q is not unique or not followed by %q", ErrNoHook, a.within, a.after)
		}
		at := i + len(a.within) + j + len(a.after)
		conn = conn[:at] + a.insert + conn[at:]
	}
	return conn, nil
}

// PrepareOverlay writes the patched conn.go, the hook file and the
// go build -overlay JSON into dir, from the crypto/tls of the Go that `go`
// on PATH runs, and returns the overlay file's path.
func PrepareOverlay(dir string) (string, error) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %v", err)
	}
	tlsDir := filepath.Join(strings.TrimSpace(string(out)), "src", "crypto", "tls")
	src, err := os.ReadFile(filepath.Join(tlsDir, "conn.go"))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNoHook, err)
	}
	patched, err := Patch(string(src))
	if err != nil {
		return "", err
	}
	files := map[string]string{"conn.go": patched, "zz_clientauth_conform.go": hookFile}
	replace := map[string]string{}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return "", err
		}
		replace[filepath.Join(tlsDir, name)] = p
	}
	ov, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, "overlay.json")
	return path, os.WriteFile(path, ov, 0o644)
}
