package server

import (
	"context"
	"net"
	"sync"
)

// PipeListener is a net.Listener with no socket behind it: each Dial makes
// a net.Pipe, gives one end to Accept and returns the other. The demos and
// tests run the real accept loop on it, offline and without a port, as
// net/http's own tests do with their fakeNetListener.
type PipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// NewPipeListener returns a listener ready to Accept.
func NewPipeListener() *PipeListener {
	return &PipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept waits for a Dial, or for Close.
func (l *PipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close makes Accept and Dial fail from now on.
func (l *PipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr names the listener.
func (l *PipeListener) Addr() net.Addr { return pipeAddr{} }

// Dial connects to the listener.
func (l *PipeListener) Dial() (net.Conn, error) {
	return l.DialContext(context.Background(), "pipe", "pipe")
}

// DialContext has the shape http.Transport.DialContext wants, so a real
// net/http client can talk to a server on this listener (step 7).
func (l *PipeListener) DialContext(ctx context.Context, _, _ string) (net.Conn, error) {
	server, client := net.Pipe()
	select {
	case l.conns <- server:
		return client, nil
	case <-l.done:
		return nil, net.ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
