package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/connection/conntest"
)

// These tests need two client addresses. Loopback takes all of
// 127.0.0.0/8 on Linux, but macOS has only 127.0.0.1 by default, so they
// name the address each connection comes from on an in-memory listener.

// addrListener is a PipeListener whose connections come from the client
// address the test names in dialFrom.
type addrListener struct {
	*PipeListener
	from     chan string
	accepted chan *fromConn // the server's end of each connection, in order
}

func newAddrListener() *addrListener {
	return &addrListener{PipeListener: NewPipeListener(), from: make(chan string, 1), accepted: make(chan *fromConn, 100)}
}

func (l *addrListener) Accept() (net.Conn, error) {
	nc, err := l.PipeListener.Accept()
	if err != nil {
		return nil, err
	}
	a, _ := net.ResolveTCPAddr("tcp", <-l.from)
	c := &fromConn{Conn: nc, addr: a, closed: make(chan struct{})}
	l.accepted <- c
	return c, nil
}

// dialFrom connects a client at addr ("192.0.2.1:1000") and returns its
// end, and the server's.
func (l *addrListener) dialFrom(t *testing.T, addr string) (*peer, *fromConn) {
	t.Helper()
	l.from <- addr
	nc := dialWithin(t, l.PipeListener, acceptLoop)
	t.Cleanup(func() { nc.Close() })
	return &peer{nc: nc, br: bufio.NewReader(nc)}, <-l.accepted
}

// fromConn is the server's end of a connection from a named address. A
// test can hold its next read after the bytes are in and before they are
// returned: the moment between a request's first bytes and the server
// marking the connection busy.
type fromConn struct {
	net.Conn
	addr   net.Addr
	armed  atomic.Bool
	read   chan struct{} // closed once the held read has its bytes
	goOn   chan struct{} // closed by the test to let it return them
	closed chan struct{} // closed when the server closes the connection
	once   sync.Once
}

func (c *fromConn) RemoteAddr() net.Addr { return c.addr }

func (c *fromConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

func (c *fromConn) holdNextRead() {
	c.read, c.goOn = make(chan struct{}), make(chan struct{})
	c.armed.Store(true)
}

func (c *fromConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if c.armed.CompareAndSwap(true, false) {
		close(c.read)
		<-c.goOn
	}
	return n, err
}

// peer is a test's client.
type peer struct {
	nc net.Conn
	br *bufio.Reader
}

// do sends a request and reads the answer; an error when there is none.
func (p *peer) do(method, target string) (*response.Response, error) {
	p.nc.SetDeadline(time.Now().Add(conntest.Within))
	go fmt.Fprintf(p.nc, "%s %s HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", method, target)
	return response.Read(p.br, method)
}

// closed reports whether the server closed the connection.
func (p *peer) closed() bool {
	p.nc.SetDeadline(time.Now().Add(conntest.Within))
	_, err := p.br.ReadByte()
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrClosedPipe)
}

// servePipe serves s on l until the test ends.
func servePipe(t *testing.T, s *Server, l *addrListener) {
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		l.Close() // in case Serve did not give it to Shutdown (s.track)
		conntest.Recv(t, served, "Serve to return after Shutdown")
	})
}

// TestAnEvictedConnectionsRequestIsNeverExecuted forces the interleaving
// that lost answers: a kept-alive connection's next request has been
// read, and before the server marks the connection busy, a new
// connection at the limit closes it to make room. The request must then
// not run: its client got no answer, and must be able to trust that
// nothing happened.
func TestAnEvictedConnectionsRequestIsNeverExecuted(t *testing.T) {
	var posts atomic.Int32
	s := New(func(req *request.Request) *response.Response {
		if req.Method == "POST" {
			posts.Add(1)
		}
		return response.JSON(200, map[string]string{"path": req.Path()})
	})
	s.MaxConns = 1
	w := watchStates(s)
	l := newAddrListener()
	servePipe(t, s, l)

	a, srvA := l.dialFrom(t, "192.0.2.1:1000")
	if r, err := a.do("GET", "/first"); err != nil || r.Status != 200 {
		t.Fatalf("first request: %v", err)
	}
	w.waitForServerEnd(t, connection.StateIdle, srvA) // kept alive, between requests
	srvA.holdNextRead()
	go fmt.Fprint(a.nc, "POST /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
	conntest.Recv(t, srvA.read, "the server to read the POST") // the request's bytes are in; the server has not marked it busy

	b, _ := l.dialFrom(t, "192.0.2.1:1001") // at the limit: A, idle, makes room
	select {
	case <-srvA.closed:
	case <-time.After(conntest.Within):
		close(srvA.goOn)
		t.Fatalf("at the limit of 1, the idle connection was not closed to make room for a new one within %v "+
			"(s.admit(nc) does it: Serve calls it for every connection it accepts)", conntest.Within)
	}
	close(srvA.goOn)
	if r, err := b.do("GET", "/b"); err != nil || r.Status != 200 {
		t.Fatalf("the new connection at the limit: %v, want 200", err)
	}
	if !a.closed() {
		t.Errorf("the connection closed to make room is still open")
	}
	w.waitForServerEnd(t, connection.StateClosed, srvA)
	if n := posts.Load(); n != 0 {
		t.Errorf("the POST on the connection closed to make room ran %d times; want 0: its client got no answer", n)
	}
}

// TestOneAddressCannotTakeTheOthersSlots: at the limit, a flood of new
// connections from one address makes room among its own connections; a
// kept-alive connection of another address is never closed for them, and
// a new connection from that other address gets a slot.
func TestOneAddressCannotTakeTheOthersSlots(t *testing.T) {
	s := New(ok)
	s.MaxConns = 4
	var log lockedBuffer
	s.Config.Log = accesslog.NewLogger(&log, false)
	w := watchStates(s)
	l := newAddrListener()
	servePipe(t, s, l)

	honest, srvHonest := l.dialFrom(t, "198.51.100.7:1000")
	if r, err := honest.do("GET", "/h"); err != nil || r.Status != 200 {
		t.Fatalf("the honest client's first request: %v", err)
	}
	w.waitForServerEnd(t, connection.StateIdle, srvHonest)
	for i := range 20 { // silent connections, re-opened as they are closed
		l.dialFrom(t, fmt.Sprintf("192.0.2.1:%d", 2000+i))
	}
	if r, err := honest.do("GET", "/h"); err != nil || r.Status != 200 {
		t.Fatalf("the honest kept-alive connection after the flood: %v, want 200", err)
	}
	newcomer, _ := l.dialFrom(t, "198.51.100.7:1001")
	if r, err := newcomer.do("GET", "/n"); err != nil || r.Status != 200 {
		t.Errorf("a new honest connection at the limit: %v, want 200", err)
	}
	if !strings.Contains(log.String(), "closed to make room: a new connection that had sent nothing from 192.0.2.1:") {
		t.Errorf("the log does not say what was closed:\n%s", log.String())
	}
}
