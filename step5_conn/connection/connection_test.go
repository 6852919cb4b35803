package connection

import (
	"net"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection/conntest"
)

// TestHandleLikeTheTutorial follows the tutorial's handle_connection a
// line at a time, in the order to write Handle and readRequest in (the
// package documentation maps each line to the Go that does it). Each
// subtest says the line it checks.
func TestHandleLikeTheTutorial(t *testing.T) {
	t.Run("a request is answered", func(t *testing.T) {
		c := dial(t, &Config{})
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
		if r := c.read("GET"); r.Status != 200 || !mentions(r, `"method":"GET"`) {
			t.Fatalf("GET /echo: got %d %s, want 200 from the handler, echo, saying \"method\":\"GET\" "+
				"(tutorial: response = dispatch(method, path, headers, body); in Go, c.runHandler(req), with the request c.readRequest read)", r.Status, r.Body)
		}
	})
	t.Run("the body, Content-Length bytes after the head", func(t *testing.T) {
		c := dial(t, &Config{})
		c.sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n") // the server has the head, and waits
		c.send("hello")
		if r := c.read("POST"); r.Status != 200 || !mentions(r, `"body":"hello"`) {
			t.Fatalf("POST /echo with Content-Length: 5, then hello: got %d %s, want 200 saying \"body\":\"hello\" "+
				"(tutorial: recv until body_received >= content_length; in Go, readRequest: framing(req), then req.Body, err = c.readBody(length, chunked))", r.Status, r.Body)
		}
	})
	t.Run("each answer is logged", func(t *testing.T) {
		var log strings.Builder
		c := dial(t, &Config{Log: accesslog.NewLogger(&log, false)})
		c.send("GET /echo?x=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
		c.read("GET")
		c.expectClosed()
		if want := " pipe GET /echo?x=1 200 "; !strings.Contains(log.String(), want) {
			t.Errorf("log %q, want a line with %q "+
				"(tutorial: print(f\"[{time}] {addr[0]} {method} {path}\"); in Go, c.logRequest(start, req, resp) after c.send)", log.String(), want)
		}
	})
	t.Run("a request that cannot be parsed is answered 400, then closed", func(t *testing.T) {
		c := dial(t, &Config{})
		c.send("GET /echo HTTP/1.1\nHost: a\n\n")
		if r := c.read("GET"); r.Status != 400 || !mentions(r, "bare LF") || r.Get("Connection") != "close" {
			t.Fatalf("a head with bare LFs: got %d %s (Connection: %q), want 400 saying \"bare LF\", with Connection: close "+
				"(tutorial: except Exception as e; in Go, when c.readRequest fails, c.refuse(start, req, err) answers, and Handle returns)", r.Status, r.Body, r.Get("Connection"))
		}
		c.expectClosed()
	})
	t.Run("Connection: close is answered, then the connection closes", func(t *testing.T) {
		c := dial(t, &Config{})
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
		if r := c.read("GET"); r.Status != 200 || r.Get("Connection") != "close" {
			t.Fatalf("GET with Connection: close: got %d (Connection: %q), want 200 with Connection: close "+
				"(tutorial: finally: conn.close(); in Go, closing := c.shouldClose(req, resp), keepalive.go, tells c.send, and Handle returns)", r.Status, r.Get("Connection"))
		}
		c.expectClosed()
	})
	t.Run("a second request on the same connection", func(t *testing.T) {
		c := dial(t, &Config{})
		for i := range 2 {
			c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
			if r := c.read("GET"); r.Status != 200 || r.Get("Connection") != "" {
				t.Fatalf("request %d of 2 on one connection: got %d (Connection: %q), want 200 and no Connection field "+
					"(the tutorial served one request; HTTP/1.1 keeps the connection: in Go, a for loop around it all, waitForRequest at its top, c.releaseRequest at its end)", i+1, r.Status, r.Get("Connection"))
			}
		}
	})
}

// TestRawRequestsAnsweredAsTheRFCsSay drives raw bytes through a
// connection for each rule the connection keeps (RFC 9110, RFC 9112), and
// checks the statuses, what the last body says, and whether the server
// closed the connection (or, if not, that it still serves).
func TestRawRequestsAnsweredAsTheRFCsSay(t *testing.T) {
	small := Limits{RequestLine: 64, HeaderBytes: 128, Body: 16}
	const host = "Host: a\r\n"
	tests := []struct {
		name       string
		limits     Limits
		send       string
		method     string // of the requests, for reading HEAD answers
		want       []int
		mention    string // in the last body
		connection string // the last response's Connection field, if it stays open
		closed     bool
		hint       string // the part of Handle this row needs, for the messages (by default, framedBy for any Transfer-Encoding, or the limits)
	}{
		// Persistent connections (RFC 9112 §9.3).
		{name: "HTTP/1.1 persists by default", send: "GET /echo HTTP/1.1\r\n" + host + "\r\n", want: []int{200}},
		{
			name: "Connection: close closes",
			send: "GET /echo HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n",
			want: []int{200}, connection: "close", closed: true,
		},
		{
			name: "Connection: close among other tokens",
			send: "GET /echo HTTP/1.1\r\n" + host + "Connection: Upgrade, CLOSE\r\n\r\n",
			want: []int{200}, connection: "close", closed: true,
		},
		{
			name: "HTTP/1.0 closes by default",
			send: "GET /echo HTTP/1.0\r\n\r\n",
			want: []int{200}, connection: "close", closed: true,
		},
		{
			name: "HTTP/1.0 with keep-alive persists",
			send: "GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
			want: []int{200}, connection: "keep-alive",
		},
		{
			name: "empty lines before the request line are ignored",
			send: "\r\n\r\nGET /echo HTTP/1.1\r\n" + host + "\r\n",
			want: []int{200}, hint: "waitForRequest, timeouts.go, skips them before the request begins: call it at the top of Handle's loop",
		},
		{
			name: "a stream of empty lines is not a request",
			send: strings.Repeat("\r\n", 9) + "GET /echo HTTP/1.1\r\n" + host + "\r\n",
			want: []int{400}, mention: "empty line where the request line should be", closed: true,
		},
		{
			name: "HEAD gets the fields without the body", method: "HEAD",
			send: "HEAD /echo HTTP/1.1\r\n" + host + "\r\n",
			want: []int{200},
		},

		// Body framing (RFC 9112 §6).
		{
			name: "Content-Length body",
			send: "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello",
			want: []int{200}, mention: `"body":"hello"`,
		},
		{
			name: "chunked body with extensions and trailers",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6 ; x\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
			want: []int{200}, mention: `"body":"hello world"`,
		},
		{
			name: "chunked is case-insensitive, sizes in any-case hex",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n",
			want: []int{200}, mention: `"body":"0123456789"`,
		},
		{
			name: "Content-Length and Transfer-Encoding",
			send: "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			want: []int{400}, mention: "both", closed: true,
		},
		{
			name: "differing Content-Lengths",
			send: "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
			want: []int{400}, mention: "differing", closed: true,
		},
		{
			name: "non-numeric Content-Length",
			send: "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 3a\r\n\r\nabc",
			want: []int{400}, mention: "not a number", closed: true,
		},
		{
			name: "final coding not chunked: gzip",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n",
			want: []int{400}, mention: "not chunked", closed: true,
		},
		{
			name: "final coding not chunked: chunked, gzip",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n",
			want: []int{400}, mention: "not chunked", closed: true,
		},
		{
			name: "unknown coding before chunked is 501",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n",
			want: []int{501}, mention: "gzip", closed: true,
		},
		{
			name: "unknown coding in a second field is 501",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
			want: []int{501}, closed: true,
		},
		{
			name: "chunked twice",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, chunked\r\n\r\n",
			want: []int{400}, closed: true,
		},
		{
			name: "Transfer-Encoding in HTTP/1.0",
			send: "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
			want: []int{400}, mention: "HTTP/1.0", closed: true,
		},
		{
			name: "chunk size not hex",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
			want: []int{400}, mention: "not hex", closed: true,
		},
		{
			name: "chunk size overflows",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
			want: []int{400}, mention: "too large", closed: true,
		},
		{
			name: "chunk data longer than its size",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n1\r\nab\r\n0\r\n\r\n",
			want: []int{400}, mention: "longer than its size", closed: true,
		},
		{
			name: "chunk extensions with BWS and a quoted value",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5 ; a = b ;c=\"x;\\\"y\"\r\nhello\r\n0\r\n\r\n",
			want: []int{200}, mention: `"body":"hello"`,
		},
		{
			name: "chunk size then whitespace without ;",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5 \r\n",
			want: []int{400}, mention: "only", closed: true,
		},
		{
			name: "chunk extension without a name",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;\r\n",
			want: []int{400}, mention: "without a name", closed: true,
		},
		{
			name: "chunk extension with an unclosed quote, refused at its CRLF",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;a=\"b\r\n",
			want: []int{400}, mention: "quoted", closed: true,
		},
		{
			name: "chunk extension with = and no value",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;a=\r\n",
			want: []int{400}, mention: "neither a token", closed: true,
		},
		{
			name: "chunk extension name with a space in it",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5;a b\r\n",
			want: []int{400}, closed: true,
		},
		{
			name: "bare LF in chunked framing",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n1\nab\r\n0\r\n\r\n",
			want: []int{400}, mention: "bare LF", closed: true,
		},

		// Limits: 414, 431, 413.
		{
			name: "request line over the limit", limits: small,
			send: "GET /" + strings.Repeat("a", 64) + " HTTP/1.1\r\n" + host + "\r\n",
			want: []int{414}, closed: true,
		},
		{
			name: "request line over the limit, no end in sight", limits: small,
			send: "GET /" + strings.Repeat("a", 5000),
			want: []int{414}, closed: true,
		},
		{
			name: "a method over the line limit is 501", limits: small,
			send: strings.Repeat("M", 5000) + " / HTTP/1.1\r\n" + host + "\r\n",
			want: []int{501}, mention: "method", closed: true,
		},
		{
			name: "header section over the limit", limits: small,
			send: "GET /echo HTTP/1.1\r\n" + host + "X: " + strings.Repeat("b", 130) + "\r\n\r\n",
			want: []int{431}, closed: true,
		},
		{
			name: "many small fields over the limit", limits: small,
			send: "GET /echo HTTP/1.1\r\n" + strings.Repeat("X: y\r\n", 40) + "\r\n",
			want: []int{431}, closed: true,
		},
		{
			name: "body at the limit", limits: small,
			send: "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 16\r\n\r\n" + strings.Repeat("c", 16),
			want: []int{200},
		},
		{
			name: "Content-Length over the limit", limits: small,
			send: "POST /echo HTTP/1.1\r\n" + host + "Content-Length: 17\r\n\r\n" + strings.Repeat("c", 17),
			want: []int{413}, closed: true, hint: "checkBodyLength(length, c.limits), limits.go, refuses it in readRequest before a byte of the body is read",
		},
		{
			name: "chunked body over the limit", limits: small,
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n9\r\n123456789\r\n9\r\n123456789\r\n0\r\n\r\n",
			want: []int{413}, closed: true,
		},
		{
			name: "trailers over the limit", limits: small,
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: " + strings.Repeat("t", 130) + "\r\n\r\n",
			want: []int{431}, closed: true,
		},
		{
			name: "a request line after the last chunk is no trailer",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nGET /smuggled HTTP/1.1\r\n\r\n",
			want: []int{400}, mention: "trailer", closed: true,
		},
		{
			name: "a trailer with space before the colon",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nX : y\r\n\r\n",
			want: []int{400}, mention: "whitespace before the colon", closed: true,
		},
		{
			name: "a folded trailer",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: y\r\n z\r\n\r\n",
			want: []int{400}, mention: "folding", closed: true,
		},
		{
			name: "a trailer with a bare LF",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n0\r\nX: y\n\r\n",
			want: []int{400}, mention: "bare LF", closed: true,
		},
		{
			name: "a trailer line longer than a chunk line, under the header limit",
			send: "POST /echo HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX: " + strings.Repeat("t", 6000) + "\r\n\r\n",
			want: []int{200}, mention: "hello",
		},

		// Syntax (step 1's rules, through a connection).
		{
			name: "bare LF is answered 400, saying so",
			send: "GET /echo HTTP/1.1\nHost: a\n\n",
			want: []int{400}, mention: "bare LF", closed: true,
		},
		{
			name: "space before the colon",
			send: "GET /echo HTTP/1.1\r\nHost : a\r\n\r\n",
			want: []int{400}, closed: true,
		},
		{
			name: "obs-fold",
			send: "GET /echo HTTP/1.1\r\n" + host + "X: a\r\n b\r\n\r\n",
			want: []int{400}, mention: "folding", closed: true,
		},
		{
			name: "HTTP/1.1 without Host",
			send: "GET /echo HTTP/1.1\r\n\r\n",
			want: []int{400}, mention: "Host", closed: true,
		},
		{
			name: "two Hosts",
			send: "GET /echo HTTP/1.1\r\n" + host + host + "\r\n",
			want: []int{400}, mention: "Host", closed: true,
		},
		{
			name: "NUL in a field",
			send: "GET /echo HTTP/1.1\r\n" + host + "X: \x00\r\n\r\n",
			want: []int{400}, closed: true,
		},
		{name: "HTTP/2.0 is 505", send: "GET /echo HTTP/2.0\r\n" + host + "\r\n", want: []int{505}, closed: true},
		{name: "HTTP/0.9 is 505", send: "GET /echo HTTP/0.9\r\n\r\n", want: []int{505}, closed: true},
		{name: "HTTP/1.7 is served as 1.1", send: "GET /echo HTTP/1.7\r\n" + host + "\r\n", want: []int{200}},
		{
			name: "raw UTF-8 in the target",
			send: "GET /tasks/写 HTTP/1.1\r\n" + host + "\r\n",
			want: []int{400}, mention: "percent-encode", closed: true,
		},
		{
			name: "garbage",
			send: "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",
			want: []int{400}, closed: true,
		},

		// A handler that asks to close (step 4's router does, for a
		// method it does not implement).
		{
			name: "a response marked Close closes the connection",
			send: "BREW /refuse HTTP/1.1\r\n" + host + "\r\n",
			want: []int{501}, closed: true,
		},

		// A handler that panics.
		{
			name: "a panic is a 500 and the connection goes on",
			send: "GET /panic HTTP/1.1\r\n" + host + "\r\n",
			want: []int{500}, mention: "internal server error",
		},
		{
			name: "no response from the handler is a 500 and the connection goes on",
			send: "GET /nil HTTP/1.1\r\n" + host + "\r\n",
			want: []int{500}, mention: "internal server error",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			switch {
			case tt.hint != "":
			case strings.Contains(tt.send, "Transfer-Encoding"):
				tt.hint = framedBy
			case tt.limits != Limits{}:
				tt.hint = "the limits apply as the bytes arrive: to the head in c.readHead, head_arena.go (readLine, limits.go), " +
					"to the body in checkBodyLength and c.readBody"
			}
			c := dial(t, &Config{Limits: tt.limits})
			c.hint = tt.hint
			c.send(tt.send)
			var r *response.Response
			for _, want := range tt.want {
				if r = c.read(tt.method); r.Status != want {
					t.Fatalf("sent %.120q:\nstatus %d, want %d (%s)%s", tt.send, r.Status, want, r.Body, hinted(tt.hint))
				}
			}
			if !mentions(r, tt.mention) {
				t.Errorf("sent %.120q:\nbody %s, want it to mention %q%s", tt.send, r.Body, tt.mention, hinted(tt.hint))
			}
			if tt.method == "HEAD" && len(r.Body) != 0 {
				t.Errorf("HEAD response has a body: %q", r.Body)
			}
			wantConnection := tt.connection
			if tt.closed {
				wantConnection = "close" // say so whenever the server will close
			}
			if got := r.Get("Connection"); got != wantConnection {
				t.Errorf("Connection: %q, want %q", got, wantConnection)
			}
			if tt.closed {
				c.expectClosed()
			} else {
				c.expectOpen()
			}
		})
	}
}

