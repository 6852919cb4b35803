package connection

import (
	"strings"
	"time"

	"httpfromscratch/step1_parse/request"
)

// sendContinue answers "Expect: 100-continue" (RFC 9110 §10.1.1). A client
// that sends it (curl does, for bodies over 1 KiB) waits for an interim
// "100 Continue" before it sends the body, so the server can refuse a body
// it would not take without the client wasting the upload. readRequest has
// already answered 413 for a declared length over the limit; here the body
// is welcome, so say so. Responses to earlier pipelined requests go first.
func (c *conn) sendContinue(req *request.Request) error {
	if req.Minor == 0 || !strings.EqualFold(req.Get("Expect"), "100-continue") {
		return nil
	}
	c.out = append(c.out, "HTTP/1.1 100 Continue\r\n\r\n"...)
	c.writeBy(time.Now(), c.timeouts.Write)
	return c.flush()
}
