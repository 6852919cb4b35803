package handlers

import (
	"sync/atomic"
	"time"

	"httpfromscratch/step2_response/response"
)

// healthCache keeps the last /health answer. It changes only when the
// second on the clock or the number of tasks does; building it
// (encoding/json, and time.Format) cost more than the rest of a GET
// /health, and three of its six allocations. Measured in full/README.md
// ("What makes it fast").
//
// The answer is shared by every request of that second: the connection
// writes a response and never changes it. Requests of a new second may
// race to build it; each builds the same, and the last one kept stays.
type healthCache struct {
	last atomic.Pointer[healthAnswer]
}

// healthAnswer is one second's /health answer, and what it says.
type healthAnswer struct {
	sec   int64 // now.Unix(): the body shows the time to the second
	tasks int
	resp  *response.Response
}

// answer is the answer kept for the second of now and n tasks, or nil.
func (c *healthCache) answer(now time.Time, n int) *response.Response {
	if a := c.last.Load(); a != nil && a.sec == now.Unix() && a.tasks == n {
		return a.resp
	}
	return nil
}

// keep keeps r as the answer for the second of now and n tasks.
func (c *healthCache) keep(now time.Time, n int, r *response.Response) {
	c.last.Store(&healthAnswer{sec: now.Unix(), tasks: n, resp: r})
}