// framedBy is the hint for a request with Transfer-Encoding: the
// tutorial knew only Content-Length.
const framedBy = "tutorial: content_length = int(...); in Go, framing(req), framing.go, says how the body ends, " +
	"after Content-Length bytes or at the last chunk, and c.readBody(length, chunked) reads it"

// hinted is a hint as the end of a message: on a line of its own, in
// brackets; nothing when there is none.
func hinted(hint string) string {
	if hint == "" {
		return ""
	}
	return "\n(" + hint + ")"
}

func TestPipelinedRequestsAnsweredInOrder(t *testing.T) {
	c := dial(t, &Config{})
	c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\none" +
		"GET /missing HTTP/1.1\r\nHost: a\r\n\r\n" +
		"PUT /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nthree\r\n0\r\n\r\n")
	for _, want := range []struct {
		status  int
		mention string
	}{{200, `"body":"one"`}, {404, "no /missing"}, {200, `"body":"three"`}} {
		if r := c.read("GET"); r.Status != want.status || !mentions(r, want.mention) {
			t.Fatalf("three requests in one write: got %d %s, want %d mentioning %q "+
				"(each request has a body of its own: c.releaseRequest, keepalive.go, lets go of the last one's at the end of Handle's loop)", r.Status, r.Body, want.status, want.mention)
		}
	}
	c.expectOpen()
}

