// Package server is step 6 of the tutorial, run_server: the accept loop
// that gives every connection its own goroutine, as the tutorial gave each
// its own daemon thread, and a clean shutdown.
//
// The tutorial's loop runs until Ctrl+C kills it, connections and all.
// [Server.Shutdown] stops accepting, lets requests in flight finish,
// closes idle connections, and returns once every connection is gone.
// How many connections may be open at once is bounded (maxconns.go).
package server

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"httpfromscratch/step5_conn/connection"
)

// ErrServerClosed is what Serve returns after Shutdown.
var ErrServerClosed = errors.New("server closed")

// Server accepts connections and serves each with step 5's Handle.
type Server struct {
	Config   connection.Config // shared by every connection
	MaxConns int               // open connections at most; 0 means DefaultMaxConns

	draining atomic.Bool
	mu       sync.Mutex
	conns    map[*trackedConn]struct{}
	lns      []net.Listener
	wg       sync.WaitGroup // one per connection goroutine
}

// New returns a server that answers with handler.
func New(handler connection.Handler) *Server {
	return &Server{Config: connection.Config{Handler: handler}}
}

// Serve is the tutorial's accept loop: accept a connection, serve it in a
// goroutine of its own, repeat. It returns ErrServerClosed after Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	cfg := s.Config
	cfg.OnState = s.setState
	if hook := s.Config.OnState; hook != nil { // the caller's hook hears too
		cfg.OnState = func(nc net.Conn, st connection.State) {
			s.setState(nc, st)
			hook(nc, st)
		}
	}
	cfg.Draining = s.draining.Load
	if !s.track(ln) {
		ln.Close()
		return ErrServerClosed
	}
	var backoff time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.draining.Load() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || isTemporary(err) {
				// Out of file descriptors, say: wait a little and retry
				// rather than spin or give up (net/http does the same).
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				cfg.Log.Printf("  accept failed: %v; retrying in %v", err, backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		tc, verdict := s.admit(nc)
		switch verdict {
		case admitted:
			go func() {
				defer s.wg.Done()
				connection.Handle(tc, &cfg)
			}()
		case tooMany:
			go func() {
				defer s.wg.Done()
				reject(nc, &cfg)
			}()
		case closing:
			nc.Close()
			return ErrServerClosed
		}
	}
}

// Shutdown stops the server gracefully: listeners close at once, idle
// connections too, and connections serving a request finish it, answer
// with "Connection: close", and close. When ctx ends first, the remaining
// connections are closed by force and ctx's error is returned at once,
// as net/http's Shutdown does: a handler that never returns does not
// hold Shutdown past its deadline.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	s.mu.Lock()
	for _, ln := range s.lns {
		ln.Close()
	}
	for tc := range s.conns {
		if connection.State(tc.state.Load()) == connection.StateIdle {
			tc.Close()
		}
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for tc := range s.conns {
			tc.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

// track remembers ln so that Shutdown can close it.
func (s *Server) track(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.draining.Load() {
		return false
	}
	s.lns = append(s.lns, ln)
	return true
}

// trackedConn is a connection with the state step 5 reports for it. The
// state is atomic, so following it costs no lock: the map of connections
// changes only when one opens or closes, not twice per request.
type trackedConn struct {
	net.Conn
	state atomic.Int32 // a connection.State
}

// CloseWrite passes a TCP half-close through the wrapper; step 5 uses it
// to close gracefully after an error.
func (c *trackedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return errors.ErrUnsupported
}

// setState is the hook step 5 calls. A connection that turns idle while
// the server drains closes here: Shutdown closes those idle when it looks,
// and this catches any that turn idle after. (Both sides write, then read,
// an atomic: at least one of them sees the other.)
func (s *Server) setState(nc net.Conn, st connection.State) {
	tc := nc.(*trackedConn)
	if st == connection.StateClosed {
		s.mu.Lock()
		delete(s.conns, tc)
		s.mu.Unlock()
		return
	}
	tc.state.Store(int32(st))
	if st == connection.StateIdle && s.draining.Load() {
		tc.Close()
	}
}

func isTemporary(err error) bool {
	t, ok := err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}
