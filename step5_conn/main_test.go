package main

import (
	"fmt"
	"os"
	"time"
)

func Example() {
	// run waits for connection.Handle's answers: a Handle that never
	// answers (one being written, say) fails the example, not hangs it.
	done := make(chan error, 1)
	go func() { done <- run(os.Stdout) }()
	select {
	case err := <-done:
		if err != nil {
			fmt.Println("run:", err)
		}
	case <-time.After(10 * time.Second):
		fmt.Println("run: no answer within 10s (go test ./step5_conn/connection says what connection.Handle lacks)")
	}
	// Output:
	// == the tutorial's request
	// client sends: "GET /health HTTP/1.1\r\nHost: local\r\n\r\n"
	//   response: HTTP/1.1 200 OK
	//   body:     {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}
	// == one request in four writes, split inside the request line, a field and the body: one answer
	// client sends: "POST /ta"
	// client sends: "sks HTTP/1.1\r\nHost: lo"
	// client sends: "cal\r\nContent-Length: 33\r\n\r\n{\"title\":\"部署"
	// client sends: "到生产环境\"}"
	//   response: HTTP/1.1 201 Created
	//   body:     {"task":{"id":3,"title":"部署到生产环境","done":false}}
	// == three requests in one write, answered in order on one connection
	// client sends: "GET /tasks?status=done HTTP/1.1\r\nHost: local\r\n\r\nPOST /tasks HTTP/1.1\r\nHost: local\r\nContent-Length: 33\r\n\r\n{\"title\":\"部署到生产环境\"}GET /tasks/4 HTTP/1.1\r\nHost: local\r\nConnection: close\r\n\r\n"
	//   response: HTTP/1.1 200 OK
	//   body:     {"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1}
	//   response: HTTP/1.1 201 Created
	//   body:     {"task":{"id":4,"title":"部署到生产环境","done":false}}
	//   response: HTTP/1.1 200 OK
	//   body:     {"task":{"id":4,"title":"部署到生产环境","done":false}}
	//   (the server closes the connection)
	// == Content-Length counted in characters, not bytes: the body is cut short
	// client sends: "POST /tasks HTTP/1.1\r\nHost: local\r\nContent-Length: 19\r\n\r\n{\"title\":\"部署到生产环境\"}GET /health HTTP/1.1\r\nHost: local\r\n\r\n"
	//   response: HTTP/1.1 400 Bad Request
	//   body:     {"error":"body is not valid JSON: unexpected EOF"}
	//   response: HTTP/1.1 400 Bad Request
	//   body:     {"error":"malformed request: method \"生产环境\\\"}GET\" is not a token"}
	//   (the server closes the connection)
	// == a malformed request: 400, and the server closes the connection
	// client sends: "GET /health HTTP/1.1\nHost: local\n\n"
	//   response: HTTP/1.1 400 Bad Request
	//   body:     {"error":"malformed request: bare LF: lines must end in CRLF"}
	//   (the server closes the connection)
	// == the server's access log
	//   [22:54:12] pipe GET /health 200 0s
	//   [22:54:12] pipe POST /tasks 201 0s
	//   [22:54:12] pipe GET /tasks?status=done 200 0s
	//   [22:54:12] pipe POST /tasks 201 0s
	//   [22:54:12] pipe GET /tasks/4 200 0s
	//   [22:54:12] pipe POST /tasks 400 0s
	//   [22:54:12] pipe - - 400 (malformed request: method "生产环境\"}GET" is not a token)
	//   [22:54:12] pipe - - 400 (malformed request: bare LF: lines must end in CRLF)
	// == a GET and a HEAD on one connection, traced (go run ./full -trace prints this)
	// [1] * connection 1 opened from pipe
	// [1] > request line   GET /health HTTP/1.1\r\n
	// [1] > field          Host: local\r\n
	// [1] > empty line     \r\n
	// [1] * request 2 on connection 1 (kept alive)
	// [1] > request line   HEAD /tasks/1 HTTP/1.1\r\n
	// [1] > field          Host: local\r\n
	// [1] > empty line     \r\n
	// [1] < status line    HTTP/1.1 200 OK\r\n
	// [1] < field          Date: Fri, 17 Apr 2026 14:54:12 GMT\r\n
	// [1] < field          Content-Type: application/json; charset=utf-8\r\n
	// [1] < field          Content-Length: 60\r\n
	// [1] < empty line     \r\n
	// [1] < body           {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":4} (60 bytes)
	// [1] < status line    HTTP/1.1 200 OK\r\n
	// [1] < field          Date: Fri, 17 Apr 2026 14:54:12 GMT\r\n
	// [1] < field          Content-Type: application/json; charset=utf-8\r\n
	// [1] < field          Content-Length: 56\r\n
	// [1] < field          ETag: "570c2c64af0c1275"\r\n
	// [1] < empty line     \r\n
	// [1] * closed by the client
}
