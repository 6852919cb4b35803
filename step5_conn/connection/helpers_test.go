package connection

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection/conntest"
)

// echo is the handler of these tests: /echo answers with what it got,
// /panic panics, /nil returns no response, /refuse answers 501 and asks
// to close, anything else is 404.
func echo(req *request.Request) *response.Response {
	switch req.Path() {
	case "/echo":
		return response.JSON(200, map[string]string{"method": req.Method, "body": string(req.Body)})
	case "/panic":
		panic("boom")
	case "/nil":
		return nil
	case "/refuse":
		r := response.Error(501, "not implemented")
		r.Close = true
		return r
	}
	return response.Error(404, "no "+req.Path())
}

// client is the test's end of a connection served by Handle.
type client struct {
	t       *testing.T
	nc      net.Conn
	br      *bufio.Reader
	done    chan struct{} // closed when Handle returns
	closed  atomic.Bool   // whether Handle closed its end before returning
	last    string        // the start of what the client sent last, for the messages
	answers int           // responses read so far
	hint    string        // what this test needs of Handle, when a failure cannot tell: the messages end with it
}

// dial serves one net.Pipe connection with cfg (echo by default) and
// returns the client end. Cleanup closes it and waits for Handle to
// return, so no test leaves a goroutine behind.
func dial(t *testing.T, cfg *Config) *client {
	t.Helper()
	return dialConn(t, cfg, func(nc net.Conn) net.Conn { return nc })
}

// dialConn is dial with the server's end of the pipe wrapped by wrap.
func dialConn(t *testing.T, cfg *Config, wrap func(net.Conn) net.Conn) *client {
	t.Helper()
	if cfg.Handler == nil {
		cfg.Handler = echo
	}
	server, nc := net.Pipe()
	c := &client{t: t, nc: nc, br: bufio.NewReader(nc), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		Handle(wrap(closeWatch{server, &c.closed}), cfg)
		server.Close() // a Handle that forgot to: the client's reads end (Cleanup says so)
	}()
	t.Cleanup(func() {
		nc.Close()
		select {
		case <-c.done:
		case <-time.After(conntest.Within):
			t.Errorf("Handle did not return within %v of the client closing the connection "+
				"(tutorial: if not chunk: break; in Go, return when waitForRequest or c.readRequest fails)", conntest.Within)
			return
		}
		if !c.closed.Load() {
			t.Errorf("Handle returned without closing the connection (tutorial: finally: conn.close(); in Go, defer c.close() after c := newConn(nc, cfg))")
		}
	})
	return c
}

// closeWatch is the server's end of the pipe, noting when it is closed.
type closeWatch struct {
	net.Conn
	closed *atomic.Bool
}

func (w closeWatch) Close() error {
	w.closed.Store(true)
	return w.Conn.Close()
}

// send writes data in the background: net.Pipe has no buffer, so a write
// only ends when the server has read it all. The channel gets the result.
func (c *client) send(data string) <-chan error {
	c.last = strings.Clone(data[:min(len(data), 120)]) // not the whole of a large body: a test measures what connections hold
	errc := make(chan error, 1)
	go func() {
		_, err := c.nc.Write([]byte(data))
		errc <- err
	}()
	return errc
}

// sendAll writes data and waits until the server has read all of it.
func (c *client) sendAll(data string) {
	c.t.Helper()
	select {
	case err := <-c.send(data):
		if err != nil {
			c.t.Fatalf("sending %.120q: %v\n%s", data, err, c.why(err))
		}
	case <-time.After(conntest.Within):
		c.t.Fatalf("the server did not read %.120q within %v "+
			"(tutorial: conn.recv, until the body has content_length bytes; in Go, readRequest: c.readHead, then c.readBody)", data, conntest.Within)
	}
}

// read reads one response, failing the test if there is none. It checks
// what every response must have: a Date in IMF-fixdate, and a
// Content-Length that matches the body.
func (c *client) read(method string) *response.Response {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(conntest.Within)) // a hang fails, not blocks
	r, err := response.Read(c.br, method)
	if err != nil {
		c.t.Fatalf("no response to %.120q: %v\n%s", c.last, err, c.why(err))
	}
	c.answers++
	if r.Status >= 200 {
		if _, err := time.Parse(imfFixdate, r.Get("Date")); err != nil {
			c.t.Errorf("Date %q is not IMF-fixdate: %v", r.Get("Date"), err)
		}
	}
	if r.Status >= 200 && r.Status != 204 {
		if n, err := strconv.Atoi(r.Get("Content-Length")); err != nil || (method != "HEAD" && n != len(r.Body)) {
			c.t.Errorf("Content-Length %q for a %d-byte body", r.Get("Content-Length"), len(r.Body))
		}
		if len(r.Body) > 0 && r.Get("Content-Type") != "application/json; charset=utf-8" {
			c.t.Errorf("Content-Type %q", r.Get("Content-Type"))
		}
	}
	return r
}

// why says what Handle did instead of answering, and what the tutorial
// does there.
func (c *client) why(err error) string {
	select {
	case <-c.done:
	case <-time.After(100 * time.Millisecond): // Handle may be returning, its end just closed
	}
	select {
	case <-c.done:
		if c.answers == 0 {
			return "Handle returned without answering: read the request, call the handler, send the answer " +
				"(tutorial: parse_request(raw); response = dispatch(...); conn.sendall(response); in Go, c.readRequest, c.runHandler, c.send);\n" +
				"a request c.readRequest cannot read is answered too, with its error (tutorial: except Exception as e; in Go, c.refuse)"
		}
		return fmt.Sprintf("Handle returned after %d answer(s): HTTP/1.1 keeps the connection for the next request "+
			"(the tutorial served one; loop, and return only when c.shouldClose says so, keepalive.go)", c.answers)
	default:
	}
	if c.hint != "" {
		return "Handle is still running: " + c.hint
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Sprintf("Handle is still running, and sent nothing within %v "+
			"(tutorial: conn.sendall(response); in Go, c.send, which writes at once when no next request is waiting)", conntest.Within)
	}
	return "Handle is still running"
}

// expectClosed checks that the server closed the connection.
func (c *client) expectClosed() {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(conntest.Within))
	if b, err := c.br.ReadByte(); !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		hint := c.hint
		if hint == "" {
			hint = "tutorial: finally: conn.close(); in Go, return from Handle when c.shouldClose says so, or after c.refuse"
		}
		sent := "nothing sent"
		if c.last != "" {
			sent = fmt.Sprintf("%.120q", c.last)
		}
		got := fmt.Sprintf("read %q", b)
		if err != nil {
			got = err.Error()
		}
		c.t.Fatalf("after %s the connection is still open (%s), want it closed (%s)", sent, got, hint)
	}
	select {
	case <-c.done:
	case <-time.After(conntest.Within):
		c.t.Fatalf("the connection is closed, but Handle did not return within %v", conntest.Within)
	}
}

// expectOpen checks that the connection still serves requests, and that
// the bytes before left it in sync.
func (c *client) expectOpen() {
	c.t.Helper()
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
	if r := c.read("GET"); r.Status != 200 || r.Get("Connection") == "close" {
		c.t.Fatalf("connection not usable any more: %d, Connection: %q", r.Status, r.Get("Connection"))
	}
}

func mentions(r *response.Response, s string) bool { return strings.Contains(string(r.Body), s) }
