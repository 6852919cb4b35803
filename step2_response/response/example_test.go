package response_test

import (
	"bufio"
	"fmt"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

func ExampleBuild() {
	fmt.Printf("%q\n", response.Build(404, map[string]string{"error": "路径 /x 不存在"}))
	// Output:
	// "HTTP/1.1 404 Not Found\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 31\r\nConnection: close\r\n\r\n{\"error\":\"路径 /x 不存在\"}"
}

func ExampleJSON() {
	r := response.JSON(200, struct {
		Title string `json:"title"`
		Note  string `json:"note"`
	}{"写博客", "<b> & </b> stay as they are"})
	fmt.Printf("%s\n%d bytes\n", r.Body, len(r.Body))
	// Output:
	// {"title":"写博客","note":"<b> & </b> stay as they are"}
	// 58 bytes
}

func ExampleError() {
	fmt.Printf("%d %s\n", response.Error(400, "title must not be blank").Status, response.Error(400, "title must not be blank").Body)
	// Output:
	// 400 {"error":"title must not be blank"}
}

func ExampleResponse_Append() {
	r := response.JSON(201, map[string]int{"id": 3})
	r.Fields = request.Fields{{Name: "Location", Value: "/tasks/3"}}
	wire := r.Append(nil, response.Meta{Date: "Fri, 17 Apr 2026 14:54:12 GMT", KeepAlive: true})
	fmt.Printf("%q\n", wire)
	// Output:
	// "HTTP/1.1 201 Created\r\nDate: Fri, 17 Apr 2026 14:54:12 GMT\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 8\r\nLocation: /tasks/3\r\nConnection: keep-alive\r\n\r\n{\"id\":3}"
}

func ExampleRead() {
	wire := string(response.Build(200, map[string]bool{"ok": true}))
	r, err := response.Read(bufio.NewReader(strings.NewReader(wire)), "GET")
	if err != nil {
		fmt.Println(err) // not a panic: the Example fails and shows it
		return
	}
	fmt.Println(r.StatusLine(), r.Get("content-length"), string(r.Body))
	// Output:
	// HTTP/1.1 200 OK 11 {"ok":true}
}

func ExampleStatusText() {
	fmt.Println(response.StatusText(431), "/", response.StatusText(418))
	// Output:
	// Request Header Fields Too Large / Unknown
}

// A body whose length is not known before it is written goes out in
// chunks: each Write one chunk, its size in hex first, then the last
// chunk, of size 0.
func ExampleChunkedWriter() {
	var wire strings.Builder
	cw := response.NewChunkedWriter(&wire)
	cw.Write([]byte(`{"tasks":[`))
	cw.Write([]byte(`{"id":1,"title":"阅读 HTTP RFC","done":false}`))
	cw.Write([]byte(`]}`))
	cw.Close()
	fmt.Printf("%q\n", wire.String())
	// Output:
	// "a\r\n{\"tasks\":[\r\n2f\r\n{\"id\":1,\"title\":\"阅读 HTTP RFC\",\"done\":false}\r\n2\r\n]}\r\n0\r\n\r\n"
}

// Read reads a chunked answer back whole: the data of every chunk, in order.
func ExampleRead_chunked() {
	wire := "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + "5\r\nhello\r\n" + "7\r\n, world\r\n" + "0\r\n\r\n"
	r, err := response.Read(bufio.NewReader(strings.NewReader(wire)), "GET")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s %q\n", r.StatusLine(), r.Body)
	// Output:
	// HTTP/1.1 200 OK "hello, world"
}
