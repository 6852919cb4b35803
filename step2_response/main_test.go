package main

import "os"

func Example() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// status line: HTTP/1.1 200 OK
	// Content-Length field: Content-Length: 27
	// on the wire: "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 27\r\nConnection: close\r\n\r\n{\"message\":\"ok\",\"count\":42}"
	//
	// body: {"task":{"id":1,"title":"阅读 HTTP RFC","done":false}}
	// characters: 52, bytes (Content-Length): 56
	//
	// the same response on a kept-alive connection, answering HEAD:
	// "HTTP/1.1 201 Created\r\nDate: Fri, 17 Apr 2026 14:54:12 GMT\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 56\r\n\r\n"
	//
	// a 204 has no body and no Content-Length:
	// "HTTP/1.1 204 No Content\r\n\r\n"
}
