package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/connection/conntest"
	"httpfromscratch/step5_conn/trace"
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
		ln.Close() // in case Serve did not give it to Shutdown (s.track)
		if err := conntest.Recv(t, served, "Serve to return after Shutdown"); !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return ln.Addr().String()
}

// get sends one request on nc and reads the answer.
func get(t *testing.T, nc net.Conn, br *bufio.Reader, target string) *response.Response {
	t.Helper()
	nc.SetDeadline(time.Now().Add(conntest.Within))
	fmt.Fprintf(nc, "GET %s HTTP/1.1\r\nHost: a\r\n\r\n", target)
	r, err := response.Read(br, "GET")
	if err != nil {
		t.Fatalf("GET %s: %v\n(no answer: Serve serves each connection it accepts, "+
			"t, adm := s.admit(nc), then go connection.Handle(t, cfg) with cfg := s.connConfig())", target, err)
	}
	return r
}

// dialWithin connects to ln, failing the test if no Accept takes the
// connection: why says what Serve must do for it to.
func dialWithin(t *testing.T, ln *PipeListener, why string) net.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), conntest.Within)
	defer cancel()
	nc, err := ln.DialContext(ctx, "pipe", "pipe")
	if err != nil {
		t.Fatalf("no Accept took a connection within %v (%v): %s", conntest.Within, err, why)
	}
	return nc
}

// acceptLoop is what dialWithin's callers mostly need of Serve.
const acceptLoop = "Serve accepts connections in a loop until Shutdown " +
	"(tutorial: while True: conn, addr = server.accept(); in Go, for { nc, err := ln.Accept(); ... })"

// closedBy is how Shutdown ends Serve.
const closedBy = "tutorial: finally: server.close(); in Go, s.track(ln) gives the listener to Shutdown, which closes it: then Accept fails"

// piped is a server running Serve on an in-memory listener.
type piped struct {
	t    *testing.T
	s    *Server
	ln   *PipeListener
	done chan struct{} // closed when Serve returns
	err  error         // what Serve returned, once done is closed
}

// servePiped runs s.Serve on a new PipeListener; Cleanup shuts s down and
// waits for Serve to return.
func servePiped(t *testing.T, s *Server) *piped {
	t.Helper()
	p := &piped{t: t, s: s, ln: NewPipeListener(), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.err = s.Serve(p.ln)
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), conntest.Within)
		defer cancel()
		s.Shutdown(ctx)
		p.ln.Close() // in case Serve did not give it to Shutdown (s.track)
		select {
		case <-p.done:
		case <-time.After(conntest.Within):
			t.Errorf("Serve did not return within %v of Shutdown and of its listener closing: when Accept fails, Serve returns "+
				"(unless it is busy serving a connection itself, not in a goroutine)", conntest.Within)
		}
	})
	return p
}

// dial connects a client, failing the test at once if Serve has
// returned, or if no Accept takes the connection: why says what Serve
// must do for it to.
func (p *piped) dial(why string) (net.Conn, *bufio.Reader) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), conntest.Within)
	defer cancel()
	dialed := make(chan net.Conn, 1)
	go func() {
		if nc, err := p.ln.DialContext(ctx, "pipe", "pipe"); err == nil {
			dialed <- nc
		}
	}()
	select {
	case nc := <-dialed:
		p.t.Cleanup(func() { nc.Close() })
		return nc, bufio.NewReader(nc)
	case <-p.done:
		p.t.Fatalf("Serve returned %q before it accepted a connection: %s", p.err, why)
	case <-ctx.Done():
		p.t.Fatalf("no Accept took a connection within %v: %s", conntest.Within, why)
	}
	return nil, nil
}

