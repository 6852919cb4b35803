package main

import (
	"fmt"
	"os"
)

func Example() {
	if err := run(os.Stdout); err != nil {
		fmt.Println(err) // not a panic: the Example fails, and its output shows how far run got
	}
	// Output:
	// raw: "GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n"
	// method=GET, path=/tasks?status=done, version=HTTP/1.1
	// headers: ["Host: localhost:8000" "User-Agent: curl"]
	//
	// POST body: {"title":"写博客"} (Content-Length: 21 bytes, 15 characters)
	//
	// malformed requests are errors, not crashes:
	//   "GET /tasks HTTP/1.1\nHost: x\n\n"
	//     -> malformed request: bare LF at byte 19: lines must end in CRLF
	//   "GET /tasks HTTP/1.1\r\n\r\n"
	//     -> malformed request: HTTP/1.1 request without Host
	//   "GET  /tasks HTTP/1.1\r\nHost: x\r\n\r\n"
	//     -> malformed request: request line "GET  /tasks HTTP/1.1" is not METHOD SP TARGET SP VERSION
	//   "POST /tasks HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
	//     -> malformed request: Content-Length "abc" is not a number
	//   "GET /tasks HTTP/2.0\r\nHost: x\r\n\r\n"
	//     -> HTTP version not supported: HTTP/2.0 (this server speaks HTTP/1.1)
}
