package connection

import "sync/atomic"

// This file bounds what the connections of a server hold of their answers,
// all together. One connection gathers at most maxPending bytes before it
// writes (output_batch.go); but a connection whose client does not read
// holds that window for as long as its write may take, and ten thousand
// clients that ask for a long list and never read held 64 KiB each, and
// took the process past a gigabyte. So a connection gathers ownPending
// bytes on its own, memory it holds anyway as it holds its read buffer,
// and more only with room borrowed from an OutputMemory that all the
// connections of a server share; the room goes back once the output is
// written (flush). When the room is taken, a connection writes in windows
// of ownPending: a long answer costs more writes, never more memory. full's
// TestStalledClientsStayWithinMemory measures the real binary; the numbers,
// before and after, are in full/README.md ("Compression").

// ownPending is what a connection gathers without borrowing: a pipelined
// batch of small answers fits (sixteen GET /health are 2.5 KB).
const ownPending = 4 << 10

// DefaultOutputMemory is the room step 6 gives every server: 256
// connections gathering a whole window at once, 15 MiB.
const DefaultOutputMemory = 256 * (maxPending - ownPending)

// OutputMemory is room for answers, in bytes, that connections borrow
// beyond ownPending and give back; it is safe for concurrent use.
type OutputMemory struct{ left atomic.Int64 }

// NewOutputMemory returns room of n bytes.
func NewOutputMemory(n int64) *OutputMemory {
	m := &OutputMemory{}
	m.left.Store(n)
	return m
}

// Left is the room not borrowed now.
func (m *OutputMemory) Left() int64 { return m.left.Load() }

// fits reports whether n more bytes may join what waits to be written:
// up to ownPending always, up to maxPending with room borrowed from the
// server's OutputMemory (none in the config: no bound but maxPending).
func (c *conn) fits(n int) bool {
	want := len(c.out) + n
	switch {
	case want <= ownPending:
		return true
	case want > maxPending:
		return false
	case c.borrowed || c.cfg.OutputMemory == nil:
		return true
	}
	room := &c.cfg.OutputMemory.left
	if room.Add(-(maxPending - ownPending)) < 0 {
		room.Add(maxPending - ownPending)
		return false
	}
	c.borrowed = true
	return true
}

// giveBack returns the room c borrowed: what waits has been written.
func (c *conn) giveBack() {
	if c.borrowed {
		c.cfg.OutputMemory.left.Add(maxPending - ownPending)
		c.borrowed = false
	}
}
