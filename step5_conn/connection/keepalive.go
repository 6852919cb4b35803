package connection

import (
	"bufio"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// shouldClose decides whether the connection ends after this response
// (RFC 9112 §9.3). The tutorial closed after every request; HTTP/1.1
// keeps the connection open unless a side says "Connection: close", and
// HTTP/1.0 closes unless the client says "Connection: keep-alive". The
// server also closes while it is shutting down, or when the handler asks
// (a refusal such as 501). And an HTTP/1.0 client, which knows no chunks,
// learns where a body of unknown length ends only when the connection does
// (RFC 9112 §6.3; step 4 compresses nothing for it, so this is a net).
func (c *conn) shouldClose(req *request.Request, resp *response.Response) bool {
	if resp.Close || c.cfg.draining() || req.Fields.HasToken("Connection", "close") {
		return true
	}
	return req.Minor == 0 && (!req.Fields.HasToken("Connection", "keep-alive") || resp.UnknownLength())
}

// maxKeep is the most buffer a connection keeps from one request to the
// next. Almost every request fits; the rare large one does not make an
// idle connection hold its buffers for good.
const maxKeep = 8 << 10

// releaseRequest lets go of what the request just answered still holds
// (its body, its fields) before the connection waits for the next one: an
// idle connection costs its buffers, not its last request. A head too
// large for the arena had an array of its own, which goes with the fields.
func (c *conn) releaseRequest() {
	fields := c.req.Fields
	clear(fields)
	if cap(fields) > 64 {
		fields = nil
	}
	c.req = request.Request{Fields: fields[:0]}
	c.body.release() // its bytes go back to the server's budget (budget.go)
}

// maxEmptyLines is how many empty lines may come before a request line.
// RFC 9112 §2.2 asks a server to ignore at least one (some clients send a
// CRLF after a body); a stream of them is not a request.
const maxEmptyLines = 8

// noRequestBuffered reports whether the reader holds nothing but empty
// lines (or nothing): no next request has begun, so the answers go out
// now and the connection waits, idle.
func noRequestBuffered(br *bufio.Reader) bool {
	b, _ := br.Peek(br.Buffered())
	for _, c := range b {
		if c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

// skipEmptyLines drops the empty lines before a request, while the
// connection is still idle: a stray CRLF is not the start of a request,
// and must not start the header timeout. More than maxEmptyLines are left
// for the parser, which refuses an empty request line.
func skipEmptyLines(br *bufio.Reader) error {
	for range maxEmptyLines {
		b, err := br.Peek(1)
		if err != nil || b[0] != '\r' {
			return err
		}
		if b, err = br.Peek(2); err != nil || b[1] != '\n' {
			return err // a bare CR: the parser refuses it
		}
		br.Discard(2)
	}
	return nil
}
