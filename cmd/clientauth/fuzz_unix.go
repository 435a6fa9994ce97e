//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
)

// ownProcessGroup puts cmd in a process group of its own: a terminal's
// Ctrl-C then reaches the runner alone, which stops the child itself and
// still prints its table.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signalGroup sends sig to cmd's whole process group (go test, its test
// binary and the fuzzing workers), which may have exited already.
func signalGroup(cmd *exec.Cmd, sig os.Signal) {
	if cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-cmd.Process.Pid, sig.(syscall.Signal))
}
