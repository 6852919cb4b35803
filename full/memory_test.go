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

// TestAListIsWrittenAsTheClientReads: ten clients ask for a 2.6 MB list
// and read one byte of it. Each connection holds a window of the list
// (the output's 64 KiB), not the list: the rest is encoded as the socket
// takes it, from a snapshot, however long the client takes.
func TestAListIsWrittenAsTheClientReads(t *testing.T) {
	const clients = 10
	h := handlers.New(tasks.NewStore(), time.Now)
	for h.Store.Len() < 20_000 {
		h.Store.Add(strings.Repeat("写", 33)+"x", false)
	}
	cfg := &connection.Config{Handler: router.Tasks(h).Dispatch}
	before := heapAfterGC()
	var conns []net.Conn
	for range clients {
		server, client := net.Pipe()
		done := make(chan struct{})
		go func() {
			connection.Handle(server, cfg)
			close(done)
		}()
		t.Cleanup(func() { client.Close(); <-done })
		go client.Write([]byte("GET /tasks HTTP/1.1\r\nHost: a\r\n\r\n"))
		status, err := bufio.NewReaderSize(client, 16).ReadString('\n') // the answer has begun
		if err != nil || !strings.HasPrefix(status, "HTTP/1.1 200 OK") {
			t.Fatalf("%q, %v", status, err)
		}
		conns = append(conns, client)
	}
	held := (heapAfterGC() - before) / clients
	t.Logf("%d bytes held per connection writing a 2.6 MB list to a client that does not read", held)
	if held > 256<<10 {
		t.Errorf("a connection holds %d bytes of a 2.6 MB list; want a window of it, under 256 KiB", held)
	}
	runtime.KeepAlive(conns)
}

func heapAfterGC() int64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC() // twice: sync.Pool keeps what it held for one more cycle
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
