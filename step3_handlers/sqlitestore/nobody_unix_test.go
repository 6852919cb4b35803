//go:build unix

package sqlitestore

import (
	"os/exec"
	"syscall"
	"testing"
)

// asNobody makes cmd run as the user nobody (uid and gid 65534), who may
// not write what root made read-only. Only root may start a process as
// another user.
func asNobody(t *testing.T, cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}
