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
	"strconv"
	"strings"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step5_conn/connection"
)

// exchange is one check's talk with the server: the connections it opens
// and, in order, every byte sent and received, for the report.
type exchange struct {
	*target
	ctx     context.Context
	conns   []*conn
	records []record
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
}

// open connects to the server.
func (ex *exchange) open() (*conn, error) {
	nc, err := ex.dial(ex.ctx)
	if err != nil {
		return nil, fmt.Errorf("cannot connect: %w", err)
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

// recorder notes what the server sends as it is read.
type recorder struct{ c *conn }

func (r recorder) Read(p []byte) (int, error) {
	n, err := r.c.nc.Read(p)
	if n > 0 {
		r.c.ex.records = append(r.c.ex.records, record{r.c.id, false, bytes.Clone(p[:n])})
	}
	return n, err
}

// send writes s, within the exchange's time bound.
func (c *conn) send(s string) error {
	c.ex.records = append(c.ex.records, record{c.id, true, []byte(s)})
	c.nc.SetWriteDeadline(time.Now().Add(c.ex.opts.Timeout))
	if _, err := io.WriteString(c.nc, s); err != nil {
		return fmt.Errorf("sending: %w", err)
	}
	return nil
}

// sendWhileReading writes s in the background: a server that refuses a
// request may stop reading it halfway, and the answer must still be read.
func (c *conn) sendWhileReading(s string) {
	c.ex.records = append(c.ex.records, record{c.id, true, []byte(s)})
	c.nc.SetWriteDeadline(time.Now().Add(c.ex.opts.Timeout))
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
	fields  []request.Header
	body    []byte
	framing string // how the body's end was found: "Content-Length", "chunked", "the connection's end", "none"
}

func (r *reply) get(name string) string {
	for _, f := range r.fields {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// read reads one response to a request made with method, within the time
// bound. It is lenient, as a checker must be: a response without
// Content-Length is read to the connection's end, and the checks say
// what was wrong with it.
func (c *conn) read(method string) (*reply, error) {
	c.nc.SetReadDeadline(time.Now().Add(c.ex.opts.Timeout))
	line, err := c.br.ReadString('\n')
	if err != nil {
		return nil, readError(err, line == "")
	}
	r := &reply{line: strings.TrimRight(line, "\r\n")}
	proto, rest, _ := strings.Cut(r.line, " ")
	code, _, _ := strings.Cut(rest, " ")
	if r.status, err = strconv.Atoi(code); err != nil || !strings.HasPrefix(proto, "HTTP/") {
		return nil, fmt.Errorf("the answer does not start with a status line: %q", clip(r.line))
	}
	for {
		line, err := c.br.ReadString('\n')
		if err != nil {
			return nil, readError(err, false)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ":")
		r.fields = append(r.fields, request.Header{Name: name, Value: strings.TrimSpace(value)})
	}
	switch {
	case method == "HEAD" || r.status < 200 || r.status == 204 || r.status == 304:
		r.framing = "none"
	case strings.EqualFold(r.get("Transfer-Encoding"), "chunked"):
		r.framing = "chunked"
		r.body, err = io.ReadAll(httputil.NewChunkedReader(c.br))
	case r.get("Content-Length") != "":
		r.framing = "Content-Length"
		n, perr := strconv.Atoi(r.get("Content-Length"))
		if perr != nil || n < 0 {
			return r, fmt.Errorf("Content-Length %q is not a number", r.get("Content-Length"))
		}
		r.body = make([]byte, n)
		_, err = io.ReadFull(c.br, r.body)
	default:
		r.framing = "the connection's end"
		r.body, err = io.ReadAll(c.br)
	}
	if err != nil {
		return r, fmt.Errorf("reading the body: %w", readError(err, false))
	}
	return r, nil
}

// closedByServer waits, within the time bound, for the server to close
// the connection; nil when it does, with nothing more sent.
func (c *conn) closedByServer() error {
	c.nc.SetReadDeadline(time.Now().Add(c.ex.opts.Timeout))
	b, err := c.br.ReadByte()
	switch {
	case err == nil:
		return fmt.Errorf("the server sent more (%q) instead of closing", b)
	case errors.Is(err, io.EOF), errors.Is(err, net.ErrClosed), isReset(err):
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("the connection was still open %v later", c.ex.opts.Timeout)
	}
	return err
}

func isReset(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && strings.Contains(op.Err.Error(), "reset")
}

func readError(err error, nothing bool) error {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return errors.New("no complete answer within the time bound: the server is waiting for something, or hangs")
	case nothing && (errors.Is(err, io.EOF) || isReset(err)):
		return errClosed
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the connection ended in the middle of the answer")
	}
	return err
}

// print shows the exchange, a line per part, labelled as full -trace
// labels it: ">" sent by the checker, "<" sent by the server.
func (ex *exchange) print(w io.Writer, indent string) {
	labellers := map[[2]int]*connection.Labeller{}
	var order [][2]int
	for _, r := range coalesce(ex.records) {
		key := [2]int{r.conn, 0}
		mark := byte('<')
		if r.sent {
			key[1], mark = 1, '>'
		}
		l := labellers[key]
		if l == nil {
			prefix := indent
			if len(ex.conns) > 1 {
				prefix += fmt.Sprintf("[%d] ", r.conn)
			}
			l = connection.NewLabeller(w, prefix, mark, r.sent)
			labellers[key] = l
			order = append(order, key)
		}
		l.Write(r.data)
	}
	for _, key := range order {
		labellers[key].Flush()
	}
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

// clip shortens what the server sent before an error message quotes it.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "..."
	}
	return s
}
