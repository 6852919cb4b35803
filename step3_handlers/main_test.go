package main

import "os"

func Example() {
	if err := run(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// GET /health            → 200 {"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}
	// GET /tasks             → 200 {"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},{"id":2,"title":"手写 socket 服务器","done":true}],"total":2}
	//                          ETag: W/"demo-2"
	// POST /tasks            → 201 {"task":{"id":3,"title":"新任务","done":false}}
	//                          Location: /tasks/3
	//                          ETag: "91d80c66bf9ca3a7"
	// POST /tasks (blank)    → 400 {"error":"title must not be blank"}
	// POST /tasks (not JSON) → 400 {"error":"body must be a JSON object"}
	// GET /tasks?status=done → 200 {"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1}
	//                          ETag: W/"demo-3-done"
	// PATCH /tasks/3         → 200 {"task":{"id":3,"title":"新任务","done":true}}
	//                          ETag: "5ed8d0c5fc64c97e"
	// GET /tasks/3 (cached)  → 304 (no body)
	//                          ETag: "5ed8d0c5fc64c97e"
	// PATCH /tasks/3 (stale) → 412 {"error":"task 3 has changed: its ETag is now \"5ed8d0c5fc64c97e\", and If-Match lists \"91d80c66bf9ca3a7\""}
	// PUT /tasks/3 (no done) → 400 {"error":"PUT needs both title and done"}
	// PUT /tasks/3           → 200 {"task":{"id":3,"title":"新任务 v2","done":false}}
	// DELETE /tasks/3        → 204 (no body)
	// GET /tasks/3           → 404 {"error":"task \"3\" not found"}
	// POST /tasks            → 201 {"task":{"id":4,"title":"ids are never reused","done":false}}
	//                          Location: /tasks/4
	//                          ETag: "a3e7c338c429547e"
}
