package check

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http/httputil"
	"os"
	"strings"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step5_conn/terminal"
	"httpfromscratch/step5_conn/trace"
)

// exchange is one check's talk with the server: the connections it opens
// and, in order, the bytes sent and received, for the report.
type exchange struct {
	*target
	ctx      context.Context // ends at deadline
	deadline time.Time       // the check's: nothing it does waits past it
	conns    []*conn
	records  []record
	id       int // the task the check worked on, for {id} in its command; 0: none yet
}

// within returns when a step that may take d must be over: d from now,
// and never past the check's deadline. Each read, write and dial is armed
// with it on the line before; a read never moves the check's deadline.
func (ex *exchange) within(d time.Duration) time.Time {
	if t := time.Now().Add(d); t.Before(ex.deadline) {
		return t
	}
	return ex.deadline
}

type record struct {
	conn int  // 1, 2, ... in the order the check opened them
	sent bool // by the checker; else received from the server
	data []byte
}

// conn is one connection of a check.
type conn struct {
	ex *exchange
	id int
	nc net.Conn
	br *bufio.Reader

	recorded, dropped int64 // bytes received kept for the report, and past maxRecorded
}

// open connects to the server.
func (ex *exchange) open() (*conn, error) {
	nc, err := ex.dial(ex.ctx)
	if err != nil {
		return nil, fail("connect", err)
	}
	c := &conn{ex: ex, id: len(ex.conns) + 1, nc: nc}
	c.br = bufio.NewReader(recorder{c})
	ex.conns = append(ex.conns, c)
	return c, nil
}

// closeAll closes every connection the check opened.
func (ex *exchange) closeAll() {
	for _, c := range ex.conns {
		c.nc.Close()
	}
}

// recorder notes what the server sends as it is read: the first
// maxRecorded bytes of each connection, and how many more came.
type recorder struct{ c *conn }

func (r recorder) Read(p []byte) (int, error) {
	n, err := r.c.nc.Read(p)
	keep := min(int64(n), max(0, maxRecorded-r.c.recorded))
	if keep > 0 {
		r.c.ex.records = append(r.c.ex.records, record{r.c.id, false, bytes.Clone(p[:keep])})
	}
	r.c.recorded += keep
	r.c.dropped += int64(n) - keep
	return n, err
}

// send writes s, within the exchange's time bound.
func (c *conn) send(s string) error {
	c.ex.records = append(c.ex.records, record{c.id, true, []byte(s)})
	c.nc.SetWriteDeadline(c.ex.within(c.ex.opts.Timeout))
	if _, err := io.WriteString(c.nc, s); err != nil {
		return fail("sending", err)
	}
	return nil
}

// sendWhileReading writes s in the background: a server that refuses a
// request may stop reading it halfway, and the answer must still be read.
func (c *conn) sendWhileReading(s string) {
	c.ex.records = append(c.ex.records, record{c.id, true, []byte(s)})
	c.nc.SetWriteDeadline(c.ex.within(c.ex.opts.Timeout))
	go io.WriteString(c.nc, s) // NOTE: ignoring the error: the answer says what happened
}

// sendInPieces writes each piece in a write of its own, with a pause
// between them, so that the server's reads see the pieces apart, as a
// slow network would hand them over.
func (c *conn) sendInPieces(pieces ...string) error {
	for i, p := range pieces {
		if i > 0 {
			time.Sleep(piecePause)
		}
		if err := c.send(p); err != nil {
			return err
		}
	}
	return nil
}

// piecePause is long enough for a server on this machine to read what
// arrived, short enough to keep the checklist quick.
const piecePause = 30 * time.Millisecond

// reply is one response, as received.
type reply struct {
	status  int
	line    string // the status line, without CRLF
	fields  request.Fields
	body    []byte  // at most maxBody bytes; empty for a streamed body (see tasklist.go)
	framing framing // how the body's end is found
	length  int64   // Content-Length, when that is the framing
}

// framing is how a response's body ends (RFC 9112 §6.3).
type framing int

const (
	noBody   framing = iota // a HEAD answer, 1xx, 204, 304
	byLength                // Content-Length bytes
	byChunks                // Transfer-Encoding: chunked
	byClose                 // none of those: the connection's end, which a client cannot tell from a cut
)

func (r *reply) get(name string) string { return r.fields.Get(name) }

