package harvest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/clientauth/clientauth/internal/syncbuf"
)

// proc is one command-line TLS endpoint. Its stdin stays open until close:
// s_server, s_client and gnutls-cli quit when their input ends, and s_server
// reads its post-handshake commands from it.
type proc struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout syncbuf.Buffer
	stderr syncbuf.Buffer
	done   chan struct{}
	err    error
}

// procEnd is the part of an endpoint that is one tool's process, which
// says on its standard output when the handshake is through: with a line
// of its own for each role, its readyMarks.
type procEnd struct {
	p      *proc
	server bool
	marks  readyMarks
}

// readyMarks are what a tool prints once the handshake is through, as
// server and as client.
type readyMarks struct{ server, client string }

func (e *procEnd) ready() bool {
	if e.server {
		return e.p.stdout.Contains(e.marks.server)
	}
	return e.p.stdout.Contains(e.marks.client)
}

func (e *procEnd) exited() bool { return e.p.exited() }

func (e *procEnd) diag() string { return tail(e.p.stderr.String() + e.p.stdout.String()) }

// startProc starts name with args; ns, when set, runs it inside that
// network namespace.
func startProc(ctx context.Context, ns *netns, env []string, name string, args ...string) (*proc, error) {
	if ns != nil {
		args = append([]string{"-t", ns.pid(), "-n", "--", name}, args...)
		name = "nsenter"
	}
	p := &proc{done: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, name, args...)
	p.cmd.Env = env
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	// Its own process group, so that killing it takes nsenter's child and
	// anything the tool forked along.
	inGroup(p.cmd)
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

func (p *proc) exited() bool { return closed(p.done) }

// closed says whether done, closed when an endpoint has ended, is.
func closed(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// finish ends the input, gives the process grace to leave on its own (so
// that it logs what it received last), then kills it.
func (p *proc) finish(grace time.Duration) {
	p.stdin.Close()
	select {
	case <-p.done:
	case <-time.After(grace):
		killGroup(p.cmd)
		<-p.done
	}
}

// waitFor polls cond until it holds, ctx ends or d passes.
func waitFor(ctx context.Context, d time.Duration, cond func() bool) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		if cond() {
			return true
		}
		select {
		case <-ctx.Done():
			return cond()
		case <-t.C:
			return cond()
		case <-time.After(15 * time.Millisecond):
		}
	}
}

// netns is a private network namespace holding only a loopback interface.
// gnutls-serv has no option to choose its listening address and binds the
// wildcard; inside the namespace that is loopback and nothing else.
type netns struct {
	holder *exec.Cmd
}

func newNetns() (*netns, error) {
	c := exec.Command("unshare", "-n", "sleep", "3600")
	if err := c.Start(); err != nil {
		return nil, err
	}
	n := &netns{holder: c}
	// Until unshare has made the namespace, its process is still in ours:
	// wait for the link to differ, or "lo up" would land here.
	self, err := os.Readlink("/proc/self/ns/net")
	if err != nil {
		n.close()
		return nil, err
	}
	for range 250 {
		if l, err := os.Readlink("/proc/" + n.pid() + "/ns/net"); err == nil && l != self {
			if out, err := exec.Command("nsenter", "-t", n.pid(), "-n", "--", "ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
				n.close()
				return nil, fmt.Errorf("ip link set lo up: %v: %s", err, out)
			}
			return n, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	n.close()
	return nil, errors.New("unshare -n made no namespace")
}

func (n *netns) pid() string { return itoa(n.holder.Process.Pid) }

func (n *netns) close() {
	n.holder.Process.Kill()
	n.holder.Wait()
}
