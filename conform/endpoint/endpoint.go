//go:build clientauth_conform

package main

import (
	"bufio"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"time"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/conform/internal/proto"
	"github.com/clientauth/clientauth/corpus/live"
)

// state is what the hooks saw; the handshake goroutine and the reader
// share it.
type state struct {
	mu  sync.Mutex
	cfg proto.Config
	res proto.Result
}

func (s *state) send(typ uint8, msg []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res.Sent = append(s.res.Sent, int(typ))
	if s.cfg.Record {
		s.res.SentMsgs = append(s.res.SentMsgs, hex.EncodeToString(msg))
	}
	if s.cfg.Target != typ || s.res.Original != "" {
		return msg
	}
	s.res.Original = hex.EncodeToString(msg)
	var out []byte
	switch {
	case s.cfg.Fixed != "":
		b, err := hex.DecodeString(s.cfg.Fixed)
		if err != nil {
			s.res.NotApplied = "fixed vector: " + err.Error()
			return msg
		}
		out = b
	case s.cfg.Mutation != "":
		m, ok := live.Apply(s.params(msg), msg, s.cfg.Mutation, s.cfg.Index)
		if !ok {
			s.res.NotApplied = fmt.Sprintf("mutation %s #%d does not apply to this handshake's message", s.cfg.Mutation, s.cfg.Index)
			return msg
		}
		out = m.Msg
		l := &proto.Label{Result: m.Result, Comment: m.Comment, Alerts: []string{}, Reqs: []string{}}
		for _, a := range m.Alerts {
			l.Alerts = append(l.Alerts, a.String())
		}
		for _, r := range m.Reqs {
			l.Reqs = append(l.Reqs, string(r))
		}
		s.res.Label = l
	default:
		return msg
	}
	s.res.Applied = true
	s.res.Replaced = hex.EncodeToString(out)
	return out
}

// params is the context msg is sent under in this handshake.
func (s *state) params(msg []byte) ca.Params {
	p := ca.Params{Version: ca.Version(s.cfg.Version), KeyExchange: ca.KeyExchange(s.cfg.Kex),
		FromServer: s.cfg.Role == "server", CertType: ca.CertTypeX509}
	if ca.HandshakeType(msg[0]) == ca.TypeFinished {
		p.FinishedLen = len(msg) - 4
	}
	return p
}

func (s *state) recv(msg []byte) {
	s.mu.Lock()
	s.res.Received = append(s.res.Received, int(msg[0]))
	if s.cfg.Record {
		s.res.RecvMsgs = append(s.res.RecvMsgs, hex.EncodeToString(msg))
	}
	s.mu.Unlock()
}

func (s *state) alert(level, desc uint8) {
	s.mu.Lock()
	s.res.Alerts = append(s.res.Alerts, proto.Alert{Level: level, Desc: desc})
	s.mu.Unlock()
}

func run() int {
	s := &state{}
	if err := json.NewDecoder(os.Stdin).Decode(&s.cfg); err != nil {
		fmt.Fprintln(os.Stderr, "endpoint: config:", err)
		return 2
	}
	tls.ClientauthHooks(s.send, s.recv, s.alert)
	out := json.NewEncoder(os.Stdout)
	if err := handshake(s, out); err != nil {
		s.mu.Lock()
		s.res.Err = err.Error()
		var ne net.Error
		s.res.Timeout = errors.As(err, &ne) && ne.Timeout()
		s.res.EOF = errors.Is(err, io.EOF) && len(s.res.Alerts) == 0
		s.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := out.Encode(s.res); err != nil {
		fmt.Fprintln(os.Stderr, "endpoint:", err)
		return 2
	}
	return 0
}

func config(c proto.Config) (*tls.Config, error) {
	cert, pool, err := proto.LoadPKI(c.CertFile, c.KeyFile, c.CAFile)
	if err != nil {
		return nil, err
	}
	tc := &tls.Config{MinVersion: c.Version, MaxVersion: c.Version, RootCAs: pool, ClientCAs: pool,
		Certificates: []tls.Certificate{cert}, ServerName: "localhost", SessionTicketsDisabled: true,
		// Always answer a request, whatever it (perhaps substituted) asks.
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &cert, nil },
	}
	if c.Suite != 0 {
		tc.CipherSuites = []uint16{c.Suite}
	}
	if c.ClientAuth {
		// The peer's answer to a substituted request need not verify: what
		// counts is that it answered.
		tc.ClientAuth = tls.RequireAnyClientCert
		if c.RequestOnly {
			tc.ClientAuth = tls.RequestClientCert
		}
	}
	return tc, nil
}

func handshake(s *state, out *json.Encoder) error {
	tc, err := config(s.cfg)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(time.Duration(s.cfg.TimeoutMS) * time.Millisecond)
	var conn *tls.Conn
	if s.cfg.Role == "server" {
		l, err := net.Listen("tcp", s.cfg.Addr)
		if err != nil {
			return err
		}
		defer l.Close()
		if err := out.Encode(proto.Listening{Addr: l.Addr().String()}); err != nil {
			return err
		}
		l.(*net.TCPListener).SetDeadline(deadline.Add(time.Duration(s.cfg.ConnectMS) * time.Millisecond))
		c, err := l.Accept()
		if err != nil {
			return err
		}
		c.SetDeadline(time.Now().Add(time.Duration(s.cfg.TimeoutMS) * time.Millisecond))
		conn = tls.Server(c, tc)
	} else {
		d := net.Dialer{Deadline: deadline}
		c, err := d.Dial("tcp", s.cfg.Addr)
		if err != nil {
			return err
		}
		c.SetDeadline(deadline)
		conn = tls.Client(c, tc)
	}
	defer conn.Close()
	err = conn.Handshake()
	st := conn.ConnectionState()
	s.mu.Lock()
	s.res.Version, s.res.Suite = st.Version, st.CipherSuite
	s.res.Handshake = err == nil
	s.mu.Unlock()
	if err != nil {
		return err
	}
	if s.cfg.Role == "server" {
		// The client's Finished arrived: it accepted everything we sent.
		_, err := conn.Write([]byte("clientauth conform\n"))
		return err
	}
	// A TLS 1.3 server judges our Certificate, CertificateVerify and
	// Finished after our Handshake returned: only its answer to
	// application data says it accepted them.
	if _, err := conn.Write([]byte("GET / HTTP/1.0\r\n\r\n")); err != nil {
		return err
	}
	n, err := bufio.NewReader(conn).Read(make([]byte, 1))
	s.mu.Lock()
	s.res.AppData = n > 0
	s.mu.Unlock()
	if n > 0 {
		return nil
	}
	return err
}
