package connection

import (
	"bufio"
	"net"
	"sync/atomic"
	"testing"
	"time"
)

// TestDeadlineMovesOnlyWhenItMust: the rules of deadlines.go, one row
// each. A deadline on the socket is never later than wanted, and earlier
// than wanted by less than a quarter of the timeout is kept.
func TestDeadlineMovesOnlyWhenItMust(t *testing.T) {
	t0 := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		set      time.Time
		from     time.Time
		d        time.Duration
		wantMove bool
	}{
		{"nothing set yet", time.Time{}, t0, time.Minute, true},
		{"the same", t0.Add(time.Minute), t0, time.Minute, false},
		{"set a little earlier than wanted", t0.Add(time.Minute), t0.Add(10 * time.Second), time.Minute, false},
		{"set a quarter earlier", t0.Add(time.Minute), t0.Add(15 * time.Second), time.Minute, true},
		{"set later than wanted: a shorter timeout", t0.Add(time.Minute), t0, 10 * time.Second, true},
		{"set later by a nanosecond", t0.Add(time.Minute), t0, time.Minute - 1, true},
		{"no deadline wanted", t0.Add(time.Minute), t0, -1, true},
		{"no deadline, none set", time.Time{}, t0, -1, false},
	} {
		dl := deadline{set: tc.set}
		dl.wants(tc.from, tc.d)
		if got := dl.move(); got != tc.wantMove {
			t.Errorf("%s: move() = %v, want %v", tc.name, got, tc.wantMove)
		}
		if tc.wantMove && !dl.set.Equal(after(tc.from, tc.d)) {
			t.Errorf("%s: set %v after moving, want %v", tc.name, dl.set, after(tc.from, tc.d))
		}
	}
}

// countingConn counts the deadlines set on it.
type countingConn struct {
	net.Conn
	reads, writes atomic.Int32
}

func (c *countingConn) SetReadDeadline(t time.Time) error {
	c.reads.Add(1)
	return c.Conn.SetReadDeadline(t)
}

func (c *countingConn) SetWriteDeadline(t time.Time) error {
	c.writes.Add(1)
	return c.Conn.SetWriteDeadline(t)
}

// TestKeptAliveRequestsMoveNoDeadline: a client asking one request at a
// time, each head in one piece, has its deadlines set once each, not per
// request; a head that comes in two pieces still gets the header timeout,
// counted from its first byte, and not what is left of the idle one.
func TestKeptAliveRequestsMoveNoDeadline(t *testing.T) {
	server, nc := net.Pipe()
	counted := &countingConn{Conn: server}
	cfg := &Config{Handler: echo, Timeouts: Timeouts{Idle: time.Hour, Header: 200 * time.Millisecond}}
	done := make(chan struct{})
	go func() { Handle(counted, cfg); close(done) }()
	c := &client{t: t, nc: nc, br: bufio.NewReader(nc), done: done}
	t.Cleanup(func() { nc.Close(); <-done })

	const n = 50
	for range n {
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
		if r := c.read("GET"); r.Status != 200 {
			t.Fatalf("status %d", r.Status)
		}
	}
	// The first head's header timeout, then the idle one: two reads; one write.
	if r, w := counted.reads.Load(), counted.writes.Load(); r > 2 || w > 1 {
		t.Errorf("%d requests moved the read deadline %d times and the write deadline %d times, want at most 2 and 1", n, r, w)
	}

	// Now half a head, and nothing more: cut off after the header
	// timeout, although the idle one is an hour.
	c.send("GET /echo HTTP/1.1\r\n")
	if r := c.read("GET"); r.Status != 408 {
		t.Errorf("half a head: status %d, want 408", r.Status)
	}
	c.expectClosed()
}
