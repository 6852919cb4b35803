package connection

import (
	"errors"
	"io"
	"net"
	"os"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// StatusOf maps an error from reading a request to the status that
// answers it. It is the one place where errors become statuses: the
// parser and the readers only say what went wrong.
func StatusOf(err error) int {
	switch {
	case errors.Is(err, ErrURITooLong):
		return 414
	case errors.Is(err, ErrHeaderTooLarge):
		return 431
	case errors.Is(err, ErrBodyTooLarge):
		return 413
	case errors.Is(err, ErrNotImplemented):
		return 501
	case errors.Is(err, ErrBodyMemory):
		return 503
	case errors.Is(err, request.ErrVersion):
		return 505
	case errors.Is(err, ErrTimeout), errors.Is(err, os.ErrDeadlineExceeded):
		return 408
	}
	return 400
}

// refuse answers a request that could not be read with its status and a
// JSON error, then closes the connection: after a framing error there is
// no telling where the next request would start. req is nil when the head
// itself was bad. When the connection itself is gone there is nobody to
// answer, and nothing was refused.
func (c *conn) refuse(start time.Time, req *request.Request, err error) {
	if connectionGone(err) {
		return
	}
	c.body.release() // what the refused request held goes back now, not after the lingering close
	shown := c.cfg.timeToShow(start)
	status := StatusOf(err)
	resp := response.Error(status, err.Error())
	if status == 503 { // busy, not wrong: the same request may fit later
		resp = response.Unavailable(err.Error()) // with Retry-After (step 2)
	}
	c.out = resp.Append(c.out, response.Meta{Date: httpDate(shown), Closing: true})
	c.writeBy(time.Now(), c.timeouts.Write)
	c.flush() // NOTE: ignoring a write error: the connection closes either way
	method, target := "-", "-"
	if req != nil {
		method, target = req.Method, req.Target
	}
	if status == 503 { // the server protecting itself: a flood of these must not flood the log
		c.cfg.Log.Throttled("refused", shown, "503 to %s (%v)", c.addr, err)
	} else {
		c.cfg.Log.Failure(shown, c.addr, method, target, status, err)
	}
	lingeringClose(c.nc)
}

// connectionGone reports whether reading failed because the connection
// is gone, not because of what the client sent: the server closed it
// itself (a shutdown's deadline), or a write found the client gone. There
// is nobody to answer, and nothing was refused.
func connectionGone(err error) bool {
	return errors.Is(err, errClientGone) || errors.Is(err, net.ErrClosed) || errors.Is(err, io.ErrClosedPipe)
}

// Refuse answers a connection that will not be served (step 6 refuses
// those over its connection limit) with resp and "Connection: close",
// without reading a request, and closes it. The log says so at most once
// a second, with a count (accesslog's Throttled): a flood of connections
// must not flood the log.
func Refuse(nc net.Conn, cfg *Config, resp *response.Response, why error) {
	defer nc.Close()
	now := cfg.timeToShow(time.Now())
	nc.SetWriteDeadline(time.Now().Add(time.Second))
	nc.Write(resp.Append(nil, response.Meta{Date: httpDate(now), Closing: true}))
	cfg.Log.Throttled("refused", now, "%d to %s (%v)", resp.Status, remoteHost(nc), why)
	lingeringClose(nc)
}

// lingeringClose stops sending, then reads and drops what the client is
// still sending for a moment before the connection is closed. Closing a
// socket that has unread data makes the kernel send a reset, and the
// client may then lose the response it has not read yet (net/http does
// the same).
func lingeringClose(nc net.Conn) {
	cw, ok := nc.(interface{ CloseWrite() error })
	if !ok || cw.CloseWrite() != nil {
		return // no half-close (net.Pipe): nothing to wait for
	}
	nc.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	io.Copy(io.Discard, io.LimitReader(nc, 256<<10))
}
