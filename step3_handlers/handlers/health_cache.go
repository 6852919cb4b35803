package handlers

import "httpfromscratch/step2_response/response"

// CachedHealth is [Handlers.Health] built at most once a second, which is
// what the route table serves. The answer changes only when the second on
// the clock or the number of tasks does; building it (encoding/json, and
// time.Format) cost more than the rest of a GET /health, and three of its
// six allocations. Measured in full/README.md ("What makes it fast").
//
// The answer is shared by every request of that second: the connection
// writes a response and never changes it.
func (h *Handlers) CachedHealth() *response.Response {
	now, n := h.Now(), h.Store.Len()
	sec := now.Unix()
	if a := h.lastHealth.Load(); a != nil && a.sec == sec && a.tasks == n {
		return a.resp
	}
	a := &healthAnswer{sec: sec, tasks: n, resp: health(now, n)}
	h.lastHealth.Store(a)
	return a.resp
}

// healthAnswer is one second's /health answer, and what it says.
type healthAnswer struct {
	sec   int64 // now.Unix(): the body shows the time to the second
	tasks int
	resp  *response.Response
}
