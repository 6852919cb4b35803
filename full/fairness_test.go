package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
)

// These tests put two clients on two addresses of the real server over
// TCP. Loopback takes all of 127.0.0.0/8 on Linux (and Windows), so a
// client bound to 127.0.0.2 is another address than one on 127.0.0.1;
// macOS has only 127.0.0.1 by default, and there the tests skip (step 5's
// and step 6's own tests inject two addresses on every platform).

// dialFrom is dial with the client's end bound to the address ip.
func dialFrom(t *testing.T, addr, ip string) *rawConn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	nc, err := d.Dial("tcp", addr)
	if err != nil {
		t.Skipf("cannot connect from %s (%v): this system's loopback has only 127.0.0.1 (macOS: sudo ifconfig lo0 alias %s)", ip, err, ip)
	}
	t.Cleanup(func() { nc.Close() })
	return &rawConn{t, nc, bufio.NewReader(nc)}
}

// TestStalledBodiesFromOneAddressDenyNobody: one address sends large
// bodies and stalls them until the server's body budget is full. Another
// address still gets its small JSON in (it never waits on the budget),
// and its large body too, up to an even share of the budget: the address
// holding the most gives one up when there is no room for it.
func TestStalledBodiesFromOneAddressDenyNobody(t *testing.T) {
	addr, log, _ := start(t, "-max-body", "100000", "-max-body-memory", "200000")
	honest := dialFrom(t, addr, "127.0.0.2")
	const length = 100000 // the budget holds two, with nothing to spare
	stalled := make([]net.Conn, 3)
	for i := range stalled {
		stalled[i] = dialFrom(t, addr, "127.0.0.1").nc
		fmt.Fprintf(stalled[i], "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: %d\r\n\r\n%s", length, strings.Repeat("s", length-1))
	}
	log.waitFor(t, "server busy") // the third did not fit: the budget is full

	if r := honest.do("POST", "/tasks", `{"title":"x"}`); r.Status != 201 {
		t.Errorf("a small POST from another address while one holds the budget: %d %s, want 201", r.Status, r.Body)
	}
	// Up to its share: what it would then hold is no more than what the
	// other address keeps.
	big := strings.Repeat("b", 90000)
	honest.nc.SetDeadline(time.Now().Add(5 * time.Second))
	io.WriteString(honest.nc, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 90000\r\n\r\n"+big)
	if r, err := response.Read(honest.br, "POST"); err != nil || r.Status != 200 || !strings.HasSuffix(string(r.Body), big) {
		t.Errorf("a 90,000-byte body from another address while one holds the budget: %v, want 200", statusOf(r, err))
	}
	// Which stalled body gave way, or whether one had to, depends on how
	// far the server had read each when the honest one came: step 5's
	// TestOneAddressCannotKeepTheBudget pins that on net.Pipe, where a
	// write returns only once the server has read it.
}

// TestASilentFloodFromOneAddressClosesNobodyElse: at the connection
// limit, one address opens connection after connection and sends
// nothing. It makes room among its own: another address's kept-alive
// connection is not closed for it, and a new connection from that other
// address is served.
func TestASilentFloodFromOneAddressClosesNobodyElse(t *testing.T) {
	addr, log, _ := start(t, "-max-conns", "10")
	kept := dialFrom(t, addr, "127.0.0.2")
	if r := kept.do("GET", "/health", ""); r.Status != 200 {
		t.Fatalf("GET /health: %d", r.Status)
	}
	for range 30 {
		dialFrom(t, addr, "127.0.0.1") // silent
	}
	// Connections are accepted in order: once this one is served, every
	// silent one before it has been admitted, or refused.
	if r := dialFrom(t, addr, "127.0.0.2").do("GET", "/health", ""); r.Status != 200 {
		t.Errorf("a new connection from another address during the flood: %d %s, want 200", r.Status, r.Body)
	}
	if r, err := tryDo(kept, "/health"); err != nil || r.Status != 200 {
		t.Errorf("the other address's kept-alive connection during the flood: %v, want 200", statusOf(r, err))
	}
	log.waitFor(t, "closed to make room: a new connection that had sent nothing from 127.0.0.1:")
}

// tryDo is rawConn.do for a connection that may have been closed: the
// error is returned, not fatal.
func tryDo(c *rawConn, target string) (*response.Response, error) {
	c.nc.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c.nc, "GET "+target+" HTTP/1.1\r\nHost: localhost\r\n\r\n"); err != nil {
		return nil, err
	}
	return response.Read(c.br, "GET")
}

// statusOf says what came back: a status, or the error instead.
func statusOf(r *response.Response, err error) any {
	if err != nil {
		return err
	}
	return r.Status
}
