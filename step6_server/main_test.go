package main

import (
	"fmt"
	"os"
	"time"
)

func Example() {
	// run waits for the server's answers: a Serve that never accepts (one
	// being written, say) fails the example, not hangs it.
	done := make(chan error, 1)
	go func() { done <- run(os.Stdout) }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Println("run:", err)
		}
	case <-time.After(10 * time.Second):
		fmt.Println("run: no answer within 10s (go test ./step6_server/server says what server.Serve lacks)")
	}
	// Output:
	// 1. Serve(listener): the accept loop is running (MaxConns = 3)
	// 2. three clients at once, each served by its own goroutine:
	//    client 1: GET /health   → 200 {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}
	//    client 2: GET /tasks/1  → 200 {"task":{"id":1,"title":"阅读 HTTP RFC","done":false}}
	//    client 3: GET /tasks/2  → 200 {"task":{"id":2,"title":"手写 socket 服务器","done":true}}
	// 3. each asks again, in turn: all three wait idle (keep-alive), client 1 the longest
	// 4. a fourth client, at the limit → 200 {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}
	//    client 1's connection, idle the longest, was closed to make room (EOF)
	// 5. clients 2, 3 and 4 each send half a request: every connection is busy
	//    a fifth client → 503 {"error":"too many connections; retry later"} (Retry-After: 1)
	//    clients 2, 3 and 4 finish their requests → 200, 200, 200
	// 6. Shutdown: Serve returned "server closed"
	//    client 2's connection: closed by the server (EOF)
	//    client 3's connection: closed by the server (EOF)
	//    client 4's connection: closed by the server (EOF)
	//    a new client: use of closed network connection
}