func TestRequestInOneByteWrites(t *testing.T) {
	c := dial(t, &Config{})
	raw := "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\n写博客"
	go func() {
		for i := range len(raw) {
			if _, err := c.nc.Write([]byte{raw[i]}); err != nil {
				return
			}
		}
	}()
	if r := c.read("POST"); r.Status != 200 || !mentions(r, `"body":"写博客"`) {
		t.Fatalf("got %d %s", r.Status, r.Body)
	}
	c.expectOpen()
}

func TestBodyAfterAPause(t *testing.T) {
	c := dial(t, &Config{})
	// net.Pipe's Write returns once the server has read the bytes: the
	// server holds the head and is waiting for the body.
	c.sendAll("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n")
	c.send("hello")
	if r := c.read("POST"); r.Status != 200 || !mentions(r, `"body":"hello"`) {
		t.Fatalf("got %d %s", r.Status, r.Body)
	}
}

func TestExpectContinue(t *testing.T) {
	c := dial(t, &Config{})
	c.hint = "a client that sends Expect: 100-continue waits for 100 Continue before it sends the body: c.sendContinue(req), expect.go, in readRequest before c.readBody"
	c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
	if r := c.read("POST"); r.Status != 100 {
		t.Fatalf("first response %d, want 100 Continue (%s)", r.Status, c.hint)
	}
	c.send("hello")
	if r := c.read("POST"); r.Status != 200 || !mentions(r, "hello") {
		t.Fatalf("final response %d %s", r.Status, r.Body)
	}
	c.expectOpen()
}

