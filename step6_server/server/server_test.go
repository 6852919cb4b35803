package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
)

// TestMain fails the package if any test leaves a goroutine running.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func ok(req *request.Request) *response.Response {
	if req.Path() == "/panic" {
		panic("boom")
	}
	return response.JSON(200, map[string]string{"path": req.Path()})
}

// serve starts s on a loopback port and returns its address; cleanup
// shuts it down and checks that Serve ended as it should.
func serve(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return ln.Addr().String()
}

// get sends one request on nc and reads the answer.
func get(t *testing.T, nc net.Conn, br *bufio.Reader, target string) *response.Response {
	t.Helper()
	nc.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(nc, "GET %s HTTP/1.1\r\nHost: a\r\n\r\n", target)
	r, err := response.Read(br, "GET")
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return r
}

func dialTCP(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	return nc, bufio.NewReader(nc)
}

// states lets a test wait until step 5 has said where each connection is.
type states struct {
	mu      sync.Mutex
	last    map[any]connection.State // by the client's address, and by the server's end
	changed chan struct{}
}

func watchStates(s *Server) *states {
	w := &states{last: map[any]connection.State{}, changed: make(chan struct{}, 1)}
	s.Config.OnState = func(nc net.Conn, st connection.State) bool {
		w.mu.Lock()
		w.last[nc.RemoteAddr().String()] = st
		w.last[nc.(*tracked).Conn] = st
		w.mu.Unlock()
		select {
		case w.changed <- struct{}{}:
		default:
		}
		return true
	}
	return w
}

// waitFor waits until the server's end of each client connection is in st.
func (w *states) waitFor(t *testing.T, st connection.State, clients ...net.Conn) {
	t.Helper()
	keys := make([]any, len(clients))
	for i, nc := range clients {
		keys[i] = nc.LocalAddr().String()
	}
	w.waitForKeys(t, st, keys...)
}

// waitForServerEnd waits until each of the server's ends of a connection
// (as the listener accepted it) is in st.
func (w *states) waitForServerEnd(t *testing.T, st connection.State, conns ...net.Conn) {
	t.Helper()
	keys := make([]any, len(conns))
	for i, nc := range conns {
		keys[i] = nc
	}
	w.waitForKeys(t, st, keys...)
}

func (w *states) waitForKeys(t *testing.T, st connection.State, keys ...any) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		w.mu.Lock()
		all := true
		for _, k := range keys {
			all = all && w.last[k] == st
		}
		w.mu.Unlock()
		if all {
			return
		}
		select {
		case <-w.changed:
		case <-timeout:
			t.Fatalf("the connections never reached state %d", st)
		}
	}
}

func TestAtTheLimitTheLongestIdleIsClosed(t *testing.T) {
	s := New(ok)
	s.MaxConns = 2
	var log lockedBuffer
	s.Config.Log = accesslog.NewLogger(&log, false)
	w := watchStates(s)
	addr := serve(t, s)
	a, abr := dialTCP(t, addr)
	get(t, a, abr, "/a")
	w.waitFor(t, connection.StateIdle, a) // a is idle first
	b, bbr := dialTCP(t, addr)
	get(t, b, bbr, "/b")
	w.waitFor(t, connection.StateIdle, b)

	c, cbr := dialTCP(t, addr) // over the limit: a, idle the longest, makes room
	if r := get(t, c, cbr, "/c"); r.Status != 200 {
		t.Fatalf("the new connection at the limit: %d, want 200", r.Status)
	}
	a.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := abr.ReadByte(); err != io.EOF {
		t.Errorf("the longest-idle connection: %v, want it closed (EOF)", err)
	}
	if r := get(t, b, bbr, "/b"); r.Status != 200 {
		t.Errorf("the other idle connection: %d, want it still served", r.Status)
	}
	if !strings.Contains(log.String(), "closed to make room: a kept-alive idle connection from "+a.LocalAddr().String()+", to admit one from 127.0.0.1 (at the limit of 2 connections)") {
		t.Errorf("the log does not say which connection was closed:\n%s", log.String())
	}
}

