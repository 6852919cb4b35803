package router

import (
	"cmp"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

func TestOnlyNamesOfThisServer(t *testing.T) {
	tests := []struct {
		name    string
		method  string   // "" is GET
		target  string   // "" is /tasks
		version string   // "" is HTTP/1.1
		host    string   // the Host field's value
		noHost  bool     // send no Host field at all
		allowed []string // what full passes: the -host name and -allowed-hosts
		zero    bool     // a Router without Hosts, as in steps 4 to 7
		fields  string   // extra field lines, CRLF-ended
		want    int
	}{
		{name: "an IPv4 literal", host: "127.0.0.1", want: 200},
		{name: "an IPv4 literal with a port", host: "127.0.0.1:8000", want: 200},
		{name: "any IPv4 literal: this machine on the LAN", host: "192.168.1.20:8000", want: 200},
		{name: "an IPv6 literal", host: "[::1]", want: 200},
		{name: "an IPv6 literal with a port", host: "[::1]:8000", want: 200},
		{name: "an IPv6 literal needs its brackets", host: "::1", want: 421},
		{name: "a bracket left open", host: "[::1", want: 421},
		{name: "a name in brackets is no literal", host: "[evil.example]", want: 421},
		{name: "IPv4 in brackets is no literal", host: "[127.0.0.1]:8000", want: 421},
		{name: "localhost", host: "localhost", want: 200},
		{name: "localhost with a port", host: "localhost:8000", want: 200},
		{name: "a subdomain of localhost", host: "a.localhost:5173", want: 200},
		{name: "case and a trailing dot are ignored", host: "LOCALHOST.", want: 200},
		{name: "a trailing dot before the port", host: "LocalHost.:8000", want: 200},
		{name: "another name", host: "evil.example", want: 421},
		{name: "another name with a port", host: "evil.example:8000", want: 421},
		{name: "localhost as a label of another name", host: "localhost.evil.example", want: 421},
		{name: "a name that ends in localhost without a dot", host: "evillocalhost", want: 421},
		{name: "an IP literal as a label of another name", host: "127.0.0.1.evil.example", want: 421},
		{name: "no name, a port alone", host: ":8000", want: 421},
		{name: "a listed name", host: "tasks.lan:8000", allowed: []string{"tasks.lan"}, want: 200},
		{name: "a listed name, case and trailing dot ignored", host: "TASKS.LAN.", allowed: []string{"Tasks.Lan."}, want: 200},
		{name: "a listed name does not allow its subdomains", host: "a.tasks.lan", allowed: []string{"tasks.lan"}, want: 421},
		{name: "a leading dot allows a subdomain", host: "a.example.com", allowed: []string{".example.com"}, want: 200},
		{name: "a leading dot allows a deeper subdomain", host: "a.b.example.com:8000", allowed: []string{".example.com"}, want: 200},
		{name: "a leading dot allows the name itself", host: "example.com", allowed: []string{".example.com"}, want: 200},
		{name: "a leading dot is no suffix match", host: "notexample.com", allowed: []string{".example.com"}, want: 421},
		{name: "a leading dot is no prefix match", host: "example.com.evil.example", allowed: []string{".example.com"}, want: 421},
		{name: "all turns the check off", host: "evil.example:8000", allowed: []string{"127.0.0.1", "all"}, want: 200},
		{name: "a zero Router serves every Host", host: "evil.example:8000", zero: true, want: 200},
		{name: "HTTP/1.0 without Host is served", version: "HTTP/1.0", noHost: true, want: 200},
		{name: "HTTP/1.0 with another name is not", version: "HTTP/1.0", host: "evil.example", want: 421},
		{name: "OPTIONS * with an empty Host names nothing", method: "OPTIONS", target: "*", host: "", want: 204},
		{name: "the absolute form's authority wins over Host", target: "http://evil.example:8000/tasks", host: "127.0.0.1:8000", want: 421},
		{name: "the absolute form's authority, allowed", target: "http://127.0.0.1:8000/tasks", host: "evil.example", want: 200},
		{name: "userinfo is no part of the authority", target: "http://127.0.0.1@evil.example/tasks", host: "127.0.0.1", want: 421},
		{name: "421 before 404", target: "/nowhere", host: "evil.example", want: 421},
		{name: "421 before 405", method: "DELETE", host: "evil.example", want: 421},
		{name: "421 before 501", method: "BREW", host: "evil.example", want: 421},
		{name: "421 before 403", method: "POST", host: "evil.example", fields: "Sec-Fetch-Site: cross-site\r\n", want: 421},
		{name: "a rebound page's write", method: "POST", host: "evil.example:8000", fields: "Origin: http://evil.example:8000\r\nSec-Fetch-Site: same-origin\r\n", want: 421},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method, target, version := cmp.Or(tt.method, "GET"), cmp.Or(tt.target, "/tasks"), cmp.Or(tt.version, "HTTP/1.1")
			raw := method + " " + target + " " + version + "\r\n"
			if !tt.noHost {
				raw += "Host: " + tt.host + "\r\n"
			}
			raw += tt.fields
			if method == "POST" {
				raw += "Content-Length: 13\r\n\r\n" + `{"title":"x"}`
			} else {
				raw += "\r\n"
			}
			req, err := request.Parse([]byte(raw))
			if err != nil {
				t.Fatalf("request.Parse(%q): %v", raw, err)
			}
			h := handlers.New(tasks.NewStore(), time.Now)
			rt := Tasks(h)
			if !tt.zero {
				rt.Hosts = AllowHosts(tt.allowed...)
			}
			resp := rt.Dispatch(req)
			if resp.Status != tt.want {
				hint := "rt.misdirected(req) (hosts.go) lets it through: the rest of Dispatch answers it (TestDispatch's rows say which part)"
				if tt.want == 421 {
					hint = "rt.misdirected(req) (hosts.go) answers it: call it first in Dispatch, before 501, 403, 404 and 405"
				}
				t.Fatalf("Dispatch(%q) with AllowHosts(%q) = %d %.200s, want %d\n%s", raw, tt.allowed, resp.Status, resp.WholeBody(), tt.want, hint)
			}
			if tt.want == 421 && h.Store.Len() != 2 {
				t.Errorf("the store holds %d tasks after a 421, want 2", h.Store.Len())
			}
		})
	}
}

