package server_test

import (
	"bufio"
	"context"
	"fmt"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step6_server/server"
)

func ExampleServer() {
	s := server.New(func(req *request.Request) *response.Response {
		return response.JSON(200, map[string]string{"hello": req.Path()})
	})
	ln := server.NewPipeListener() // offline; net.Listen("tcp", ...) for real
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()

	nc, _ := ln.Dial()
	go fmt.Fprint(nc, "GET /world HTTP/1.1\r\nHost: x\r\n\r\n")
	r, _ := response.Read(bufio.NewReader(nc), "GET")
	fmt.Println(r.Status, string(r.Body))

	fmt.Println(s.Shutdown(context.Background()), <-served)
	// Output:
	// 200 {"hello":"/world"}
	// <nil> server closed
}
