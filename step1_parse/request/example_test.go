package request_test

import (
	"errors"
	"fmt"

	"httpfromscratch/step1_parse/request"
)

func ExampleParse() {
	raw := "GET /tasks?status=done HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: curl\r\n\r\n"
	req, err := request.Parse([]byte(raw))
	if err != nil {
		fmt.Println(err) // not a panic: a failing Example shows it, and the Examples after it still run
		return
	}
	fmt.Println(req.Method, req.Target, req.Version)
	fmt.Println(req.Path(), req.Query())
	fmt.Printf("%q\n", req.Fields)
	// Output:
	// GET /tasks?status=done HTTP/1.1
	// /tasks status=done
	// ["Host: localhost:8000" "User-Agent: curl"]
}

func ExampleParse_body() {
	// Content-Length counts bytes: "写博客" is 9 of them.
	raw := "POST /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 21\r\n\r\n{\"title\":\"写博客\"}"
	req, err := request.Parse([]byte(raw))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (%d bytes)\n", req.Body, len(req.Body))
	// Output:
	// {"title":"写博客"} (21 bytes)
}

func ExampleParse_malformed() {
	_, err := request.Parse([]byte("GET / HTTP/1.1\r\nHost : a\r\n\r\n"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, request.ErrMalformed))
	// Output:
	// malformed request: whitespace before the colon in "Host : a"
	// true
}

func ExampleRequest_ParseHead() {
	var req request.Request
	err := req.ParseHead([]byte("DELETE /tasks/3 HTTP/1.0\r\n\r\n"))
	fmt.Println(req.Method, req.Target, req.Minor, err)
	// Output:
	// DELETE /tasks/3 0 <nil>
}

func ExampleRequest_Get() {
	req, err := request.Parse([]byte("GET / HTTP/1.1\r\nHost: a\r\ncontent-type: text/plain\r\n\r\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q %q\n", req.Get("Content-Type"), req.Get("Accept"))
	// Output:
	// "text/plain" ""
}

func ExampleRequest_ContentLength() {
	var req request.Request
	req.ParseHead([]byte("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"))
	_, err := req.ContentLength()
	fmt.Println(err)
	// Output:
	// malformed request: differing Content-Length values 5 and 6
}
