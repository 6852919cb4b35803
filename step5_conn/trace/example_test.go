package trace_test

import (
	"bufio"
	"net"
	"os"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step5_conn/trace"
)

// A Tracer wraps the server's end of a connection; step 5's Handle serves
// it as any other, and every byte that crosses it is printed, labelled.
// (net.Pipe stands for the socket; its address is "pipe".)
func ExampleTracer() {
	cfg := &connection.Config{
		Handler: func(req *request.Request) *response.Response {
			return response.JSON(200, map[string]string{"status": "ok"})
		},
		Now: func() time.Time { return time.Date(2026, 4, 17, 14, 54, 12, 0, time.UTC) }, // the Date field
	}
	server, client := net.Pipe()
	done := make(chan struct{})
	go func() {
		connection.Handle(trace.NewTracer(os.Stdout, false).Conn(server), cfg)
		close(done)
	}()
	go client.Write([]byte("GET /health HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n"))
	response.Read(bufio.NewReader(client), "GET")
	<-done
	// Output:
	// [1] * connection 1 opened from pipe
	// [1] > request line   GET /health HTTP/1.1\r\n
	// [1] > field          Host: local\r\n
	// [1] > field          Connection: close\r\n
	// [1] > empty line     \r\n
	// [1] < status line    HTTP/1.1 200 OK\r\n
	// [1] < field          Date: Fri, 17 Apr 2026 14:54:12 GMT\r\n
	// [1] < field          Content-Type: application/json; charset=utf-8\r\n
	// [1] < field          Content-Length: 15\r\n
	// [1] < field          Connection: close\r\n
	// [1] < empty line     \r\n
	// [1] < body           {"status":"ok"} (15 bytes)
	// [1] * closed by the server (its answer said Connection: close)
}

// A Labeller labels one side's bytes without a connection: step 7's
// checker shows a failing exchange with it. Here a chunked request, fed in
// two pieces that split a line; Flush shows a line begun and not ended.
func ExampleLabeller() {
	l := trace.NewLabeller(os.Stdout, "  ", '>', true)
	l.Write([]byte("POST /tasks HTTP/1.1\r\nHost: lo"))
	l.Write([]byte("cal\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET /he"))
	l.Flush()
	// Output:
	//   > request line   POST /tasks HTTP/1.1\r\n
	//   > field          Host: local\r\n
	//   > field          Transfer-Encoding: chunked\r\n
	//   > empty line     \r\n
	//   > chunk size     5\r\n
	//   > chunk data     hello (5 bytes)
	//   > chunk end      \r\n
	//   > last chunk     0\r\n
	//   > empty line     \r\n
	//   > request line (unfinished) GET /he
}
