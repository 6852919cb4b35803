package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/tutorialtest"
	"httpfromscratch/step8_cli/cli"
)

// TestMain lets the test binary stand in for a server: with FULL_RUN_MAIN
// set it runs this package's main (a test sends it signals), and with
// FULL_NETHTTP_ADDR set it serves the same API with net/http, the
// yardstick compare.sh loads beside full.
func TestMain(m *testing.M) {
	if os.Getenv("FULL_RUN_MAIN") == "1" {
		profileFor(os.Getenv("FULL_CPUPROFILE"), os.Getenv("FULL_CPUPROFILE_FOR"))
		os.Args = append([]string{"full"}, fullArgs(os.Getenv("FULL_ARGS"))...)
		main()
		return
	}
	if addr := os.Getenv("FULL_NETHTTP_ADDR"); addr != "" {
		srv := netHTTPServer(handlers.New(tasks.NewStore(), time.Now))
		srv.Addr = addr
		fmt.Println("net/http serving on", addr)
		if err := srv.ListenAndServe(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// fullArgs splits FULL_ARGS: one argument a line when it has several
// lines (the tests, whose temporary paths may hold a space, as a Windows
// user name can), else at spaces (compare.sh's "-port 18080 -max-tasks …").
func fullArgs(s string) []string {
	if strings.Contains(s, "\n") {
		return strings.Split(s, "\n")
	}
	return strings.Fields(s)
}

// profileFor writes a CPU profile of the server to file, taken over the
// duration d from when it starts (for pprof of the real binary under wrk:
// main ends in os.Exit, so the profile has its own end).
func profileFor(file, d string) {
	if file == "" {
		return
	}
	dur, err := time.ParseDuration(d)
	f, err2 := os.Create(file)
	if err = errors.Join(err, err2, pprof.StartCPUProfile(f)); err != nil {
		fmt.Fprintln(os.Stderr, "FULL_CPUPROFILE:", err)
		os.Exit(2)
	}
	time.AfterFunc(dur, func() { pprof.StopCPUProfile(); f.Close() })
}

var fixedClock = func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.FixedZone("UTC+8", 8*60*60)) }

// start runs the finished server, with the default options changed by
// flags, on a loopback port, and returns its address and its access log.
func start(t *testing.T, flags ...string) (string, *syncBuffer, *server.Server) {
	t.Helper()
	return startFilled(t, nil, flags...)
}

// startFilled is start, with the store filled by fill first (nil leaves
// the tutorial's two tasks).
func startFilled(t *testing.T, fill func(tasks.TaskStore), flags ...string) (string, *syncBuffer, *server.Server) {
	t.Helper()
	o, err := cli.Parse("full", flags)
	if err != nil {
		t.Fatal(err)
	}
	log := &syncBuffer{}
	store, closeStore, err := openStore(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeStore() })
	if fill != nil {
		fill(store)
	}
	srv := newServer(o, store, log, false, fixedClock)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, server.ErrServerClosed) {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String(), log, srv
}

// syncBuffer is the server's output (the log, the trace) as the test
// sees it: safe to write from many connections, and waitFor can wait on
// what gets written.
type syncBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	changed chan struct{} // closed and replaced at each write
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
	return s.b.Write(p)
}

// waitFor waits until the output holds want, for at most 5 seconds.
func (s *syncBuffer) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		s.mu.Lock()
		if strings.Contains(s.b.String(), want) {
			s.mu.Unlock()
			return
		}
		if s.changed == nil {
			s.changed = make(chan struct{})
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("the output never showed %q:\n%s", want, s.String())
		}
	}
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// rawConn is a client that speaks bytes over TCP, one request at a time.
type rawConn struct {
	t  *testing.T
	nc net.Conn
	br *bufio.Reader
}

func dial(t *testing.T, addr string) *rawConn {
	t.Helper()
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	return &rawConn{t, nc, bufio.NewReader(nc)}
}

// do sends "METHOD target" with body (and a Content-Length when body is
// not empty) and reads the response.
func (c *rawConn) do(method, target, body string) *response.Response {
	c.t.Helper()
	c.nc.SetDeadline(time.Now().Add(5 * time.Second))
	req := method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
	if body != "" {
		req += fmt.Sprintf("Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	if _, err := io.WriteString(c.nc, req+"\r\n"+body); err != nil {
		c.t.Fatal(err)
	}
	r, err := response.Read(c.br, method)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, target, err)
	}
	return r
}

