//go:build windows

package main

import (
	"os"
	"os/exec"
	"strconv"
)

const exe = ".exe" // a command's file name ends in .exe

// inGroup does nothing on Windows: killTree finds the children itself.
func inGroup(cmd *exec.Cmd) {}

// killTree kills p and the processes it started (go test's test binary, go
// run's program, the py launcher's python): taskkill /T, part of every
// Windows, walks the tree; Kill is TerminateProcess, in case it cannot.
func killTree(p *os.Process) error {
	if p == nil {
		return nil
	}
	exec.Command("taskkill", "/T", "/F", "/PID", strconv.Itoa(p.Pid)).Run()
	return p.Kill()
}
