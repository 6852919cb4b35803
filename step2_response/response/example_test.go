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
