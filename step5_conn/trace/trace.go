// Package trace lets a learner see HTTP on the wire (full -trace). A
// Tracer wraps a connection and prints every byte read from it and written to it, as it
// is read and written, labelled by the part of the message it belongs to,
// with the connection's number on every line. The marks are curl -v's:
//
//	[1] * connection 1 opened from 127.0.0.1:53412
//	[1] > request line   GET /health HTTP/1.1\r\n
//	[1] > field          Host: 127.0.0.1:8000\r\n
//	[1] > empty line     \r\n
//	[1] < status line    HTTP/1.1 200 OK\r\n
//	[1] < ...
//	[1] * closed by the client
//
// ">" is what the client sent, "<" what the server sent back, "*" what
// happened to the connection. CR and LF show as \r and \n, other control
// bytes and bytes that are not UTF-8 as \xNN, controls and bidi marks
// beyond ASCII as \uNNNN (step 5's terminal package); long lines and bodies are
// shortened, with their length. A body in chunks is labelled chunk by
// chunk, and a gzip body once more when it is over, decompressed, with
// its size before and after (gzip.go). The Tracer is a
// wrapper: it only implements net.Conn around another net.Conn, so a
// connection that is not traced runs no line of this package, and step 5's
// connection does not know it is watched.
package trace

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/fatih/color"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/terminal"
)

// Tracer prints what crosses the connections it wraps.
type Tracer struct {
	mu     sync.Mutex
	w      io.Writer
	paint  map[byte][2]string // by mark: the escape codes around a line
	conns  int                // connections wrapped so far
	failed error              // the first write error; the trace stops there
}

// NewTracer returns a Tracer writing to w, colouring each direction when
// colour is true (the caller decides, from the terminal and NO_COLOR).
func NewTracer(w io.Writer, colour bool) *Tracer {
	t := &Tracer{w: w, paint: map[byte][2]string{}}
	if colour {
		for mark, attr := range map[byte]color.Attribute{'>': color.FgCyan, '<': color.FgGreen, '*': color.FgYellow} {
			before, after, _ := strings.Cut(terminal.Paint(attr, true).Sprint("\x00"), "\x00")
			t.paint[mark] = [2]string{before, after}
		}
	}
	return t
}

// Conn wraps nc: from now on what is read from it and written to it is
// traced, and so is its end.
func (t *Tracer) Conn(nc net.Conn) net.Conn {
	t.mu.Lock()
	t.conns++
	c := &tracedConn{Conn: nc, t: t, id: t.conns}
	t.mu.Unlock()
	c.in.request, c.out.request = true, false
	c.event("connection %d opened from %s", c.id, nc.RemoteAddr())
	return c
}

// line prints one line of the trace.
func (t *Tracer) line(id int, mark byte, label, text string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failed != nil {
		return
	}
	p := t.paint[mark]
	if label != "" {
		label = fmt.Sprintf("%-14s ", label)
	}
	_, t.failed = fmt.Fprintf(t.w, "[%d] %s%c %s%s%s\n", id, p[0], mark, label, text, p[1])
}

// tracedConn is a connection whose bytes are traced.
type tracedConn struct {
	net.Conn
	t  *Tracer
	id int

	mu       sync.Mutex
	in, out  wire     // the client's bytes, the server's bytes
	methods  []string // of the requests not answered yet: a HEAD's answer has no body
	requests int
	readErr  error // why reading stopped, when it did
	closed   bool
}

func (c *tracedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	if n > 0 {
		c.in.feed(p[:n], c.emit('>'))
	}
	if err != nil && c.readErr == nil && !c.closed {
		c.readErr = err
		switch {
		case errors.Is(err, io.EOF):
			c.flushPartial()
			c.event("closed by the client")
		case errors.Is(err, os.ErrDeadlineExceeded) && !c.out.closing:
			// (After an answer that said Connection: close, a deadline
			// is the server's lingering close, not the client's delay.)
			c.flushPartial()
			c.event("the client sent nothing more in time: a timeout")
		}
	}
	return n, err
}

func (c *tracedConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.flushPartial() // what the client sent so far comes first: this may be its answer
	c.mu.Unlock()
	n, err := c.Conn.Write(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out.feed(p[:n], c.emit('<'))
	return n, err
}

// Close traces who closed the connection, and why, then closes it.
func (c *tracedConn) Close() error {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		c.flushPartial()
		if !errors.Is(c.readErr, io.EOF) {
			c.event("closed by the server%s", c.closeReason())
		}
	}
	c.mu.Unlock()
	return c.Conn.Close()
}