// send writes raw, a whole request, and reads the response to method.
func (c *rawConn) send(raw, method string) *response.Response {
	c.t.Helper()
	c.nc.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c.nc, raw); err != nil {
		c.t.Fatal(err)
	}
	r, err := response.Read(c.br, method)
	if err != nil {
		c.t.Fatalf("%q: %v", raw, err)
	}
	return r
}

// TestTasksAPI checks every row of the API (the README's "The API")
// against the finished server, over TCP, in raw bytes. Each case runs on a fresh server, so the store
// starts with the tutorial's two tasks.
func TestTasksAPI(t *testing.T) {
	type step struct {
		method, target, body string
		status               int
		want                 string // exact body; "" skips, "ERROR" means an {"error":...} body
		header               string // "Name: value" the response must carry
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"GET /health", []step{{"GET", "/health", "", 200, `{"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}`, ""}}},
		{"GET /tasks in id order", []step{{"GET", "/tasks", "", 200, `{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},{"id":2,"title":"手写 socket 服务器","done":true}],"total":2}`, ""}}},
		{"GET /tasks?status=done", []step{{"GET", "/tasks?status=done", "", 200, `{"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1}`, ""}}},
		{"GET /tasks?status=todo, other parameters ignored", []step{{"GET", "/tasks?page=3&status=todo", "", 200, `{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false}],"total":1}`, ""}}},
		{"status empty, repeated or other → 400", []step{
			{"GET", "/tasks?status=", "", 400, "ERROR", ""},
			{"GET", "/tasks?status=done&status=done", "", 400, "ERROR", ""},
			{"GET", "/tasks?status=all", "", 400, "ERROR", ""},
		}},
		{"POST /tasks: 201, Location, title trimmed, optional done", []step{
			{"POST", "/tasks", `{"title":"  部署到生产环境 "}`, 201, `{"task":{"id":3,"title":"部署到生产环境","done":false}}`, "Location: /tasks/3"},
			{"POST", "/tasks", `{"title":"写单元测试","done":true}`, 201, `{"task":{"id":4,"title":"写单元测试","done":true}}`, "Location: /tasks/4"},
			{"POST", "/tasks", `{"title":"\t Buy milk \n"}`, 201, `{"task":{"id":5,"title":"Buy milk","done":false}}`, "Location: /tasks/5"},
			{"POST", "/tasks", `{"title":"\u0085 x \u0085"}`, 201, `{"task":{"id":6,"title":"x","done":false}}`, "Location: /tasks/6"},
			{"GET", "/health", "", 200, `{"status":"ok","time":"2026-04-17 22:54:12","tasks_count":6}`, ""},
		}},
		{"POST /tasks failures → 400", []step{
			{"POST", "/tasks", `not json`, 400, "ERROR", ""},
			{"POST", "/tasks", `[1,2]`, 400, "ERROR", ""},
			{"POST", "/tasks", "{\"title\":\"\xff\"}", 400, "ERROR", ""},
			{"POST", "/tasks", `{"title":"x","color":"red"}`, 400, `{"error":"unknown field \"color\" (the fields are \"title\" and \"done\")"}`, ""},
			{"POST", "/tasks", `{"done":true}`, 400, "ERROR", ""},
			{"POST", "/tasks", `{"title":5}`, 400, "ERROR", ""},
			{"POST", "/tasks", `{"title":"   "}`, 400, "ERROR", ""},
			{"POST", "/tasks", `{"Title":"x"}`, 400, `{"error":"unknown field \"Title\" (the fields are \"title\" and \"done\")"}`, ""},
			{"POST", "/tasks", `{"title":"x","Done":true}`, 400, `{"error":"unknown field \"Done\" (the fields are \"title\" and \"done\")"}`, ""},
			{"POST", "/tasks", `{"title":"x","done":null}`, 400, `{"error":"field \"done\" must be a boolean, not null"}`, ""},
			{"POST", "/tasks", `{"title":null}`, 400, `{"error":"field \"title\" must be a string, not null"}`, ""},
			{"POST", "/tasks", `{"title":"a","title":"b"}`, 400, `{"error":"field \"title\" given twice"}`, ""},
			{"POST", "/tasks", `{"title":"x"} {}`, 400, "ERROR", ""},
			{"POST", "/tasks", `{"title":"` + strings.Repeat("长", 334) + `"}`, 400, `{"error":"title is 1002 bytes long; the limit is 1000 bytes"}`, ""},
			{"POST", "/tasks", `{"title":"\u001b]0;PWNED\u0007"}`, 400, `{"error":"title contains U+001B, a control character"}`, ""},
			{"POST", "/tasks", `{"title":"\t Buy\u0085milk \n"}`, 400, `{"error":"title contains U+0085, a control character"}`, ""},
			{"POST", "/tasks", `{"title":"\ud800"}`, 400, `{"error":"body holds the lone surrogate \\ud800, which is no character (RFC 7493 §2.1)"}`, ""},
			{"PATCH", "/tasks/1", `{"title":"a\u009bb"}`, 400, `{"error":"title contains U+009B, a control character"}`, ""},
			{"PUT", "/tasks/1", `{"title":"a\u007f","done":true}`, 400, `{"error":"title contains U+007F, a control character"}`, ""},
			{"GET", "/health", "", 200, `{"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}`, ""},
		}},
		{"GET /tasks/{id}", []step{
			{"GET", "/tasks/2", "", 200, `{"task":{"id":2,"title":"手写 socket 服务器","done":true}}`, ""},
			{"GET", "/tasks/3", "", 404, "ERROR", ""},
			{"GET", "/tasks/02", "", 404, "ERROR", ""},
			{"GET", "/tasks/x", "", 404, "ERROR", ""},
		}},
		{"PATCH /tasks/{id}", []step{
			{"PATCH", "/tasks/1", `{"done":true}`, 200, `{"task":{"id":1,"title":"阅读 HTTP RFC","done":true}}`, ""},
			{"PATCH", "/tasks/1", `{"title":" RFC 9110 "}`, 200, `{"task":{"id":1,"title":"RFC 9110","done":true}}`, ""},
			{"PATCH", "/tasks/9", `bad json`, 404, "ERROR", ""},
			{"PATCH", "/tasks/1", `{}`, 400, "ERROR", ""},
			{"PATCH", "/tasks/1", `{"done":"no"}`, 400, "ERROR", ""},
			{"PATCH", "/tasks/1", `{"done":false,"title":""}`, 400, "ERROR", ""},
			{"PATCH", "/tasks/1", `{"done":false,"x":1}`, 400, "ERROR", ""},
			{"GET", "/tasks/1", "", 200, `{"task":{"id":1,"title":"RFC 9110","done":true}}`, ""},
		}},
		{"PUT /tasks/{id}", []step{
			{"PUT", "/tasks/2", `{"title":"重写服务器","done":false}`, 200, `{"task":{"id":2,"title":"重写服务器","done":false}}`, ""},
			{"PUT", "/tasks/2", `{"title":"x"}`, 400, "ERROR", ""},
			{"PUT", "/tasks/5", `{"title":"x","done":true}`, 404, "ERROR", ""},
			{"GET", "/tasks/2", "", 200, `{"task":{"id":2,"title":"重写服务器","done":false}}`, ""},
		}},
		{"DELETE /tasks/{id}, ids never reused", []step{
			{"DELETE", "/tasks/2", "", 204, "", ""},
			{"DELETE", "/tasks/2", "", 404, "ERROR", ""},
			{"POST", "/tasks", `{"title":"new"}`, 201, `{"task":{"id":3,"title":"new","done":false}}`, ""},
			{"GET", "/tasks", "", 200, `{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},{"id":3,"title":"new","done":false}],"total":2}`, ""},
		}},
		{"unknown path → 404 naming it", []step{{"GET", "/nonexistent", "", 404, `{"error":"path /nonexistent does not exist"}`, ""}}},
		{"method the path lacks → 405 with Allow", []step{
			{"DELETE", "/tasks", "", 405, "ERROR", "Allow: GET, HEAD, POST, OPTIONS"},
			{"POST", "/health", "", 405, "ERROR", "Allow: GET, HEAD, OPTIONS"},
			{"POST", "/tasks/1", "", 405, "ERROR", "Allow: GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		}},
		{"OPTIONS", []step{
			{"OPTIONS", "/tasks", "", 204, "", "Allow: GET, HEAD, POST, OPTIONS"},
			{"OPTIONS", "/tasks/1", "", 204, "", "Allow: GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
			{"OPTIONS", "/nope", "", 404, "ERROR", ""},
			{"OPTIONS", "*", "", 204, "", "Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr, _, _ := start(t)
			c := dial(t, addr) // one kept-alive connection for the whole case
			for _, s := range tt.steps {
				r := c.do(s.method, s.target, s.body)
				if r.Status != s.status {
					t.Fatalf("%s %s: status %d, want %d (%s)", s.method, s.target, r.Status, s.status, r.Body)
				}
				switch s.want {
				case "":
				case "ERROR":
					var e struct{ Error string }
					if json.Unmarshal(r.Body, &e) != nil || e.Error == "" {
						t.Errorf("%s %s: body %s, want {\"error\":...}", s.method, s.target, r.Body)
					}
				default:
					if string(r.Body) != s.want {
						t.Errorf("%s %s: body %s, want %s", s.method, s.target, r.Body, s.want)
					}
				}
				if len(r.Body) > 0 && r.Get("Content-Type") != "application/json; charset=utf-8" {
					t.Errorf("%s %s: Content-Type %q", s.method, s.target, r.Get("Content-Type"))
				}
				if s.status == 204 && (len(r.Body) != 0 || r.Get("Content-Length") != "") {
					t.Errorf("%s %s: 204 with a body or a Content-Length", s.method, s.target)
				}
				if name, value, ok := strings.Cut(s.header, ": "); ok && r.Get(name) != value {
					t.Errorf("%s %s: %s %q, want %q", s.method, s.target, name, r.Get(name), value)
				}
			}
		})
	}
}

// TestARebindingPageIsMisdirected is DNS rebinding: a page on another site
// whose name now resolves to 127.0.0.1 sends what this server's own page
// sends, same-origin fields and all; only its Host gives it away. It may
// neither read nor change the tasks; the same requests for 127.0.0.1 are
// served.
func TestARebindingPageIsMisdirected(t *testing.T) {
	const evil, own = "evil.example:8000", "127.0.0.1:8000" // any port: the page's, not the listener's
	const seeds = `{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},{"id":2,"title":"手写 socket 服务器","done":true}],"total":2}`
	addr, _, _ := start(t)
	c := dial(t, addr)
	for _, tt := range []struct {
		name, host, method, target, body string
		want                             int
		wantBody                         string // "" skips the check
	}{
		{name: "the page reads the list", host: evil, method: "GET", target: "/tasks", want: 421,
			wantBody: `{"error":"Host evil.example:8000 is not a name of this server (to serve it, list it in -allowed-hosts)"}`},
		{name: "the page creates a task", host: evil, method: "POST", target: "/tasks", body: `{"title":"planted"}`, want: 421},
		{name: "the page deletes a task", host: evil, method: "DELETE", target: "/tasks/1", want: 421},
		{name: "nothing changed", host: own, method: "GET", target: "/tasks", want: 200, wantBody: seeds},
		{name: "our own page creates a task", host: own, method: "POST", target: "/tasks", body: `{"title":"mine"}`, want: 201},
		{name: "our own page deletes a task", host: own, method: "DELETE", target: "/tasks/1", want: 204},
	} {
		raw := tt.method + " " + tt.target + " HTTP/1.1\r\nHost: " + tt.host + "\r\nOrigin: http://" + tt.host + "\r\nSec-Fetch-Site: same-origin\r\n"
		if tt.body != "" {
			raw += fmt.Sprintf("Content-Type: application/json\r\nContent-Length: %d\r\n", len(tt.body))
		}
		r := c.send(raw+"\r\n"+tt.body, tt.method)
		if r.Status != tt.want || tt.wantBody != "" && string(r.Body) != tt.wantBody {
			t.Errorf("%s: %d %s, want %d %s", tt.name, r.Status, r.Body, tt.want, tt.wantBody)
		}
	}
	t.Run("-allowed-hosts lets a name in", func(t *testing.T) {
		addr, _, _ := start(t, "-allowed-hosts", ".example")
		if r := dial(t, addr).send("GET /tasks HTTP/1.1\r\nHost: "+evil+"\r\n\r\n", "GET"); r.Status != 200 {
			t.Errorf("Host %s with -allowed-hosts .example: %d %s, want 200", evil, r.Status, r.Body)
		}
	})
}

// TestStoreLimitsFromFlags: -max-title and -max-tasks reach the handlers.
func TestStoreLimitsFromFlags(t *testing.T) {
	addr, _, _ := start(t, "-max-title", "6", "-max-tasks", "3")
	c := dial(t, addr)
	if r := c.do("POST", "/tasks", `{"title":"写博客"}`); r.Status != 400 || !strings.Contains(string(r.Body), "9 bytes long; the limit is 6 bytes") {
		t.Errorf("a 9-byte title with -max-title 6: %d %s", r.Status, r.Body)
	}
	if r := c.do("POST", "/tasks", `{"title":"写博"}`); r.Status != 201 {
		t.Fatalf("third task: %d %s", r.Status, r.Body)
	}
	r := c.do("POST", "/tasks", `{"title":"more"}`)
	if r.Status != 507 || r.Get("Content-Type") != "application/json; charset=utf-8" || !strings.Contains(string(r.Body), `{"error":"the store is full`) {
		t.Errorf("fourth task with -max-tasks 3: %d %s, want 507 with a JSON error", r.Status, r.Body)
	}
	if r := c.do("PATCH", "/tasks/3", `{"title":"写博客"}`); r.Status != 400 {
		t.Errorf("PATCH with a 9-byte title: %d %s, want 400", r.Status, r.Body)
	}
}

// TestRefusalsClose: each refusal of a request the server will not read
// on is answered with its status, the JSON error, Connection: close, and
// a closed connection; the server goes on serving others.
func TestRefusalsClose(t *testing.T) {
	addr, _, _ := start(t)
	for _, tt := range []struct {
		name, raw string
		status    int
		mention   string
	}{
		{"a method the server does not implement", "BREW /tasks HTTP/1.1\r\nHost: localhost\r\n\r\n", 501, "BREW is not implemented"},
		{"TRACE on an unknown path", "TRACE /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n", 501, "TRACE"},
		{"raw UTF-8 in the target", "GET /tasks?title=写 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "percent-encode"},
		{"chunk size and a space", "POST /tasks HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\n", 400, "chunk line"},
		{"chunk extension without a name", "POST /tasks HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5;\r\n", 400, "without a name"},
		{"chunk extension with an unclosed quote", "POST /tasks HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5;a=\"b\r\n", 400, "quoted"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, addr)
			c.nc.SetDeadline(time.Now().Add(5 * time.Second))
			io.WriteString(c.nc, tt.raw)
			r, err := response.Read(c.br, "")
			if err != nil {
				t.Fatal(err)
			}
			var e struct{ Error string }
			if r.Status != tt.status || json.Unmarshal(r.Body, &e) != nil || !strings.Contains(e.Error, tt.mention) {
				t.Errorf("got %d %s, want %d with an error mentioning %q", r.Status, r.Body, tt.status, tt.mention)
			}
			if r.Get("Connection") != "close" {
				t.Errorf("Connection: %q, want close", r.Get("Connection"))
			}
			if _, err := c.br.ReadByte(); err != io.EOF {
				t.Errorf("connection still open after the refusal (%v)", err)
			}
		})
	}
	if r := dial(t, addr).do("GET", "/health", ""); r.Status != 200 {
		t.Errorf("the server after the refusals: %d", r.Status)
	}
}

// TestCheckMode runs -mode check against the finished server: every check
// passes, and a server that is not there is an error (exit status 2).
func TestCheckMode(t *testing.T) {
	addr, _, _ := start(t)
	host, port, _ := net.SplitHostPort(addr)
	o, err := cli.Parse("full", []string{"-mode", "check", "-host", host, "-port", port})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	failed, err := runCheck(context.Background(), &out, o, false)
	if failed || err != nil || !strings.Contains(out.String(), " passed, 0 failed, 1 skipped\n") {
		t.Errorf("failed %v, err %v:\n%s", failed, err, out.String())
	}
	o.Port = 1
	if _, err := runCheck(context.Background(), io.Discard, o, false); err == nil {
		t.Error("no error for a server that is not there")
	}

	// -step 8: the tutorial's steps, all passing; the line before the
	// count says so, and that what lies beyond the tutorial comes next.
	if o, err = cli.Parse("full", []string{"-mode", "check", "-step", "8", "-host", host, "-port", port}); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	failed, err = runCheck(context.Background(), &out, o, false)
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if failed || err != nil || len(lines) < 3 ||
		!strings.HasPrefix(lines[len(lines)-3], "Steps 1-8: every check run passed") ||
		!strings.HasSuffix(lines[len(lines)-3], "go run ./full -mode check -port "+port+" -step beyond") ||
		!strings.HasSuffix(lines[len(lines)-1], " passed, 0 failed, 0 skipped") {
		t.Errorf("-step 8: failed %v, err %v:\n%s", failed, err, out.String())
	}
	if strings.Contains(out.String(), "Beyond the tutorial") {
		t.Errorf("-step 8 ran the checks beyond the tutorial:\n%s", out.String())
	}
}

// TestTraceOfRealClients runs full -trace and talks to it with curl, the
// tutorial's Python client, and raw bytes (a pipeline and a malformed
// request): each exchange shows in the trace, labelled.
func TestTraceOfRealClients(t *testing.T) {
	addr, out, _ := start(t, "-trace")
	t.Run("raw: a pipeline, then a malformed request", func(t *testing.T) {
		c := dial(t, addr)
		io.WriteString(c.nc, "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /tasks/1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
		for range 2 {
			if _, err := response.Read(c.br, "GET"); err != nil {
				t.Fatal(err)
			}
		}
		io.WriteString(c.nc, "GET /nope HTTP/1.1\nHost: localhost\n\n")
		if r, err := response.Read(c.br, "GET"); err != nil || r.Status != 400 {
			t.Fatalf("%v %v", r, err)
		}
		for _, want := range []string{
			`] > request line   GET /health HTTP/1.1\r\n`,
			`] * request 2 on connection `,
			`] > request line   GET /tasks/1 HTTP/1.1\r\n`,
			`] < body           {"task":{"id":1,"title":"阅读 HTTP RFC","done":false}} (56 bytes)`,
			`] > request line   GET /nope HTTP/1.1\n`,
			`] < status line    HTTP/1.1 400 Bad Request\r\n`,
			`] * closed by the server (after 400 Bad Request, which said Connection: close)`,
		} {
			out.waitFor(t, want)
		}
	})
	t.Run("curl", func(t *testing.T) {
		curl(t, "http://"+addr+"/echo")
		out.waitFor(t, `] > field          User-Agent: curl/`)
		out.waitFor(t, `] < field          Content-Type: text/plain; charset=utf-8\r\n`)
	})
	t.Run("the tutorial's Python client", func(t *testing.T) {
		python, script := tutorialtest.Script(t)
		_, port, _ := net.SplitHostPort(addr)
		if out, err := exec.Command(python, script, "--mode", "demo", "--port", port).CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		out.waitFor(t, `] > field          User-Agent: Python-urllib/`)
		out.waitFor(t, `] > body           {"title": "\u90e8\u7f72`) // urllib's json.dumps escapes non-ASCII
		out.waitFor(t, `] * closed by the server (its answer said Connection: close)`)
	})
}

// TestHeadMatchesGet asks every GET route with HEAD and with GET, with
// request heads of several lengths (/ carries the request in base64, whose
// length moves in steps of 3), and wants the same status and fields,
// Content-Length included (RFC 9110 §9.3.2), and no body for HEAD. Asked
// with Accept-Encoding: gzip too, where the page, the list and /echo
// (past 1 KiB) go out gzipped and chunked: HEAD says so as GET does.
func TestHeadMatchesGet(t *testing.T) {
	addr, _, _ := start(t)
	c := dial(t, addr)
	for i := range 20 { // a list past 1 KiB, worth compressing
		c.do("POST", "/tasks", fmt.Sprintf(`{"title":"task %d of a list long enough to be gzipped"}`, i))
	}
	for _, accept := range []string{"", "Accept-Encoding: gzip\r\n"} {
		gzipped := 0
		for _, target := range []string{"/health", "/tasks", "/tasks/1", "/tasks?status=done", "/missing", "/echo", "/", "/?x=1"} {
			for pad := range 4 {
				extra := "X-Pad: " + strings.Repeat("p", pad) + "\r\n" + accept
				if target == "/echo" && pad == 3 {
					extra += "X-Long: " + strings.Repeat("l", 1100) + "\r\n" // past what is worth compressing
				}
				get := c.send("GET "+target+" HTTP/1.1\r\nHost: localhost\r\n"+extra+"\r\n", "GET")
				head := c.send("HEAD "+target+" HTTP/1.1\r\nHost: localhost\r\n"+extra+"\r\n", "HEAD")
				if len(head.Body) != 0 {
					t.Errorf("HEAD %s sent a body of %d bytes", target, len(head.Body))
				}
				if get.Get("Content-Encoding") == "gzip" {
					gzipped++
				} else if head.Get("Content-Length") != fmt.Sprint(len(get.Body)) {
					t.Errorf("HEAD %s (pad %d, %q): Content-Length %q, GET sent %d bytes", target, pad, accept, head.Get("Content-Length"), len(get.Body))
				}
				if diff := cmp.Diff(get.Fields, head.Fields); head.Status != get.Status || diff != "" {
					t.Errorf("HEAD %s (pad %d, %q): %d, GET %d; fields (-GET +HEAD):\n%s", target, pad, accept, head.Status, get.Status, diff)
				}
			}
		}
		if want := map[string]int{"": 0, "Accept-Encoding: gzip\r\n": 13}[accept]; gzipped != want { // the page 8 times, the list 4, /echo once
			t.Errorf("with %q, %d answers were gzipped, want %d", accept, gzipped, want)
		}
	}
}

func TestAccessLog(t *testing.T) {
	addr, log, srv := start(t)
	c := dial(t, addr)
	c.do("GET", "/health", "")
	io.WriteString(c.nc, "GET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	// The server logs a request before it closes the connection: once
	// the connection ends, both lines are in.
	if _, err := io.Copy(io.Discard, c.br); err != nil {
		t.Fatal(err)
	}
	srv.Config.Log.Flush() // full's log is written in batches
	for _, want := range []string{
		`  [22:54:12] 127.0.0.1 GET /health 200 `,
		`  [22:54:12] 127.0.0.1 GET /nope 404 `,
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("access log %q lacks %q", log.String(), want)
		}
	}
}

// TestNetHTTPClientReusesOneConnection: Go's client keeps one connection
// for a whole series of requests.
func TestNetHTTPClientReusesOneConnection(t *testing.T) {
	addr, _, _ := start(t)
	transport := &http.Transport{MaxConnsPerHost: 1}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport}
	conns := map[string]bool{}
	for i := range 50 {
		trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
			conns[info.Conn.LocalAddr().String()] = true
		}}
		method, body := "GET", ""
		if i%3 == 1 {
			method, body = "POST", fmt.Sprintf(`{"title":"task %d"}`, i)
		}
		req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), method, "http://"+addr+"/tasks", strings.NewReader(body))
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Fatalf("%s /tasks: %d", method, resp.StatusCode)
		}
	}
	if len(conns) != 1 {
		t.Errorf("50 requests used %d connections, want 1", len(conns))
	}
}

