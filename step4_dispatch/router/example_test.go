package router_test

import (
	"fmt"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step4_dispatch/router"
)

func ExampleRouter_Dispatch() {
	rt := router.New(router.Route{
		Pattern: "/hello/{id}",
		GET: func(_ *request.Request, p router.Params) *response.Response {
			return response.JSON(200, map[string]string{"hello": p.ID, "lang": p.Query.Get("lang")})
		},
	})
	// A target is ASCII: "中文" travels percent-encoded, and the query
	// parser decodes it.
	for _, target := range []string{"/hello/gopher?lang=%E4%B8%AD%E6%96%87", "/bye"} {
		req, err := request.Parse([]byte("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n"))
		if err != nil {
			fmt.Println(err)
			continue
		}
		r := rt.Dispatch(req)
		fmt.Println(r.Status, string(r.Body))
	}
	// Output:
	// 200 {"hello":"gopher","lang":"中文"}
	// 404 {"error":"path /bye does not exist"}
}

func ExampleTasks() {
	rt := router.Tasks(handlers.New(handlers.NewStore(), time.Now))
	req, _ := request.Parse([]byte("PATCH /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"))
	r := rt.Dispatch(req)
	fmt.Println(r.Status, r.Fields)
	// Output:
	// 405 [Allow: GET, HEAD, POST, OPTIONS]
}
