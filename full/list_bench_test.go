package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
)

// BenchmarkListThroughServer: GET /tasks through step 5's connection and
// step 4's real routes, over net.Pipe, with 2 tasks (the tutorial's) and
// with 10,000 tasks of 100-byte titles (a 1.3 MB answer). The client
// reads each answer whole.
func BenchmarkListThroughServer(b *testing.B) {
	for _, n := range []int{2, 10_000} {
		b.Run(fmt.Sprintf("%d tasks", n), func(b *testing.B) {
			h := handlers.New(tasks.NewStore(), time.Now)
			for h.Store.Len() < n {
				h.Store.Add(strings.Repeat("写", 33)+"x", false)
			}
			client, _ := servePipe(b, &connection.Config{Handler: router.Tasks(h).Dispatch})
			br := bufio.NewReaderSize(client, 64<<10)
			req := []byte("GET /tasks HTTP/1.1\r\nHost: bench\r\n\r\n")
			b.ReportAllocs()
			for b.Loop() {
				go client.Write(req)
				if _, err := readAnswer(br); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// readAnswer reads one answer's head and its body, by Content-Length or
// in chunks, and drops them; it returns the body's size on the wire.
func readAnswer(br *bufio.Reader) (int, error) {
	length, chunked := -1, false
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(line) == 2 {
			break
		}
		if v, ok := strings.CutPrefix(string(line), "Content-Length: "); ok {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
		chunked = chunked || string(line) == "Transfer-Encoding: chunked\r\n"
	}
	if chunked {
		return discardChunks(br)
	}
	if length < 0 {
		return 0, fmt.Errorf("no Content-Length")
	}
	if _, err := br.Discard(length); err != nil {
		return 0, fmt.Errorf("body: %w", io.ErrUnexpectedEOF)
	}
	return length, nil
}

// discardChunks reads a chunked body to its last chunk and drops it.
func discardChunks(br *bufio.Reader) (int, error) {
	total := 0
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		size, err := strconv.ParseInt(strings.TrimSpace(string(line)), 16, 64)
		if err != nil {
			return 0, fmt.Errorf("chunk size %q: %w", line, err)
		}
		if _, err := br.Discard(int(size) + 2); err != nil { // the data, and its CRLF
			return 0, fmt.Errorf("chunk: %w", io.ErrUnexpectedEOF)
		}
		if size == 0 { // the last chunk: its CRLF was the empty line after it
			return total, nil
		}
		total += int(size)
	}
}

// BenchmarkListGzip: GET /tasks of 10,000 tasks of varied titles (653 KB
// as it is), asked as it is and with Accept-Encoding: gzip, through the
// finished server's routes (full's compressors):
//
//   - server CPU: step 5's Handle over a connection that replays the
//     request and drops the answers (path_bench_test.go's replayConn):
//     no network, no client;
//   - loopback: the real server on 127.0.0.1 and one keep-alive client
//     that reads each answer whole (and does not gunzip it): the wall
//     time of an answer.
//
// Each reports the body's bytes on the wire.
func BenchmarkListGzip(b *testing.B) {
	h := handlers.New(tasks.NewStore(), time.Now)
	fillTo(b, 10_000)(h.Store)
	rt := router.Tasks(h)
	rt.Gzip = router.NewGzip(router.DefaultCompressors)
	for _, accept := range []string{"identity", "gzip"} {
		raw := "GET /tasks HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: " + accept + "\r\n\r\n"
		b.Run("server CPU/"+accept, func(b *testing.B) {
			nc := &replayConn{req: []byte(raw), left: b.N}
			b.ResetTimer()
			connection.Handle(nc, &connection.Config{Handler: rt.Dispatch})
			b.StopTimer()
			if nc.answers != b.N || nc.bad > 0 {
				b.Fatalf("%d answers for %d requests, %d of them not 2xx", nc.answers, b.N, nc.bad)
			}
			b.ReportMetric(float64(nc.written)/float64(b.N), "bytes/answer")
		})
		b.Run("loopback/"+accept, func(b *testing.B) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			srv := server.New(rt.Dispatch)
			go srv.Serve(ln)
			defer srv.Shutdown(context.Background())
			nc, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer nc.Close()
			br := bufio.NewReaderSize(nc, 64<<10)
			var size int
			for b.Loop() {
				io.WriteString(nc, raw)
				if size, err = readAnswer(br); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size), "body-bytes")
		})
	}
}