// TestConcurrentBurst: hundreds of connections at once, each one request.
func TestConcurrentBurst(t *testing.T) {
	addr, _, _ := start(t)
	const n = 300
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nc, err := net.Dial("tcp", addr)
			if err != nil {
				errs <- err
				return
			}
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(10 * time.Second))
			fmt.Fprintf(nc, "POST /tasks HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %d\r\n\r\n{\"title\":\"t%03d\"}", len(`{"title":"t000"}`), i)
			r, err := response.Read(bufio.NewReader(nc), "POST")
			if err != nil {
				errs <- err
			} else if r.Status != 201 {
				errs <- fmt.Errorf("status %d", r.Status)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var list struct{ Total int }
	json.Unmarshal(dial(t, addr).do("GET", "/tasks", "").Body, &list)
	if list.Total != 2+n {
		t.Errorf("%d tasks after %d concurrent POSTs, want %d", list.Total, n, 2+n)
	}
}

// curl runs curl against the server and returns what it printed, stderr
// (its -v trace) included.
func curl(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl not installed (.ci/run installs it)")
	}
	out, err := exec.Command("curl", append([]string{"-sS", "-v", "--max-time", "10"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("curl %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestCurl(t *testing.T) {
	addr, _, _ := start(t)
	base := "http://" + addr
	t.Run("keep-alive: two URLs, one connection", func(t *testing.T) {
		out := curl(t, base+"/health", base+"/tasks/1")
		if !strings.Contains(out, "Re-using existing connection") || !strings.Contains(out, `"title":"阅读 HTTP RFC"`) {
			t.Errorf("curl did not reuse the connection:\n%s", out)
		}
	})
	t.Run("-d creates a task; the same from another origin is 403", func(t *testing.T) {
		out := curl(t, "-X", "POST", "-d", `{"title":"from curl"}`, base+"/tasks")
		if !strings.Contains(out, "HTTP/1.1 201 Created") {
			t.Errorf("curl -d:\n%s", out)
		}
		out = curl(t, "-X", "POST", "-H", "Origin: http://evil.example", "-d", `{"title":"planted"}`, base+"/tasks")
		if !strings.Contains(out, "HTTP/1.1 403 Forbidden") || !strings.Contains(out, "cross-origin request refused") {
			t.Errorf("curl -d with a foreign Origin:\n%s", out)
		}
	})
	t.Run("another name in Host is 421 (the README's Try it)", func(t *testing.T) {
		out := curl(t, "-H", "Host: evil.example", base+"/tasks")
		if !strings.Contains(out, "HTTP/1.1 421 Misdirected Request") || !strings.Contains(out, "-allowed-hosts") {
			t.Errorf("curl -H 'Host: evil.example':\n%s", out)
		}
	})
	t.Run("-T - uploads chunked", func(t *testing.T) {
		cmd := []string{"-T", "-", "-X", "POST", "-H", "Content-Type: application/json", base + "/tasks"}
		c := exec.Command("curl", append([]string{"-sS", "-v", "--max-time", "10"}, cmd...)...)
		c.Stdin = strings.NewReader(`{"title":"chunked upload"}`)
		out, err := c.CombinedOutput()
		if err != nil {
			t.Skipf("curl: %v", err)
		}
		if !strings.Contains(string(out), "Transfer-Encoding: chunked") || !strings.Contains(string(out), `"title":"chunked upload"`) {
			t.Errorf("chunked upload failed:\n%s", out)
		}
	})
	t.Run("a body over 1 KiB waits for 100 Continue", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "big.json")
		// 1,110 bytes; the title is 900 once trimmed, under -max-title.
		os.WriteFile(file, []byte(`{"title":"`+strings.Repeat(" ", 200)+strings.Repeat("长", 300)+`"}`), 0o644)
		out := curl(t, "-T", file, "-X", "POST", base+"/tasks")
		for _, want := range []string{"Expect: 100-continue", "HTTP/1.1 100 Continue", "HTTP/1.1 201 Created"} {
			if !strings.Contains(out, want) {
				t.Errorf("curl output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("a body over the limit gets 413 before it is sent", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "huge.json")
		os.WriteFile(file, bytes.Repeat([]byte("a"), 2<<20), 0o644)
		out := curl(t, "-T", file, "-X", "POST", base+"/tasks")
		if !strings.Contains(out, "HTTP/1.1 413") || strings.Contains(out, "HTTP/1.1 100 Continue") {
			t.Errorf("want 413 and no 100 Continue:\n%s", out)
		}
	})
}

// TestPythonDemoClient runs the tutorial's own client against our server.
func TestPythonDemoClient(t *testing.T) {
	python, script := tutorialtest.Script(t)
	addr, _, _ := start(t)
	_, port, _ := net.SplitHostPort(addr)
	out, err := exec.Command(python, script, "--mode", "demo", "--port", port).CombinedOutput()
	if err != nil {
		t.Fatalf("python demo: %v\n%s", err, out)
	}
	for _, want := range []string{"'tasks_count': 2", "[ 3] ⬜ 部署到生产环境", "失败:title must not be blank", "404: path /nonexistent does not exist"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("python demo output lacks %q:\n%s", want, out)
		}
	}
}

// TestSignalStopsServerGracefully runs main in a child process, serves a
// request, sends SIGINT (then, in another run, SIGTERM) and expects
// "server stopped." and exit status 0.
func TestSignalStopsServerGracefully(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no SIGINT or SIGTERM to send to a child (os.Process.Signal can only kill there); Ctrl+C in a console still stops full, as os.Interrupt")
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, addr, lines := spawnFull(t, "-shutdown-timeout", "2s")
			c := dial(t, addr)
			if r := c.do("GET", "/health", ""); r.Status != 200 {
				t.Fatalf("status %d", r.Status)
			}
			cmd.Process.Signal(sig)
			var rest strings.Builder
			for lines.Scan() {
				rest.WriteString(lines.Text() + "\n")
			}
			if err := cmd.Wait(); err != nil {
				t.Fatalf("exit: %v\n%s", err, rest.String())
			}
			if !strings.Contains(rest.String(), "server stopped.") {
				t.Errorf("output lacks 'server stopped.':\n%s", rest.String())
			}
		})
	}
}
