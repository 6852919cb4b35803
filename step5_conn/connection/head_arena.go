package connection

import "unsafe"

// Each request's head is read into the connection's arena: a buffer
// whose bytes are written once and never again. A head goes after the
// last one; when too little room is left, a new arena is started and the
// old one is left to the garbage collector, with whatever still points
// into it. So the parsed request can point straight into the bytes it was
// read into, as strings without a copy (unsafe.String): no string ever
// changes under its reader, even one a handler kept against the rules.
//
// What it earns: GET /health through the whole server path (full's
// BenchmarkServerPath) made one allocation a request, the head's copy;
// with the arena it makes none (one 2 KiB arena per ~25 heads of its
// size). The bytes allocated are the same (80 B a request before, 73
// after) and so is the time, within the noise (1,044-1,286 ns against
// 1,213-1,478 in alternating runs): what it removes is a malloc call a
// request. What it costs: an idle kept-alive connection holds its arena,
// 9.5 KB a connection after one request against 8.6 KB before
// (BenchmarkMemoryPerConn). In full/README.md ("What makes it fast").
const (
	arenaSize    = 2 << 10 // about 25 heads from a load tool; 3 or 4 of a browser's
	minHeadSpace = 256     // less room than this left: start a new arena
)

// headSpace returns an empty slice at the free end of the arena, for the
// next head to be appended to. A head that outgrows it moves to an array
// of its own (append does that), and the arena is untouched.
func (c *conn) headSpace() []byte {
	if cap(c.arena)-len(c.arena) < minHeadSpace {
		c.arena = make([]byte, 0, arenaSize)
	}
	return c.arena[len(c.arena):]
}

// headString turns the head just read into the string ParseHeadString
// takes, and marks its bytes as used for good: the arena's next head goes
// after them.
func (c *conn) headString(head []byte) string {
	if len(head) == 0 {
		return ""
	}
	free := c.arena[len(c.arena):cap(c.arena)]
	if len(free) > 0 && unsafe.SliceData(head) == unsafe.SliceData(free) {
		c.arena = c.arena[:len(c.arena)+len(head)] // read in place
	} // else it outgrew the arena and has an array of its own
	return unsafe.String(unsafe.SliceData(head), len(head))
}
