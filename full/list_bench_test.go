package main

import (
	"bufio"
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
			server, client := net.Pipe()
			done := make(chan struct{})
			go func() {
				connection.Handle(server, &connection.Config{Handler: router.Tasks(h).Dispatch})
				close(done)
			}()
			defer func() { client.Close(); <-done }()
			br := bufio.NewReaderSize(client, 64<<10)
			req := []byte("GET /tasks HTTP/1.1\r\nHost: bench\r\n\r\n")
			b.ReportAllocs()
			for b.Loop() {
				go client.Write(req)
				if err := readAnswer(br); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// readAnswer reads one answer's head and its Content-Length body, and
// drops them.
func readAnswer(br *bufio.Reader) error {
	length := -1
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(line) == 2 {
			break
		}
		if v, ok := strings.CutPrefix(string(line), "Content-Length: "); ok {
			length, _ = strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if length < 0 {
		return fmt.Errorf("no Content-Length")
	}
	_, err := br.Discard(length)
	if err == nil {
		return nil
	}
	return fmt.Errorf("body: %w", io.ErrUnexpectedEOF)
}