func TestExpectContinueTooLarge(t *testing.T) {
	c := dial(t, &Config{Limits: Limits{Body: 10}})
	c.hint = "a body declared over the limit is refused before 100 Continue invites it: checkBodyLength(length, c.limits), limits.go, then c.sendContinue(req), in readRequest"
	c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n")
	if r := c.read("POST"); r.Status != 413 || r.Get("Connection") != "close" {
		t.Fatalf("got %d (Connection: %q), want 413 at once, without 100 Continue (%s)", r.Status, r.Get("Connection"), c.hint)
	}
	c.expectClosed()
}

func TestExpectContinueWithoutBody(t *testing.T) {
	c := dial(t, &Config{})
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
	if r := c.read("GET"); r.Status != 200 {
		t.Fatalf("got %d, want 200 with no 100 Continue before it (a request without a body needs none: when framing(req) says length 0, not chunked, readRequest returns before c.sendContinue)", r.Status)
	}
}

func TestIdleTimeoutClosesSilently(t *testing.T) {
	c := dial(t, &Config{Timeouts: Timeouts{Idle: 20 * time.Millisecond}})
	c.hint = "a kept-alive connection idle past the idle timeout is closed, silently: waitForRequest, timeouts.go, " +
		"sets that timeout and says false when it passes; call it at the top of Handle's loop, and return then"
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
	if r := c.read("GET"); r.Status != 200 {
		t.Fatalf("got %d", r.Status)
	}
	c.expectClosed() // no 408: an idle client asked nothing
}

