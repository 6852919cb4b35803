//go:build windows

package check

import "syscall"

// resetErrors are what a read returns when the peer reset the connection:
// Windows reports it as WSAECONNRESET, not as the ECONNRESET Go defines
// for it.
var resetErrors = []error{syscall.ECONNRESET, syscall.WSAECONNRESET}