// TestServeLikeTheTutorial follows the tutorial's run_server loop, in the
// order to write Serve in; each subtest says the line it checks. The
// connection limit (maxconns.go) and the shutdown stay written: Serve
// calls them.
func TestServeLikeTheTutorial(t *testing.T) {
	t.Run("a connection is accepted and served", func(t *testing.T) {
		p := servePiped(t, New(ok))
		nc, br := p.dial(acceptLoop)
		if r := get(t, nc, br, "/a"); r.Status != 200 || string(r.Body) != `{"path":"/a"}` {
			t.Fatalf("GET /a: got %d %s, want 200 {\"path\":\"/a\"} from the server's handler "+
				"(tutorial: threading.Thread(target=handle_connection, ...); in Go, connection.Handle(t, cfg) with cfg := s.connConfig())", r.Status, r.Body)
		}
	})
	t.Run("a second connection while the first is open: a goroutine each", func(t *testing.T) {
		p := servePiped(t, New(ok))
		p.dial(acceptLoop) // it says nothing: its Handle waits for a request
		nc, br := p.dial("the first connection is still open, and its Handle waits for a request: serve each connection in a goroutine of its own " +
			"(tutorial: t = threading.Thread(target=handle_connection, args=(conn, addr), daemon=True); t.start(); in Go, go func() { ...; connection.Handle(t, cfg) }())")
		if r := get(t, nc, br, "/b"); r.Status != 200 {
			t.Fatalf("GET /b on the second connection: got %d, want 200", r.Status)
		}
	})
	t.Run("Shutdown closes the idle connection, and Serve returns ErrServerClosed", func(t *testing.T) {
		s := New(ok)
		p := servePiped(t, s)
		nc, br := p.dial(acceptLoop)
		get(t, nc, br, "/") // now it waits, idle, kept alive
		ctx, cancel := context.WithTimeout(context.Background(), conntest.Within)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Fatalf("Shutdown: %v, want nil: the goroutine serving each connection ends with s.wg.Done() (s.admit counted it in s.wg)", err)
		}
		nc.SetReadDeadline(time.Now().Add(conntest.Within))
		if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
			t.Errorf("the idle connection after Shutdown: %v, want it closed (EOF): Shutdown closes the connections it knows, "+
				"so Serve counts each in, t, adm := s.admit(nc), and serves t, not nc, with cfg := s.connConfig(), whose hooks say when t is idle", err)
		}
		select {
		case <-p.done:
		case <-time.After(conntest.Within):
			t.Fatalf("Serve did not return within %v of Shutdown (%s)", conntest.Within, closedBy)
		}
		if !errors.Is(p.err, ErrServerClosed) {
			t.Errorf("Serve returned %v after Shutdown, want ErrServerClosed "+
				"(when Accept fails and s.draining.Load() is true, the server is shutting down: return ErrServerClosed)", p.err)
		}
	})
	t.Run("Shutdown waits for a request in flight", func(t *testing.T) {
		entered, release := make(chan struct{}), make(chan struct{})
		s := New(func(req *request.Request) *response.Response {
			close(entered)
			<-release
			return ok(req)
		})
		p := servePiped(t, s)
		nc, br := p.dial(acceptLoop)
		go io.WriteString(nc, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
		conntest.Recv(t, entered, "the handler to be called for GET /slow")
		shutdown := make(chan error, 1)
		go func() { shutdown <- s.Shutdown(context.Background()) }()
		conntest.Recv(t, p.done, "Serve to return after Shutdown ("+closedBy+")")
		select {
		case err := <-shutdown:
			close(release)
			t.Fatalf("Shutdown returned (%v) while a request was in flight: s.admit(nc) adds the goroutine that serves it to s.wg, "+
				"and it calls s.wg.Done() once connection.Handle returns; Shutdown waits for them", err)
		case <-time.After(50 * time.Millisecond): // it waits, as it should (a wrong one returns at once)
		}
		close(release)
		nc.SetReadDeadline(time.Now().Add(conntest.Within))
		if r, err := response.Read(br, "GET"); err != nil || r.Status != 200 || r.Get("Connection") != "close" {
			t.Fatalf("the request in flight: %v, %v; want 200 with Connection: close", r, err)
		}
		if err := conntest.Recv(t, shutdown, "Shutdown to return once the request in flight was answered"); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	t.Run("over the limit, every connection busy: 503", func(t *testing.T) {
		s := New(ok)
		s.MaxConns = 1
		active := make(chan struct{}, 1)
		s.Config.OnState = func(_ net.Conn, st connection.State) bool {
			if st == connection.StateActive {
				active <- struct{}{}
			}
			return true
		}
		p := servePiped(t, s)
		busy, _ := p.dial(acceptLoop)
		go io.WriteString(busy, "GET / HTTP/1.1\r\nHo") // half a request: busy
		conntest.Recv(t, active, "the first connection to be busy (step 5 says so through cfg.OnState: serve it with cfg := s.connConfig())")
		nc, br := p.dial(acceptLoop)
		go io.WriteString(nc, "GET / HTTP/1.1\r\nHost: a\r\n\r\n") // net.Pipe: a refusal reads nothing, so write in the background
		const refused = "when s.admit(nc) says tooMany, reject(nc, cfg) answers, in a goroutine of its own that ends with s.wg.Done() (maxconns.go)"
		nc.SetReadDeadline(time.Now().Add(conntest.Within))
		r, err := response.Read(br, "GET")
		if err != nil {
			t.Fatalf("a connection over the limit of 1: %v, want 503 (%s)", err, refused)
		}
		if r.Status != 503 || r.Get("Retry-After") != "1" {
			t.Fatalf("a connection over the limit of 1: got %d, Retry-After %q; want 503 and 1 (%s)", r.Status, r.Get("Retry-After"), refused)
		}
	})
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
		if t, ok := nc.(*tracked); ok { // one Serve did not get from s.admit is never found
			w.last[t.Conn] = st
		}
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
	timeout := time.After(conntest.Within)
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
			t.Fatalf("waited %v for the connections to be %s, as step 5 tells the server through cfg.OnState "+
				"(Serve serves the connection s.admit returns, with cfg := s.connConfig(), whose hook hears it)", conntest.Within, stateNames[st])
		}
	}
}

