// Command step3_handlers runs step 3's demo: the handlers behind each
// route, called directly, each returning a status and a JSON body.
//
//	go run ./step3_handlers
package main

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step3_handlers:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The tutorial's sample run, 22:54:12 in China: a fixed clock in a
	// fixed zone prints the same on every machine.
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.FixedZone("UTC+8", 8*60*60)) }
	h := handlers.New(tasks.NewStore(), clock)
	h.RunID = "demo" // a list's ETag names the run; this one prints the same every time

	show := func(what string, r *response.Response) {
		body := string(r.Body)
		if r.Body == nil {
			body = "(no body)"
		}
		fmt.Fprintf(w, "%-22s → %d %s\n", what, r.Status, body)
		for _, f := range r.Fields {
			fmt.Fprintf(w, "%-22s   %s: %s\n", "", f.Name, f.Value)
		}
	}
	show("GET /health", h.Health())
	show("GET /tasks", h.ListTasks(nil))
	created := h.CreateTask([]byte(`{"title":"新任务"}`))
	show("POST /tasks", created)
	show("POST /tasks (blank)", h.CreateTask([]byte(`{"title":"   "}`)))
	show("POST /tasks (not JSON)", h.CreateTask([]byte(`title=x`)))
	show("GET /tasks?status=done", h.ListTasks(url.Values{"status": {"done"}}))
	patched := h.PatchTask("3", nil, []byte(`{"done":true}`))
	show("PATCH /tasks/3", patched)
	// Conditional requests: If-None-Match with the ETag the PATCH answered
	// (the copy is current: 304, no body), then If-Match with the ETag
	// of the task as it was created (it changed since: 412).
	show("GET /tasks/3 (cached)", h.GetTask("3", request.Fields{{Name: "If-None-Match", Value: patched.Get("ETag")}}))
	show("PATCH /tasks/3 (stale)", h.PatchTask("3", request.Fields{{Name: "If-Match", Value: created.Get("ETag")}}, []byte(`{"done":false}`)))
	show("PUT /tasks/3 (no done)", h.PutTask("3", nil, []byte(`{"title":"新任务 v2"}`)))
	show("PUT /tasks/3", h.PutTask("3", nil, []byte(`{"title":"新任务 v2","done":false}`)))
	show("DELETE /tasks/3", h.DeleteTask("3", nil))
	show("GET /tasks/3", h.GetTask("3", nil))
	show("POST /tasks", h.CreateTask([]byte(`{"title":"ids are never reused"}`)))
	return nil
}
