//go:build !unix && !windows

package main

import (
	"os"
	"os/exec"
)

const exe = ""

func inGroup(cmd *exec.Cmd) {}

func killTree(p *os.Process) error {
	if p == nil {
		return nil
	}
	return p.Kill()
}
