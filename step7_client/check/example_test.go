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
// for two of the rules the tutorial teaches.
func ExampleRun() {
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), time.Now)).Dispatch)
	ln := server.NewPipeListener()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())

	res, err := check.Run(context.Background(), os.Stdout, check.Options{
		Addr: "pipe",
		Only: regexp.MustCompile(`^GET /health|bytes, not characters|split`),
		Dial: func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") },
	})
	fmt.Println(res.Failed, err)
	// Output:
	//
	// Steps 1-4, the tutorial's API: parse_request, build_response, handle_*, dispatch
	//   ✔ GET /health answers 200 {"status":"ok","time":...,"tasks_count":N}
	//   ✔ Content-Length counts bytes, not characters (a Chinese title)
	//
	// Steps 5-6, connections: handle_connection, run_server
	//   ✔ a request split across several writes gets one answer
	//
	// 3 passed, 0 failed, 0 skipped
	// 0 <nil>
}