// TestRefusalsBeingWrittenAreBounded: over the limit, each refused
// connection gets its 503 from a goroutine of its own, which may wait on
// a client that does not read; a flood of them is bounded: past
// maxRejecting refusals being written, a connection is closed without a
// word. In a synctest bubble, whose clock moves only when every goroutine
// waits: no refusal's write deadline passes while the test dials.
func TestRefusalsBeingWrittenAreBounded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := New(ok)
		s.MaxConns = 1
		active := make(chan struct{}, 1)
		s.Config.OnState = func(_ net.Conn, st connection.State) bool {
			if st == connection.StateActive {
				active <- struct{}{}
			}
			return true
		}
		ln := NewPipeListener()
		served := make(chan error, 1)
		go func() { served <- s.Serve(ln) }()
		var clients []net.Conn
		defer func() { // on failure too: a bubble must end with every goroutine of it
			for _, nc := range clients {
				nc.Close() // what serves or refuses it ends
			}
			ln.Close() // Serve ends; not Shutdown, which would wait for a wrongly counted s.wg for good
			select {
			case <-served:
			case <-time.After(conntest.Within):
			}
			synctest.Wait()
		}()

		busy := dialWithin(t, ln, acceptLoop)
		clients = append(clients, busy)
		go io.WriteString(busy, "GET / HTTP/1.1\r\nHo") // half a request: busy
		conntest.Recv(t, active, "the first connection to be busy")

		refused := make([]net.Conn, maxRejecting+1) // none of them reads its 503 yet
		for i := range refused {
			refused[i] = dialWithin(t, ln, acceptLoop)
			clients = append(clients, refused[i])
		}
		const bounded = "at most maxRejecting 503s are being written at once: Serve counts them in s.rejecting, " +
			"and past the bound closes the connection (maxconns.go)"
		if b, err := bufio.NewReader(refused[maxRejecting]).ReadByte(); !errors.Is(err, io.EOF) {
			t.Errorf("connection %d over the limit, with %d refusals being written: read %q, %v; want it closed without an answer (EOF) (%s)",
				maxRejecting+1, maxRejecting, b, err, bounded)
		}
		for i, nc := range refused[:maxRejecting] {
			if r, err := response.Read(bufio.NewReader(nc), "GET"); err != nil || r.Status != 503 {
				t.Fatalf("refused connection %d: %v, %v; want 503 (when s.admit(nc) says tooMany, reject(nc, cfg) answers, "+
					"in a goroutine of its own that ends with s.wg.Done())", i+1, r, err)
			}
		}
		synctest.Wait() // each refusal's goroutine has ended
		if n := s.rejecting.Load(); n != 0 {
			t.Errorf("s.rejecting is %d after every refusal was written, want 0 (each refusal's goroutine counts itself out)", n)
		}
	})
}

// TestTracedServerTracesEveryConnection: with s.Trace set (full -trace),
// the bytes of every connection are traced.
func TestTracedServerTracesEveryConnection(t *testing.T) {
	var out lockedBuffer
	s := New(ok)
	s.Trace = trace.NewTracer(&out, false)
	p := servePiped(t, s)
	nc, br := p.dial(acceptLoop)
	get(t, nc, br, "/traced")
	nc.Close()
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := `> request line   GET /traced HTTP/1.1\r\n`; !strings.Contains(out.String(), want) {
		t.Errorf("trace %q, want a line with %q (when s.Trace is set, Serve serves s.Trace.Conn(nc), which traces nc, rather than nc)", out.String(), want)
	}
}

