package connection

import (
	"net"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestDeadlineMovesOnlyWhenItMust: the rules of deadlines.go, one row
// each. A deadline on the socket is never later than wanted, and earlier
// than wanted by less than a quarter of the timeout is kept.
func TestDeadlineMovesOnlyWhenItMust(t *testing.T) {
	t0 := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	for _, tc := range []struct {
		name     string
		set      time.Time     // the deadline on the socket now
		from     time.Time     // the timeout wanted starts here
		d        time.Duration // and lasts this long (negative: no deadline)
		wantMove bool
	}{
		{name: "nothing set yet", set: time.Time{}, from: t0, d: time.Minute, wantMove: true},
		{name: "the same", set: t0.Add(time.Minute), from: t0, d: time.Minute, wantMove: false},
		{name: "set a little earlier than wanted", set: t0.Add(time.Minute), from: t0.Add(10 * time.Second), d: time.Minute, wantMove: false},
		{name: "set a quarter earlier", set: t0.Add(time.Minute), from: t0.Add(15 * time.Second), d: time.Minute, wantMove: true},
		{name: "set later than wanted: a shorter timeout", set: t0.Add(time.Minute), from: t0, d: 10 * time.Second, wantMove: true},
		{name: "set later by a nanosecond", set: t0.Add(time.Minute), from: t0, d: time.Minute - 1, wantMove: true},
		{name: "no deadline wanted", set: t0.Add(time.Minute), from: t0, d: -1, wantMove: true},
		{name: "no deadline, none set", set: time.Time{}, from: t0, d: -1, wantMove: false},
	} {
		dl := deadline{set: tc.set}
		dl.wants(tc.from, tc.d)
		if got := dl.move(); got != tc.wantMove {
			t.Errorf("%s: move() = %v, want %v", tc.name, got, tc.wantMove)
		}
		want := time.Time{} // no deadline
		if tc.d >= 0 {
			want = tc.from.Add(tc.d)
		}
		if tc.wantMove && !dl.set.Equal(want) {
			t.Errorf("%s: set %v after moving, want %v", tc.name, dl.set, want)
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
// counted from its first byte, and not what is left of the idle one. In a
// synctest bubble: the clock is the bubble's, and moves only when every
// goroutine waits, so the first head cannot miss its header timeout on a
// loaded machine.
func TestKeptAliveRequestsMoveNoDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var counted *countingConn
		c := dialConn(t, &Config{Timeouts: Timeouts{Idle: time.Hour, Header: 200 * time.Millisecond}}, func(nc net.Conn) net.Conn {
			counted = &countingConn{Conn: nc}
			return counted
		})

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
		sent := time.Now()
		if r := c.read("GET"); r.Status != 408 {
			t.Errorf("half a head: status %d, want 408", r.Status)
		}
		if waited := time.Since(sent); waited != 200*time.Millisecond {
			t.Errorf("half a head answered after %v, want the header timeout, 200ms", waited)
		}
		c.expectClosed()
	})
}