// TestHeaderTimeoutStopsSlowloris: a client that sends half a head and
// then nothing is answered 408 when the header timeout, counted from when
// the connection opened, is over. In a synctest bubble: its clock moves
// only when every goroutine waits, so the client's first bytes always
// come in time, and the 408 comes at exactly 30ms, on any machine.
func TestHeaderTimeoutStopsSlowloris(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		opened := time.Now()
		c := dial(t, &Config{Timeouts: Timeouts{Header: 30 * time.Millisecond}})
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\nX-Slow: ")
		r := c.read("GET")
		if r.Status != 408 || r.Get("Connection") != "close" || !mentions(r, "request head not received within 30ms") {
			t.Fatalf("got %d %s (Connection: %q), want 408 naming the timeout, and close", r.Status, r.Body, r.Get("Connection"))
		}
		if waited := time.Since(opened); waited != 30*time.Millisecond {
			t.Errorf("answered %v after the connection opened, want the header timeout, 30ms", waited)
		}
		c.expectClosed()
	})
}

func TestBodyTimeout(t *testing.T) {
	c := dial(t, &Config{Timeouts: Timeouts{Body: 30 * time.Millisecond}})
	c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhalf")
	if r := c.read("POST"); r.Status != 408 || !mentions(r, "request body not received within 30ms") {
		t.Fatalf("got %d %s, want 408 naming the timeout", r.Status, r.Body)
	}
	c.expectClosed()
}

