package capture

import (
	"bytes"
	"errors"
	"net"
	"slices"
	"sync"
	"time"
)

// Conn is what one relayed TCP connection carried.
type Conn struct {
	Client, Server []byte // client->server and server->client bytes
	// ClientAddr is the client's address, ServerAddr the address it
	// connected to (the relay's).
	ClientAddr, ServerAddr *net.TCPAddr
	// Segments is the order the relay read the bytes in, one entry per
	// read. WritePcapng interleaves the directions by it; when it is nil,
	// WritePcapng alternates the two directions record by record.
	Segments []Segment
}

// Segment is one read of Len bytes from one side of a relayed connection.
type Segment struct {
	FromServer bool
	Len        int
}

// Relay is a loopback TCP relay that records both directions of every
// connection, for tests and the harvester.
type Relay struct {
	ln     net.Listener
	dial   func() (net.Conn, error)
	mu     sync.Mutex
	conns  []*relayConn
	closed bool
	wg     sync.WaitGroup
	once   sync.Once
}

type relayConn struct {
	rec            Conn
	client, server net.Conn
	done           bool // both directions ended
}

// NewRelay listens on 127.0.0.1:0 and forwards every connection to target.
func NewRelay(target string) (*Relay, error) {
	return NewRelayDial(func() (net.Conn, error) { return net.DialTimeout("tcp", target, 10*time.Second) })
}

// NewRelayDial is NewRelay with the way to the server given as a dial
// function: the harvester reaches servers inside a network namespace.
func NewRelayDial(dial func() (net.Conn, error)) (*Relay, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &Relay{ln: ln, dial: dial}
	r.wg.Add(1)
	go r.serve()
	return r, nil
}

// Addr is the address clients connect to.
func (r *Relay) Addr() string { return r.ln.Addr().String() }

func (r *Relay) serve() {
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
		rc := &relayConn{client: c, server: s}
		rc.rec.ClientAddr, _ = c.RemoteAddr().(*net.TCPAddr)
		rc.rec.ServerAddr, _ = c.LocalAddr().(*net.TCPAddr)
		r.mu.Lock()
		if r.closed {
			r.mu.Unlock()
			c.Close()
			s.Close()
			return
		}
		r.conns = append(r.conns, rc)
		r.mu.Unlock()
		var pair sync.WaitGroup
		pair.Add(2)
		r.wg.Add(1)
		go r.pipe(rc, s, c, false, &pair)
		go r.pipe(rc, c, s, true, &pair)
		go func() {
			defer r.wg.Done()
			pair.Wait()
			c.Close()
			s.Close()
			r.mu.Lock()
			rc.done = true
			r.mu.Unlock()
		}()
	}
}

// pipe copies src to dst, recording each read before forwarding it so that
// Segments never shows an answer before what it answers.
func (r *Relay) pipe(rc *relayConn, dst, src net.Conn, fromServer bool, done *sync.WaitGroup) {
	defer done.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			r.mu.Lock()
			if fromServer {
				rc.rec.Server = append(rc.rec.Server, buf[:n]...)
			} else {
				rc.rec.Client = append(rc.rec.Client, buf[:n]...)
			}
			rc.rec.Segments = append(rc.rec.Segments, Segment{FromServer: fromServer, Len: n})
			r.mu.Unlock()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	// Pass the end of one direction on, so that the other side finishes as
	// it would without the relay.
	if tc, ok := dst.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
}

// Shutdown stops accepting and gives the open connections up to grace to
// end by themselves (both endpoints closing), so that the last bytes in
// flight are recorded, then closes what is left as Close does.
func (r *Relay) Shutdown(grace time.Duration) error {
	err := r.ln.Close()
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && r.open() > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	if cerr := r.Close(); err == nil && !errors.Is(cerr, net.ErrClosed) {
		err = cerr
	}
	return err
}

// open counts the connections whose two directions are not both done.
func (r *Relay) open() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, rc := range r.conns {
		if !rc.done {
			n++
		}
	}
	return n
}

// Close stops accepting, closes the connections still open and waits for
// the relay's goroutines. The recordings stay readable with Conns.
func (r *Relay) Close() error {
	var err error
	r.once.Do(func() {
		err = r.ln.Close()
		r.mu.Lock()
		r.closed = true
		for _, rc := range r.conns {
			rc.client.Close()
			rc.server.Close()
		}
		r.mu.Unlock()
		r.wg.Wait()
	})
	return err
}

// Conns returns copies of the recordings so far, in order of connection.
func (r *Relay) Conns() []Conn {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Conn, len(r.conns))
	for i, rc := range r.conns {
		out[i] = Conn{
			Client:     bytes.Clone(rc.rec.Client),
			Server:     bytes.Clone(rc.rec.Server),
			ClientAddr: rc.rec.ClientAddr,
			ServerAddr: rc.rec.ServerAddr,
			Segments:   slices.Clone(rc.rec.Segments),
		}
	}
	return out
}
