package connection

import (
	"time"
	"unsafe"
)

// Each request's head is read into the connection's arena: a buffer
// whose bytes are written once and never again. A head goes after the
// last one; when too little room is left, a new arena is started and the
// old one is left to the garbage collector, with whatever still points
// into it. So the parsed request can point straight into the bytes it was
// read into, as strings without a copy (unsafe.String): no string ever
// changes under its reader, even one a handler kept against the rules.
//
// What it earns: one allocation a request fewer on GET /health through
// the whole server path (BenchmarkServerPath: 1 → 0 allocs/op), the time
// the same within the noise; what it costs: an idle kept-alive connection
// holds its 2 KiB arena (BenchmarkMemoryPerConn). The numbers are in
// full/README.md ("What makes it fast").
const (
	arenaSize    = 2 << 10 // about 25 heads from a load tool; 3 or 4 of a browser's
	minHeadSpace = 256     // less room than this left: start a new arena
)

// readHead reads the next request's head, the tutorial's recv loop until
// b"\r\n\r\n": the request line, then field lines up to the empty line,
// each checked against its limit while it is still arriving (readLine,
// limits.go). It reads them into the arena and returns them as the string
// ParseHeadString takes, pointing into the arena.
func (c *conn) readHead(start time.Time) (string, error) {
	from := start // the header timeout counts from the head's first byte,
	if c.answered.IsZero() {
		from = c.opened // or, on a new connection, from when it opened (waitForRequest)
	}
	c.readBy(from, c.timeouts.Header) // deadlines.go

	if cap(c.arena)-len(c.arena) < minHeadSpace {
		c.arena = make([]byte, 0, arenaSize)
	}
	head := c.arena[len(c.arena):] // appended to in place, unless it outgrows the arena
	inArena := unsafe.SliceData(head)
	head, err := readLine(c.br, head, requestLine, c.limits)
	fieldsStart := len(head)
	for err == nil {
		lineStart := len(head)
		head, err = readLine(c.br, head, fieldsStart, c.limits)
		if err == nil && isEmptyLine(head[lineStart:]) {
			if unsafe.SliceData(head) == inArena { // else append moved it to an array of its own
				c.arena = c.arena[:len(c.arena)+len(head)] // its bytes are used for good: the next head goes after them
			}
			return unsafe.String(unsafe.SliceData(head), len(head)), nil
		}
	}
	return "", timeoutError(err, "request head", c.timeouts.Header)
}

// isEmptyLine reports whether line, LF included, is the empty line that
// ends a head ("\r\n"; a bare "\n" too, which ParseHead then refuses).
func isEmptyLine(line []byte) bool {
	return len(line) == 2 && line[0] == '\r' || len(line) == 1
}
