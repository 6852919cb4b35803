package connection

import (
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection/conntest"
)

// pieces is a Stream that writes n pieces of size bytes; a negative Len
// when unknown is set.
type pieces struct {
	n, size int
	unknown bool
}

func (p pieces) Len() int64 {
	if p.unknown {
		return -1
	}
	return int64(p.n * p.size)
}

func (p pieces) WriteTo(w io.Writer) (int64, error) {
	piece := []byte(strings.Repeat("p", p.size))
	var written int64
	for range p.n {
		n, err := w.Write(piece)
		written += int64(n)
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// streaming answers /long with p, anything else as echo does.
func streaming(p pieces) Handler {
	return func(req *request.Request) *response.Response {
		if req.Path() != "/long" {
			return echo(req)
		}
		return &response.Response{Status: 200, Stream: p, Type: "text/plain"}
	}
}

// writes is the server's end of a connection, noting the size of each
// write as it begins: net.Pipe blocks a write until the client reads it.
type writes struct {
	net.Conn
	mu    sync.Mutex
	sizes []int
	first chan struct{} // closed at the first write
}

func (w *writes) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.sizes = append(w.sizes, len(p))
	if len(w.sizes) == 1 {
		close(w.first)
	}
	w.mu.Unlock()
	return w.Conn.Write(p)
}

func (w *writes) largest() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Max(w.sizes)
}

// dialWrites is dial, with the server's writes noted.
func dialWrites(t *testing.T, cfg *Config) (*client, *writes) {
	w := &writes{first: make(chan struct{})}
	c := dialConn(t, cfg, func(nc net.Conn) net.Conn { w.Conn = nc; return w })
	return c, w
}

// stalled asks c for a long stream and reads nothing: it returns the size
// of the write the server is blocked in.
func stalled(t *testing.T, c *client, w *writes) int {
	t.Helper()
	c.send("GET /long HTTP/1.1\r\nHost: a\r\n\r\n")
	select {
	case <-w.first:
	case <-time.After(conntest.Within):
		t.Fatalf("GET /long: nothing written within %v", conntest.Within)
	}
	return w.largest()
}

// TestOutputMemoryBoundsTheWindow: a connection gathers a stream in
// windows of maxPending while the server's OutputMemory has room, of
// ownPending when it has none, and gives the room back once the answer
// is written.
func TestOutputMemoryBoundsTheWindow(t *testing.T) {
	long := pieces{n: 1000, size: 500} // 500 KB, in pieces a window holds many of
	t.Run("room: whole windows, given back", func(t *testing.T) {
		room := NewOutputMemory(DefaultOutputMemory)
		c, w := dialWrites(t, &Config{Handler: streaming(long), OutputMemory: room})
		for range 2 {
			c.send("GET /long HTTP/1.1\r\nHost: a\r\n\r\n")
			c.nc.SetReadDeadline(time.Now().Add(conntest.Within))
			if r, err := response.Read(c.br, "GET"); err != nil || len(r.Body) != long.n*long.size {
				t.Fatalf("GET /long: %v", statusOrError(r, err))
			}
			if n := w.largest(); n <= ownPending || n > maxPending {
				t.Errorf("largest write %d bytes, want a window of more than %d and at most %d", n, ownPending, maxPending)
			}
			c.expectOpen() // a small answer, after the long one's room went back
			if left := room.Left(); left != DefaultOutputMemory {
				t.Errorf("after the answer, %d bytes of room left of %d: the room was not given back", left, DefaultOutputMemory)
			}
		}
	})
	t.Run("no room: a window of ownPending", func(t *testing.T) {
		c, w := dialWrites(t, &Config{Handler: streaming(long), OutputMemory: NewOutputMemory(0)})
		if n := stalled(t, c, w); n > ownPending+long.size {
			t.Errorf("a write of %d bytes with no room to borrow, want at most %d", n, ownPending+long.size)
		}
	})
	t.Run("room for one: the second connection writes small windows", func(t *testing.T) {
		room := NewOutputMemory(maxPending - ownPending)
		first, w := dialWrites(t, &Config{Handler: streaming(long), OutputMemory: room})
		if n := stalled(t, first, w); n <= ownPending {
			t.Errorf("the first connection's write: %d bytes, want a whole window", n)
		}
		second, w := dialWrites(t, &Config{Handler: streaming(long), OutputMemory: room})
		if n := stalled(t, second, w); n > ownPending+long.size {
			t.Errorf("the second connection's write, while the first holds the room and its client reads nothing: %d bytes, want at most %d", n, ownPending+long.size)
		}
	})
}

func statusOrError(r *response.Response, err error) any {
	if err != nil {
		return err
	}
	return r.Status
}

// TestChunkedAnswer: a Stream whose length is not known goes out chunked
// to an HTTP/1.1 client, and the connection goes on; HEAD says the same
// fields without a chunk; an HTTP/1.0 client gets the body as it is, and
// the connection closes after it, since that is how its end is told.
func TestChunkedAnswer(t *testing.T) {
	unknown := pieces{n: 300, size: 1000, unknown: true}
	want := strings.Repeat("p", unknown.n*unknown.size)
	t.Run("HTTP/1.1: chunked, kept alive", func(t *testing.T) {
		c := dial(t, &Config{Handler: streaming(unknown)})
		for _, method := range []string{"GET", "HEAD", "GET"} {
			c.send(method + " /long HTTP/1.1\r\nHost: a\r\n\r\n")
			c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
			r, err := response.Read(c.br, method)
			if err != nil {
				t.Fatalf("%s: %v", method, err)
			}
			if r.Get("Transfer-Encoding") != "chunked" || r.Get("Content-Length") != "" || r.Get("Connection") != "" {
				t.Errorf("%s: Transfer-Encoding %q, Content-Length %q, Connection %q; want chunked, none, none", method, r.Get("Transfer-Encoding"), r.Get("Content-Length"), r.Get("Connection"))
			}
			if method == "GET" && string(r.Body) != want || method == "HEAD" && r.Body != nil {
				t.Errorf("%s: a body of %d bytes, want %d", method, len(r.Body), map[string]int{"GET": len(want)}[method])
			}
		}
	})
	t.Run("HTTP/1.0: no chunks, closed after the body", func(t *testing.T) {
		c := dial(t, &Config{Handler: streaming(unknown)})
		c.send("GET /long HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
		c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
		r, err := response.Read(c.br, "GET")
		if err != nil {
			t.Fatal(err)
		}
		if r.Get("Transfer-Encoding") != "" || r.Get("Connection") != "close" || string(r.Body) != want {
			t.Errorf("Transfer-Encoding %q, Connection %q, %d bytes; want none, close, %d bytes", r.Get("Transfer-Encoding"), r.Get("Connection"), len(r.Body), len(want))
		}
		c.expectClosed()
	})
}
