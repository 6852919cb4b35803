package connection

import (
	"strings"

	"httpfromscratch/step1_parse/request"
)

// shouldClose decides whether the connection ends after this response
// (RFC 9112 §9.3). The tutorial closed after every request; HTTP/1.1
// keeps the connection open unless a side says "Connection: close", and
// HTTP/1.0 closes unless the client says "Connection: keep-alive". The
// server also closes while it is shutting down.
func (c *conn) shouldClose(req *request.Request) bool {
	if c.cfg.draining() || hasToken(req, "Connection", "close") {
		return true
	}
	return req.Minor == 0 && !hasToken(req, "Connection", "keep-alive")
}

// hasToken reports whether a comma-separated field, such as
// "Connection: keep-alive, Upgrade", holds token (case-insensitively).
func hasToken(req *request.Request, name, token string) bool {
	for _, h := range req.Headers {
		if !strings.EqualFold(h.Name, name) {
			continue
		}
		for v := h.Value; v != ""; {
			var item string
			item, v, _ = strings.Cut(v, ",")
			if strings.EqualFold(strings.Trim(item, " \t"), token) {
				return true
			}
		}
	}
	return false
}

// maxKeep is the most buffer a connection keeps from one request to the
// next. Almost every request fits; the rare large one does not make an
// idle connection hold its buffers for good.
const maxKeep = 8 << 10

// forget lets go of what the request just answered still holds (its body,
// the copy of its head its fields point into) before the connection waits
// for the next one: an idle connection costs its buffers, not its last
// request.
func (c *conn) forget() {
	fields := c.req.Headers
	clear(fields)
	if cap(fields) > 64 {
		fields = nil
	}
	c.req = request.Request{Headers: fields[:0]}
	if cap(c.head) > maxKeep {
		c.head = nil
	}
}
