package server

import (
	"errors"
	"net"
	"strconv"

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

// tracked is what the server knows of an open connection.
type tracked struct {
	state  connection.State
	served bool   // it has started a request: idle now means kept alive
	idleAt uint64 // when it last turned idle, as a count of such turns: the smallest is the longest idle
}

// admit counts nc in if there is room for it. At the limit, a kept-alive
// connection waiting for its next request is worth less than a new one
// (nothing is lost: it has no request in flight), so the one idle the
// longest is closed to make room, as nginx does; only when every
// connection is busy is the new one refused. Either way but closing, it
// adds the goroutine that will handle nc to s.wg, under the same lock
// Shutdown takes, so that Shutdown never waits while one is being added.
func (s *Server) admit(nc net.Conn) admission {
	limit := s.MaxConns
	if limit <= 0 {
		limit = DefaultMaxConns
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.draining.Load():
		return closing
	case len(s.conns) >= limit && !s.evictIdle(limit):
		s.wg.Add(1)
		return tooMany
	}
	if s.conns == nil {
		s.conns = make(map[net.Conn]*tracked)
	}
	s.conns[nc] = &tracked{state: connection.StateActive} // until step 5 says it waits
	s.wg.Add(1)
	return admitted
}

// evictIdle closes the kept-alive connection that has been idle the
// longest and forgets it at once, so that its slot is free; false when
// none is idle. Called with s.mu held.
//
// It looks at every connection, which is fine at the limit, where it runs,
// and keeps the path of every request free of it: setState only counts.
func (s *Server) evictIdle(limit int) bool {
	var nc net.Conn
	var oldest *tracked
	for c, t := range s.conns {
		if t.state == connection.StateIdle && t.served && (oldest == nil || t.idleAt < oldest.idleAt) {
			nc, oldest = c, t
		}
	}
	if oldest == nil {
		return false
	}
	delete(s.conns, nc) // its goroutine's last setState finds it gone
	nc.Close()
	s.Config.Log.Printf("  closed a kept-alive idle connection from %s to admit a new one (at the limit of %d connections)", nc.RemoteAddr(), limit)
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