var stateNames = map[connection.State]string{connection.StateIdle: "idle", connection.StateActive: "active", connection.StateClosed: "closed"}

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
	a.SetDeadline(time.Now().Add(conntest.Within))
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
	const refused = "when s.admit(nc) says tooMany, reject(nc, cfg) answers, in a goroutine of its own that ends with s.wg.Done() (maxconns.go)"
	nc.SetDeadline(time.Now().Add(conntest.Within))
	io.WriteString(nc, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
	r, err := response.Read(br, "GET")
	if err != nil {
		t.Fatalf("third connection, over the limit of 2: %v, want 503 (%s)", err, refused)
	}
	if r.Status != 503 || r.Get("Retry-After") != "1" || r.Get("Connection") != "close" {
		t.Fatalf("third connection: %d, Retry-After %q, Connection %q; want 503, 1, close (%s)", r.Status, r.Get("Retry-After"), r.Get("Connection"), refused)
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
	silent.SetDeadline(time.Now().Add(conntest.Within))
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

	idle := dialWithin(t, ln, acceptLoop)
	defer idle.Close()
	idleBR := bufio.NewReader(idle)
	if r := get(t, idle, idleBR, "/"); r.Status != 200 {
		t.Fatal(r.Status)
	}

	busy := dialWithin(t, ln, acceptLoop)
	defer busy.Close()
	go fmt.Fprintf(busy, "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
	conntest.Recv(t, entered, "the handler to be called for GET /slow")

	shutdown := make(chan error, 1)
	go func() { shutdown <- s.Shutdown(context.Background()) }()
	idle.SetReadDeadline(time.Now().Add(conntest.Within))
	if _, err := idleBR.ReadByte(); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("idle connection still open during shutdown (%v)", err)
	}
	select {
	case err := <-shutdown:
		t.Fatalf("Shutdown returned %v while a request was in flight", err)
	default:
	}
	close(release)
	busy.SetReadDeadline(time.Now().Add(conntest.Within))
	r, err := response.Read(bufio.NewReader(busy), "GET")
	if err != nil || r.Status != 200 || r.Get("Connection") != "close" {
		t.Fatalf("in-flight request: %v, %v; want 200 with Connection: close", r, err)
	}
	if err := conntest.Recv(t, shutdown, "Shutdown to return"); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if err := conntest.Recv(t, served, "Serve to return after Shutdown"); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), conntest.Within)
	defer cancel()
	if _, err := ln.DialContext(ctx, "pipe", "pipe"); !errors.Is(err, net.ErrClosed) {
		t.Errorf("a dial after Shutdown: %v, want net.ErrClosed: the listener is closed", err)
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
	busy := dialWithin(t, ln, acceptLoop)
	defer busy.Close()
	go fmt.Fprintf(busy, "GET /stuck HTTP/1.1\r\nHost: a\r\n\r\n")
	conntest.Recv(t, entered, "the handler to be called for GET /stuck")

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
	busy.SetReadDeadline(time.Now().Add(conntest.Within))
	if _, err := busy.Read(make([]byte, 1)); err == nil || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("busy connection not closed when the deadline passed (%v)", err)
	}
	conntest.Recv(t, served, "Serve to return after Shutdown")
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
	const retried = "an Accept error that is temporary (out of file descriptors, say) is logged with cfg.Log.Printf, " +
		"and Accept is tried again after a pause that doubles up to a second: temporary(err) tells"
	nc := dialWithin(t, ln.PipeListener, retried) // accepted by the retry
	defer nc.Close()
	if r := get(t, nc, bufio.NewReader(nc), "/"); r.Status != 200 {
		t.Fatalf("status %d after the retry", r.Status)
	}
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln.Close()
	conntest.Recv(t, served, "Serve to return after Shutdown")
	if !strings.Contains(log.String(), "too many open files") {
		t.Errorf("log %q does not show the accept error (%s)", log.String(), retried)
	}
}

func TestServeAfterShutdown(t *testing.T) {
	s := New(ok)
	if err := s.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	ln := NewPipeListener()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	const closed = "s.track(ln) says false once Shutdown has begun: then Serve closes ln and returns ErrServerClosed"
	select {
	case err := <-served:
		if !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve after Shutdown: %v, want ErrServerClosed (%s)", err, closed)
		}
	case <-time.After(conntest.Within):
		ln.Close()
		t.Errorf("Serve after Shutdown still running %v later (%s)", conntest.Within, closed)
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
