package router

import (
	"net/netip"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// This file guards the tasks against DNS rebinding. A page on
// http://evil.example:8000 loads from the attacker's server; then the
// attacker's DNS points evil.example at 127.0.0.1. The browser still
// thinks it talks to evil.example, so the page's requests are
// same-origin: they pass crossorigin.go, and the page reads the answers.
// They reach this server all the same, and one thing gives them away:
// they say Host: evil.example:8000. So a server on a learner's machine
// answers only to names that can be its own, the rule of Vite's
// server.allowedHosts:
//
//	Host: 127.0.0.1:8000, [::1]:8000   → served (an IP literal, any port)
//	Host: localhost, a.localhost:8000  → served (RFC 6761: always this machine)
//	Host: a name given to -host, or listed in -allowed-hosts → served
//	Host: evil.example:8000            → 421 Misdirected Request
//	HTTP/1.0 without Host              → served (no name, nothing to rebind)
//
// An IP literal is safe because DNS cannot rebind it: a page the browser
// loaded from http://127.0.0.1:8000 came from this server.

// Hosts is which names, besides IP literals, localhost and *.localhost,
// a request may name. A nil *Hosts serves every name, as a Router's zero
// value does: the steps' demos dial "pipe" and their tests send Host: a.
type Hosts struct {
	all   bool
	names []string // lower case, no trailing dot; ".example.com" is a domain
}

// AllowHosts returns the rule that serves IP literals, localhost, its
// subdomains and names. A name that starts with a dot allows itself and
// every subdomain, as in Vite: ".example.com" allows example.com and
// a.b.example.com. "all" allows every name. Names are compared without
// case and without a trailing dot.
func AllowHosts(names ...string) *Hosts {
	h := &Hosts{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
		switch n {
		case "":
		case "all":
			h.all = true
		default:
			h.names = append(h.names, n)
		}
	}
	return h
}

// Allows reports whether host, a Host field value or an absolute form's
// authority (host[:port]), names this server.
func (h *Hosts) Allows(host string) bool {
	if h == nil || h.all {
		return true
	}
	name, bracketed, ok := hostname(host)
	if !ok {
		return false
	}
	// Only a name that ends in a digit may be IPv4: parsing the others
	// would allocate an error for every request to localhost.
	if bracketed || name != "" && isDigit(name[len(name)-1]) {
		if ip, err := netip.ParseAddr(name); err == nil && ip.Is6() == bracketed {
			return true // [IPv6] or IPv4, the only IP literals RFC 3986 §3.2.2 has
		}
	}
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	for _, n := range h.names {
		if n == name || n[0] == '.' && (n[1:] == name || strings.HasSuffix(name, n)) {
			return true
		}
	}
	return false
}

// hostname is host without its port, in lower case, without a trailing
// dot: "LOCALHOST.:8000" → "localhost"; "[::1]:8000" → "::1", bracketed.
// ok is false for a bracket left open, or text after it but a port.
func hostname(host string) (name string, bracketed, ok bool) {
	if rest, found := strings.CutPrefix(host, "["); found {
		name, port, closed := strings.Cut(rest, "]")
		return name, true, closed && (port == "" || port[0] == ':')
	}
	name, _, _ = strings.Cut(host, ":")
	return strings.ToLower(strings.TrimSuffix(name, ".")), false, true
}

// misdirected answers 421 to a request whose Host no name of this server
// matches (RFC 9110 §15.5.20: the server is "unwilling to produce an
// authoritative response for the target URI"); nil to let it through. A
// request with no host at all, an HTTP/1.0 one without Host, names
// nothing a page could rebind.
func (rt *Router) misdirected(req *request.Request) *response.Response {
	if rt.Hosts == nil {
		return nil
	}
	h := host(req)
	if h == "" || rt.Hosts.Allows(h) {
		return nil
	}
	return response.Error(421, "Host "+request.Clip(h)+" is not a name of this server (to serve it, list it in -allowed-hosts)")
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// host is the host the request is for: the target's authority in the
// absolute form (RFC 9112 §3.2.2: it wins over Host), else the Host
// field's. It cuts the target as request.SplitTarget does:
//
//	"http://user@b:80/tasks?x"  → "b:80"
//	"/tasks", Host: a:8000      → "a:8000"
func host(req *request.Request) string {
	if i := strings.Index(req.Target, "://"); i > 0 && !strings.HasPrefix(req.Target, "/") {
		authority := req.Target[i+3:]
		if j := strings.IndexAny(authority, "/?#"); j >= 0 {
			authority = authority[:j]
		}
		if j := strings.LastIndexByte(authority, '@'); j >= 0 {
			authority = authority[j+1:] // userinfo is no part of the host
		}
		return authority
	}
	return req.Get("Host")
}
