package connection

import (
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
)

// loopConn is a connection whose client sends the same request n times
// as fast as it is read, and throws the responses away: one whole
// request/response cycle per iteration, with no network in the way.
type loopConn struct {
	bytesConn
	req    []byte
	left   int
	rd     bytes.Reader
	writes int // a system call each, on a real connection
}

func (c *loopConn) Read(p []byte) (int, error) {
	if c.rd.Len() == 0 {
		if c.left == 0 {
			return 0, io.EOF
		}
		c.left--
		c.rd.Reset(c.req)
	}
	return c.rd.Read(p)
}

func (c *loopConn) Write(p []byte) (int, error) {
	c.writes++
	return len(p), nil
}

func (c *loopConn) SetDeadline(time.Time) error { return nil }
func (c *loopConn) Close() error                { return nil }
func (c *loopConn) RemoteAddr() net.Addr {
	return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 50000}
}

// BenchmarkHandle serves keep-alive requests on one connection through
// Handle: read, parse, frame, call the handler, write, log (to nowhere).
func BenchmarkHandle(b *testing.B) {
	health := response.JSON(200, map[string]any{"status": "ok", "tasks_count": 2})
	for _, bc := range []struct{ name, raw string }{
		{"GET_health", "GET /health HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\n\r\n"},
		{"POST_json", "POST /tasks HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"title\":\"bench\"}"},
		{"POST_chunked", "POST /tasks HTTP/1.1\r\nHost: localhost:8000\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n{\"title\":\"bench\"}\r\n0\r\n\r\n"},
		// 16 requests a read, as a pipelining client sends them: their
		// answers share a write (output_batch.go). An op is one request.
		{"GET_pipelined_16", strings.Repeat("GET /health HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\n\r\n", 16)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			cfg := &Config{
				Handler: func(*request.Request) *response.Response { return health },
				Log:     accesslog.NewLogger(io.Discard, false),
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.raw) / strings.Count(bc.raw, " HTTP/1.1\r\n")))
			perRead := strings.Count(bc.raw, " HTTP/1.1\r\n")
			nc := &loopConn{req: []byte(bc.raw), left: (b.N + perRead - 1) / perRead}
			b.ResetTimer()
			Handle(nc, cfg)
			b.ReportMetric(float64(nc.writes)/float64(b.N), "writes/op")
		})
	}
}
