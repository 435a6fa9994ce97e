package harvest

import (
	"bufio"
	"context"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/clientauth/clientauth/capture"
	"github.com/clientauth/clientauth/internal/wire"
)

// endpoint is one side of a TCP handshake.
type endpoint interface {
	addr() string            // servers: where the client connects
	ready() bool             // the handshake completed, as far as this side says
	exited() bool            // it gave up (or finished)
	requestCert() error      // servers: start TLS 1.3 post-handshake authentication
	finish()                 // end it, letting it log what it received last
	msgLog() string          // the OpenSSL -msg log, or ""
	keyLog() ([]byte, error) // the NSS key log it wrote
	diag() string            // the last lines of its output, for a failure report
}

// tcp runs a handshake between two stacks on loopback TCP. When either side
// is OpenSSL its -msg log gives every message of both directions in clear;
// otherwise a recording relay sits between them and the key log decrypts.
func (h *harvester) tcp(ctx context.Context, c *Case, dir string) (*outcome, error) {
	var ns *netns
	if c.Server == StackGnuTLS {
		if h.ns == nil {
			return nil, fmt.Errorf("gnutls-serv needs a private network namespace")
		}
		ns = h.ns
	}
	srv, err := h.startServer(ctx, c, dir, ns)
	if err != nil {
		return nil, err
	}
	defer srv.finish()
	target := srv.addr()
	var rl *capture.Relay
	if c.Server != StackOpenSSL && c.Client != StackOpenSSL || ns != nil {
		srvAddr := target
		dial := func() (net.Conn, error) { return net.Dial("tcp", srvAddr) }
		if ns != nil {
			// The relay is also the way into the namespace.
			dial = func() (net.Conn, error) { return ns.dial(srvAddr) }
		}
		if rl, err = capture.NewRelayDial(dial); err != nil {
			return nil, err
		}
		defer rl.Close()
		target = rl.Addr()
	}
	cli, err := h.startClient(ctx, c, dir, target)
	if err != nil {
		return nil, err
	}
	defer cli.finish()
	ok := waitFor(ctx, 12*time.Second, func() bool {
		return (srv.ready() && cli.ready()) || srv.exited() || cli.exited()
	})
	if !ok || !srv.ready() || !cli.ready() {
		// Give the survivor a moment: one side may finish just after the other.
		waitFor(ctx, 500*time.Millisecond, func() bool { return srv.ready() && cli.ready() })
	}
	if !srv.ready() || !cli.ready() {
		return nil, fmt.Errorf("handshake did not complete (server: %s; client: %s)", srv.diag(), cli.diag())
	}
	if c.has(OptPostHandshake) {
		if err := srv.requestCert(); err != nil {
			return nil, err
		}
		want := 2 // the client's Finished of the handshake and of the request
		if !waitFor(ctx, 5*time.Second, func() bool { return countReceivedFinished(srv.msgLog()) >= want }) {
			return nil, fmt.Errorf("no answer to the post-handshake CertificateRequest (client: %s)", cli.diag())
		}
	}
	cli.finish()
	srv.finish()
	o := &outcome{}
	switch {
	case c.Server == StackOpenSSL:
		o.msgs, err = readMsgLog(srv.msgLog(), false)
		o.how = "openssl s_server -msg log"
	case c.Client == StackOpenSSL:
		o.msgs, err = readMsgLog(cli.msgLog(), true)
		o.how = "openssl s_client -msg log"
	default:
		// Both endpoints are done: their connections end by themselves, and
		// waiting for that keeps the last bytes in flight.
		rl.Shutdown(5 * time.Second)
		conns := rl.Conns()
		if len(conns) != 1 {
			return nil, fmt.Errorf("relay saw %d connections, want 1", len(conns))
		}
		var kl []byte
		for _, e := range []endpoint{cli, srv} {
			b, err := e.keyLog()
			if err != nil {
				return nil, err
			}
			kl = append(kl, b...)
		}
		o.msgs, o.how, err = fromStreams(conns[0].Client, conns[0].Server, kl)
	}
	if err != nil {
		return nil, err
	}
	if hs := serverHellos(o.msgs); len(hs) > 0 {
		o.suite = hs[len(hs)-1].Suite // after a HelloRetryRequest, the real ServerHello's
	}
	return o, nil
}

func (h *harvester) startServer(ctx context.Context, c *Case, dir string, ns *netns) (endpoint, error) {
	switch c.Server {
	case StackOpenSSL:
		return h.opensslServer(ctx, c, dir)
	case StackGnuTLS:
		return h.gnutlsServer(ctx, c, dir, ns)
	case StackGo:
		return h.goServer(c)
	}
	return nil, fmt.Errorf("unknown server stack %q", c.Server)
}

func (h *harvester) startClient(ctx context.Context, c *Case, dir, addr string) (endpoint, error) {
	switch c.Client {
	case StackOpenSSL:
		return h.opensslClient(ctx, c, dir, addr)
	case StackGnuTLS:
		return h.gnutlsClient(ctx, c, dir, addr)
	case StackGo:
		return h.goClient(c, addr)
	}
	return nil, fmt.Errorf("unknown client stack %q", c.Client)
}

// readMsgLog cuts an OpenSSL -msg log into handshake messages. ">>>" lines
// are what the logging side sent; loggerIsClient says which side that was.
func readMsgLog(path string, loggerIsClient bool) ([]wireMsg, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []wireMsg
	var cur *wireMsg
	var want int
	flush := func() error {
		if cur == nil {
			return nil
		}
		m := *cur
		cur = nil
		if len(m.b) != want {
			return fmt.Errorf("%s: -msg says %d bytes, dump has %d", filepath.Base(path), want, len(m.b))
		}
		if n, ok := wire.HandshakeLen(m.b); !ok || n != len(m.b) {
			return fmt.Errorf("%s: handshake header disagrees with the dump", filepath.Base(path))
		}
		out = append(out, m)
		return nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, ">>> ") || strings.HasPrefix(line, "<<< ") {
			if err := flush(); err != nil {
				return nil, err
			}
			i := strings.Index(line, ", Handshake [length ")
			if i < 0 {
				continue
			}
			rest := line[i+len(", Handshake [length "):]
			j := strings.IndexByte(rest, ']')
			if j < 0 {
				continue
			}
			n, err := strconv.ParseInt(rest[:j], 16, 32)
			if err != nil {
				continue
			}
			sent := line[0] == '>'
			cur = &wireMsg{client: sent == loggerIsClient}
			want = int(n)
			continue
		}
		if cur != nil && strings.HasPrefix(line, "    ") {
			b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(line), " ", ""))
			if err != nil {
				return nil, fmt.Errorf("%s: bad hex line %q", filepath.Base(path), line)
			}
			cur.b = append(cur.b, b...)
			continue
		}
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, sc.Err()
}

// countReceivedFinished counts the Finished messages an OpenSSL server's
// log shows it received: 2 once a post-handshake request is answered.
func countReceivedFinished(path string) int {
	if path == "" {
		return 0
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		if strings.HasPrefix(line, "<<< ") && strings.Contains(line, ", Handshake [") && strings.HasSuffix(line, "Finished") {
			n++
		}
	}
	return n
}
