// Package conntest is what the tests of step 5 and step 6 wait with. Every
// wait is bounded, so that a function a learner has emptied (the READMEs'
// "Write it yourself") fails its test with what was awaited, within
// go test's -timeout 30s, instead of hanging until Go's 10 minutes.
package conntest

import (
	"testing"
	"time"
)

// Within is how long a test waits for what a server on net.Pipe does in
// microseconds: a thousand times that and more, on a loaded machine too.
const Within = 2 * time.Second

// Recv waits for a value from ch, failing the test with what it waited
// for if none comes within Within.
func Recv[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(Within):
		t.Fatalf("waited %v for %s", Within, what)
		panic("unreachable")
	}
}
