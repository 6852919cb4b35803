package main

import "os"

func Example() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// dispatch GET /health             → 200 {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}
	// dispatch GET /nonexistent        → 404 {"error":"path /nonexistent does not exist"}
	// dispatch GET /tasks?status=done  → 200 {"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1} [ETag: W/"demo-2-done"]
	// dispatch GET /tasks?status=maybe → 400 {"error":"status must be \"done\" or \"todo\", once"}
	// dispatch GET /tasks/2            → 200 {"task":{"id":2,"title":"手写 socket 服务器","done":true}} [ETag: "f9e9ac39877c3273"]
	// dispatch GET /tasks/abc          → 404 {"error":"task \"abc\" not found"}
	// dispatch DELETE /health          → 405 {"error":"method DELETE is not allowed on /health"} [Allow: GET, HEAD, OPTIONS]
	// dispatch OPTIONS /tasks/1        → 204 [Allow: GET, HEAD, PUT, PATCH, DELETE, OPTIONS]
	// dispatch OPTIONS *               → 204 [Allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]
	// dispatch BREW /tasks             → 501 {"error":"method BREW is not implemented by this server"}
}
