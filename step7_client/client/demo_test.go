package client_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/client"
)

// TestDemoFollowsTheTutorial walks demo_client's flow against our server,
// offline: each of its five parts must print, in the tutorial's order, a
// line that starts as wanted. It is the guide for writing Demo yourself:
// a failure names the line wanted, what came instead and the tutorial's
// line it stands for. ExampleDemo then pins every byte.
func TestDemoFollowsTheTutorial(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC) }
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), clock)).Dispatch)
	ln := server.NewPipeListener()
	go srv.Serve(ln)
	defer srv.Shutdown(context.Background())
	transport := &http.Transport{DialContext: ln.DialContext}
	defer transport.CloseIdleConnections()
	hc := &http.Client{Transport: transport, Timeout: 5 * time.Second}

	var out bytes.Buffer
	err := client.Demo(&out, hc, "http://pipe", false)
	lines := strings.Split(out.String(), "\n")
	want := []struct{ prefix, tutorial string }{
		{"=== HTTP server demo ===", `print("\n=== HTTP 服务器演示 ===")`},
		{"[GET /health] → status=ok, time=2026-04-17 22:54:12, tasks_count=2", `health = get("/health"); print(f"\n[GET /health] → {health}")`},
		{"  Initial task list", `result = get("/tasks"); print_table("初始任务列表", result["tasks"])`},
		{"  [ 1] ⬜ 阅读 HTTP RFC", `print(f" [{row['id']:>2}] {status_icon} {row['title']}")`},
		{"[POST /tasks] creating tasks:", `print("\n[POST /tasks] 创建任务:")`},
		{"  ✅ created (201): id=3, title=部署到生产环境, done=false", `resp = post("/tasks", t); print(f" ✅ 创建成功:{resp['task']}")`},
		{"  ✅ created (201): id=4, title=写单元测试, done=false", `the second of new_tasks`},
		{"  ❌ failed (400): title must not be blank", `{"title": ""},  # 故意触发 400; print(f" ❌ 失败:{resp['error']}")`},
		{"  Updated task list", `result = get("/tasks"); print_table("更新后任务列表", result["tasks"])`},
		{"  [ 4] ⬜ 写单元测试", `print_table's rows: the two new tasks are listed`},
		{"[GET /nonexistent] → 404: ", `urllib.request.urlopen(f"{base}/nonexistent") ... print(f"\n[GET /nonexistent] → 404: {body['error']}")`},
	}
	at := 0 // the next line of out to look at
	for i, w := range want {
		found := -1
		for j := at; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], w.prefix) {
				found = j
				break
			}
		}
		if found < 0 {
			got := "nothing more"
			if at < len(lines) && strings.Join(lines[at:], "") != "" {
				got = "\n\t" + strings.Join(lines[at:], "\n\t")
			}
			t.Fatalf("part %d of %d of the flow: want a line starting %q\n(tutorial: %s)\nafter line %d, Demo printed %s\nDemo returned: %v",
				i+1, len(want), w.prefix, w.tutorial, at, got, err)
		}
		at = found + 1
	}
	if err != nil {
		t.Errorf("Demo printed the whole flow but returned %v, want nil", err)
	}
}
