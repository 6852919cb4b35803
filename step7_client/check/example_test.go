package check_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"regexp"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/check"
)

// ExampleRun checks the finished server's stack, on an in-memory listener,
// for a few of the rules the tutorial teaches, each under its step.
func ExampleRun() {
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), time.Now)).Dispatch)
	ln := server.NewPipeListener()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())

	res, err := check.Run(context.Background(), os.Stdout, check.Options{
		Addr: "pipe",
		Only: regexp.MustCompile(`^GET /health|colon|bytes, not characters|split`),
		Dial: func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") },
	})
	fmt.Println(res.Failed, err)
	// Output:
	//
	// Steps 1-2, parse_request and build_response: a request read, an answer framed (over a socket, one shows only through the other)
	//   ✔ several fields, a value holding a colon (X-Note: a: b): the answer is a status line, fields, then exactly Content-Length bytes of body
	//   ✔ Content-Length counts bytes, not characters (a Chinese title)
	//
	// Step 3, handle_health / handle_tasks: the handlers' status codes and JSON
	//   ✔ GET /health answers 200 {"status":"ok","time":...,"tasks_count":N}
	//
	// Step 5, handle_connection: a request read whole, however TCP cuts it
	//   ✔ a request split across several writes gets one answer
	//
	// 4 passed, 0 failed, 0 skipped
	// 0 <nil>
}

// ExampleRun_step checks what the tutorial's steps 1 to 4 teach, as
// -step 4 does: every check passes, so the line before the count says
// what comes next.
func ExampleRun_step() {
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), time.Now)).Dispatch)
	ln := server.NewPipeListener()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())

	res, err := check.Run(context.Background(), os.Stdout, check.Options{
		Addr: "127.0.0.1:8001", // what the commands name; Dial reaches the server
		Step: 4,
		Dial: func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") },
	})
	fmt.Println(res.Failed, err)
	// Output:
	//
	// Steps 1-2, parse_request and build_response: a request read, an answer framed (over a socket, one shows only through the other)
	//   ✔ several fields, a value holding a colon (X-Note: a: b): the answer is a status line, fields, then exactly Content-Length bytes of body
	//   ✔ Content-Length counts bytes, not characters (a Chinese title)
	//
	// Step 3, handle_health / handle_tasks: the handlers' status codes and JSON
	//   ✔ GET /health answers 200 {"status":"ok","time":...,"tasks_count":N}
	//   ✔ GET /tasks lists the tasks, the two seed tasks among them, with a total
	//   ✔ POST /tasks creates a task: 201 and {"task":{...}}
	//   ✔ POST /tasks with a blank title is 400 with {"error":...}
	//
	// Step 4, ROUTES + dispatch: the path finds its handler, the query string ignored
	//   ✔ an unknown path is 404 with {"error":...} naming the path
	//   ✔ an unknown query parameter is ignored: GET /tasks?utm_source=check lists the tasks as GET /tasks does
	//
	// Steps 1-4: every check run passed. Next, step 5: read README.md "Step 5 · `handle_connection` → `step5_conn/connection/connection.go`", and in the tutorial "Step 5:用 handle_connection 在独立线程里处理一个 TCP 连接"; then go run ./full -mode check -port 8001 -step 5
	//
	// 8 passed, 0 failed, 0 skipped
	// 0 <nil>
}
