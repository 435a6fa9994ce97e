package conform

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/clientauth/clientauth/conform/internal/proto"
	"github.com/clientauth/clientauth/harvest"
)

// BuildEndpoint builds the endpoint program with the hook into dir (the
// user cache directory when empty) and returns its path. The module
// source must be at hand: `go env GOMOD` of the working directory.
func BuildEndpoint(dir string) (string, error) {
	if dir == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(c, "clientauth", "conform")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	ov, err := PrepareOverlay(dir)
	if err != nil {
		return "", err
	}
	mod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(mod)) == "" || strings.TrimSpace(string(mod)) == os.DevNull {
		return "", fmt.Errorf("conform: the endpoint is built from the clientauth source: run inside the module (go env GOMOD: %v)", err)
	}
	bin := filepath.Join(dir, "endpoint")
	cmd := exec.Command("go", "build", "-overlay", ov, "-tags", EndpointTag, "-o", bin, "github.com/clientauth/clientauth/conform/endpoint")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(mod)))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("conform: building the endpoint: %v\n%s", err, out)
	}
	return bin, nil
}

// endpointRun is one run of the endpoint program.
type endpointRun struct {
	p   *harvest.Proc
	cfg proto.Config
}

func startEndpoint(ctx context.Context, bin string, ns *harvest.Netns, cfg proto.Config) (*endpointRun, error) {
	p, err := harvest.StartProc(ctx, ns, nil, bin)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(cfg)
	if _, err := p.Stdin().Write(append(b, '\n')); err != nil {
		p.Finish(0)
		return nil, err
	}
	return &endpointRun{p: p, cfg: cfg}, nil
}

// listening waits for the server's address.
func (e *endpointRun) listening(ctx context.Context) (string, error) {
	var addr string
	harvest.WaitFor(ctx, 10*time.Second, func() bool {
		line, _, ok := strings.Cut(e.p.Stdout(), "\n")
		if ok {
			var l proto.Listening
			if json.Unmarshal([]byte(line), &l) == nil {
				addr = l.Addr
			}
		}
		return addr != "" || e.p.Exited()
	})
	if addr == "" {
		e.p.Finish(0)
		return "", fmt.Errorf("endpoint did not listen: %s", lastLines(e.p.Stderr()+e.p.Stdout(), 3))
	}
	return addr, nil
}

// result waits for the endpoint's result (its own deadline bounds it; the
// margin covers a stuck process, which is then killed).
func (e *endpointRun) result() (proto.Result, error) {
	var r proto.Result
	select {
	case <-e.p.Done():
	case <-time.After(time.Duration(e.cfg.TimeoutMS+e.cfg.ConnectMS)*time.Millisecond + 5*time.Second):
	}
	e.p.Finish(0)
	lines := strings.Split(strings.TrimSpace(e.p.Stdout()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &r); err != nil {
		return r, fmt.Errorf("endpoint gave no result: %s", lastLines(e.p.Stderr()+e.p.Stdout(), 3))
	}
	return r, nil
}
