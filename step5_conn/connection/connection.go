// Package connection is step 5 of the tutorial, handle_connection: it
// reads requests from one TCP connection, hands each to a handler, and
// writes the responses back.
//
// TCP keeps no message boundaries (TCP 不保证边界): one recv may return
// half a request, or two requests at once. So the tutorial loops on recv
// until it has seen the empty line "\r\n\r\n" and then Content-Length more
// bytes; [Handle] does the same, through a bufio.Reader, and then keeps the
// connection open for the next request, as HTTP/1.1 wants.
//
// The tutorial's handle_connection, and the Go line that does each part:
//
//	while True: chunk = conn.recv(4096)     c.br.ReadSlice('\n') in readRequest, a line at a time
//	if b"\r\n\r\n" in raw: ...               the loop ends at the empty line (isEmptyLine)
//	content_length = int(...)                framing(req) (framing.go): Content-Length or chunked
//	if body_received >= content_length       io.ReadFull(c.br, req.Body)
//	... = parse_request(raw)                 req.ParseHeadString(head) (step 1)
//	response = dispatch(...)                 c.runHandler(req): cfg.Handler, step 4's Dispatch (panic.go)
//	conn.sendall(response)                   c.send, batched (output_batch.go)
//	print(f"[{time}] {addr[0]} {method} {path}")  cfg.Log.Request (step 5's accesslog)
//	except Exception as e: print(...)        c.refuse: a status and a JSON error (status.go)
//	finally: conn.close()                    defer c.close()
//
// The hardening lives beside this file, each piece in a file named for
// what it guards: limits.go, budget.go, fairness.go, framing.go,
// chunked.go, expect.go, keepalive.go, timeouts.go, status.go, panic.go. What makes it fast is in
// files named for it: output_batch.go, date_cache.go. The instruments are
// packages of their own beside this one: the access log
// (step5_conn/accesslog), the trace that lets a learner watch the bytes
// (step5_conn/trace, full -trace), and the escaping of what reaches a
// terminal (step5_conn/terminal).
package connection

