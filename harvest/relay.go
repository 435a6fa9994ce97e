package harvest

import (
	"bytes"
	"github.com/clientauth/clientauth/capture"
	"io"
	"net"
	"sync"

	ca "github.com/clientauth/clientauth"
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

// fromStreams extracts the handshake messages of one relayed connection with
// package capture (TLS records, and TLS 1.3 decryption with the key log).
func fromStreams(client, server, keyLog []byte) ([]wireMsg, string, error) {
	msgs, err := capture.FromStreams(client, server, capture.Options{KeyLog: keyLog})
	if err != nil {
		return nil, "", err
	}
	out := make([]wireMsg, 0, len(msgs))
	decrypted := false
	for _, m := range msgs {
		out = append(out, wireMsg{b: m.Bytes, client: !m.Params.FromServer})
		decrypted = decrypted || m.Decrypted
	}
	if !decrypted {
		return out, "loopback TCP relay (records in clear)", nil
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
