package handlers

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
)

// FuzzListBody: listBody writes exactly the bytes response.JSON (that
// is, encoding/json) writes for the same list, whatever the titles hold.
func FuzzListBody(f *testing.F) {
	for _, s := range []string{"阅读 HTTP RFC", `a "quoted" \ title`, "tab\there\nnew\rline\b\f\x00\x1f\x7f",
		"<script>&</script>", "line\u2028sep\u2029", "bad \xff\xfe utf-8 \xe5\x86", "\ufffd", ""} {
		f.Add(s, 7, true)
	}
	f.Fuzz(func(t *testing.T, title string, id int, done bool) {
		tasks := []Task{{ID: 1, Title: "first", Done: false}, {ID: id, Title: title, Done: done}}
		want := response.JSON(200, struct {
			Tasks []Task `json:"tasks"`
			Total int    `json:"total"`
		}{tasks, len(tasks)}).Body
		if got := listBody(tasks); !bytes.Equal(got, want) {
			t.Fatalf("listBody:\n got %s\nwant %s", got, want)
		}
		if got := listBody(nil); string(got) != `{"tasks":[],"total":0}` {
			t.Fatalf("empty list: %s", got)
		}
	})
}

func TestListBodyIsValidJSON(t *testing.T) {
	var got struct {
		Tasks []Task
		Total int
	}
	if err := json.Unmarshal(listBody([]Task{{1, "a\u2028\"b\"", true}}), &got); err != nil || got.Tasks[0].Title != "a\u2028\"b\"" || got.Total != 1 {
		t.Errorf("round trip: %+v, %v", got, err)
	}
}

// BenchmarkListTasks: GET /tasks over 10,000 tasks with 100-byte titles
// (a 1.3 MB body).
func BenchmarkListTasks(b *testing.B) {
	h := New(NewStore(), time.Now)
	for range 10_000 {
		h.Store.Add(strings.Repeat("写", 33)+"x", false)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := h.ListTasks(nil); r.Status != 200 {
			b.Fatal(r.Status)
		}
	}
}