// lockedBuffer is a buffer the server writes while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestMaxConnsAnswers503WhenEveryConnectionIsBusy(t *testing.T) {
	s := New(ok)
	s.MaxConns = 2
	w := watchStates(s)
	addr := serve(t, s)
	var busy []net.Conn
	for range 2 { // two connections in the middle of a request
		nc, _ := dialTCP(t, addr)
		io.WriteString(nc, "GET / HTTP/1.1\r\nHo")
		busy = append(busy, nc)
	}
	w.waitFor(t, connection.StateActive, busy...)
	nc, br := dialTCP(t, addr)
	r := get(t, nc, br, "/")
	if r.Status != 503 || r.Get("Retry-After") != "1" || r.Get("Connection") != "close" {
		t.Fatalf("third connection: %d, Retry-After %q, Connection %q; want 503, 1, close", r.Status, r.Get("Retry-After"), r.Get("Connection"))
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("after the 503 the connection is still open (%v)", err)
	}
	for _, nc := range busy { // they finish their requests and leave
		io.WriteString(nc, "st: a\r\nConnection: close\r\n\r\n")
	}
}

// TestANewSilentConnectionMayBeEvicted: a connection that has sent
// nothing yet has no request to lose, so at the limit it makes room for a
// new one, when no kept-alive connection is idle.
func TestANewSilentConnectionMayBeEvicted(t *testing.T) {
	s := New(ok)
	s.MaxConns = 1
	w := watchStates(s)
	addr := serve(t, s)
	silent, sbr := dialTCP(t, addr) // asked nothing yet
	w.waitFor(t, connection.StateIdle, silent)
	nc, br := dialTCP(t, addr)
	if r := get(t, nc, br, "/"); r.Status != 200 {
		t.Errorf("a new connection beside a silent one at the limit: %d, want 200", r.Status)
	}
	silent.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := sbr.ReadByte(); err != io.EOF {
		t.Errorf("the silent connection: %v, want it closed (EOF)", err)
	}
}

func TestPanicAnswers500AndServerGoesOn(t *testing.T) {
	addr := serve(t, New(ok))
	nc, br := dialTCP(t, addr)
	if r := get(t, nc, br, "/panic"); r.Status != 500 {
		t.Fatalf("status %d, want 500", r.Status)
	}
	if r := get(t, nc, br, "/after"); r.Status != 200 {
		t.Fatalf("same connection after the panic: %d, want 200", r.Status)
	}
	other, br2 := dialTCP(t, addr)
	if r := get(t, other, br2, "/other"); r.Status != 200 {
		t.Fatalf("another connection after the panic: %d, want 200", r.Status)
	}
}

// TestGracefulShutdown: a request in flight finishes and is answered with
// Connection: close, an idle connection is closed, and Shutdown returns
// once both are gone.
func TestGracefulShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s := New(func(req *request.Request) *response.Response {
		if req.Path() == "/slow" {
			close(entered)
			<-release
		}
		return ok(req)
	})
	ln := NewPipeListener()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()

	idle, err := ln.Dial()
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	idleBR := bufio.NewReader(idle)
	if r := get(t, idle, idleBR, "/"); r.Status != 200 {
		t.Fatal(r.Status)
	}

	busy, err := ln.Dial()
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	go fmt.Fprintf(busy, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
	<-entered

	shutdown := make(chan error, 1)
	go func() { shutdown <- s.Shutdown(context.Background()) }()
	if _, err := idleBR.ReadByte(); err == nil {
		t.Error("idle connection still open during shutdown")
	}
	select {
	case err := <-shutdown:
		t.Fatalf("Shutdown returned %v while a request was in flight", err)
	default:
	}
	close(release)
	busy.SetReadDeadline(time.Now().Add(5 * time.Second))
	r, err := response.Read(bufio.NewReader(busy), "GET")
	if err != nil || r.Status != 200 || r.Get("Connection") != "close" {
		t.Fatalf("in-flight request: %v, %v; want 200 with Connection: close", r, err)
	}
	if err := <-shutdown; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
	if _, err := ln.Dial(); err == nil {
		t.Error("the listener still accepts after Shutdown")
	}
}

