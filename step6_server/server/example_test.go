package server_test

import (
	"bufio"
	"context"
	"fmt"
	"time"

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

	// Every wait has a deadline: a Serve that does not accept, answer or
	// return fails the example, rather than hangs it.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	nc, err := ln.DialContext(ctx, "pipe", "pipe")
	if err != nil {
		fmt.Println("no connection:", err)
		return
	}
	go fmt.Fprint(nc, "GET /world HTTP/1.1\r\nHost: x\r\n\r\n")
	nc.SetReadDeadline(time.Now().Add(2 * time.Second))
	r, err := response.Read(bufio.NewReader(nc), "GET")
	if err != nil {
		fmt.Println("no response:", err)
		return
	}
	fmt.Println(r.Status, string(r.Body))

	err = s.Shutdown(ctx)
	select {
	case serveErr := <-served:
		fmt.Println(err, serveErr)
	case <-ctx.Done():
		fmt.Println(err, "and Serve still running")
	}
	// Output:
	// 200 {"hello":"/world"}
	// <nil> server closed
}