import (
	"bufio"
	"fmt"
	"net"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// Handle serves HTTP requests on nc until the client closes it, asks to
// close it, breaks the protocol, or times out; then it closes nc.
//
// Tutorial: handle_connection
func Handle(nc net.Conn, cfg *Config) {
	c := newConn(nc, cfg)
	defer c.close() // finally: conn.close()
	for {           // the tutorial served one request; HTTP/1.1 keeps going (keepalive.go)
		if !c.waitForRequest() {
			return
		}
		start := time.Now() // the clock is read twice a request: here, and once the answer is ready
		req, err := c.readRequest(start)
		if err != nil {
			c.refuse(start, req, err) // a status, a JSON error, and close (status.go)
			return
		}
		resp := c.runHandler(req) // response = dispatch(method, path, headers, body)
		c.answered = time.Now()
		c.writeBy(c.answered, c.to.Write) // the answer has the write timeout from when it is ready
		c.served++
		closing := c.shouldClose(req, resp)
		err = c.send(req, resp, start, closing) // conn.sendall(response)
		c.logRequest(start, req, resp)          // print(f"[{time}] {addr[0]} {method} {path}")
		if err != nil || closing {
			return
		}
		c.releaseRequest() // what the request held goes back (keepalive.go)
	}
}

// readRequest reads one request: the tutorial's recv loop. First the head,
// a line at a time up to the empty line, so that each line is checked
// against its limit while it is still arriving (limits.go); then the body
// the head announces.
func (c *conn) readRequest(start time.Time) (*request.Request, error) {
	if c.served > 0 { // a new connection's first head counts from when it opened (waitForRequest)
		c.readBy(start, c.to.Header) // the head has the header timeout from its first byte
	}
	head := c.headSpace() // bytes that are never written again (head_arena.go)
	fieldsStart := -1     // where the header fields begin; -1 while reading the request line
	for {
		lineStart := len(head)
		var err error
		if head, err = readLine(c.br, head, fieldsStart, c.lim); err != nil {
			return nil, timeoutError(err, "request head", c.to.Header)
		}
		if fieldsStart < 0 {
			fieldsStart = len(head) // the request line is in; the fields follow
		} else if isEmptyLine(head[lineStart:]) {
			break // b"\r\n\r\n": the head is complete
		}
	}
	req := &c.req
	if err := req.ParseHeadString(c.headString(head)); err != nil { // parse_request, step 1
		return nil, err
	}

	// Then Content-Length more bytes, or chunks until the last one.
	length, chunked, err := framing(req) // framing.go
	if err != nil {
		return req, err
	}
	if err := checkBodyLength(length, c.lim); err != nil { // limits.go: 413 before any byte of it
		return req, err
	}
	if length == 0 && !chunked {
		return req, nil // no body
	}
	if err := c.sendContinue(req); err != nil { // expect.go
		return req, err
	}
	c.readBy(time.Now(), c.to.Body) // the body has the body timeout once the head is in
	// The body grows as it arrives, counted against the server's budget
	// for bodies (budget.go): a declared length alone costs nothing.
	if chunked {
		err = readChunked(c.br, &c.body, c.lim) // chunked.go
	} else {
		err = c.body.readLength(c.br, length)
	}
	req.Body = c.body.buf
	if err != nil {
		return req, timeoutError(err, "request body", c.to.Body)
	}
	return req, nil
}

// send is the tutorial's conn.sendall(response): it adds what only the
// connection knows (the Date, whether it closes, whether it is a HEAD),
// and writes the bytes now, unless the next request is already here: then
// they wait for its answer, to share a write (output_batch.go).
func (c *conn) send(req *request.Request, resp *response.Response, start time.Time, closing bool) error {
	m := response.Meta{
		Date:      httpDate(c.cfg.timeToShow(start)),
		Closing:   closing,
		KeepAlive: !closing && req.Minor == 0,
		HeadOnly:  req.Method == "HEAD",
	}
	err := c.queue(resp, m)
	if err == nil && (closing || noRequestBuffered(c.br)) {
		err = c.flush()
	}
	return err
}

// Handler answers one request; step 4's router.Dispatch is one.
//
// The connection reuses one Request for all the requests it reads, so a
// handler must not keep req, or anything in it, after it returns: copy
// what it keeps (step 3 keeps only strings it has built itself).
type Handler func(req *request.Request) *response.Response

// conn is one connection's state, reused from request to request.
type conn struct {
	nc       net.Conn
	cfg      *Config
	lim      Limits   // cfg's limits, defaults filled in
	to       Timeouts // cfg's timeouts, defaults filled in
	br       *bufio.Reader
	out      []byte          // responses not yet written (output_batch.go)
	arena    []byte          // where heads are read, each into bytes of its own (head_arena.go)
	req      request.Request // the request being served
	body     body            // its body, counted against cfg.BodyMemory (budget.go)
	addr     string          // the client's host, for the log
	opened   time.Time       // when the connection was accepted: its first request's header timeout counts from it
	answered time.Time       // when the last response was ready: the idle and write timeouts count from it
	served   int             // requests answered so far
	rd, wd   deadline        // when the next read and write must be done (deadlines.go)
}

func newConn(nc net.Conn, cfg *Config) *conn {
	c := &conn{nc: nc, cfg: cfg, lim: cfg.limits(), to: cfg.timeouts(),
		addr: remoteHost(nc), opened: time.Now(), body: body{budget: cfg.BodyMemory, nc: nc}}
	c.br = bufio.NewReaderSize(flushingReader{c}, 4096) // conn.recv(4096)
	return c
}

// close sends what is left and closes the connection. A bug of ours that
// panics ends this connection, not the server (a handler's panic is
// answered with 500 in panic.go); it is logged here.
func (c *conn) close() {
	if v := recover(); v != nil {
		c.cfg.Log.Failure(c.cfg.timeToShow(time.Now()), c.addr, "-", "-", 500, fmt.Errorf("connection panicked: %v", v))
	}
	c.flush() // NOTE: ignoring a write error: the connection closes either way
	c.body.release()
	c.nc.Close()
	c.cfg.setState(c.nc, StateClosed)
}

// logRequest writes the log line of an answered request; the times shown
// are the config's clock, for the demos.
func (c *conn) logRequest(start time.Time, req *request.Request, resp *response.Response) {
	shown := c.cfg.timeToShow(start)
	c.cfg.Log.Request(shown, c.addr, req.Method, req.Target, resp.Status, c.cfg.timeToShow(c.answered).Sub(shown))
}

// isEmptyLine reports whether line, LF included, is the empty line that
// ends a head ("\r\n"; a bare "\n" too, which ParseHead then refuses).
func isEmptyLine(line []byte) bool {
	return len(line) == 2 && line[0] == '\r' || len(line) == 1
}

// remoteHost is the tutorial's addr[0]: the client's address without the
// port.
func remoteHost(nc net.Conn) string {
	addr := nc.RemoteAddr().String()
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr // net.Pipe's "pipe"
}
