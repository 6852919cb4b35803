package connection

import (
	"fmt"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// runHandler runs the handler; it is the panic guard. A handler that panics gets its request answered
// with 500, and the connection and the server go on: one bug in one
// handler must not take every other client down with it. The tutorial's
// try/except around the whole connection did half of this: it logged the
// error, but the client got no answer at all.
func (c *conn) runHandler(req *request.Request) (resp *response.Response) {
	defer func() {
		if v := recover(); v != nil {
			c.cfg.Log.Failure(c.cfg.timeToShow(time.Now()), c.addr, req.Method, req.Target, 500, fmt.Errorf("handler panicked: %v", v))
			resp = response.Error(500, "internal server error")
		}
	}()
	if resp = c.cfg.Handler(req); resp == nil {
		panic("handler returned no response")
	}
	return resp
}
