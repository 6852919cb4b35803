package connection

import (
	"net"
	"testing"
)

// TestClientIsTheIPOrTheIPv6Slash64: what a connection counts under for
// fairness is its client's IP; an IPv6 client's /64, from which one host
// may pick at will.
func TestClientIsTheIPOrTheIPv6Slash64(t *testing.T) {
	for _, tt := range []struct {
		addr net.Addr
		want string
	}{
		{addr: &net.TCPAddr{IP: net.ParseIP("127.0.0.2"), Port: 5000}, want: "127.0.0.2"},
		{addr: &net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.1"), Port: 1}, want: "192.0.2.1"},
		{addr: &net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:aaaa::1"), Port: 1}, want: "2001:db8:1:2::/64"},
		{addr: &net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:bbbb::9"), Port: 2}, want: "2001:db8:1:2::/64"},
		{addr: &net.TCPAddr{IP: net.ParseIP("::1"), Port: 1}, want: "::/64"},
		{addr: pipeAddr{}, want: "pipe"},
	} {
		if got := Client(tt.addr); got != tt.want {
			t.Errorf("Client(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }
