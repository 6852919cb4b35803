package client_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/client"
)

// ExampleDemo runs the tutorial's client flow against our server, offline:
// net/http's client dials the server through net.Pipe.
func ExampleDemo() {
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC) }
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), clock)).Dispatch)
	ln := server.NewPipeListener()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())

	transport := &http.Transport{DialContext: ln.DialContext}
	defer transport.CloseIdleConnections()
	if err := client.Demo(os.Stdout, &http.Client{Transport: transport}, "http://pipe", false); err != nil {
		fmt.Println("Demo:", err) // a failure shows in the output's diff
	}
	// Output:
	// === HTTP server demo ===
	//
	// [GET /health] → status=ok, time=2026-04-17 22:54:12, tasks_count=2
	//
	// ──────────────────────────────────────────────────
	//   Initial task list
	// ──────────────────────────────────────────────────
	//   [ 1] ⬜ 阅读 HTTP RFC
	//   [ 2] ✅ 手写 socket 服务器
	// ──────────────────────────────────────────────────
	//
	// [POST /tasks] creating tasks:
	//   ✅ created (201): id=3, title=部署到生产环境, done=false
	//   ✅ created (201): id=4, title=写单元测试, done=false
	//   ❌ failed (400): title must not be blank
	//
	// ──────────────────────────────────────────────────
	//   Updated task list
	// ──────────────────────────────────────────────────
	//   [ 1] ⬜ 阅读 HTTP RFC
	//   [ 2] ✅ 手写 socket 服务器
	//   [ 3] ⬜ 部署到生产环境
	//   [ 4] ⬜ 写单元测试
	// ──────────────────────────────────────────────────
	//
	// [GET /nonexistent] → 404: path /nonexistent does not exist
}
