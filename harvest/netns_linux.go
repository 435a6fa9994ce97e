package harvest

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"runtime"
	"syscall"
)

// dial connects to addr from inside the namespace: the socket is made on an
// OS thread moved into it, and keeps the namespace after the thread is gone.
func (n *netns) dial(addr string) (net.Conn, error) {
	type res struct {
		c   net.Conn
		err error
	}
	ch := make(chan res, 1)
	go func() {
		// Never unlocked: the runtime then retires this thread, namespace and all.
		runtime.LockOSThread()
		f, err := os.Open("/proc/" + n.pid() + "/ns/net")
		if err != nil {
			ch <- res{nil, err}
			return
		}
		defer f.Close()
		nr, ok := setnsSyscall[runtime.GOARCH]
		if !ok {
			ch <- res{nil, errors.New("setns: unknown system call number on " + runtime.GOARCH)}
			return
		}
		if _, _, e := syscall.Syscall(nr, f.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
			ch <- res{nil, e}
			return
		}
		c, err := net.Dial("tcp", addr)
		ch <- res{c, err}
	}()
	r := <-ch
	return r.c, r.err
}

// setnsSyscall is setns(2)'s number; package syscall does not export it.
var setnsSyscall = map[string]uintptr{"amd64": 308, "arm64": 268, "riscv64": 268, "386": 346, "arm": 375, "ppc64le": 350, "s390x": 339}

// inGroup makes cmd the leader of a new process group and has its context's
// cancellation kill the whole group.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { killGroup(cmd); return nil }
}

// killGroup kills cmd's process group (cmd must have started).
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
