package response

import "testing"

// BenchmarkAppend measures writing a response to the wire into a reused
// buffer, as a connection does.
func BenchmarkAppend(b *testing.B) {
	r := JSON(200, map[string]any{"status": "ok", "time": "2026-04-17 22:54:12", "tasks_count": 2})
	meta := Meta{Date: "Fri, 17 Apr 2026 14:54:12 GMT"}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = r.Append(buf[:0], meta)
	}
}

// BenchmarkJSON measures encoding a body: the per-request cost of a
// handler's answer.
func BenchmarkJSON(b *testing.B) {
	type task struct {
		ID    int    `json:"id"`
		Title string `json:"title"`
		Done  bool   `json:"done"`
	}
	v := struct {
		Task task `json:"task"`
	}{task{1, "阅读 HTTP RFC", false}}
	b.ReportAllocs()
	for b.Loop() {
		JSON(200, v)
	}
}

// BenchmarkBuild is the tutorial's build_response, whole.
func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Build(200, struct {
			Message string `json:"message"`
			Count   int    `json:"count"`
		}{"ok", 42})
	}
}
