// Package server is step 6 of the tutorial, run_server: the accept loop
// that gives every connection its own goroutine, as the tutorial gave each
// its own daemon thread (守护线程), and a clean shutdown.
//
// The tutorial's loop runs until Ctrl+C kills it, connections and all.
// [Server.Shutdown] stops accepting, lets requests in flight finish,
// closes idle connections, and returns once every connection is gone, or
// when its deadline comes. How many connections may be open at once is
// bounded (maxconns.go).
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/trace"
)

// Run is the tutorial's run_server: it listens on host:port, prints where,
// serves until ctx is cancelled (Ctrl+C, in full), then shuts down within
// s.Grace and says so.
//
// SO_REUSEADDR, which the tutorial sets by hand so that a restarted server
// can bind its port at once, Go's net.Listen sets on every listening
// socket on Linux. The tutorial's daemon=True threads die with the
// process; Go's goroutines do too when main returns, but Run stops them
// first, so no client is cut off in the middle of an answer.
//
// Tutorial: run_server
func Run(ctx context.Context, s *Server, host string, port int, w io.Writer) error {
	// server.bind((host, port)); server.listen(10)
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "🚀 HTTP server listening on http://%s\n", ln.Addr())
	if s.Routes != "" {
		fmt.Fprintf(w, "   routes: %s\n", s.Routes)
	}
	fmt.Fprintln(w, "   press Ctrl+C to stop")
	// while True: conn, addr = server.accept(); Thread(...).start()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()

	select {
	case err := <-served: // the listener failed
		return err
	case <-ctx.Done(): // except KeyboardInterrupt
	}
	grace := s.Grace
	if grace <= 0 {
		grace = DefaultGrace
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err = s.Shutdown(shutdownCtx)
	s.Config.Log.Flush()
	if serveErr := <-served; !errors.Is(serveErr, ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(w, "server stopped; connections still busy after %v were closed.\n", grace)
	case err != nil:
		return err
	default:
		fmt.Fprintln(w, "server stopped.")
	}
	return nil
}

// Serve is the tutorial's accept loop: accept a connection, serve it in a
// goroutine of its own, repeat. It returns ErrServerClosed after Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	cfg := s.connConfig()
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
			if !temporary(err) {
				return err
			}
			// Out of file descriptors, say: wait a little and retry
			// rather than spin or give up (net/http does the same).
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			cfg.Log.Printf("  accept failed: %v; retrying in %v", err, backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		if s.Trace != nil {
			nc = s.Trace.Conn(nc)
		}
		switch t, adm := s.admit(nc); adm {
		case admitted: // t = threading.Thread(target=handle_connection, ...); t.start()
			go func() {
				defer s.wg.Done()
				connection.Handle(t, cfg)
			}()
		case tooMany:
			if s.rejecting.Add(1) > maxRejecting { // maxconns.go
				s.rejecting.Add(-1)
				cfg.Log.Throttled("closed without an answer", time.Now(), "a connection from %s: over the connection limit, with %d refusals being written", connection.Client(nc.RemoteAddr()), maxRejecting)
				nc.Close()
				s.wg.Done()
				continue
			}
			go func() {
				defer s.wg.Done()
				defer s.rejecting.Add(-1)
				reject(nc, cfg)
			}()
		case closing:
			nc.Close()
			return ErrServerClosed
		}
	}
}

// ErrServerClosed is what Serve returns after Shutdown.
var ErrServerClosed = errors.New("server closed")

// DefaultGrace is how long Run's shutdown waits for requests in flight.
const DefaultGrace = 5 * time.Second

// Server accepts connections and serves each with step 5's Handle.
type Server struct {
	Config   connection.Config // shared by every connection
	MaxConns int               // open connections at most; 0 means DefaultMaxConns
	Routes   string            // what Run's banner lists (step 4's Router.Describe)
	Grace    time.Duration     // how long Run's shutdown may take; 0 means DefaultGrace
	Trace    *trace.Tracer     // when set, every connection's bytes are traced (full -trace)

	draining  atomic.Bool           // set once, by Shutdown
	rejecting atomic.Int32          // 503s being written (maxconns.go)
	mu        sync.Mutex            // guards conns, clients and lns, and orders wg.Add in admit against Shutdown's Wait
	conns     map[*tracked]struct{} // every open connection (maxconns.go)
	clients   map[string]*client    // the same, by client address (maxconns.go)
	idleTurns atomic.Uint64         // how many times a connection turned idle: the clock of tracked.idleAt
	lns       []net.Listener
	wg        sync.WaitGroup // one per connection goroutine: added in admit, under mu; done in Serve's goroutine, when it ends
}