func TestDrainingClosesAfterTheResponse(t *testing.T) {
	var draining atomic.Bool
	idle := make(chan struct{}, 2)
	c := dial(t, &Config{Draining: draining.Load, OnState: func(_ net.Conn, s State) bool {
		if s == StateIdle {
			idle <- struct{}{}
		}
		return true
	}})
	const waiting = "the connection to say it waits for a request, idle (waitForRequest, timeouts.go, says so: call it at the top of Handle's loop)"
	conntest.Recv(t, idle, waiting)
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
	c.read("GET")
	conntest.Recv(t, idle, waiting) // waiting for the next request: now the server starts draining
	draining.Store(true)
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
	if r := c.read("GET"); r.Status != 200 || r.Get("Connection") != "close" {
		t.Fatalf("got %d (Connection: %q), want 200 with Connection: close", r.Status, r.Get("Connection"))
	}
	c.expectClosed()
}

func TestStatesReported(t *testing.T) {
	var states []State
	c := dial(t, &Config{OnState: func(_ net.Conn, s State) bool { states = append(states, s); return true }})
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
	c.read("GET")
	c.expectClosed()
	want := []State{StateIdle, StateActive, StateClosed}
	if !slices.Equal(states, want) {
		t.Errorf("states %v, want %v: idle, active, closed "+
			"(waitForRequest, timeouts.go, reports idle and active: call it at the top of Handle's loop; c.close reports closed)", states, want)
	}
}

