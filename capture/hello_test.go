package capture

import (
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	ca "github.com/clientauth/clientauth"
)

// serverHelloMsg builds a ServerHello: version, random, empty session id,
// suite, null compression and the given extension block (nil: none).
func serverHelloMsg(vers uint16, random []byte, suite uint16, exts []byte) []byte {
	body := []byte{byte(vers >> 8), byte(vers)}
	body = append(body, random...)
	body = append(body, 0, byte(suite>>8), byte(suite), 0)
	if exts != nil {
		body = append(body, byte(len(exts)>>8), byte(len(exts)))
		body = append(body, exts...)
	}
	n := len(body)
	return append([]byte{byte(ca.TypeServerHello), byte(n >> 16), byte(n >> 8), byte(n)}, body...)
}

// TestParseServerHello: the one ServerHello reader (capture's, which
// harvest calls too) honours supported_versions, tells a
// HelloRetryRequest, sees encrypt_then_mac, and refuses what is no
// ServerHello.
func TestParseServerHello(t *testing.T) {
	random := bytes.Repeat([]byte{7}, 32)
	sv13 := []byte{0, byte(ca.ExtSupportedVersions), 0, 2, 3, 4}
	etm := []byte{0, byte(ca.ExtEncryptThenMAC), 0, 0}
	for _, tc := range []struct {
		name    string
		msg     []byte
		version ca.Version
		legacy  ca.Version
		suite   uint16
		etm     bool
		hrr     bool
	}{
		{"TLS 1.2", serverHelloMsg(0x0303, random, 0xc02b, nil), ca.VersionTLS12, ca.VersionTLS12, 0xc02b, false, false},
		{"TLS 1.2 encrypt_then_mac", serverHelloMsg(0x0303, random, 0xc023, etm), ca.VersionTLS12, ca.VersionTLS12, 0xc023, true, false},
		{"TLS 1.0", serverHelloMsg(0x0301, random, 0x002f, []byte{}), ca.VersionTLS10, ca.VersionTLS10, 0x002f, false, false},
		{"TLS 1.3", serverHelloMsg(0x0303, random, 0x1301, sv13), ca.VersionTLS13, ca.VersionTLS12, 0x1301, false, false},
		{"HelloRetryRequest", serverHelloMsg(0x0303, helloRetryRequest, 0x1302, sv13), ca.VersionTLS13, ca.VersionTLS12, 0x1302, false, true},
	} {
		h, err := ParseServerHello(tc.msg)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if h.Version != tc.version || h.LegacyVersion != tc.legacy || h.Suite != tc.suite || h.EncryptThenMAC != tc.etm || h.HelloRetryRequest != tc.hrr {
			t.Errorf("%s: %+v", tc.name, h)
		}
	}
	good := serverHelloMsg(0x0303, random, 0xc02b, nil)
	for name, b := range map[string][]byte{
		"empty":        nil,
		"ClientHello":  append([]byte{byte(ca.TypeClientHello)}, good[1:]...),
		"short":        good[:20],
		"length wrong": append(bytes.Clone(good), 0),
	} {
		if _, err := ParseServerHello(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestRelayShutdown: NewRelayDial reaches the server through the dial
// function it is given, and Shutdown waits for the connections to end so
// that what a server writes just before it closes is recorded.
func TestRelayShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	last := strings.Repeat("last words ", 20000) // more than one read
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		io.CopyN(io.Discard, c, 5)
		io.WriteString(c, last)
		c.Close()
	}()
	dials := 0
	r, err := NewRelayDial(func() (net.Conn, error) {
		dials++
		return net.Dial("tcp", ln.Addr().String())
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(c, "hello")
	got, err := io.ReadAll(c)
	if err != nil || string(got) != last {
		t.Fatalf("client read %d bytes, %v", len(got), err)
	}
	c.Close()
	if err := r.Shutdown(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	conns := r.Conns()
	if dials != 1 || len(conns) != 1 || string(conns[0].Client) != "hello" || string(conns[0].Server) != last {
		t.Fatalf("dials %d, %d conns", dials, len(conns))
	}
	if r.open() != 0 {
		t.Errorf("%d connections open after Shutdown", r.open())
	}
}