// New returns a server that answers with handler.
func New(handler connection.Handler) *Server {
	return &Server{Config: connection.Config{Handler: handler}}
}

// Shutdown stops the server gracefully: listeners close at once, idle
// connections too, and connections serving a request finish it, answer
// with "Connection: close", and close. When ctx ends first, the remaining
// connections are closed by force and ctx's error is returned at once,
// as net/http's Shutdown does: a handler that never returns does not
// hold Shutdown past its deadline.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.draining.Store(true)
	for _, ln := range s.lns {
		ln.Close()
	}
	for t := range s.conns {
		if p := t.phase.Load(); p == idle || p == fresh {
			t.Close() // one that turns idle from now on closes itself (setState)
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
		for t := range s.conns {
			t.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

// connConfig is the Config every connection gets: the server's, with the
// hooks that let Shutdown follow and drain the connections.
func (s *Server) connConfig() *connection.Config {
	cfg := s.Config
	hook := s.Config.OnState // the caller's hook hears too
	cfg.OnState = func(nc net.Conn, st connection.State) bool {
		goOn := s.setState(nc, st)
		if hook != nil && !hook(nc, st) {
			goOn = false
		}
		return goOn
	}
	cfg.Draining = s.draining.Load
	if cfg.BodyMemory == nil || cfg.OutputMemory == nil { // every server bounds its bodies and its answers as a whole
		s.mu.Lock()
		if s.Config.BodyMemory == nil {
			s.Config.BodyMemory = connection.NewBudget(connection.DefaultBodyMemory)
		}
		if s.Config.OutputMemory == nil {
			s.Config.OutputMemory = connection.NewOutputMemory(connection.DefaultOutputMemory)
		}
		cfg.BodyMemory, cfg.OutputMemory = s.Config.BodyMemory, s.Config.OutputMemory
		s.mu.Unlock()
	}
	return &cfg
}

// setState is the hook step 5 calls when a connection waits for a request
// (idle), starts one (active), or closes. It returns false when the
// connection was closed meanwhile to make room for another (maxconns.go):
// step 5 then drops the request it has begun to read, unexecuted. A
// connection that turns idle while the server drains is closed here:
// Shutdown closed those idle when it looked, and this catches any that
// turn idle after. A kept-alive one that turns idle notes when, so that
// admit can find the one idle the longest. The two changes of every
// request take no lock: the phase is an atomic on the connection.
func (s *Server) setState(nc net.Conn, st connection.State) bool {
	t, ok := nc.(*tracked)
	if !ok {
		return true // not one this server admitted
	}
	switch st {
	case connection.StateClosed:
		t.client.count(t.phase.Swap(closed), -1)
		s.mu.Lock()
		s.forget(t) // gone already if it was closed to make room
		s.mu.Unlock()
		return true
	case connection.StateActive:
		// One compare-and-swap: from fresh or idle to busy, unless it was
		// closed to make room (a pipelined request finds it busy already).
		for {
			switch p := t.phase.Load(); p {
			case busy:
				return true
			case closed:
				return false
			default:
				if t.phase.CompareAndSwap(p, busy) {
					t.client.count(p, -1)
					return true
				}
			}
		}
	case connection.StateIdle:
		if p := t.phase.Load(); p == busy { // kept alive after a request; a fresh one stays fresh
			t.idleAt.Store(s.idleTurns.Add(1))
			if !t.phase.CompareAndSwap(busy, idle) {
				return false
			}
			t.client.idle.Add(1)
		} else if p == closed {
			return false
		}
		if s.draining.Load() { // after the phase: Shutdown sees it idle, or this sees Shutdown
			t.Close()
		}
	}
	return true
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

// temporary reports whether an Accept error is worth retrying.
func temporary(err error) bool {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	t, ok := err.(interface{ Temporary() bool })
	return ok && t.Temporary()
}
