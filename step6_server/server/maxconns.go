package server

import (
	"errors"
	"net"
	"strconv"
	"sync/atomic"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection"
)

// DefaultMaxConns bounds open connections when Server.MaxConns is 0. Each
// connection costs a goroutine and its buffers; without a bound, a flood
// of connections costs the server all its memory.
const DefaultMaxConns = 10000

// RetryAfter is what a rejected client is told to wait, in seconds.
const RetryAfter = 1

// maxRejecting bounds the 503s being written at once. Each takes a
// goroutine for up to a second and a half (its write, then the lingering
// close), so a flood of connections at the limit would otherwise start a
// goroutine for each; past it, a connection is closed without a word.
const maxRejecting = 64

// admission is what becomes of a new connection.
type admission int

const (
	admitted admission = iota // served
	tooMany                   // refused with 503
	closing                   // closed: the server is shutting down
)

// tracked is an open connection, with what the server knows of it. Step 5
// serves the tracked connection itself, so that its hook finds these
// fields without a lookup or a lock: they are atomics, changed twice a
// request. A locked map did the same, and cost 2.6% of the server's CPU
// time under wrk (pprof; full/README.md, "What makes it fast").
type tracked struct {
	net.Conn
	state  atomic.Int32  // a connection.State
	served atomic.Bool   // it has started a request: idle now means kept alive
	idleAt atomic.Uint64 // when it last turned idle, as a count of such turns: the smallest is the longest idle
}

// CloseWrite half-closes the connection, if it can (step 5's lingering
// close asks for it).
func (t *tracked) CloseWrite() error {
	if cw, ok := t.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}

// admit counts nc in if there is room for it. At the limit, a kept-alive
// connection waiting for its next request is worth less than a new one
// (nothing is lost: it has no request in flight), so the one idle the
// longest is closed to make room, as nginx does; only when every
// connection is busy is the new one refused. Either way but closing, it
// adds the goroutine that will handle nc to s.wg, under the same lock
// Shutdown takes, so that Shutdown never waits while one is being added.
func (s *Server) admit(nc net.Conn) (*tracked, admission) {
	limit := s.MaxConns
	if limit <= 0 {
		limit = DefaultMaxConns
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.draining.Load():
		return nil, closing
	case len(s.conns) >= limit && !s.evictIdle(limit):
		s.wg.Add(1)
		return nil, tooMany
	}
	if s.conns == nil {
		s.conns = make(map[*tracked]struct{})
	}
	t := &tracked{Conn: nc}
	t.state.Store(int32(connection.StateActive)) // until step 5 says it waits
	s.conns[t] = struct{}{}
	s.wg.Add(1)
	return t, admitted
}

// evictIdle closes the kept-alive connection that has been idle the
// longest and forgets it at once, so that its slot is free; false when
// none is idle. Called with s.mu held.
//
// It looks at every connection, which is fine at the limit, where it runs,
// and keeps the path of every request free of it: setState only counts.
func (s *Server) evictIdle(limit int) bool {
	var oldest *tracked
	for t := range s.conns {
		if connection.State(t.state.Load()) == connection.StateIdle && t.served.Load() && (oldest == nil || t.idleAt.Load() < oldest.idleAt.Load()) {
			oldest = t
		}
	}
	// It may have started a request since it was seen idle: then it stays.
	if oldest == nil || !oldest.state.CompareAndSwap(int32(connection.StateIdle), int32(connection.StateClosed)) {
		return false
	}
	delete(s.conns, oldest) // its goroutine's last setState finds it gone
	oldest.Close()
	s.Config.Log.Printf("  closed a kept-alive idle connection from %s to admit a new one (at the limit of %d connections)", oldest.RemoteAddr(), limit)
	return true
}

// errTooMany is why a connection was refused, for the log.
var errTooMany = errors.New("over the connection limit")

// reject answers a connection over the limit with 503 and a Retry-After
// field (RFC 9110 §10.2.3, §15.6.4), then closes it. It does not read the
// request: the answer is the same whatever was asked.
func reject(nc net.Conn, cfg *connection.Config) {
	resp := response.Error(503, "too many connections; retry later")
	resp.Fields = request.Fields{{Name: "Retry-After", Value: strconv.Itoa(RetryAfter)}}
	connection.Refuse(nc, cfg, resp, errTooMany)
}