// read reads one response to a request made with method, whole, within
// the time bound. It is lenient, as a checker must be: a response without
// Content-Length is read to the connection's end, and the checks say
// what was wrong with it. It is careful too: the limits of limits.go
// make a long answer a failing check, never a long wait or a full memory.
func (c *conn) read(method string) (*reply, error) {
	return c.readBy(method, c.ex.within(c.ex.opts.Timeout))
}

// readBy is read with the answer's deadline given: the slow check waits
// for the server's own timeout, longer than an exchange's bound.
func (c *conn) readBy(method string, deadline time.Time) (*reply, error) {
	c.nc.SetReadDeadline(deadline)
	r, err := c.readHead(method)
	if err != nil {
		return nil, err
	}
	if r.framing == byLength && r.length > maxBody {
		return r, fail("body-over-cl", size(maxBody), r.length)
	}
	r.body, err = io.ReadAll(io.LimitReader(c.body(r), maxBody+1))
	switch {
	case err != nil:
		return r, fail("reading-body", readError(err, false))
	case len(r.body) > maxBody:
		return r, fail("body-over", size(maxBody))
	}
	return r, nil
}

// readHead reads the status line and the fields of a response to a
// request made with method, and how its body is framed.
//
//	HTTP/1.1 200 OK\r\n              at most maxStatusLine bytes
//	Content-Length: 45\r\n           at most maxFields fields,
//	Content-Type: application/json\r\n   maxHead bytes in all
//	\r\n
func (c *conn) readHead(method string) (*reply, error) {
	line, err := c.readLine(maxStatusLine)
	switch {
	case errors.Is(err, errTooLong):
		return nil, fail("status-too-long", size(maxStatusLine))
	case err != nil:
		return nil, readError(err, line == "")
	}
	r := &reply{line: line}
	if _, r.status, _, err = request.ParseStatusLine(line); err != nil {
		return nil, fail("no-status-line", quote(r.line))
	}
	if r.fields, err = c.readFields(); err != nil {
		return nil, err
	}
	switch {
	case !request.HasBody(method, r.status):
		r.framing = noBody
	case strings.EqualFold(r.get("Transfer-Encoding"), "chunked"):
		r.framing = byChunks
	case r.get("Content-Length") != "":
		r.framing = byLength
		if r.length, err = r.contentLength(); err != nil {
			return nil, err
		}
	default:
		r.framing = byClose
	}
	return r, nil
}

// readFields reads field lines up to the empty line that ends them: the
// header section, or the trailer section after a chunked body.
func (c *conn) readFields() (request.Fields, error) {
	var fields request.Fields
	left := maxHead
	for {
		line, err := c.readLine(left)
		switch {
		case errors.Is(err, errTooLong):
			return nil, fail("head-too-long", size(maxHead))
		case err != nil:
			return nil, readError(err, false)
		case line == "":
			return fields, nil
		case len(fields) == maxFields:
			return nil, fail("too-many-fields", maxFields)
		}
		left -= len(line) + len("\r\n")
		name, value, _ := strings.Cut(line, ":")
		fields = append(fields, request.Field{Name: name, Value: strings.TrimSpace(value)})
	}
}

// body returns a reader of r's body, which ends where r's framing says.
func (c *conn) body(r *reply) io.Reader {
	switch r.framing {
	case byChunks:
		return &chunked{c: c, r: httputil.NewChunkedReader(c.br)}
	case byLength:
		return &exactly{r: c.br, left: r.length}
	case byClose:
		return c.br
	}
	return strings.NewReader("")
}

// chunked decodes a chunked body. httputil's reader stops at the last
// chunk ("0\r\n"); the trailer section and its empty line follow, and
// are read too, so that the next answer starts where it should.
type chunked struct {
	c *conn // nil once the trailer is read
	r io.Reader
}

func (b *chunked) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if errors.Is(err, io.EOF) && b.c != nil {
		if _, terr := b.c.readFields(); terr != nil {
			err = terr
		}
		b.c = nil
	}
	return n, err
}

// closedByServer waits, within the time bound, for the server to close
// the connection; nil when it does, with nothing more sent.
func (c *conn) closedByServer() error {
	c.nc.SetReadDeadline(c.ex.within(c.ex.opts.Timeout))
	b, err := c.br.ReadByte()
	switch {
	case err == nil:
		return fail("sent-more", quote(string([]byte{b})))
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed), isReset(err):
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fail("still-open", c.ex.opts.Timeout)
	}
	return err
}