// TestShutdownKeepsItsDeadline: a handler that never returns does not
// hold Shutdown past its context. Shutdown closes the connection by force
// and returns the context's error on time, as net/http's does.
func TestShutdownKeepsItsDeadline(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	var log strings.Builder
	s := New(func(req *request.Request) *response.Response {
		close(entered)
		<-release // stuck until the test ends
		return ok(req)
	})
	s.Config.Log = accesslog.NewLogger(&log, false)
	ln := NewPipeListener()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	busy, err := ln.Dial()
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	go fmt.Fprintf(busy, "GET /stuck HTTP/1.1\r\nHost: a\r\n\r\n")
	<-entered

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- s.Shutdown(ctx) }()
	select {
	case err := <-shutdown:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Shutdown: %v, want context.DeadlineExceeded", err)
		}
	case <-time.After(10 * time.Second): // a guard against a hang, not a timing target
		t.Fatal("Shutdown still waiting for a stuck handler 10s after its 20ms deadline")
	}
	if _, err := busy.Read(make([]byte, 1)); err == nil {
		t.Error("busy connection not closed when the deadline passed")
	}
	<-served
	close(release)
	s.wg.Wait() // the stuck handler's goroutine ends once it returns
	if strings.Contains(log.String(), "400") {
		t.Errorf("the force-closed connection was logged as refused: %q", log.String())
	}
}

// temporaryError is what Accept returns when the process is out of file
// descriptors: an error worth retrying.
type temporaryError struct{}

func (temporaryError) Error() string   { return "accept4: too many open files" }
func (temporaryError) Timeout() bool   { return false }
func (temporaryError) Temporary() bool { return true }

// failOnce is a listener whose first Accept fails with a temporary error.
type failOnce struct {
	*PipeListener
	failed bool
}

func (l *failOnce) Accept() (net.Conn, error) {
	if !l.failed {
		l.failed = true
		return nil, temporaryError{}
	}
	return l.PipeListener.Accept()
}

func TestAcceptErrorIsLoggedAndRetried(t *testing.T) {
	var log strings.Builder
	s := New(ok)
	s.Config.Log = accesslog.NewLogger(&log, false)
	ln := &failOnce{PipeListener: NewPipeListener()}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	nc, err := ln.Dial() // accepted by the retry
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if r := get(t, nc, bufio.NewReader(nc), "/"); r.Status != 200 {
		t.Fatalf("status %d after the retry", r.Status)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-served
	if !strings.Contains(log.String(), "too many open files") {
		t.Errorf("log %q does not show the accept error", log.String())
	}
}

func TestServeAfterShutdown(t *testing.T) {
	s := New(ok)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Serve(NewPipeListener()); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve after Shutdown: %v, want ErrServerClosed", err)
	}
}

// TestNoGoroutineOutlivesItsConnection opens many connections at once,
// misbehaves on them in every way the server must survive, shuts the
// server down while they are still open, and finds no goroutine left.
func TestNoGoroutineOutlivesItsConnection(t *testing.T) {
	s := New(ok)
	s.MaxConns = 150 // fewer than the connections: some are refused
	s.Config.Timeouts = connection.Timeouts{Header: 200 * time.Millisecond, Body: 200 * time.Millisecond, Idle: time.Minute}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()

	misbehaviours := []string{
		"",                                   // connect and say nothing
		"GET / HTTP/1.1\r\nHost: a\r\nX-Slo", // half a head (slowloris)
		"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nshort",           // half a body
		"GET / HTTP/1.1\nHost: a\n\n",                                              // bare LF
		"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",       // pipelined, never read
		"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", // half a chunk
		"\x00\x01\x02\x03",
		"GET /panic HTTP/1.1\r\nHost: a\r\n\r\n",
	}
	var conns []net.Conn
	for i := range 200 {
		nc, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, nc)
		nc.Write([]byte(misbehaviours[i%len(misbehaviours)]))
		if i%2 == 0 {
			nc.Close() // and leave at once
		}
	}
	// Every connection has been accepted once a request on a new one is
	// answered (the listener hands them out in order).
	probe, br := dialTCP(t, ln.Addr().String())
	get(t, probe, br, "/")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve: %v", err)
	}
	for _, nc := range conns {
		nc.Close()
	}
	goleak.VerifyNone(t)
}
