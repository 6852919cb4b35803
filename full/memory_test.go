package main

import (
	"bufio"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
)

// TestAListIsWrittenAsTheClientReads: ten clients ask for a long list and
// read one line of it. Each connection holds a window of the list (the
// output's 64 KiB), not the list: the rest is encoded as the socket takes
// it, from a snapshot, however long the client takes. Gzipped, it holds a
// compressor (1.2 MiB) and a window, not the list compressed (1.5 MB).
func TestAListIsWrittenAsTheClientReads(t *testing.T) {
	const clients = 10
	tests := []struct {
		name   string
		fill   func(tasks.TaskStore)
		accept string
		max    int64 // bytes held per connection
	}{
		{name: "2.6 MB as it is", fill: func(s tasks.TaskStore) {
			for s.Len() < 20_000 {
				s.Add(strings.Repeat("写", 33)+"x", false)
			}
		}, max: 256 << 10},
		{name: "6.6 MB gzipped to 1.5 MB", fill: fillTo(t, 100_000), accept: "Accept-Encoding: gzip\r\n", max: 1536 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := handlers.New(tasks.NewStore(), time.Now)
			tt.fill(h.Store)
			rt := router.Tasks(h)
			rt.Gzip = router.NewGzip(router.DefaultCompressors)
			cfg := &connection.Config{Handler: rt.Dispatch}
			before := heapAfterGC()
			var conns []net.Conn
			for range clients {
				client, _ := servePipe(t, cfg)
				go client.Write([]byte("GET /tasks HTTP/1.1\r\nHost: a\r\n" + tt.accept + "\r\n"))
				status, err := bufio.NewReaderSize(client, 16).ReadString('\n') // the answer has begun
				if err != nil || !strings.HasPrefix(status, "HTTP/1.1 200 OK") {
					t.Fatalf("%q, %v", status, err)
				}
				conns = append(conns, client)
			}
			held := (heapAfterGC() - before) / clients
			t.Logf("%d bytes held per connection writing a list of %d tasks to a client that does not read", held, h.Store.Len())
			if held > tt.max {
				t.Errorf("a connection holds %d bytes of a long list; want a window of it (and a compressor), under %d", held, tt.max)
			}
			runtime.KeepAlive(conns)
		})
	}
}

func heapAfterGC() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // twice: sync.Pool keeps what it held for one more cycle
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
