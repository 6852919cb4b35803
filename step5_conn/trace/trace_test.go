package trace

import (
	"bufio"
	"bytes"
	"net"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection"
)

// echo answers /echo with the method and body it got, as JSON.
func echo(req *request.Request) *response.Response {
	if req.Path() == "/echo" {
		return response.JSON(200, map[string]string{"method": req.Method, "body": string(req.Body)})
	}
	return response.Error(404, "no "+req.Path())
}

// client is the test's end of a traced connection served by step 5.
type client struct {
	t    *testing.T
	nc   net.Conn
	br   *bufio.Reader
	done chan struct{} // closed when Handle returns
}

// send writes data in the background: net.Pipe has no buffer.
func (c *client) send(data string) { go c.nc.Write([]byte(data)) }

// read reads one response, failing the test if there is none.
func (c *client) read(method string) *response.Response {
	c.t.Helper()
	c.nc.SetReadDeadline(time.Now().Add(5 * time.Second)) // a hang fails, not blocks
	r, err := response.Read(c.br, method)
	if err != nil {
		c.t.Fatalf("reading a response: %v", err)
	}
	return r
}

// traced serves one traced net.Pipe connection with cfg and returns the
// client end and the trace written so far (read it after <-c.done).
func traced(t *testing.T, cfg *connection.Config) (*client, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	tr := NewTracer(&out, false)
	if cfg.Handler == nil {
		cfg.Handler = echo
	}
	server, nc := net.Pipe()
	c := &client{t: t, nc: nc, done: make(chan struct{})}
	c.br = bufio.NewReader(nc)
	go func() {
		connection.Handle(tr.Conn(server), cfg)
		close(c.done)
	}()
	t.Cleanup(func() {
		nc.Close()
		<-c.done
	})
	return c, &out
}

// lines splits a trace into its lines, dropping the Date field's value,
// which changes from run to run.
func lines(trace string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSuffix(trace, "\n"), "\n") {
		if i := strings.Index(l, "Date: "); i >= 0 {
			l = l[:i] + "Date: ..."
		}
		out = append(out, l)
	}
	return out
}

