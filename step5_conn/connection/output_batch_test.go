package connection

import (
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection/conntest"
)

// A response that is ready goes out at once: it never waits for bytes
// the client has not sent. The header timeout is a minute, so a response
// held back until it fires would fail c.read's deadline (conntest.Within).
func TestReadyResponseIsNotHeldBack(t *testing.T) {
	slow := Timeouts{Header: time.Minute, Idle: time.Minute}
	t.Run("a stray CRLF after the body", func(t *testing.T) {
		states := make(chan State, 10)
		c := dial(t, &Config{Timeouts: slow, OnState: func(_ net.Conn, s State) bool { states <- s; return true }})
		// RFC 9112 §2.2: a server ought to tolerate the CRLF some
		// clients send after a body; it is not a request, so the
		// connection is idle after the answer, as a shutdown needs.
		c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\none\r\n")
		if r := c.read("POST"); r.Status != 200 || !mentions(r, `"body":"one"`) {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		for _, want := range []State{StateIdle, StateActive, StateIdle} {
			if got := conntest.Recv(t, states, "the connection's states (waitForRequest, timeouts.go, reports idle and active: call it at the top of Handle's loop)"); got != want {
				t.Fatalf("state %v, want %v: after the answer the connection waits, idle", got, want)
			}
		}
		c.expectOpen()
	})
	t.Run("half of the next request", func(t *testing.T) {
		c := dial(t, &Config{Timeouts: slow})
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\nGET /ec")
		if r := c.read("GET"); r.Status != 200 {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		c.send("ho HTTP/1.1\r\nHost: a\r\n\r\n")
		if r := c.read("GET"); r.Status != 200 {
			t.Fatalf("second request: got %d %s", r.Status, r.Body)
		}
	})
	t.Run("the first half of a body", func(t *testing.T) {
		c := dial(t, &Config{Timeouts: Timeouts{Body: time.Minute}})
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\nPOST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nabc")
		if r := c.read("GET"); r.Status != 200 {
			t.Fatalf("got %d %s", r.Status, r.Body)
		}
		c.send("def")
		if r := c.read("POST"); r.Status != 200 || !mentions(r, `"body":"abcdef"`) {
			t.Fatalf("second request: got %d %s", r.Status, r.Body)
		}
	})
}

// bigBody answers every request with a JSON body of n bytes or so.
func bigBody(n int) Handler {
	body := response.JSON(200, map[string]string{"x": strings.Repeat("x", n)})
	return func(*request.Request) *response.Response { return body }
}

// TestOutputIsBoundedForAClientThatNeverReads: a client pipelines many
// requests for a large response and reads nothing. The server may queue
// the answers to pipelined requests for one write, but not without
// bound: the first write it makes (net.Pipe hands a whole write to one
// large Read) holds at most maxPending bytes and one response.
func TestOutputIsBoundedForAClientThatNeverReads(t *testing.T) {
	const size = 100 << 10
	c := dial(t, &Config{Handler: bigBody(size)})
	c.send(strings.Repeat("GET /big HTTP/1.1\r\nHost: a\r\n\r\n", 300))
	buf := make([]byte, 64<<20)
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, err := c.nc.Read(buf)
	if err != nil {
		t.Fatalf("300 pipelined GET /big, read nothing: %v\n%s", err, c.why(err))
	}
	if limit := maxPending + size + 1024; n > limit {
		t.Errorf("the server's first write holds %d bytes, want at most %d", n, limit)
	}
}

// TestIdleConnectionKeepsLittle: after a large request and a large
// response, an idle kept-alive connection holds little memory: not the
// body it read, not the response it wrote, not a grown buffer.
func TestIdleConnectionKeepsLittle(t *testing.T) {
	const conns, size = 20, 1 << 20
	handler := bigBody(size) // one response, shared by every connection
	before := heapAfterGC()
	clients := make([]*client, conns)
	for i := range clients {
		c := dial(t, &Config{Handler: handler, Limits: Limits{Body: 2 << 20}})
		c.send("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n" + strings.Repeat("b", size))
		if r := c.read("POST"); r.Status != 200 || len(r.Body) < size {
			t.Fatalf("got %d with %d bytes", r.Status, len(r.Body))
		}
		clients[i] = c
	}
	held := (heapAfterGC() - before) / conns
	t.Logf("%d bytes held per idle connection", held)
	if held > 64<<10 {
		t.Errorf("an idle connection holds %d bytes after a 1 MiB request and response; want under 64 KiB "+
			"(c.releaseRequest, keepalive.go, lets go of the request's body: call it at the end of Handle's loop)", held)
	}
	runtime.KeepAlive(clients)
}

func heapAfterGC() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // twice: sync.Pool keeps what it held for one more cycle
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestSilentNewConnectionGetsTheHeaderTimeout: a connection that never
// sends a byte is closed after the header timeout, not the idle timeout
// meant for kept-alive connections between requests; and silently, as
// nothing was asked.
func TestSilentNewConnectionGetsTheHeaderTimeout(t *testing.T) {
	c := dial(t, &Config{Timeouts: Timeouts{Header: 20 * time.Millisecond, Idle: time.Minute}})
	c.hint = "a new connection that sends nothing is closed after the header timeout, without a 408, as nothing was asked: " +
		"waitForRequest, timeouts.go, says false; call it at the top of Handle's loop, and return then"
	c.expectClosed()
}

// TestClosedByTheServerIsNotARefusal: when the server closes a connection
// itself (a shutdown's deadline), the read that fails is not a request to
// refuse: nothing is answered and nothing is logged as a 400.
func TestClosedByTheServerIsNotARefusal(t *testing.T) {
	var log strings.Builder
	reading := make(chan net.Conn, 1)
	c := dial(t, &Config{Log: accesslog.NewLogger(&log, false), OnState: func(nc net.Conn, s State) bool {
		if s == StateActive {
			reading <- nc
		}
		return true
	}})
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\nX-Half: ")
	conntest.Recv(t, reading, "the connection to say it reads a request (waitForRequest, timeouts.go, says so: call it at the top of Handle's loop)").Close() // the server's end, mid-head
	conntest.Recv(t, c.done, "Handle to return after its connection was closed")
	if log.Len() > 0 {
		t.Errorf("logged %q for a connection the server closed", log.String())
	}
}