func TestMisdirectedNamesTheHostAndTheFlag(t *testing.T) {
	rt := Tasks(handlers.New(tasks.NewStore(), time.Now))
	rt.Hosts = AllowHosts()
	for _, tt := range []struct{ host, want string }{
		{host: "evil.example:8000", want: `{"error":"Host evil.example:8000 is not a name of this server (to serve it, list it in -allowed-hosts)"}`},
		{host: strings.Repeat("a", 100) + ".example", want: `{"error":"Host ` + strings.Repeat("a", 64) + `... is not a name of this server (to serve it, list it in -allowed-hosts)"}`},
	} {
		req, err := request.Parse([]byte("GET /tasks HTTP/1.1\r\nHost: " + tt.host + "\r\n\r\n"))
		if err != nil {
			t.Fatal(err)
		}
		resp := rt.Dispatch(req)
		if got := string(resp.Body); resp.Status != 421 || got != tt.want {
			t.Errorf("Dispatch(GET /tasks, Host: %.20s...) = %d %s, want 421 %s (rt.misdirected(req), hosts.go)", tt.host, resp.Status, got, tt.want)
		}
	}
}

// BenchmarkHostCheck is what the check costs each request of full.
func BenchmarkHostCheck(b *testing.B) {
	h := AllowHosts("127.0.0.1", "tasks.lan")
	for _, host := range []string{"127.0.0.1:8000", "localhost:8000", "tasks.lan", "[::1]:8000"} {
		b.Run(host, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !h.Allows(host) {
					b.Fatal(host)
				}
			}
		})
	}
}
