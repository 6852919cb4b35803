//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
)

const exe = "" // a command's file name has no suffix

// inGroup starts cmd in a process group of its own, so that killTree
// reaches what it starts too: go test's test binary, go run's program.
func inGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killTree kills p and every process in its group, as kill -9 -PGID does.
func killTree(p *os.Process) error {
	if p == nil {
		return nil
	}
	if err := syscall.Kill(-p.Pid, syscall.SIGKILL); err != nil {
		return p.Kill()
	}
	return nil
}
