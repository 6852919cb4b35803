package router_test

import (
	"fmt"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
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
	rt := router.Tasks(handlers.New(tasks.NewStore(), time.Now))
	req, _ := request.Parse([]byte("PATCH /tasks HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"))
	r := rt.Dispatch(req)
	fmt.Println(r.Status, r.Fields)
	// Output:
	// 405 [Allow: GET, HEAD, POST, OPTIONS]
}

// ExampleAllowHosts is the rule full applies against DNS rebinding, with
// -allowed-hosts .example.com: IP literals and localhost always, the
// listed names, and no other.
func ExampleAllowHosts() {
	h := router.AllowHosts("127.0.0.1", ".example.com") // -host, then -allowed-hosts
	for _, host := range []string{"127.0.0.1:8000", "[::1]:8000", "a.localhost", "example.com", "a.b.example.com:8080", "evil.example:8000"} {
		fmt.Println(host, h.Allows(host))
	}
	// Output:
	// 127.0.0.1:8000 true
	// [::1]:8000 true
	// a.localhost true
	// example.com true
	// a.b.example.com:8080 true
	// evil.example:8000 false
}
