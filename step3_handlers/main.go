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
	show("POST /tasks", h.CreateTask([]byte(`{"title":"新任务"}`)))
	show("POST /tasks (blank)", h.CreateTask([]byte(`{"title":"   "}`)))
	show("POST /tasks (not JSON)", h.CreateTask([]byte(`title=x`)))
	show("GET /tasks?status=done", h.ListTasks(url.Values{"status": {"done"}}))
	show("PATCH /tasks/3", h.PatchTask("3", []byte(`{"done":true}`)))
	show("PUT /tasks/3 (no done)", h.PutTask("3", []byte(`{"title":"新任务 v2"}`)))
	show("PUT /tasks/3", h.PutTask("3", []byte(`{"title":"新任务 v2","done":false}`)))
	show("DELETE /tasks/3", h.DeleteTask("3"))
	show("GET /tasks/3", h.GetTask("3"))
	show("POST /tasks", h.CreateTask([]byte(`{"title":"ids are never reused"}`)))
	return nil
}
