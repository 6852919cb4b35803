package connection

import (
	"errors"
	"fmt"

	"httpfromscratch/step2_response/response"
)

// This file is about what the connection writes. The answers to pipelined
// requests share one write, rather than a system call each (what that
// earns, measured by full's BenchmarkLoad/pipelined16, is in
// full/README.md, "What makes it fast"). But only under two rules:
//
//   - A response that is ready never waits for bytes the client has not
//     sent. send writes at once when no next request has begun, and the
//     request reader reads the network through [flushingReader], which sends what
//     is waiting first: the output waits only while the next request is
//     already in memory, or the start of it.
//   - One connection holds at most maxPending bytes of answers: past that
//     they are written at once, and a large body is written from where it
//     is, not copied; a Stream (a long list) goes out a window at a time.
//     A client that pipelines many requests and reads nothing then costs
//     one window, not all of its answers. Past ownPending, the window is
//     room borrowed from what the server's connections share
//     (output_memory.go): ten thousand clients that do not read cost ten
//     thousand small windows, not ten thousand large ones.

// maxPending bounds the answers a connection gathers before it writes.
const maxPending = 64 << 10

// errClientGone wraps a failed write: the client is not reading any more,
// so there is nobody left to answer.
var errClientGone = errors.New("client gone")

// flushingReader is what the request reader reads from: the client's
// connection, except that waiting output is sent before any read, since a
// read may wait for bytes the client will only send once it has its answer.
type flushingReader struct{ c *conn }

func (n flushingReader) Read(p []byte) (int, error) {
	if err := n.c.flush(); err != nil {
		return 0, err
	}
	n.c.armRead() // deadlines.go
	return n.c.nc.Read(p)
}

// queue adds resp to the output. Its head, and a body that fits, join
// what is waiting; otherwise everything is written now.
func (c *conn) queue(resp *response.Response, m response.Meta) error {
	c.out = resp.AppendHead(c.out, m)
	if s := resp.WireStream(m); s != nil {
		if !resp.Chunked(m) {
			_, err := s.WriteTo(output{c}) // through the same bounded output
			return err
		}
		// A length not known before it is written (a body compressed as
		// it goes): each piece the stream writes is framed as a chunk
		// (step 2's chunked.go), then the last chunk ends the body.
		cw := response.NewChunkedWriter(output{c})
		if _, err := s.WriteTo(cw); err != nil {
			return err
		}
		return cw.Close()
	}
	body := resp.WireBody(m)
	if c.fits(len(body)) {
		c.out = append(c.out, body...)
		return nil
	}
	if err := c.flush(); err != nil {
		return err
	}
	return c.write(body)
}

// output is how a response's Stream writes: into what is waiting, which
// goes out each time it fills the window (fits), so that the connection
// holds at most that much of a body of any length; a piece larger than
// half of maxPending, or than the window, is written from where it is.
type output struct{ c *conn }

func (o output) Write(p []byte) (int, error) {
	c := o.c
	if c.fits(len(p)) {
		c.out = append(c.out, p...)
		return len(p), nil
	}
	// Write what waits, keeping its buffer for the next window (flush
	// lets a large one go, once the stream is over).
	if err := c.write(c.out); err != nil {
		return 0, err
	}
	c.out = c.out[:0]
	if len(p) > maxPending/2 || !c.fits(len(p)) {
		return len(p), c.write(p)
	}
	c.out = append(c.out, p...)
	return len(p), nil
}

// WriteString is Write for a string, without a copy into a []byte first
// (io.WriteString finds it): a Stream may write the strings it holds as
// they are.
func (o output) WriteString(s string) (int, error) {
	if c := o.c; c.fits(len(s)) {
		c.out = append(c.out, s...)
		return len(s), nil
	}
	return o.Write([]byte(s))
}

// flush writes what is waiting, and gives back the room it borrowed
// (output_memory.go).
func (c *conn) flush() error {
	var err error
	if len(c.out) > 0 {
		err = c.write(c.out)
	}
	c.out = c.out[:0]
	if cap(c.out) > maxKeep {
		c.out = nil // a rare large batch, or a stream's window: do not keep its buffer
	}
	c.giveBack()
	return err
}

func (c *conn) write(b []byte) error {
	c.armWrite() // deadlines.go
	if _, err := c.nc.Write(b); err != nil {
		return fmt.Errorf("%w: %w", errClientGone, err)
	}
	return nil
}
