package connection

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
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
	t    *testing.T
	nc   net.Conn
	br   *bufio.Reader
	done chan struct{} // closed when Handle returns
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
		Handle(wrap(server), cfg)
		close(c.done)
	}()
	t.Cleanup(func() {
		nc.Close()
		<-c.done
	})
	return c
}

// send writes data in the background: net.Pipe has no buffer, so a write
// only ends when the server has read it all. The channel gets the result.
func (c *client) send(data string) <-chan error {
	errc := make(chan error, 1)
	go func() {
		_, err := c.nc.Write([]byte(data))
		errc <- err
	}()
	return errc
}

// read reads one response, failing the test if there is none. It checks
// what every response must have: a Date in IMF-fixdate, and a
// Content-Length that matches the body.
func (c *client) read(method string) *response.Response {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second)) // a hang fails, not blocks
	r, err := response.Read(c.br, method)
	if err != nil {
		c.t.Fatalf("reading a response: %v", err)
	}
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

// expectClosed checks that the server closed the connection.
func (c *client) expectClosed() {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	if b, err := c.br.ReadByte(); !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrClosedPipe) {
		c.t.Fatalf("connection still open: read %q, %v", b, err)
	}
	<-c.done
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
