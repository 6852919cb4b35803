package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step3_handlers/tasks/storetest"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
)

// These tests ask the finished server for gzip over TCP, as a browser
// does, and read what comes back with step 2's response.Read and with
// net/http's client, the oracle.

// fillTo fills a store to n tasks of varied titles.
func fillTo(tb testing.TB, n int) func(tasks.TaskStore) {
	return func(s tasks.TaskStore) {
		for i, title := range storetest.Titles(n - s.Len()) {
			if _, err := s.Add(title, i%3 == 0); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// gunzip undoes gzip.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return plain
}

// TestGzipListOverTCP: the list asked with Accept-Encoding: gzip is, once
// its chunks are read and gunzipped, the list asked without; at 2 tasks
// it is not worth compressing and goes out as it is. net/http's client,
// which asks for gzip unasked and undoes it, reads the same list.
func TestGzipListOverTCP(t *testing.T) {
	for _, n := range []int{2, 10_000, 100_000} {
		t.Run(fmt.Sprint(n, " tasks"), func(t *testing.T) {
			addr, _, _ := startFilled(t, fillTo(t, n))
			c := dial(t, addr)
			plain := c.send("GET /tasks HTTP/1.1\r\nHost: localhost\r\n\r\n", "GET")
			zipped := c.send("GET /tasks HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n", "GET")
			var total struct{ Total int }
			if err := json.Unmarshal(plain.Body, &total); err != nil || total.Total != n {
				t.Fatalf("the identity list: %d tasks, %v; want %d", total.Total, err, n)
			}
			for _, r := range []*response.Response{plain, zipped} {
				if r.Get("Vary") != "Accept-Encoding" {
					t.Errorf("Vary %q, want Accept-Encoding", r.Get("Vary"))
				}
			}
			if n == 2 {
				if zipped.Get("Content-Encoding") != "" || !bytes.Equal(zipped.Body, plain.Body) {
					t.Errorf("the 2-task list asked with gzip: Content-Encoding %q; want it as it is", zipped.Get("Content-Encoding"))
				}
				return
			}
			if zipped.Get("Content-Encoding") != "gzip" || zipped.Get("Transfer-Encoding") != "chunked" || zipped.Get("Content-Length") != "" {
				t.Fatalf("Content-Encoding %q, Transfer-Encoding %q, Content-Length %q; want gzip, chunked, none",
					zipped.Get("Content-Encoding"), zipped.Get("Transfer-Encoding"), zipped.Get("Content-Length"))
			}
			if got := gunzip(t, zipped.Body); !bytes.Equal(got, plain.Body) {
				t.Fatalf("gunzipped: %d bytes that differ from the %d of the identity list", len(got), len(plain.Body))
			}
			t.Logf("%d tasks: %d bytes, %d gzipped", n, len(plain.Body), len(zipped.Body))

			resp, err := http.Get("http://" + addr + "/tasks")
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil || !resp.Uncompressed || !bytes.Equal(body, plain.Body) {
				t.Errorf("net/http: %v, Uncompressed %v, %d bytes; want the identity list of %d, gunzipped by the client", err, resp.Uncompressed, len(body), len(plain.Body))
			}
		})
	}
}

// TestHTTP10IsNeverChunked: an HTTP/1.0 client that asks for gzip gets
// the list as it is, with its Content-Length (HTTP/1.0 knows no chunks),
// kept alive when it asks.
func TestHTTP10IsNeverChunked(t *testing.T) {
	addr, _, _ := startFilled(t, fillTo(t, 1000))
	c := dial(t, addr)
	for _, target := range []string{"/tasks", "/"} {
		r := c.send("GET "+target+" HTTP/1.0\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n", "GET")
		if r.Status != 200 || r.Get("Transfer-Encoding") != "" || r.Get("Content-Encoding") != "" || r.Get("Content-Length") == "" || r.Get("Connection") != "keep-alive" {
			t.Errorf("HTTP/1.0 GET %s with gzip: %d, Transfer-Encoding %q, Content-Encoding %q, Content-Length %q, Connection %q; want 200, none, none, a length, keep-alive",
				target, r.Status, r.Get("Transfer-Encoding"), r.Get("Content-Encoding"), r.Get("Content-Length"), r.Get("Connection"))
		}
	}
}

// TestVaryOverTCP: every answer of /, /tasks and /echo says Vary:
// Accept-Encoding, whatever its method, status or size, a 304 included;
// errors and 304s are never compressed.
func TestVaryOverTCP(t *testing.T) {
	addr, _, _ := startFilled(t, fillTo(t, 100))
	c := dial(t, addr)
	const gz = "Accept-Encoding: gzip\r\n"
	list := c.send("GET /tasks HTTP/1.1\r\nHost: localhost\r\n"+gz+"\r\n", "GET")
	tests := []struct {
		name, raw, method string
		status            int
		vary              string
		gzip              bool
	}{
		{name: "the list", raw: "GET /tasks HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", status: 200, vary: "Accept-Encoding", gzip: true},
		{name: "the list, unchanged since", raw: "GET /tasks HTTP/1.1\r\nHost: localhost\r\n" + gz + "If-None-Match: " + list.Get("ETag") + "\r\n\r\n", status: 304, vary: "Accept-Encoding"},
		{name: "a bad filter", raw: "GET /tasks?status=maybe HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", status: 400, vary: "Accept-Encoding"},
		{name: "a task created", raw: "POST /tasks HTTP/1.1\r\nHost: localhost\r\n" + gz + "Content-Length: 13\r\n\r\n{\"title\":\"x\"}", method: "POST", status: 201, vary: "Accept-Encoding"},
		{name: "a method /tasks lacks", raw: "DELETE /tasks HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", method: "DELETE", status: 405, vary: "Accept-Encoding"},
		{name: "the page", raw: "GET / HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", status: 200, vary: "Accept-Language, Accept-Encoding", gzip: true},
		{name: "a short /echo", raw: "GET /echo HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", status: 200, vary: "Accept-Encoding"},
		{name: "a task: no Vary", raw: "GET /tasks/1 HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", status: 200},
		{name: "/health: no Vary", raw: "GET /health HTTP/1.1\r\nHost: localhost\r\n" + gz + "\r\n", status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			if tt.status == 304 && list.Get("ETag") == "" {
				t.Skip("the list has no ETag to ask If-None-Match with")
			}
			r := c.send(tt.raw, method)
			if r.Status != tt.status || r.Get("Vary") != tt.vary || (r.Get("Content-Encoding") == "gzip") != tt.gzip {
				t.Errorf("%d, Vary %q, Content-Encoding %q; want %d, %q, gzip %v", r.Status, r.Get("Vary"), r.Get("Content-Encoding"), tt.status, tt.vary, tt.gzip)
			}
		})
	}
}

// TestEchoGzipped: /echo answers the request's bytes, gzipped when asked
// and long enough.
func TestEchoGzipped(t *testing.T) {
	addr, _, _ := start(t)
	c := dial(t, addr)
	body := strings.Repeat(`{"title":"写博客"}`, 200)
	raw := fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	r := c.send(raw, "POST")
	if r.Get("Content-Encoding") != "gzip" || string(gunzip(t, r.Body)) != raw {
		t.Errorf("POST /echo with gzip: Content-Encoding %q; want gzip, and the request once gunzipped", r.Get("Content-Encoding"))
	}
}

// TestTraceShowsGzip: full -trace labels a gzip answer's chunks and shows
// it gunzipped once it is over.
func TestTraceShowsGzip(t *testing.T) {
	addr, out, _ := start(t, "-trace")
	c := dial(t, addr)
	r := c.send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n", "GET")
	page := gunzip(t, r.Body)
	for _, want := range []string{
		`] < field          Transfer-Encoding: chunked\r\n`,
		`] < field          Content-Encoding: gzip\r\n`,
		fmt.Sprintf(`] < chunk size     %x\r\n`, len(r.Body)),
		`] < chunk data     \x1f\x8b\x08\x00`,
		`] < last chunk     0\r\n`,
		fmt.Sprintf(`] < body (gzip, %s bytes → %s bytes) <!doctype html>`, grouped(len(r.Body)), grouped(len(page))),
	} {
		out.waitFor(t, want)
	}
}

// grouped writes n with its thousands grouped, as the trace does.
func grouped(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// TestCurlCompressed runs the README's two commands: curl --compressed
// asks for gzip and shows the page as it is; --raw shows the chunks.
func TestCurlCompressed(t *testing.T) {
	addr, _, _ := start(t)
	out := curl(t, "--compressed", "http://"+addr+"/")
	for _, want := range []string{"Accept-Encoding: ", "< Content-Encoding: gzip", "< Transfer-Encoding: chunked", "< Vary: Accept-Language, Accept-Encoding", "<!doctype html>"} {
		if !strings.Contains(out, want) {
			t.Errorf("curl --compressed -v lacks %q:\n%.3000s", want, out)
		}
	}
	raw, err := exec.Command("curl", "-sS", "--max-time", "10", "-H", "Accept-Encoding: gzip", "--raw", "-i", "http://"+addr+"/").Output()
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(raw), "\r\n\r\n")
	size, chunk, _ := strings.Cut(body, "\r\n")
	if !strings.HasPrefix(chunk, "\x1f\x8b") || !strings.HasSuffix(body, "\r\n0\r\n\r\n") {
		t.Errorf("curl --raw -i: the body does not start with a chunk size (%q) and gzip's magic number, or lacks the last chunk:\n%q", size, body[:min(len(body), 200)])
	}
}

// TestACompressorComesBackFromAClientThatStopsReading: with one
// compressor, a client that asks for a long list gzipped and reads
// nothing holds it; another client's HEAD then says the body would go
// out as it is; once the write timeout ends the stalled answer, the
// compressor is free again.
func TestACompressorComesBackFromAClientThatStopsReading(t *testing.T) {
	s := tasks.NewStore()
	fillTo(t, 20_000)(s)
	rt := router.Tasks(handlers.New(s, time.Now))
	rt.Gzip = router.NewGzip(1)
	cfg := &connection.Config{Handler: rt.Dispatch, Timeouts: connection.Timeouts{Write: 200 * time.Millisecond}}
	head := func() string {
		client, _ := servePipe(t, cfg)
		go io.WriteString(client, "HEAD /tasks HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n")
		client.SetReadDeadline(time.Now().Add(5 * time.Second))
		r, err := response.Read(bufio.NewReader(client), "HEAD")
		if err != nil {
			t.Fatal(err)
		}
		return r.Get("Content-Encoding")
	}
	stalled, done := servePipe(t, cfg)
	go io.WriteString(stalled, "GET /tasks HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n")
	status, err := bufio.NewReaderSize(stalled, 16).ReadString('\n') // the answer has begun; nothing more is read
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 200") {
		t.Fatalf("%q, %v", status, err)
	}
	if ce := head(); ce != "" {
		t.Errorf("HEAD while the one compressor is held: Content-Encoding %q, want none", ce)
	}
	select {
	case <-done: // the write timeout closed the stalled connection
	case <-time.After(5 * time.Second):
		t.Fatal("the stalled connection was not closed by the write timeout")
	}
	if ce := head(); ce != "gzip" {
		t.Errorf("HEAD after the stalled answer ended: Content-Encoding %q, want gzip: its compressor came back", ce)
	}
}

// servePipe serves one connection of net.Pipe with step 5's Handle and
// cfg, and returns the client's end and what is closed once Handle has
// returned; the test's end closes both.
func servePipe(t testing.TB, cfg *connection.Config) (net.Conn, <-chan struct{}) {
	server, client := net.Pipe()
	done := make(chan struct{})
	go func() {
		connection.Handle(server, cfg)
		close(done)
	}()
	t.Cleanup(func() { client.Close(); <-done })
	return client, done
}
