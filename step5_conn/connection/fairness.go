package connection

import (
	"fmt"
	"net"
	"time"
)

// This file keeps one client from taking what the others need. The body
// budget (budget.go) is shared: first come, first served, one address
// that sends seventy 1 MiB bodies and stalls them holds all of it, and
// every other client's large body is refused. So when the budget is full,
// a body does not simply fail: the client address holding the most gives
// up one of the bodies it is still reading (its request is refused with
// 503, unexecuted, and closed), as long as it holds more than the
// newcomer's address would. One address alone may still use the whole
// budget when nobody else needs it; under contention, shares even out.
// Small bodies never get here at all (smallBody).

// Client is the address a connection counts under for fairness: the
// client's IP, an IPv6 client by its /64 (a host is usually given a whole
// /64, and picks from it at will), or the address's name when it is not
// IP (net.Pipe's "pipe"). Clients behind one reverse proxy share its
// address. Step 6 counts connections under the same key.
func Client(addr net.Addr) string {
	var ip net.IP
	switch a := addr.(type) {
	case *net.TCPAddr:
		ip = a.IP
	case *net.UDPAddr:
		ip = a.IP
	default:
		if host, _, err := net.SplitHostPort(addr.String()); err == nil {
			ip = net.ParseIP(host)
		}
		if ip == nil {
			return addr.String()
		}
	}
	if ip4 := ip.To4(); ip4 != nil {
		return ip4.String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// holding is what one client address holds of the budget.
type holding struct {
	held   int64
	bodies map[*body]struct{}
}

// giveUpTries bounds how many bodies one growth may have given up for it;
// giveUpWait bounds how long it waits for one to let go.
const (
	giveUpTries = 8
	giveUpWait  = time.Second
)

// take counts n more bytes as held by b, unless that would pass the
// maximum: then the address holding the most gives up a body, if that is
// fair, and take waits for it to let go.
func (bg *Budget) take(b *body, n int64) error {
	if b.client == "" {
		b.client = Client(b.nc.RemoteAddr())
	}
	for range giveUpTries {
		bg.mu.Lock()
		if bg.used+n <= bg.max {
			bg.used += n
			bg.hold(b, n)
			bg.mu.Unlock()
			return nil
		}
		victim := bg.victim(b.client, n)
		if victim == nil {
			bg.mu.Unlock()
			break
		}
		victim.reading = false // given up once
		victim.givenUp.Store(true)
		if victim.freed == nil {
			victim.freed = make(chan struct{})
		}
		freed := victim.freed
		bg.mu.Unlock()
		if !interrupt(victim.nc, freed) {
			break
		}
	}
	return fmt.Errorf("%w: request bodies in memory are at the server's limit of %d bytes; retry later", ErrBodyMemory, bg.max)
}

// interrupt stops the read of a body given up, by moving its connection's
// read deadline to the past, and waits until the body has let go of its
// memory. It moves the deadline again every few milliseconds: the
// connection may have just set a deadline of its own before its next
// read (deadlines.go), which the first move would not outlast.
func interrupt(nc net.Conn, freed <-chan struct{}) bool {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	give := time.NewTimer(giveUpWait)
	defer give.Stop()
	for {
		nc.SetReadDeadline(time.Unix(1, 0))
		select {
		case <-freed:
			return true
		case <-give.C:
			return false
		case <-tick.C:
		}
	}
}

// victim picks the body to give up so that a body of client may grow by
// n: the largest body still being read by the client address holding the
// most, when that address holds more than client would after growing.
// Called with bg.mu held.
func (bg *Budget) victim(client string, n int64) *body {
	var mine int64
	if h := bg.clients[client]; h != nil {
		mine = h.held
	}
	var top *holding
	var largest *body
	for addr, h := range bg.clients {
		if addr == client || h.held <= mine+n || (top != nil && h.held <= top.held) {
			continue
		}
		var l *body
		for b := range h.bodies {
			if b.reading && (l == nil || b.held > l.held) {
				l = b
			}
		}
		if l != nil {
			top, largest = h, l
		}
	}
	return largest
}

// hold counts n more bytes as held by b and its client address. Called
// with bg.mu held.
func (bg *Budget) hold(b *body, n int64) {
	h := bg.clients[b.client]
	if h == nil {
		if bg.clients == nil {
			bg.clients = make(map[string]*holding)
		}
		h = &holding{bodies: make(map[*body]struct{})}
		bg.clients[b.client] = h
	}
	if b.held == 0 {
		h.bodies[b] = struct{}{}
		b.reading = true
	}
	b.held += n
	h.held += n
}

// give gives back everything b holds, and wakes a body waiting for it.
func (bg *Budget) give(b *body) {
	bg.mu.Lock()
	defer bg.mu.Unlock()
	bg.used -= b.held
	if h := bg.clients[b.client]; h != nil {
		h.held -= b.held
		delete(h.bodies, b)
		if len(h.bodies) == 0 {
			delete(bg.clients, b.client)
		}
	}
	if b.freed != nil {
		close(b.freed)
	}
}

// errGivenUp is why a body given up for another client's is refused.
func (b *body) errGivenUp() error {
	return fmt.Errorf("%w: request bodies in memory are at the server's limit of %d bytes, and this client address holds the most; retry later", ErrBodyMemory, b.budget.max)
}
