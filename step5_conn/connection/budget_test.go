package connection

import (
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
)

// TestADeclaredBodyCostsNothingUntilSent: 50 connections each declare a
// 1 MiB body and send one byte of it. Memory held grows with what was
// sent, not with what was declared.
func TestADeclaredBodyCostsNothingUntilSent(t *testing.T) {
	const conns = 50
	before := heapAfterGC()
	clients := make([]*client, conns)
	for i := range clients {
		c := dial(t, &Config{Limits: Limits{Body: 2 << 20}})
		c.sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n")
		c.sendAll("b") // net.Pipe: back once the server has read it, into its body
		clients[i] = c
	}
	held := (heapAfterGC() - before) / conns
	t.Logf("%d bytes held per connection with 1 byte of a declared 1 MiB body", held)
	if held > 64<<10 {
		t.Errorf("a connection holds %d bytes for 1 byte of a declared 1 MiB body; want under 64 KiB", held)
	}
	runtime.KeepAlive(clients)
}

// TestBodiesShareABudget: bodies held at once across connections stay
// under the server's budget; one that does not fit is 503 with
// Retry-After and close, before the rest of it is read; the one already
// being read finishes, and what it held goes back. The first smallBody
// bytes of each body are the connection's own and not counted.
func TestBodiesShareABudget(t *testing.T) {
	budget := NewBudget(14000)
	cfg := &Config{BodyMemory: budget}
	a := dial(t, cfg)
	a.sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 16000\r\n\r\n")
	a.sendAll(strings.Repeat("a", 9000)) // read into a buffer that grew to 16000
	if got, want := budget.Used(), int64(16000-smallBody); got != want {
		t.Fatalf("budget used %d after 9000 bytes of a 16000-byte body, want %d (its buffer, less the %d a connection owns)", got, want, smallBody)
	}

	b := dial(t, cfg)
	b.sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 8000\r\n\r\n")
	b.send(strings.Repeat("b", 8000)) // never read
	r := b.read("POST")
	if r.Status != 503 || r.Get("Retry-After") != "1" || r.Get("Connection") != "close" || !mentions(r, "retry later") {
		t.Fatalf("a body past the budget: %d, Retry-After %q, Connection %q, %s; want 503, 1, close", r.Status, r.Get("Retry-After"), r.Get("Connection"), r.Body)
	}
	b.expectClosed()

	c := dial(t, cfg) // a chunked body counts the same way
	c.sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
	c.send("1f40\r\n" + strings.Repeat("c", 8000) + "\r\n0\r\n\r\n")
	if r := c.read("POST"); r.Status != 503 {
		t.Fatalf("a chunked body past the budget: %d, want 503", r.Status)
	}
	c.expectClosed()

	small := dial(t, cfg) // a small body never asks the budget
	small.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4000\r\n\r\n" + strings.Repeat("s", 4000))
	if r := small.read("POST"); r.Status != 200 {
		t.Fatalf("a 4000-byte body with the budget full: %d, want 200", r.Status)
	}

	a.send(strings.Repeat("a", 7000))
	if r := a.read("POST"); r.Status != 200 || !mentions(r, strings.Repeat("a", 16000)) {
		t.Fatalf("the body being read when the budget ran out: %d, want 200 with all of it", r.Status)
	}
	a.expectOpen() // and the next request runs with the budget given back
	if got := budget.Used(); got != 0 {
		t.Errorf("budget used %d after every request was answered, want 0 "+
			"(c.releaseRequest, keepalive.go, gives a body's bytes back: call it at the end of Handle's loop)", got)
	}
}

// TestOneAddressCannotKeepTheBudget: one client address holds the whole
// budget with bodies it stalls; a large body from another address gets
// room all the same, taken from the stalled ones, which are refused with
// 503 and closed. One address alone still gets the whole budget.
func TestOneAddressCannotKeepTheBudget(t *testing.T) {
	const full = 2 * (32<<10 - smallBody) // two buffers of 32 KiB, less what each connection owns
	budget := NewBudget(full)
	cfg := &Config{BodyMemory: budget}
	hog := make([]*client, 2)
	for i := range hog {
		hog[i] = dialFrom(t, cfg, "192.0.2.1:1000")
		hog[i].sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 40000\r\n\r\n")
		hog[i].sendAll(strings.Repeat("h", 20000)) // read into a buffer of 32 KiB
	}
	if got := budget.Used(); got != full {
		t.Fatalf("budget used %d, want all of its %d", got, full)
	}

	other := dialFrom(t, cfg, "198.51.100.7:2000")
	other.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 30000\r\n\r\n" + strings.Repeat("o", 30000))
	if r := other.read("POST"); r.Status != 200 || len(r.Body) < 30000 {
		t.Fatalf("a 30000-byte body from another address while one address holds the budget: %d, want 200", r.Status)
	}
	refused := 0
	for _, h := range hog {
		h.nc.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if r, err := response.Read(h.br, "POST"); err == nil {
			if r.Status != 503 || !mentions(r, "holds the most") {
				t.Errorf("a stalled body given up: %d %s, want 503 saying why", r.Status, r.Body)
			}
			refused++
		}
	}
	if refused == 0 {
		t.Errorf("no stalled body was given up")
	}
}

// dialFrom is dial for a client at addr: what the server sees as
// RemoteAddr, so that a test can have two client addresses on net.Pipe.
func dialFrom(t *testing.T, cfg *Config, addr string) *client {
	t.Helper()
	return dialConn(t, cfg, func(nc net.Conn) net.Conn { return fromAddr{nc, addr} })
}

type fromAddr struct {
	net.Conn
	addr string
}

func (f fromAddr) RemoteAddr() net.Addr { a, _ := net.ResolveTCPAddr("tcp", f.addr); return a }