func TestTraceLabelsEachPart(t *testing.T) {
	tests := []struct {
		name    string
		send    string
		answers []string // methods of the answers to read
		want    []string
	}{
		{
			name:    "two pipelined requests, a body, a HEAD, then the client leaves",
			send:    "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello" + "HEAD /echo HTTP/1.1\r\nHost: a\r\n\r\n",
			answers: []string{"POST", "HEAD"},
			want: []string{
				"[1] * connection 1 opened from pipe",
				`[1] > request line   POST /echo HTTP/1.1\r\n`,
				`[1] > field          Host: a\r\n`,
				`[1] > field          Content-Length: 5\r\n`,
				`[1] > empty line     \r\n`,
				`[1] > body           hello (5 bytes)`,
				"[1] * request 2 on connection 1 (kept alive)",
				`[1] > request line   HEAD /echo HTTP/1.1\r\n`,
				`[1] > field          Host: a\r\n`,
				`[1] > empty line     \r\n`,
				`[1] < status line    HTTP/1.1 200 OK\r\n`,
				`[1] < field          Date: ...`,
				`[1] < field          Content-Type: application/json; charset=utf-8\r\n`,
				`[1] < field          Content-Length: 32\r\n`,
				`[1] < empty line     \r\n`,
				`[1] < body           {"body":"hello","method":"POST"} (32 bytes)`,
				`[1] < status line    HTTP/1.1 200 OK\r\n`,
				`[1] < field          Date: ...`,
				`[1] < field          Content-Type: application/json; charset=utf-8\r\n`,
				`[1] < field          Content-Length: 27\r\n`,
				`[1] < empty line     \r\n`,
				"[1] * closed by the client",
			},
		},
		{
			name:    "a chunked body with an extension and a trailer",
			send:    "PUT /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
			answers: []string{"PUT"},
			want: []string{
				"[1] * connection 1 opened from pipe",
				`[1] > request line   PUT /echo HTTP/1.1\r\n`,
				`[1] > field          Host: a\r\n`,
				`[1] > field          Transfer-Encoding: chunked\r\n`,
				`[1] > field          Connection: close\r\n`,
				`[1] > empty line     \r\n`,
				`[1] > chunk size     3;x=y\r\n`,
				`[1] > chunk data     abc (3 bytes)`,
				`[1] > chunk end      \r\n`,
				`[1] > last chunk     0\r\n`,
				`[1] > trailer field  T: 1\r\n`,
				`[1] > empty line     \r\n`,
				`[1] < status line    HTTP/1.1 200 OK\r\n`,
				`[1] < field          Date: ...`,
				`[1] < field          Content-Type: application/json; charset=utf-8\r\n`,
				`[1] < field          Content-Length: 29\r\n`,
				`[1] < field          Connection: close\r\n`,
				`[1] < empty line     \r\n`,
				`[1] < body           {"body":"abc","method":"PUT"} (29 bytes)`,
				"[1] * closed by the server (its answer said Connection: close)",
			},
		},
		{
			name:    "controls beyond ASCII in a body: C1 CSI, a bidi override, a line separator",
			send:    "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 18\r\nConnection: close\r\n\r\n\x1b[2J\u009b31m\u202egnp\u2028",
			answers: []string{"POST"},
			want: []string{
				"[1] * connection 1 opened from pipe",
				`[1] > request line   POST /echo HTTP/1.1\r\n`,
				`[1] > field          Host: a\r\n`,
				`[1] > field          Content-Length: 18\r\n`,
				`[1] > field          Connection: close\r\n`,
				`[1] > empty line     \r\n`,
				`[1] > body           \x1b[2J\u009b31m\u202egnp\u2028 (18 bytes)`,
				`[1] < status line    HTTP/1.1 200 OK\r\n`,
				`[1] < field          Date: ...`,
				`[1] < field          Content-Type: application/json; charset=utf-8\r\n`,
				`[1] < field          Content-Length: 53\r\n`,
				`[1] < field          Connection: close\r\n`,
				`[1] < empty line     \r\n`,
				`[1] < body           {"body":"\u001b[2J\u009b31m\u202egnp\u2028","method":"POST"} (53 bytes)`,
				"[1] * closed by the server (its answer said Connection: close)",
			},
		},
		{
			name:    "a malformed request, labelled up to where it broke, then the refusal",
			send:    "GET /echo HTTP/1.1\nHost: \x01写\n\n",
			answers: []string{"GET"},
			want: []string{
				"[1] * connection 1 opened from pipe",
				`[1] > request line   GET /echo HTTP/1.1\n`,
				`[1] > field          Host: \x01写\n`,
				`[1] > empty line     \n`,
				`[1] < status line    HTTP/1.1 400 Bad Request\r\n`,
				`[1] < field          Date: ...`,
				`[1] < field          Content-Type: application/json; charset=utf-8\r\n`,
				`[1] < field          Content-Length: 62\r\n`,
				`[1] < field          Connection: close\r\n`,
				`[1] < empty line     \r\n`,
				`[1] < body           {"error":"malformed request: bare LF: lines must end in CRLF"} (62 bytes)`,
				"[1] * closed by the server (after 400 Bad Request, which said Connection: close)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, trace := traced(t, &connection.Config{})
			c.send(tt.send)
			for _, m := range tt.answers {
				c.read(m)
			}
			c.nc.Close()
			<-c.done
			if diff := cmp.Diff(tt.want, lines(trace.String())); diff != "" {
				t.Errorf("trace mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTraceShowsAnUnfinishedHeadAndTheTimeout: a head cut off by the
// header timeout is shown up to where it stopped, then the timeout and
// the 408. In a synctest bubble, whose clock moves only when every
// goroutine waits: the half head always comes before the timeout, which
// counts from when the connection opened.
func TestTraceShowsAnUnfinishedHeadAndTheTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, trace := traced(t, &connection.Config{Timeouts: connection.Timeouts{Header: 20 * time.Millisecond}})
		c.send("GET /echo HTTP/1.1\r\nHost: a\r\nX-Slow: ")
		if r := c.read("GET"); r.Status != 408 {
			t.Fatalf("got %d", r.Status)
		}
		<-c.done
		got := lines(trace.String())
		for _, want := range []string{
			`[1] > field (unfinished) X-Slow: `,
			"[1] * the client sent nothing more in time: a timeout",
			`[1] < status line    HTTP/1.1 408 Request Timeout\r\n`,
			"[1] * closed by the server (after 408 Request Timeout, which said Connection: close)",
		} {
			if !contains(got, want) {
				t.Errorf("trace lacks %q:\n%s", want, strings.Join(got, "\n"))
			}
		}
	})
}

func contains(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}
