package harvest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/parser"
)

// relayConn is what one relayed connection carried each way.
type relayConn struct {
	client, server []byte // client→server and server→client bytes
}

// relay is a loopback TCP relay that records both directions of every
// connection it forwards.
type relay struct {
	ln   net.Listener
	dial func() (net.Conn, error)
	mu   sync.Mutex
	rec  []*relayConn
	wg   sync.WaitGroup
	once sync.Once
}

func newRelay(dial func() (net.Conn, error)) (*relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &relay{ln: ln, dial: dial}
	r.wg.Add(1)
	go r.serve()
	return r, nil
}

func (r *relay) addr() string { return r.ln.Addr().String() }

func (r *relay) serve() {
	defer r.wg.Done()
	for {
		c, err := r.ln.Accept()
		if err != nil {
			return
		}
		s, err := r.dial()
		if err != nil {
			c.Close()
			continue
		}
		rc := &relayConn{}
		r.mu.Lock()
		r.rec = append(r.rec, rc)
		r.mu.Unlock()
		var cb, sb bytes.Buffer
		var pair sync.WaitGroup
		pair.Add(2)
		pipe := func(dst, src net.Conn, rec *bytes.Buffer) {
			defer pair.Done()
			io.Copy(io.MultiWriter(dst, rec), src)
			// Pass the end of one direction on, so that the other side
			// finishes as it would without the relay.
			if tc, ok := dst.(*net.TCPConn); ok {
				tc.CloseWrite()
			}
		}
		go pipe(s, c, &cb)
		go pipe(c, s, &sb)
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			pair.Wait()
			c.Close()
			s.Close()
			r.mu.Lock()
			rc.client, rc.server = cb.Bytes(), sb.Bytes()
			r.mu.Unlock()
		}()
	}
}

// close stops the relay and waits for the connections to end.
func (r *relay) close() {
	r.once.Do(func() {
		r.ln.Close()
		r.wg.Wait()
	})
}

func (r *relay) conns() []relayConn {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]relayConn, len(r.rec))
	for i, c := range r.rec {
		out[i] = *c
	}
	return out
}

// plaintextHandshake returns the handshake messages one direction sent in
// clear: the handshake records before its ChangeCipherSpec (TLS ≤1.2; in
// TLS 1.3 only the hellos).
func plaintextHandshake(stream []byte) ([][]byte, error) {
	var hs []byte
	for len(stream) > 0 {
		if len(stream) < 5 {
			return nil, fmt.Errorf("truncated record header")
		}
		typ, n := stream[0], int(stream[3])<<8|int(stream[4])
		if len(stream) < 5+n {
			return nil, fmt.Errorf("truncated record")
		}
		body := stream[5 : 5+n]
		stream = stream[5+n:]
		if typ == 20 { // change_cipher_spec: what follows is encrypted
			break
		}
		if typ == 22 {
			hs = append(hs, body...)
		}
	}
	var out [][]byte
	st := parser.NewStream(hs)
	for {
		m, _, ok := st.Next()
		if !ok {
			break
		}
		out = append(out, bytes.Clone(m))
	}
	return out, st.Err()
}

// fromStreams extracts the handshake messages of one relayed connection.
func fromStreams(client, server, keyLog []byte) ([]wireMsg, string, error) {
	var out []wireMsg
	for i, s := range [][]byte{client, server} {
		ms, err := plaintextHandshake(s)
		if err != nil {
			return nil, "", err
		}
		for _, m := range ms {
			out = append(out, wireMsg{b: m, client: i == 0})
		}
	}
	if !supportedVersion13(out) {
		return out, "loopback TCP relay (records in clear)", nil
	}
	var random []byte
	for _, m := range out {
		if m.client && len(m.b) >= 38 && ca.HandshakeType(m.b[0]) == ca.TypeClientHello {
			random = m.b[6:38]
			break
		}
	}
	sec := keyLogSecrets(keyLog, random)
	suite := serverHelloSuite(out)
	out = out[:0]
	for i, s := range [][]byte{client, server} {
		side := "CLIENT"
		if i == 1 {
			side = "SERVER"
		}
		hs, app := sec[side+"_HANDSHAKE_TRAFFIC_SECRET"], sec[side+"_TRAFFIC_SECRET_0"]
		if hs == nil {
			return nil, "", fmt.Errorf("key log has no %s_HANDSHAKE_TRAFFIC_SECRET for the ClientHello random", side)
		}
		ms, err := decrypt13(s, suite, hs, app)
		if err != nil {
			return nil, "", fmt.Errorf("%s stream: %v", strings.ToLower(side), err)
		}
		for _, m := range ms {
			out = append(out, wireMsg{b: m, client: i == 0})
		}
	}
	return out, "loopback TCP relay + NSS key log (TLS 1.3 records decrypted)", nil
}

// supportedVersion13 reports whether the ServerHello selected TLS 1.3
// (supported_versions 0x0304).
func supportedVersion13(msgs []wireMsg) bool {
	for _, m := range msgs {
		if !m.client && len(m.b) > 4 && ca.HandshakeType(m.b[0]) == ca.TypeServerHello {
			return bytes.Contains(m.b, []byte{0x00, 0x2b, 0x00, 0x02, 0x03, 0x04})
		}
	}
	return false
}
