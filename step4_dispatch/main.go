// Command step4_dispatch runs step 4's demo: the route table finds the
// handler for each request, and answers 404, 405, HEAD and OPTIONS itself.
//
//	go run ./step4_dispatch
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "step4_dispatch:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// The tutorial's sample run, 22:54:12 in China: a fixed clock in a
	// fixed zone prints the same on every machine.
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.FixedZone("UTC+8", 8*60*60)) }
	h := handlers.New(tasks.NewStore(), clock)
	h.RunID = "demo" // a list's ETag names the run; this one prints the same every time
	rt := router.Tasks(h)

	for _, line := range []string{
		"GET /health",
		"GET /nonexistent",
		"GET /tasks?status=done",
		"GET /tasks?status=maybe",
		"GET /tasks/2",
		"GET /tasks/abc",
		"DELETE /health",
		"OPTIONS /tasks/1",
		"OPTIONS *",
		"BREW /tasks",
	} {
		// Every request goes through step 1's parser, as on a real connection.
		req, err := request.Parse([]byte(line + " HTTP/1.1\r\nHost: local\r\n\r\n"))
		if err != nil {
			return err
		}
		resp := rt.Dispatch(req)
		fmt.Fprintf(w, "dispatch %-23s → %d", line, resp.Status)
		if resp.Body != nil {
			fmt.Fprintf(w, " %s", resp.Body)
		}
		for _, h := range resp.Fields {
			fmt.Fprintf(w, " [%s: %s]", h.Name, h.Value)
		}
		fmt.Fprintln(w)
	}
	return nil
}
