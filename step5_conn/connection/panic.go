package connection

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// runHandler runs the handler; it is the panic guard. A handler that
// panics gets its request answered with 500, and the connection and the
// server go on: one bug in one handler must not take every other client
// down with it. The tutorial's try/except around the whole connection did
// half of this: it logged the error, but the client got no answer at all.
// The log gets what the handler panicked with and where (logPanic).
func (c *conn) runHandler(req *request.Request) (resp *response.Response) {
	defer func() {
		if v := recover(); v != nil {
			c.logPanic(req.Method, req.Target, fmt.Errorf("handler panicked: %v", v))
			resp = response.Error(500, "internal server error")
		}
	}()
	if resp = c.cfg.Handler(req); resp == nil { // a bug as well, but no panic: nothing to unwind
		c.cfg.Log.Failure(c.cfg.timeToShow(time.Now()), c.addr, req.Method, req.Target, 500, errors.New("handler returned no response"))
		return response.Error(500, "internal server error")
	}
	return resp
}

// logPanic logs a panic and the stack of the goroutine that panicked, as
// net/http does: the value alone rarely says where the bug is. It is
// called from a deferred function that has just recovered, while the
// frames that panicked are still on the stack.
func (c *conn) logPanic(method, target string, err error) {
	buf := make([]byte, 64<<10) // net/http's bound on a logged stack
	buf = buf[:runtime.Stack(buf, false)]
	c.cfg.Log.Panicked(c.cfg.timeToShow(time.Now()), c.addr, method, target, err, buf)
}
