//go:build !windows

package check

import "syscall"

// resetErrors are what a read returns when the peer reset the connection.
var resetErrors = []error{syscall.ECONNRESET}
