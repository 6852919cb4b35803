//go:build !unix

package sqlitestore

import (
	"os/exec"
	"testing"
)

// asNobody is needed only as root, and root is a Unix user: on Windows
// (where os.Geteuid is -1) the test opens the read-only file itself.
func asNobody(t *testing.T, cmd *exec.Cmd) {
	t.Skip("running as another user is done here only on Unix: this system has no uid 65534 to run the test as")
}