// nothingAfter checks that no byte follows r's body on the connection
// within the time bound: a Content-Length short of the body leaves the
// rest there, to be read as the next answer. A close, or silence (a
// server keeping the connection open), is nothing after.
func (c *conn) nothingAfter(r *reply) error {
	c.nc.SetReadDeadline(c.ex.within(c.ex.opts.Timeout))
	b, err := c.br.ReadByte()
	switch {
	case err != nil:
		return nil
	case r.framing == byLength:
		return fail("after-body", r.length, quote(string([]byte{b})+c.buffered()))
	}
	return fail("sent-more", quote(string([]byte{b})+c.buffered()))
}

// buffered is what the connection has read and not handed out yet.
func (c *conn) buffered() string {
	b, _ := c.br.Peek(c.br.Buffered())
	return string(b)
}

// isReset reports whether the peer reset the connection (resetErrors:
// ECONNRESET, and Windows' own code for it).
func isReset(err error) bool {
	for _, reset := range resetErrors {
		if errors.Is(err, reset) {
			return true
		}
	}
	return false
}

func readError(err error, nothing bool) error {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fail("hangs")
	case nothing && (errors.Is(err, io.EOF) || isReset(err)):
		return errClosed
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return fail("cut-short")
	case errors.Is(err, httputil.ErrLineTooLong):
		return fail("chunk-too-long")
	}
	return err
}

// print shows the exchange, a line per part, labelled as full -trace
// labels it: ">" sent by the checker, "<" sent by the server. The
// Labeller escapes what it prints; at most maxLines lines a side of a
// connection are shown.
func (ex *exchange) print(w io.Writer, indent string) {
	labellers := map[[2]int]*trace.Labeller{}
	var order [][2]int
	prefix := func(conn int) string {
		if len(ex.conns) > 1 {
			return indent + fmt.Sprintf("[%d] ", conn)
		}
		return indent
	}
	for _, r := range coalesce(ex.records) {
		key := [2]int{r.conn, 0}
		mark := byte('<')
		if r.sent {
			key[1], mark = 1, '>'
		}
		l := labellers[key]
		if l == nil {
			shown := &lineCap{w: w, prefix: prefix(r.conn) + string(mark), left: maxLines, lang: ex.opts.Lang, sent: r.sent}
			l = trace.NewLabeller(shown, prefix(r.conn), mark, r.sent)
			labellers[key] = l
			order = append(order, key)
		}
		l.Write(r.data)
	}
	for _, key := range order {
		labellers[key].Flush()
	}
	for _, c := range ex.conns {
		if c.dropped > 0 {
			fmt.Fprintf(w, "%s< %s\n", prefix(c.id), ex.opts.Lang.say("dropped", c.dropped))
		}
	}
}

// maxLines is how many lines of one side of a connection a report shows.
const maxLines = 40

// lineCap passes on the first lines written to it, a line a Write as the
// Labeller writes them, with their labels in the report's language
// (relabel.go), then says that more were left out.
type lineCap struct {
	w      io.Writer
	prefix string // the Labeller's, and its mark
	left   int
	lang   Lang
	sent   bool // the checker's side: requests
}

func (l *lineCap) Write(p []byte) (int, error) {
	l.left--
	switch {
	case l.left >= 0:
		if l.lang == Chinese {
			io.WriteString(l.w, relabel(string(p), l.prefix, l.sent, l.lang))
			return len(p), nil
		}
		return l.w.Write(p)
	case l.left == -1:
		fmt.Fprintf(l.w, "%s %s\n", l.prefix, l.lang.say("more"))
	}
	return len(p), nil
}

// coalesce joins the records that follow each other on one connection in
// one direction: how the bytes were cut into reads says nothing about the
// messages.
func coalesce(records []record) []record {
	var out []record
	for _, r := range records {
		if n := len(out); n > 0 && out[n-1].conn == r.conn && out[n-1].sent == r.sent {
			out[n-1].data = append(out[n-1].data, r.data...)
			continue
		}
		out = append(out, record{r.conn, r.sent, bytes.Clone(r.data)})
	}
	return out
}

// clip prepares what the server sent for a message: escaped, as
// everything printed from the network is (terminal.Visible), and cut
// after 80 bytes.
func clip(s string) string {
	return terminal.Visible(s, 80)
}

// quote is clip in double quotes, for a line or a field's value.
func quote(s string) string {
	return `"` + clip(s) + `"`
}
