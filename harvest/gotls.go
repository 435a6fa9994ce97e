package harvest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"sync/atomic"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/internal/syncbuf"
	"github.com/clientauth/clientauth/parser"
)

func (h *harvester) goServerConfig(c *Case, kl io.Writer) *tls.Config {
	cfg := &tls.Config{
		Certificates:           []tls.Certificate{h.pki.certs["srv_"+c.ServerKey]},
		MinVersion:             uint16(c.Version),
		MaxVersion:             uint16(c.Version),
		SessionTicketsDisabled: true,
		KeyLogWriter:           kl,
		// Any certificate is taken: the harvest wants the messages, and a
		// verification failure would only cut the flight short.
		ClientAuth: tls.RequireAnyClientCert,
	}
	if c.Key == KeyNone {
		cfg.ClientAuth = tls.RequestClientCert
	}
	if c.has(OptCAList) || c.has(OptMultiCA) {
		// crypto/tls names the subjects of ClientCAs in certificate_authorities.
		cfg.ClientCAs = x509.NewCertPool()
		cfg.ClientCAs.AddCert(h.pki.caCert)
		if c.has(OptMultiCA) {
			cfg.ClientCAs.AddCert(h.pki.otherCA)
		}
	}
	if c.Suite != 0 && c.Version < ca.VersionTLS13 {
		cfg.CipherSuites = []uint16{c.Suite}
	}
	return cfg
}

func (h *harvester) goClientConfig(c *Case, kl io.Writer) *tls.Config {
	roots := x509.NewCertPool()
	roots.AddCert(h.pki.caCert)
	cert := h.pki.certs["cli_"+c.Key]
	cfg := &tls.Config{
		RootCAs:                roots,
		ServerName:             "localhost",
		MinVersion:             uint16(c.Version),
		MaxVersion:             uint16(c.Version),
		SessionTicketsDisabled: true,
		KeyLogWriter:           kl,
		// Send the key whatever the request names, so that every key type
		// meets every request.
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			if c.Key == KeyNone {
				return &tls.Certificate{}, nil
			}
			return &cert, nil
		},
	}
	if c.Suite != 0 && c.Version < ca.VersionTLS13 {
		cfg.CipherSuites = []uint16{c.Suite}
	}
	return cfg
}

// goEnd is a crypto/tls side of a TCP handshake.
type goEnd struct {
	ln   net.Listener
	conn net.Conn
	kl   syncbuf.Buffer // the key log, written by the connection's goroutines
	ok   atomic.Bool
	done chan struct{}
	err  atomic.Value
}

func (h *harvester) goServer(c *Case) (endpoint, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e := &goEnd{ln: ln, done: make(chan struct{})}
	cfg := h.goServerConfig(c, &e.kl)
	go func() {
		defer close(e.done)
		conn, err := ln.Accept()
		if err != nil {
			e.err.Store(err.Error())
			return
		}
		e.conn = conn
		tc := tls.Server(conn, cfg)
		if err := tc.Handshake(); err != nil {
			e.err.Store(err.Error())
			return
		}
		e.ok.Store(true)
		io.Copy(io.Discard, tc) // until the client's close_notify
	}()
	return e, nil
}

func (h *harvester) goClient(c *Case, addr string) (endpoint, error) {
	e := &goEnd{done: make(chan struct{})}
	cfg := h.goClientConfig(c, &e.kl)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	e.conn = conn
	go func() {
		defer close(e.done)
		tc := tls.Client(conn, cfg)
		if err := tc.Handshake(); err != nil {
			e.err.Store(err.Error())
			return
		}
		e.ok.Store(true)
		io.Copy(io.Discard, tc)
	}()
	return e, nil
}

func (e *goEnd) addr() string { return e.ln.Addr().String() }
func (e *goEnd) ready() bool  { return e.ok.Load() }
func (e *goEnd) exited() bool { return closed(e.done) }
func (e *goEnd) requestCert() error {
	return fmt.Errorf("crypto/tls does not do post-handshake authentication")
}

func (e *goEnd) finish() {
	if e.ln != nil {
		e.ln.Close()
	}
	if e.conn != nil {
		e.conn.Close()
	}
	<-e.done
}
func (e *goEnd) msgLog() string          { return "" }
func (e *goEnd) keyLog() ([]byte, error) { return e.kl.Bytes(), nil }
func (e *goEnd) diag() string {
	if s, ok := e.err.Load().(string); ok {
		return s
	}
	return "no error"
}

// goQUIC runs a TLS 1.3 handshake between two crypto/tls QUIC endpoints,
// which hand each other their handshake messages in clear.
func (h *harvester) goQUIC(ctx context.Context, c *Case) (*outcome, error) {
	srvCfg := h.goServerConfig(c, nil)
	cliCfg := h.goClientConfig(c, nil)
	cli := tls.QUICClient(&tls.QUICConfig{TLSConfig: cliCfg})
	srv := tls.QUICServer(&tls.QUICConfig{TLSConfig: srvCfg})
	defer cli.Close()
	defer srv.Close()
	cli.SetTransportParameters(nil)
	srv.SetTransportParameters(nil)
	if err := cli.Start(ctx); err != nil {
		return nil, err
	}
	if err := srv.Start(ctx); err != nil {
		return nil, err
	}
	var streams [2][]byte // sent by client, by server
	conns := [2]*tls.QUICConn{cli, srv}
	done := [2]bool{}
	for progress := true; progress; {
		progress = false
		for i, q := range conns {
			for {
				ev := q.NextEvent()
				if ev.Kind == tls.QUICNoEvent {
					break
				}
				progress = true
				switch ev.Kind {
				case tls.QUICWriteData:
					streams[i] = append(streams[i], ev.Data...)
					if err := conns[1-i].HandleData(ev.Level, ev.Data); err != nil {
						return nil, fmt.Errorf("QUIC handshake: %v", err)
					}
				case tls.QUICTransportParametersRequired:
					q.SetTransportParameters(nil)
				case tls.QUICHandshakeDone:
					done[i] = true
				}
			}
		}
	}
	if !done[0] || !done[1] {
		return nil, fmt.Errorf("QUIC handshake did not complete")
	}
	o := &outcome{suite: cli.ConnectionState().CipherSuite, how: "Go QUIC API (handshake messages in clear)"}
	for i, s := range streams {
		st := parser.NewStream(s)
		for {
			m, _, ok := st.Next()
			if !ok {
				break
			}
			o.msgs = append(o.msgs, wireMsg{b: bytes.Clone(m), client: i == 0})
		}
		if err := st.Err(); err != nil {
			return nil, fmt.Errorf("QUIC stream: %v", err)
		}
	}
	return o, nil
}

func splitHostPort(addr string) (string, string) {
	h, p, _ := net.SplitHostPort(addr)
	return h, p
}
