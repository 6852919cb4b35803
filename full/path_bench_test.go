package main

import (
	"bytes"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step8_cli/cli"
)

// BenchmarkServerPath serves keep-alive requests on one connection through
// the whole server path, as `go run ./full` does: step 5's Handle, step
// 4's real routes, step 3's handlers and store, the access log (to
// nowhere), with a fixed clock. No network: the connection replays the
// request as fast as it is read and drops the answers. The _db rows keep
// the tasks in SQLite (-db): one connection, so every POST is a commit of
// its own, waiting for the disk.
func BenchmarkServerPath(b *testing.B) {
	for _, bc := range []struct{ name, raw string }{
		{"GET_health", "GET /health HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\n\r\n"},
		{"GET_tasks_2", "GET /tasks HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\n\r\n"},
		{"POST_tasks", "POST /tasks HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"title\":\"bench\"}"},
		{"GET_tasks_2_db", "GET /tasks HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: bench\r\n\r\n"},
		{"POST_tasks_db", "POST /tasks HTTP/1.1\r\nHost: localhost:8000\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"title\":\"bench\"}"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			at := fixedClock() // once: fixedClock builds its zone on every call
			clock := func() time.Time { return at }
			// -max-tasks is lifted: a POST run measures creating tasks, not 507s.
			flags := []string{"-max-tasks", "1000000000"}
			if strings.HasSuffix(bc.name, "_db") {
				flags = append(flags, "-db", filepath.Join(b.TempDir(), "tasks.db"))
			}
			o, err := cli.Parse("full", flags)
			if err != nil {
				b.Fatal(err)
			}
			store, closeStore, err := openStore(o)
			if err != nil {
				b.Fatal(err)
			}
			defer closeStore()
			h := handlers.New(store, clock)
			rt := router.Tasks(h)
			rt.Gzip = router.NewGzip(router.DefaultCompressors) // as full has it: these clients do not ask for gzip
			cfg := &connection.Config{
				Handler: rt.Dispatch,
				Log:     accesslog.NewLogger(io.Discard, false),
				Now:     clock,
			}
			nc := &replayConn{req: []byte(bc.raw), left: b.N}
			b.ReportAllocs()
			b.ResetTimer()
			connection.Handle(nc, cfg)
			b.StopTimer()
			if nc.answers != b.N || nc.bad > 0 {
				b.Fatalf("%d answers for %d requests, %d of them not 2xx", nc.answers, b.N, nc.bad)
			}
		})
	}
}

// replayConn is a connection whose client sends req left times, each as
// soon as the last is read, and counts the answers and the ones that are
// not 2xx (a benchmark counts only the answers it wanted).
type replayConn struct {
	req          []byte
	left         int
	rd           bytes.Reader
	answers, bad int
	written      int64 // bytes of answers
}

func (c *replayConn) Read(p []byte) (int, error) {
	if c.rd.Len() == 0 {
		if c.left == 0 {
			return 0, io.EOF
		}
		c.left--
		c.rd.Reset(c.req)
	}
	return c.rd.Read(p)
}

func (c *replayConn) Write(p []byte) (int, error) {
	n := len(p)
	c.written += int64(n)
	for len(p) > 0 { // each answer starts with its status line
		i := bytes.Index(p, []byte("HTTP/1.1 "))
		if i < 0 {
			break
		}
		c.answers++
		if p[i+9] != '2' {
			c.bad++
		}
		p = p[i+9:]
	}
	return n, nil
}

func (c *replayConn) Close() error                     { return nil }
func (c *replayConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *replayConn) RemoteAddr() net.Addr             { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }
func (c *replayConn) SetDeadline(time.Time) error      { return nil }
func (c *replayConn) SetReadDeadline(time.Time) error  { return nil }
func (c *replayConn) SetWriteDeadline(time.Time) error { return nil }
