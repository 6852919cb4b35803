package main

import "os"

func Example() {
	if err := run(os.Stdout, false); err != nil {
		panic(err)
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
