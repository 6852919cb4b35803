package connection

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

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
// all connections: 64 bodies at the 1 MiB limit. The JSON bodies this API
// takes do not count against it (smallBody).
const DefaultBodyMemory = 64 << 20

// smallBody is how much of a body a connection reads without asking the
// budget: memory it may hold anyway, like its read buffer (readSize). This
// API's JSON fits, so a small request never waits on what other clients
// hold; with 10,000 connections it is at most 40 MiB more, bounded by the
// connection limit (step 6).
const smallBody = 4 << 10

// ErrBodyMemory: the server already holds as many request body bytes as
// its budget allows (503, with Retry-After: the next try may fit).
var ErrBodyMemory = errors.New("server busy")

// Budget counts bytes held against a maximum, and who holds them (the
// client address of each body, fairness.go); it is safe for concurrent
// use.
type Budget struct {
	max     int64
	mu      sync.Mutex
	used    int64
	clients map[string]*holding // by client address, each with what it holds
}

// NewBudget returns a budget of max bytes.
func NewBudget(max int64) *Budget { return &Budget{max: max} }

// Used is how many bytes are held now.
func (bg *Budget) Used() int64 {
	bg.mu.Lock()
	defer bg.mu.Unlock()
	return bg.used
}

// body is a request body being read: its bytes, and what they have taken
// from the budget (nil counts nothing).
type body struct {
	buf    []byte
	budget *Budget
	client string   // the client address it counts under (fairness.go)
	nc     net.Conn // its connection, whose read another body may interrupt (fairness.go)
	held   int64    // bytes taken from the budget

	// Under budget.mu: whether its bytes are still arriving (only such a
	// body may be given up to make room), and a channel closed when it
	// gives back what it holds, for a body waiting for that room.
	reading bool
	freed   chan struct{}
	// givenUp is set when this body is given up to make room for another
	// client's: its read stops, and the request is refused with 503.
	givenUp atomic.Bool
}

// readN appends exactly n bytes from br to b.buf. The buffer grows as the
// bytes arrive, doubling from smallBody, each growth past smallBody taken
// from the budget before it is made.
func (b *body) readN(br *bufio.Reader, n int64) error {
	want := int64(len(b.buf)) + n
	for int64(len(b.buf)) < want {
		if len(b.buf) == cap(b.buf) {
			if err := b.grow(min(want, max(2*int64(cap(b.buf)), smallBody))); err != nil {
				return err
			}
		}
		m, err := br.Read(b.buf[len(b.buf):min(int64(cap(b.buf)), want)])
		b.buf = b.buf[:len(b.buf)+m]
		if b.givenUp.Load() {
			return b.errGivenUp()
		}
		if err != nil && int64(len(b.buf)) < want {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
	}
	return nil
}

// grow gives b.buf a capacity of size bytes, taking what passes smallBody
// from the budget first.
func (b *body) grow(size int64) error {
	if more := size - max(int64(cap(b.buf)), smallBody); more > 0 && b.budget != nil {
		if err := b.budget.take(b, more); err != nil {
			return err
		}
	}
	buf := make([]byte, len(b.buf), size)
	copy(buf, b.buf)
	b.buf = buf
	return nil
}

// read is over: the body is whole, or refused. From now on it cannot be
// given up; one that was, meanwhile, is refused all the same, so that a
// request is never half served.
func (b *body) read() error {
	if b.budget != nil && b.held > 0 {
		b.budget.mu.Lock()
		b.reading = false
		b.budget.mu.Unlock()
	}
	if b.givenUp.Load() {
		return b.errGivenUp()
	}
	return nil
}

// release gives back what the body holds: the request has been answered,
// or refused.
func (b *body) release() {
	if b.budget != nil && b.held > 0 {
		b.budget.give(b)
	}
	b.buf, b.held, b.reading, b.freed = nil, 0, false, nil
	b.givenUp.Store(false)
}

// readBody reads the body the head announced, length bytes or chunks,
// into c.body, and returns it: the tutorial's recv until body_received >=
// content_length. The body timeout counts from now, the head being in.
func (c *conn) readBody(length int64, chunked bool) ([]byte, error) {
	c.readBy(time.Now(), c.timeouts.Body) // deadlines.go
	var err error
	if chunked {
		err = readChunked(c.br, &c.body, c.limits) // chunked.go
	} else {
		err = c.body.readLength(c.br, length)
	}
	if err != nil {
		err = timeoutError(err, "request body", c.timeouts.Body)
	}
	return c.body.buf, err
}

// readLength reads a body of length bytes, framed by Content-Length.
func (b *body) readLength(br *bufio.Reader, length int64) error {
	err := b.readN(br, length)
	if err != nil && !errors.Is(err, ErrBodyMemory) { // a budget refusal is the server's, not the client's fault
		return fmt.Errorf("%w: body ended after fewer than %d bytes: %w", request.ErrMalformed, length, err)
	}
	if err == nil {
		err = b.read()
	}
	return err
}
