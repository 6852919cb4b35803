// Package connection is step 5 of the tutorial, handle_connection: it
// reads requests from one TCP connection, hands each to a handler, and
// writes the responses back.
//
// TCP is a stream: one Read may return half a request, or two requests
// at once. The tutorial loops on recv until it has seen "\r\n\r\n" and
// Content-Length more bytes. [Handle] does the same with a bufio.Reader,
// then keeps the connection open for the next request, as HTTP/1.1 wants:
//
//	for {
//	    wait for the first byte of a request     (idle timeout)
//	    read the head, then the body             (limits, header timeout)
//	    resp := handler(req)                     (a panic becomes a 500)
//	    write resp, log one line
//	    close if either side asked to
//	}
//
// The hardening lives beside this file, each in a file named for what it
// guards: limits.go, framing.go, chunked.go, expect.go, keepalive.go,
// timeouts.go, status.go.
package connection

import (
	"bufio"
	"fmt"
	"net"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// Handler answers one request; step 4's router.Dispatch is one.
type Handler func(req *request.Request) *response.Response

// conn is one connection's state, reused from request to request.
type conn struct {
	nc     net.Conn
	cfg    *Config
	lim    Limits   // cfg's limits, defaults filled in
	to     Timeouts // cfg's timeouts, defaults filled in
	br     *bufio.Reader
	out    []byte          // responses not yet written (output.go)
	head   []byte          // the head being read
	req    request.Request // the request being served
	addr   string          // the client's host, for the log
	last   time.Time       // when the connection opened, then when the last response was ready
	served int             // requests answered so far
}

// Handle serves HTTP requests on nc until the client closes it, asks to
// close it, breaks the protocol, or times out; then it closes nc.
func Handle(nc net.Conn, cfg *Config) {
	c := &conn{nc: nc, cfg: cfg, lim: cfg.limits(), to: cfg.timeouts(),
		addr: remoteHost(nc), last: time.Now()}
	c.br = bufio.NewReaderSize(network{c}, 4096)
	defer func() {
		// A bug of ours that panics ends this connection, not the server
		// (handler panics are answered with 500 in panic.go).
		if v := recover(); v != nil {
			cfg.Log.Failure(cfg.shown(time.Now()), c.addr, "-", "-", 500, fmt.Errorf("connection panicked: %v", v))
		}
		c.close()
	}()
	for {
		if !c.waitForRequest() {
			return
		}
		// The clock is read twice per request: time.Now is not free,
		// and the deadlines, the Date field and the log can share it.
		start := time.Now()
		shown := cfg.shown(start)
		req, err := c.readRequest(start)
		if err != nil {
			if !connectionGone(err) {
				c.fail(shown, req, err)
			}
			return
		}
		resp := c.call(req)
		c.last = time.Now()
		c.served++
		closing := c.shouldClose(req) || resp.Close
		meta := response.Meta{
			Date:      httpDate(shown),
			Close:     closing,
			KeepAlive: !closing && req.Minor == 0,
			HeadOnly:  req.Method == "HEAD",
		}
		// The response waits in c.out only while the next request is
		// already here; output.go sends it before any wait.
		err = c.queue(resp, meta)
		if err == nil && closing {
			err = c.flush()
		}
		cfg.Log.Request(shown, c.addr, req.Method, req.Target, resp.Status, cfg.shown(c.last).Sub(shown))
		if err != nil || closing {
			return
		}
		c.forget()
	}
}

// readRequest reads one request: the head, then the body the head frames.
func (c *conn) readRequest(start time.Time) (*request.Request, error) {
	if c.served > 0 { // a new connection's first head counts from its opening
		c.setReadDeadline(start, c.to.Header)
	}
	head, err := readHead(c.br, c.head[:0], c.lim)
	c.head = head[:0]
	if err != nil {
		return nil, timeoutError(err, "request head", c.to.Header)
	}
	req := &c.req
	if err := req.ParseHead(head); err != nil {
		return nil, err
	}
	if err := c.readBody(req); err != nil {
		return req, timeoutError(err, "request body", c.to.Body)
	}
	return req, nil
}

// close sends what is left and closes the connection.
func (c *conn) close() {
	c.flush()
	c.nc.Close()
	c.cfg.setState(c.nc, StateClosed)
}

func remoteHost(nc net.Conn) string {
	addr := nc.RemoteAddr().String()
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr // net.Pipe's "pipe"
}

// shown is the time to show for real, in the Date field and the log: real
// itself, unless the config fixes the clock (as the demos do).
func (cfg *Config) shown(real time.Time) time.Time {
	if cfg.Now != nil {
		return cfg.Now()
	}
	return real
}
