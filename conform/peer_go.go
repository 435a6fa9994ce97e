package conform

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/conform/internal/proto"
	"github.com/clientauth/clientauth/harvest"
)

// gotls is Go's crypto/tls through its public API, in this process, without
// the hook: the stack our endpoint is made of, as a peer.
type gotls struct{ harvestStack }

// goPeer is the Go peer: crosscheck holds its results against the table
// of divergences from crypto/tls.
var goPeer = gotls{harvest.StackGo}

func (gotls) Supports(string, ca.Version) bool { return true }

// goHandle is an in-process peer; a panic inside crypto/tls is its crash.
type goHandle struct {
	addr   string
	l      net.Listener
	c      net.Conn // a client's connection
	mu     sync.Mutex
	panics []string
	conns  sync.WaitGroup
	done   chan struct{}
}

func (h *goHandle) Addr() string { return h.addr }
func (h *goHandle) InNS() bool   { return false }
func (h *goHandle) Stderr() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return strings.Join(h.panics, "\n")
}

func (h *goHandle) Exit() (bool, Exit) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.panics) > 0 {
		return true, Exit{Code: -1, Signal: "panic"}
	}
	if h.l == nil {
		select {
		case <-h.done:
			return true, Exit{}
		default:
		}
	}
	return false, Exit{}
}

func (h *goHandle) Stop() {
	if h.l != nil {
		h.l.Close()
	}
	if h.c != nil {
		h.c.Close()
	}
	h.conns.Wait()
}

func (h *goHandle) serve(c net.Conn, fn func(net.Conn)) {
	defer h.conns.Done()
	defer c.Close()
	defer func() {
		if r := recover(); r != nil {
			h.mu.Lock()
			h.panics = append(h.panics, fmt.Sprint(r))
			h.mu.Unlock()
		}
	}()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	fn(c)
}

func goConfig(o Opts) (*tls.Config, error) {
	cert, pool, err := proto.LoadPKI(o.CertFile, o.KeyFile, o.CAFile)
	if err != nil {
		return nil, err
	}
	c := &tls.Config{MinVersion: uint16(o.Version), MaxVersion: uint16(o.Version), Certificates: []tls.Certificate{cert},
		RootCAs: pool, ClientCAs: pool, ServerName: "localhost", SessionTicketsDisabled: true}
	switch {
	case o.Suite != 0:
		c.CipherSuites = []uint16{o.Suite}
	case o.Role == RoleServer && o.Version < ca.VersionTLS13:
		// RSA key transport left the defaults in Go 1.22; the matrix asks
		// for it by name.
		for _, s := range tls.CipherSuites() {
			c.CipherSuites = append(c.CipherSuites, s.ID)
		}
		c.CipherSuites = append(c.CipherSuites, tls.TLS_RSA_WITH_AES_128_CBC_SHA)
	}
	if o.RequireClientAuth {
		c.ClientAuth = tls.RequireAndVerifyClientCert
	}
	return c, nil
}

func (gotls) Start(ctx context.Context, o Opts) (Handle, error) {
	cfg, err := goConfig(o)
	if err != nil {
		return nil, err
	}
	h := &goHandle{done: make(chan struct{})}
	if o.Role == RoleServer {
		l, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
		if err != nil {
			return nil, err
		}
		h.l, h.addr = l, l.Addr().String()
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				h.conns.Add(1)
				go h.serve(c, func(c net.Conn) {
					buf := make([]byte, 256)
					if n, err := c.Read(buf); err == nil && n > 0 {
						c.Write([]byte("HTTP/1.0 200 OK\r\n\r\nclientauth conform\n"))
					}
				})
			}
		}()
		return h, nil
	}
	c, err := (&net.Dialer{Timeout: 10 * time.Second}).DialContext(ctx, "tcp", o.Addr)
	if err != nil {
		return nil, err
	}
	h.c = c
	h.conns.Add(1)
	go func() {
		defer close(h.done)
		h.serve(c, func(c net.Conn) {
			tc := tls.Client(c, cfg)
			if tc.Handshake() == nil {
				io.Copy(io.Discard, tc)
			}
		})
	}()
	return h, nil
}
