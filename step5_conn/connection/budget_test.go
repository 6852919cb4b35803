package connection

import (
	"runtime"
	"strings"
	"testing"
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
		<-c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n")
		<-c.send("b") // net.Pipe: back once the server has read it, into its body
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
// being read finishes, and what it held goes back.
func TestBodiesShareABudget(t *testing.T) {
	budget := NewBudget(10000)
	cfg := &Config{BodyMemory: budget}
	a := dial(t, cfg)
	<-a.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 8000\r\n\r\n")
	<-a.send(strings.Repeat("a", 5000)) // read into a buffer that grew to 8000
	if got := budget.Used(); got != 8000 {
		t.Fatalf("budget used %d after 5000 bytes of an 8000-byte body, want 8000 (its buffer)", got)
	}

	b := dial(t, cfg)
	<-b.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 4000\r\n\r\n")
	b.send(strings.Repeat("b", 4000)) // never read
	r := b.read("POST")
	if r.Status != 503 || r.Get("Retry-After") != "1" || r.Get("Connection") != "close" || !mentions(r, "retry later") {
		t.Fatalf("a body past the budget: %d, Retry-After %q, Connection %q, %s; want 503, 1, close", r.Status, r.Get("Retry-After"), r.Get("Connection"), r.Body)
	}
	b.expectClosed()

	c := dial(t, cfg) // a chunked body counts the same way
	<-c.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
	c.send("fa0\r\n" + strings.Repeat("c", 4000) + "\r\n0\r\n\r\n")
	if r := c.read("POST"); r.Status != 503 {
		t.Fatalf("a chunked body past the budget: %d, want 503", r.Status)
	}
	c.expectClosed()

	a.send(strings.Repeat("a", 3000))
	if r := a.read("POST"); r.Status != 200 || !mentions(r, strings.Repeat("a", 8000)) {
		t.Fatalf("the body being read when the budget ran out: %d, want 200 with all of it", r.Status)
	}
	a.expectOpen() // and the next request runs with the budget given back
	if got := budget.Used(); got != 0 {
		t.Errorf("budget used %d after every request was answered, want 0", got)
	}
}
