package connection

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync/atomic"

	"httpfromscratch/step1_parse/request"
)

// This file guards the server's memory as a whole. Each connection's body
// is bounded by -max-body (limits.go), but ten thousand connections that
// each declare a 1 MiB body and send all of it but the last byte would
// hold ten gigabytes. So a body is read into memory that grows as its
// bytes arrive (a declared length costs nothing until it is sent), and
// every growth is taken first from one Budget that all the connections of
// a server share. A body that does not fit is refused with 503 and
// Retry-After before the rest of it is read; bodies already read finish.

// DefaultBodyMemory is the budget for request bodies held at once, across
// all connections: 64 bodies at the 1 MiB limit, or tens of thousands of
// the JSON bodies this API takes.
const DefaultBodyMemory = 64 << 20

// ErrBodyMemory: the server already holds as many request body bytes as
// its budget allows (503, with Retry-After: the next try may fit).
var ErrBodyMemory = errors.New("server busy")

// Budget counts bytes held against a maximum; it is safe for concurrent
// use.
type Budget struct {
	max  int64
	used atomic.Int64
}

// NewBudget returns a budget of max bytes.
func NewBudget(max int64) *Budget { return &Budget{max: max} }

// Used is how many bytes are held now.
func (b *Budget) Used() int64 { return b.used.Load() }

// take counts n more bytes as held, unless that would pass the maximum.
func (b *Budget) take(n int64) bool {
	for {
		used := b.used.Load()
		if used+n > b.max {
			return false
		}
		if b.used.CompareAndSwap(used, used+n) {
			return true
		}
	}
}

// body is a request body being read: its bytes, and what they have taken
// from the budget (nil counts nothing).
type body struct {
	buf    []byte
	budget *Budget
	held   int64
}

// readN appends exactly n bytes from br to b.buf. The buffer grows as the
// bytes arrive, doubling from 4 KiB, each growth taken from the budget
// before it is made.
func (b *body) readN(br *bufio.Reader, n int64) error {
	want := int64(len(b.buf)) + n
	for int64(len(b.buf)) < want {
		if len(b.buf) == cap(b.buf) {
			if err := b.grow(min(want, max(2*int64(cap(b.buf)), 4096))); err != nil {
				return err
			}
		}
		m, err := br.Read(b.buf[len(b.buf):min(int64(cap(b.buf)), want)])
		b.buf = b.buf[:len(b.buf)+m]
		if err != nil && int64(len(b.buf)) < want {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// grow gives b.buf a capacity of size bytes, taking the difference from
// the budget first.
func (b *body) grow(size int64) error {
	more := size - int64(cap(b.buf))
	if b.budget != nil {
		if !b.budget.take(more) {
			return fmt.Errorf("%w: request bodies in memory are at the server's limit of %d bytes; retry later", ErrBodyMemory, b.budget.max)
		}
		b.held += more
	}
	buf := make([]byte, len(b.buf), size)
	copy(buf, b.buf)
	b.buf = buf
	return nil
}

// release gives back what the body holds: the request has been answered.
func (b *body) release() {
	if b.budget != nil && b.held > 0 {
		b.budget.used.Add(-b.held)
	}
	*b = body{budget: b.budget}
}

// readLength reads a body of length bytes, framed by Content-Length.
func (b *body) readLength(br *bufio.Reader, length int64) error {
	err := b.readN(br, length)
	if err != nil && !errors.Is(err, ErrBodyMemory) { // a budget refusal is the server's, not the client's fault
		return fmt.Errorf("%w: body ended after fewer than %d bytes: %w", request.ErrMalformed, length, err)
	}
	return err
}
