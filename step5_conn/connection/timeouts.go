package connection

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// ErrTimeout: the client took longer than a timeout to send a request (408).
var ErrTimeout = errors.New("request timeout")

// timeoutError turns a deadline error into one that names what was too
// slow, rather than the operating system's "i/o timeout".
func timeoutError(err error, what string, d time.Duration) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("%w: %s not received within %v", ErrTimeout, what, d)
	}
	return err
}

// Timeouts bound how long a client may keep a connection busy. The
// tutorial's recv waits forever: a client that opens a connection and
// sends one byte a minute (slowloris) holds a thread for good. A zero
// field means its default; a negative one, no deadline at all.
type Timeouts struct {
	Idle   time.Duration // waiting for the next request on a kept-alive connection
	Header time.Duration // from a request's first byte to the end of its head
	Body   time.Duration // reading the body, once the head is in
	Write  time.Duration // writing one response
}

// DefaultTimeouts are generous for people and short for attackers.
var DefaultTimeouts = Timeouts{Idle: 60 * time.Second, Header: 10 * time.Second, Body: 30 * time.Second, Write: 30 * time.Second}

// timeouts is cfg's timeouts with the defaults filled in, as limits does
// for the limits; a negative one stays: no deadline.
func (cfg *Config) timeouts() Timeouts {
	t := cfg.Timeouts
	if t.Idle == 0 {
		t.Idle = DefaultTimeouts.Idle
	}
	if t.Header == 0 {
		t.Header = DefaultTimeouts.Header
	}
	if t.Body == 0 {
		t.Body = DefaultTimeouts.Body
	}
	if t.Write == 0 {
		t.Write = DefaultTimeouts.Write
	}
	return t
}

// waitForRequest waits for the first byte of the next request: up to the
// idle timeout on a kept-alive connection, up to the header timeout on a
// new one, which has asked nothing yet. False means the client closed the
// connection, stayed silent too long, or the server is shutting down:
// nothing to answer.
func (c *conn) waitForRequest() bool {
	if c.cfg.draining() {
		return false
	}
	if noRequestBuffered(c.br) { // a pipelined request is already here otherwise
		// send has written every answer: nothing waits when a shutdown
		// closes an idle connection.
		if !c.cfg.setState(c.nc, StateIdle) {
			return false // closed already, to make room for a new one
		}
		if c.answered.IsZero() {
			c.readBy(c.opened, c.timeouts.Header) // a new connection: the header timeout from when it opened
		} else {
			c.readBy(c.answered, c.timeouts.Idle) // kept alive: the idle timeout from the last answer
		}
	}
	if skipEmptyLines(c.br) != nil {
		return false
	}
	// A request has begun. If the server closed this connection to make
	// room while it waited, the request is dropped here, unexecuted: its
	// answer could reach nobody, and a client that gets no answer must be
	// able to trust that nothing happened.
	return c.cfg.setState(c.nc, StateActive)
}
