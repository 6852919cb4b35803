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
// The tutorial's handle_connection, and the Go that does each part (the
// Go side names functions that [Handle] reaches; linemap_test.go checks):
//
//	while True: chunk = conn.recv(4096)  c.readHead (head_arena.go): a line at a time, from a bufio.Reader of 4096 bytes
//	if b"\r\n\r\n" in raw: ...           readHead's loop ends at the empty line (isEmptyLine)
//	... = parse_request(raw)             req.ParseHeadString(head) (step 1)
//	content_length = int(...)            framing(req) (framing.go): Content-Length, or chunked
//	if body_received >= content_length   c.readBody (budget.go): the bytes as they arrive, or readChunked (chunked.go)
//	response = dispatch(...)             c.runHandler(req) (panic.go): cfg.Handler, step 4's Dispatch
//	conn.sendall(response)               c.send, batched (output_batch.go)
//	print(f"[{time}] {addr[0]} {method} {path}")  c.logRequest: cfg.Log.Request (step 5's accesslog)
//	except Exception as e: print(...)    c.refuse (status.go): a status and a JSON error
//	finally: conn.close()                defer c.close()
//
// What HTTP/1.1 adds to that loop is a call each, in the order Handle
// makes them: c.waitForRequest (timeouts.go) before each request, since
// the connection stays open; checkBodyLength (limits.go), 413 before a
// byte of a body too large; c.sendContinue (expect.go) for a client that
// waits to be asked for its body; c.shouldClose (keepalive.go), whether
// this answer ends the connection; c.releaseRequest (keepalive.go), what
// an idle connection gives back.
//
// The hardening lives beside this file, each piece in a file named for
// what it guards: limits.go, budget.go, output_memory.go, fairness.go,
// framing.go, chunked.go, expect.go, keepalive.go, timeouts.go,
// status.go, panic.go.
// What makes it fast is in files named for it, each with its
// measurement: output_batch.go, date_cache.go, head_arena.go,
// deadlines.go. config.go is what the connections of a server share. The
// instruments are packages of their own beside this one: the access log
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
		start := time.Now() // the clock is read twice a request: here, and in send once the answer is ready
		req, err := c.readRequest(start)
		if err != nil {
			c.refuse(start, req, err) // a status, a JSON error, and close (status.go)
			return
		}
		resp := c.runHandler(req) // response = dispatch(method, path, headers, body)
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
// up to the empty line; then the body the head announces.
func (c *conn) readRequest(start time.Time) (*request.Request, error) {
	head, err := c.readHead(start) // recv until b"\r\n\r\n", a line at a time (head_arena.go)
	if err != nil {
		return nil, err
	}
	req := &c.req
	if err := req.ParseHeadString(head); err != nil { // parse_request, step 1
		return nil, err
	}

	// Then Content-Length more bytes, or chunks until the last one.
	length, chunked, err := framing(req) // framing.go
	if err != nil || (length == 0 && !chunked) {
		return req, err // a framing error, or no body
	}
	if err := checkBodyLength(length, c.limits); err != nil { // limits.go: 413 before any byte of it
		return req, err
	}
	if err := c.sendContinue(req); err != nil { // expect.go
		return req, err
	}
	req.Body, err = c.readBody(length, chunked) // budget.go: it grows as it arrives
	return req, err
}

// send is the tutorial's conn.sendall(response): it adds what only the
// connection knows (the Date, whether it closes, whether it is a HEAD),
// and writes the bytes now, unless the next request is already here: then
// they wait for its answer, to share a write (output_batch.go).
func (c *conn) send(req *request.Request, resp *response.Response, start time.Time, closing bool) error {
	c.answered = time.Now()                 // the log's time taken, and the idle timeout, count from here
	c.writeBy(c.answered, c.timeouts.Write) // the answer has the write timeout from when it is ready (deadlines.go)
	m := response.Meta{
		Date:      httpDate(c.cfg.timeToShow(start)),
		Closing:   closing,
		KeepAlive: !closing && req.Minor == 0,
		HeadOnly:  req.Method == "HEAD",
		HTTP10:    req.Minor == 0, // no chunks: a body of unknown length ends with the connection (keepalive.go)
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
	limits   Limits   // cfg's limits, defaults filled in
	timeouts Timeouts // cfg's timeouts, defaults filled in
	br       *bufio.Reader
	out      []byte          // responses not yet written (output_batch.go)
	borrowed bool            // out may grow past ownPending: room taken from cfg.OutputMemory (output_memory.go)
	arena    []byte          // where heads are read, each into bytes of its own (head_arena.go)
	req      request.Request // the request being served
	body     body            // its body, counted against cfg.BodyMemory (budget.go)
	addr     string          // the client's host, for the log
	opened   time.Time       // when the connection was accepted: its first request's header timeout counts from it
	answered time.Time       // when the last response was ready (zero before the first): the idle timeout and the log's time taken count from it
	rd, wd   deadline        // when the next read and write must be done (deadlines.go)
}

func newConn(nc net.Conn, cfg *Config) *conn {
	c := &conn{nc: nc, cfg: cfg, limits: cfg.limits(), timeouts: cfg.timeouts(),
		addr: remoteHost(nc), opened: time.Now(), body: body{budget: cfg.BodyMemory, nc: nc}}
	c.br = bufio.NewReaderSize(flushingReader{c}, readSize)
	return c
}

// readSize is the tutorial's conn.recv(4096): the most one read takes,
// and the size of the reader's buffer, so the longest chunk-size line
// (chunked.go).
const readSize = 4096

// close sends what is left and closes the connection. A bug of ours that
// panics ends this connection, not the server (a handler's panic is
// answered with 500 in panic.go); it is logged here, with its stack.
func (c *conn) close() {
	if v := recover(); v != nil {
		c.logPanic("-", "-", fmt.Errorf("connection panicked: %v", v)) // panic.go
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

// remoteHost is the tutorial's addr[0]: the client's address without the
// port.
func remoteHost(nc net.Conn) string {
	addr := nc.RemoteAddr().String()
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr // net.Pipe's "pipe"
}
