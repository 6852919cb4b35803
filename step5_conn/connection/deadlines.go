package connection

import "time"

// Setting a deadline on a socket is not free: a lock, and a timer moved
// in the runtime. Setting one for every timeout a request passes through
// (the idle wait, the head, the answer) cost three a request, where most
// requests need none moved: a kept-alive client's head and body come in
// the read that ended the idle wait, and the write deadline a moment ago
// is almost the one the next answer wants. So the connection says when a
// read or a write must be done (readBy, writeBy), and the deadline on the
// socket is moved just before the connection reads or writes, and only
// when it must:
//
//   - never later than wanted: a timeout is a bound, and it holds exactly
//     (a head that needs another read gets the header timeout from its
//     first byte, not what is left of the idle one);
//   - earlier than wanted by less than a quarter of the timeout is kept
//     (fasthttp's rule for its write deadline): a kept-alive connection
//     idle for 45 to 60 seconds is closed, and an answer has 22.5 to 30
//     seconds to be written, not a second more.
//
// What it earns: a system-call-bound server spends about 4% of its time
// moving deadlines (pprof of full under wrk); the number is in
// full/README.md ("What makes it fast").

// deadline is one direction's deadline: the one the connection wants, and
// the one set on the socket.
type deadline struct {
	want, set time.Time
	slack     time.Duration // how much earlier than want set may be
}

// readBy says when the next read must be done: a timeout of d from from
// (no deadline for a negative d).
func (c *conn) readBy(from time.Time, d time.Duration) { c.rd.wants(from, d) }

// writeBy says the same of the next write.
func (c *conn) writeBy(from time.Time, d time.Duration) { c.wd.wants(from, d) }

func (dl *deadline) wants(from time.Time, d time.Duration) {
	dl.want, dl.slack = time.Time{}, d/4 // the zero time: no deadline
	if d >= 0 {
		dl.want = from.Add(d)
	}
}

// move reports whether the deadline on the socket must change to want,
// and takes it as set if so.
func (dl *deadline) move() bool {
	switch {
	case dl.want.Equal(dl.set):
		return false
	case !dl.want.IsZero() && !dl.set.IsZero() && !dl.set.After(dl.want) && dl.want.Sub(dl.set) < dl.slack:
		return false // a little earlier than wanted: close enough
	}
	dl.set = dl.want
	return true
}

// armRead and armWrite move the socket's deadlines, if they must, just
// before a read or a write.
func (c *conn) armRead() {
	if c.rd.move() {
		c.nc.SetReadDeadline(c.rd.set)
	}
}

func (c *conn) armWrite() {
	if c.wd.move() {
		c.nc.SetWriteDeadline(c.wd.set)
	}
}