// TestAConnectionClosedToMakeRoomExecutesNothing: when the server has
// closed a connection while it waited (step 6, to admit another), the
// request whose first bytes were already read is dropped: the handler
// never runs, because its answer could reach nobody.
func TestAConnectionClosedToMakeRoomExecutesNothing(t *testing.T) {
	var ran atomic.Int32
	c := dial(t, &Config{
		Handler: func(req *request.Request) *response.Response {
			ran.Add(1)
			return echo(req)
		},
		OnState: func(_ net.Conn, s State) bool { return s != StateActive },
	})
	c.hint = "the server closed this connection while it waited: waitForRequest, timeouts.go, says false, and Handle returns before reading the request"
	c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
	c.expectClosed()
	if n := ran.Load(); n != 0 {
		t.Errorf("the handler ran %d times for a connection the server had closed, want 0 (%s)", n, c.hint)
	}
}

func TestStatusOf(t *testing.T) {
	var req request.Request
	for _, tt := range []struct {
		err  error
		want int
	}{
		{req.ParseHead([]byte("GET / HTTP/1.1\r\n\r\n")), 400},
		{req.ParseHead([]byte("GET / HTTP/2.0\r\nHost: a\r\n\r\n")), 505},
		{ErrURITooLong, 414},
		{ErrHeaderTooLarge, 431},
		{ErrBodyTooLarge, 413},
		{ErrNotImplemented, 501},
		{os.ErrDeadlineExceeded, 408},
		{timeoutError(os.ErrDeadlineExceeded, "request head", time.Second), 408},
	} {
		if got := StatusOf(tt.err); got != tt.want {
			t.Errorf("StatusOf(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// TestPanicOutsideTheHandlerEndsOnlyTheConnection: even a bug in the
// connection code itself (here, a panicking hook) closes the connection
// and logs it, and Handle returns instead of crashing the process.
func TestPanicOutsideTheHandlerEndsOnlyTheConnection(t *testing.T) {
	var log strings.Builder
	c := dial(t, &Config{
		Log: accesslog.NewLogger(&log, false),
		OnState: func(_ net.Conn, s State) bool {
			if s == StateActive {
				panic("bug")
			}
			return true
		},
	})
	c.hint = "the OnState hook panics when waitForRequest, timeouts.go, reports active: call it at the top of Handle's loop; " +
		"defer c.close() recovers, logs and closes"
	c.send("GET /echo HTTP/1.1\r\nHost: a\r\n\r\n")
	c.expectClosed()
	if !strings.Contains(log.String(), "connection panicked: bug") {
		t.Errorf("log %q does not say what happened", log.String())
	}
	if !strings.Contains(log.String(), "connection_test.go") {
		t.Errorf("log %q does not show the stack where it happened", log.String())
	}
}

// TestAHandlerPanicIsLoggedWithItsStack: the log of a handler's panic
// shows its value and the stack down to the line that panicked (echo, in
// helpers_test.go); a handler that returns no response is a bug too, but
// nothing panicked, and the log says just that.
func TestAHandlerPanicIsLoggedWithItsStack(t *testing.T) {
	var log strings.Builder
	c := dial(t, &Config{Log: accesslog.NewLogger(&log, false)})
	c.send("GET /panic HTTP/1.1\r\nHost: a\r\n\r\nGET /nil HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
	for range 2 {
		if r := c.read("GET"); r.Status != 500 {
			t.Fatalf("got %d, want 500", r.Status)
		}
	}
	c.expectClosed()
	panicked, returned, _ := strings.Cut(log.String(), "GET /nil")
	for _, want := range []string{"GET /panic 500 (handler panicked: boom)", "\n    goroutine ", "helpers_test.go"} {
		if !strings.Contains(panicked, want) {
			t.Errorf("the panic's log lacks %q:\n%s", want, panicked)
		}
	}
	if want := " 500 (handler returned no response)\n"; !strings.HasPrefix(returned, want) || strings.Contains(returned, "goroutine") {
		t.Errorf("the log of no response is %q, want %q and no stack", returned, want)
	}
}
