//go:build !linux

package harvest

import (
	"errors"
	"net"
	"os/exec"
)

func (n *netns) dial(string) (net.Conn, error) {
	return nil, errors.New("network namespaces exist only on Linux")
}

func inGroup(*exec.Cmd) {}

func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		cmd.Process.Kill()
	}
}