// CloseWrite passes a TCP half-close through: step 5 uses it to close
// gracefully after refusing a request.
func (c *tracedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}

func (c *tracedConn) closeReason() string {
	switch {
	case errors.Is(c.readErr, os.ErrDeadlineExceeded) && !c.out.closing:
		return " (a timeout)"
	case c.out.closing && c.out.status >= 400:
		return fmt.Sprintf(" (after %d %s, which said Connection: close)", c.out.status, response.StatusText(c.out.status))
	case c.out.closing:
		return " (its answer said Connection: close)"
	}
	return ""
}

// emit returns what prints the parts the wire parser finds going mark's way.
func (c *tracedConn) emit(mark byte) emitter {
	return func(label string, b []byte, total int64, zipped bool) {
		if mark == '>' && label == "request line" {
			c.requests++
			if c.requests > 1 {
				c.event("request %d on connection %d (kept alive)", c.requests, c.id)
			}
			method, _, _ := strings.Cut(string(b), " ")
			c.methods = append(c.methods, method)
		}
		if mark == '<' && c.out.headEnd && c.out.status >= 200 && len(c.methods) > 0 {
			// The head of a final answer is over: it answers the oldest
			// request, and has no body when that was a HEAD.
			if c.methods[0] == "HEAD" {
				c.out.noBody()
			}
			c.methods = c.methods[1:]
		}
		c.t.line(c.id, mark, label, describe(label, b, total, zipped))
	}
}

// describe renders a part for the trace: visible bytes, and for a body the
// byte count (of the whole, when this is a piece). Of gzip's bytes, a few:
// what they say is shown once the body is over (gzip.go).
func describe(label string, b []byte, total int64, zipped bool) string {
	if strings.HasPrefix(label, gzipLabel) { // the body decompressed: its sizes are in the label
		return visible(b, maxShown)
	}
	shown := maxShown
	if zipped {
		shown = maxZippedShown
	}
	text := visible(b, shown)
	switch {
	case total > int64(len(b)):
		text += fmt.Sprintf(" (%d of %d bytes)", len(b), total)
	case label == "body" || label == "chunk data" || len(b) > maxShown:
		text += fmt.Sprintf(" (%d bytes)", len(b))
	}
	return text
}

// Labeller writes the bytes one side of a connection sent as the trace
// shows them: a line per part, labelled. Step 7's checker shows the
// exchanges of a failing check with it.
type Labeller struct {
	w      io.Writer
	prefix string
	mark   byte
	wire   wire
}

// NewLabeller returns a Labeller writing to w, each line starting with
// prefix and mark; request says which side it labels.
func NewLabeller(w io.Writer, prefix string, mark byte, request bool) *Labeller {
	return &Labeller{w: w, prefix: prefix, mark: mark, wire: wire{request: request}}
}

// Write labels p, the next bytes of its side.
func (l *Labeller) Write(p []byte) (int, error) {
	l.wire.feed(p, func(label string, b []byte, total int64, zipped bool) {
		fmt.Fprintf(l.w, "%s%c %-14s %s\n", l.prefix, l.mark, label, describe(label, b, total, zipped))
	})
	return len(p), nil
}

// Flush writes a line begun and not ended.
func (l *Labeller) Flush() {
	if len(l.wire.pending) > 0 {
		fmt.Fprintf(l.w, "%s%c %-14s %s\n", l.prefix, l.mark, l.wire.lineLabel(l.wire.pending)+" (unfinished)", visible(l.wire.pending, maxShown))
		l.wire.pending = nil
	}
}

// flushPartial prints a line the client has begun and not ended: a head
// cut off by a timeout, or by a refusal.
func (c *tracedConn) flushPartial() {
	if len(c.in.pending) > 0 {
		label := c.in.lineLabel(c.in.pending) + " (unfinished)"
		c.t.line(c.id, '>', label, visible(c.in.pending, maxShown))
		c.in.pending = nil
	}
}

func (c *tracedConn) event(format string, args ...any) {
	c.t.line(c.id, '*', "", fmt.Sprintf(format, args...))
}

// maxShown is how much of a long line or body the trace prints; of gzip's
// bytes, maxZippedShown (enough to see its magic number, 1f 8b).
const (
	maxShown       = 200
	maxZippedShown = 16
)

// visible renders b for the trace, escaped as everything printed from the
// network is; past max bytes, "...".
func visible(b []byte, max int) string {
	return terminal.Visible(string(b), max)
}
