package server

import (
	"errors"
	"net"
	"sync/atomic"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection"
)

// DefaultMaxConns bounds open connections when Server.MaxConns is 0. Each
// connection costs a goroutine and its buffers; without a bound, a flood
// of connections costs the server all its memory.
const DefaultMaxConns = 10000

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

// The phases of a tracked connection. Only a connection with no request
// begun (fresh or idle) may be closed to make room, and the change from
// there to busy is one compare-and-swap, so that it either wins (the
// request goes on) or finds the connection closed (the request is
// dropped, unexecuted: step 5's waitForRequest).
const (
	fresh  int32 = iota // admitted, has sent nothing yet
	busy                // a request has begun: unread bytes, or a request in progress
	idle                // kept alive, waiting for its next request
	closed              // closed, by its goroutine or to make room
)

// tracked is an open connection, with what the server knows of it. Step 5
// serves the tracked connection itself, so that its hook finds these
// fields without a lookup or a lock: they are atomics, changed twice a
// request. A locked map did the same, and cost 2.6% of the server's CPU
// time under wrk (pprof; full/README.md, "What makes it fast").
type tracked struct {
	net.Conn
	phase  atomic.Int32  // fresh, busy, idle or closed
	idleAt atomic.Uint64 // when it last turned idle, as a count of such turns: the smallest is the longest idle
	client *client       // the connections of its client address
}

// client is one client address (connection.Client: an IP, an IPv6 /64)
// and its open connections.
type client struct {
	addr  string
	conns map[*tracked]struct{} // under Server.mu
	idle  atomic.Int32          // how many of them are idle: kept alive, between requests
	fresh atomic.Int32          // how many have sent nothing yet
}

// CloseWrite half-closes the connection, if it can (step 5's lingering
// close asks for it).
func (t *tracked) CloseWrite() error {
	if cw, ok := t.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}

// admit counts nc in if there is room for it. At the limit, a connection
// with no request begun is worth less than a new one (nothing is lost:
// it has asked nothing), so one is closed to make room (evict); only
// when every connection is busy is the new one refused. Either way but
// closing, it adds the goroutine that will handle nc to s.wg, under the
// same lock Shutdown takes, so that Shutdown never waits while one is
// being added.
func (s *Server) admit(nc net.Conn) (*tracked, admission) {
	limit := s.MaxConns
	if limit <= 0 {
		limit = DefaultMaxConns
	}
	addr := connection.Client(nc.RemoteAddr())
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.draining.Load():
		return nil, closing
	case len(s.conns) >= limit && !s.evict(addr, limit):
		s.wg.Add(1)
		return nil, tooMany
	}
	if s.conns == nil {
		s.conns = make(map[*tracked]struct{})
		s.clients = make(map[string]*client)
	}
	c := s.clients[addr]
	if c == nil {
		c = &client{addr: addr, conns: make(map[*tracked]struct{})}
		s.clients[addr] = c
	}
	t := &tracked{Conn: nc, client: c} // fresh
	c.fresh.Add(1)
	c.conns[t] = struct{}{}
	s.conns[t] = struct{}{}
	s.wg.Add(1)
	return t, admitted
}

// evict closes a connection with no request begun to admit a new one
// from addr, and forgets it at once, so that its slot is free; false
// when there is none it may close. It is fair to every client address:
// the connection closed is one of the address holding the most
// connections, and only of an address that, after losing it, still holds
// at least as many as addr will (or of addr itself), so that one address
// cannot take the slots of the others. Of that address's connections, a
// kept-alive one goes first, the one idle the longest, as nginx does;
// else one that has sent nothing yet. Called with s.mu held.
//
// It looks at every client address, and at the connections of one, which
// is fine at the limit, where it runs; the counts of idle and fresh
// connections let it skip what it would not close, and keep the path of
// every request free of it: setState only counts.
func (s *Server) evict(addr string, limit int) bool {
	mine := 0
	if c := s.clients[addr]; c != nil {
		mine = len(c.conns)
	}
	for range 3 { // a candidate may start a request while it is looked at: look again
		var from *client
		for _, c := range s.clients {
			fair := c.addr == addr || len(c.conns) > mine+1
			if fair && c.idle.Load()+c.fresh.Load() > 0 && (from == nil || len(c.conns) > len(from.conns)) {
				from = c
			}
		}
		if from == nil {
			return false
		}
		t, was := from.oldestIdle()
		if t == nil || !t.phase.CompareAndSwap(was, closed) {
			continue
		}
		from.count(was, -1)
		s.forget(t)
		t.Close()
		kind := "a kept-alive idle connection"
		if was == fresh {
			kind = "a new connection that had sent nothing"
		}
		s.Config.Log.Throttled("closed to make room", time.Now(), "%s from %s, to admit one from %s (at the limit of %d connections)", kind, t.RemoteAddr(), addr, limit)
		return true
	}
	return false
}

// oldestIdle is the connection of c idle the longest, else one that has
// sent nothing yet, and its phase. Called with the server's mu held.
func (c *client) oldestIdle() (*tracked, int32) {
	var oldest *tracked
	if c.idle.Load() > 0 {
		for t := range c.conns {
			if t.phase.Load() == idle && (oldest == nil || t.idleAt.Load() < oldest.idleAt.Load()) {
				oldest = t
			}
		}
		if oldest != nil {
			return oldest, idle
		}
	}
	for t := range c.conns {
		if t.phase.Load() == fresh {
			return t, fresh
		}
	}
	return nil, 0
}

// count adds n to c's count of connections in phase.
func (c *client) count(phase int32, n int32) {
	switch phase {
	case idle:
		c.idle.Add(n)
	case fresh:
		c.fresh.Add(n)
	}
}

// forget takes t out of the server's connections, and its client's. Called
// with s.mu held; it may be called twice for a connection closed to make
// room (then by its goroutine's last setState).
func (s *Server) forget(t *tracked) {
	if _, ok := s.conns[t]; !ok {
		return
	}
	delete(s.conns, t)
	delete(t.client.conns, t)
	if len(t.client.conns) == 0 {
		delete(s.clients, t.client.addr)
	}
}

// errTooMany is why a connection was refused, for the log.
var errTooMany = errors.New("over the connection limit")

// reject answers a connection over the limit with 503 and a Retry-After
// field (RFC 9110 §10.2.3, §15.6.4), then closes it. It does not read the
// request: the answer is the same whatever was asked.
func reject(nc net.Conn, cfg *connection.Config) {
	connection.Refuse(nc, cfg, response.Unavailable("too many connections; retry later"), errTooMany)
}
