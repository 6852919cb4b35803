package connection_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step5_conn/accesslog"
	"httpfromscratch/step5_conn/connection"
)

func ExampleHandle() {
	clock := func() time.Time { return time.Date(2026, 4, 17, 14, 54, 12, 0, time.UTC) }
	var log bytes.Buffer // printed at the end: the server logs as the client reads
	cfg := &connection.Config{
		Handler: func(req *request.Request) *response.Response {
			return response.JSON(200, map[string]string{"path": req.Path()})
		},
		Log: accesslog.NewLogger(&log, false),
		Now: clock,
	}
	server, client := net.Pipe()
	done := make(chan struct{})
	go func() {
		connection.Handle(server, cfg)
		close(done)
	}()
	go client.Write([]byte("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
	client.SetReadDeadline(time.Now().Add(2 * time.Second)) // a Handle that does not answer fails the example, not hangs it
	br := bufio.NewReader(client)
	for range 2 {
		r, err := response.Read(br, "GET")
		if err != nil {
			fmt.Println("no response:", err)
			break
		}
		fmt.Printf("%s | %s | %s | Connection: %q\n", r.StatusLine(), r.Get("Date"), r.Body, r.Get("Connection"))
	}
	client.Close()
	<-done
	fmt.Print(log.String())
	// Output:
	// HTTP/1.1 200 OK | Fri, 17 Apr 2026 14:54:12 GMT | {"path":"/a"} | Connection: ""
	// HTTP/1.1 200 OK | Fri, 17 Apr 2026 14:54:12 GMT | {"path":"/b"} | Connection: "close"
	//   [14:54:12] pipe GET /a 200 0s
	//   [14:54:12] pipe GET /b 200 0s
}

func ExampleStatusOf() {
	var req request.Request
	err := req.ParseHead([]byte("GET / HTTP/2.0\r\nHost: x\r\n\r\n"))
	fmt.Println(connection.StatusOf(err), err)
	fmt.Println(connection.StatusOf(fmt.Errorf("%w: more than 8192 bytes", connection.ErrURITooLong)))
	fmt.Println(connection.StatusOf(errors.New("anything else")))
	// Output:
	// 505 HTTP version not supported: HTTP/2.0 (this server speaks HTTP/1.1)
	// 414
	// 400
}
