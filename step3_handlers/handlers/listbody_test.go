package handlers

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/tasks"
)

// listBody is the body listResponse sends for a store holding list:
// built whole, or, with streamed, written by its Stream (whose Len must
// be what it writes).
func listBody(t *testing.T, list []tasks.Task, streamed bool) []byte {
	t.Helper()
	if streamed {
		defer func(n int) { maxInline = n }(maxInline)
		maxInline = 0
	}
	next := 1
	if len(list) > 0 {
		next = list[len(list)-1].ID + 1
	}
	s, err := tasks.LoadStore(list, next)
	if err != nil {
		t.Fatal(err)
	}
	r := listResponse(s.Snapshot(), nil)
	if (r.Stream != nil) != streamed {
		t.Fatalf("streamed %v for %d tasks: Stream %v", streamed, len(list), r.Stream)
	}
	if r.Stream == nil {
		return r.Body
	}
	var buf bytes.Buffer
	if n, err := r.Stream.WriteTo(&buf); err != nil || n != r.Stream.Len() || int64(buf.Len()) != n {
		t.Fatalf("WriteTo wrote %d (%d in the buffer), %v; Len says %d", n, buf.Len(), err, r.Stream.Len())
	}
	return buf.Bytes()
}

// FuzzListBody: the list body is exactly the bytes response.JSON (that
// is, encoding/json) writes for the same list, whatever the titles hold,
// built whole or streamed. (A task's own JSON, and its length, are
// fuzzed in package tasks: FuzzAppendJSON.)
func FuzzListBody(f *testing.F) {
	for _, s := range []string{"阅读 HTTP RFC", `a "quoted" \ title`, "tab\there\nnew\rline\b\f\x00\x1f\x7f",
		"<script>&</script>", "line\u2028sep\u2029", "bad \xff\xfe utf-8 \xe5\x86", "\ufffd", ""} {
		f.Add(s, 7, true)
	}
	f.Fuzz(func(t *testing.T, title string, id int, done bool) {
		if id < 2 || id == math.MaxInt {
			id = 2 + id&0xffff // a store's ids are positive and in order, and one more is the next
		}
		list := []tasks.Task{{ID: 1, Title: "first", Done: false}, {ID: id, Title: title, Done: done}}
		want := response.JSON(200, struct {
			Tasks []tasks.Task `json:"tasks"`
			Total int          `json:"total"`
		}{list, len(list)}).Body
		for _, streamed := range []bool{false, true} {
			if got := listBody(t, list, streamed); !bytes.Equal(got, want) {
				t.Fatalf("streamed %v:\n got %s\nwant %s", streamed, got, want)
			}
			if got := listBody(t, nil, streamed); string(got) != `{"tasks":[],"total":0}` {
				t.Fatalf("empty list: %s", got)
			}
		}
	})
}

func TestListBodyIsValidJSON(t *testing.T) {
	var got struct {
		Tasks []tasks.Task
		Total int
	}
	if err := json.Unmarshal(listBody(t, []tasks.Task{{ID: 1, Title: "a\u2028\"b\"", Done: true}}, false), &got); err != nil || got.Tasks[0].Title != "a\u2028\"b\"" || got.Total != 1 {
		t.Errorf("round trip: %+v, %v", got, err)
	}
}

// TestAListIsASnapshot: a list being streamed shows the store as it was
// when the list began: a task added, changed or deleted meanwhile does
// not show, total is the number listed, and the length announced first
// is the length written.
func TestAListIsASnapshot(t *testing.T) {
	defer func(n int) { maxInline = n }(maxInline)
	maxInline = 0
	h := New(tasks.NewStore(), time.Now)
	for range 3000 { // three pages
		h.Store.Add("task", false)
	}
	r := h.ListTasks(nil)
	h.Store.Add("added after", false)
	h.Store.Update(1, nil, func(t *tasks.Task) { t.Title = "changed after, and longer" })
	h.Store.Delete(1500, nil)
	h.Store.Update(3002, nil, func(t *tasks.Task) { t.Done = true })
	var buf bytes.Buffer
	if _, err := r.Stream.WriteTo(&buf); err != nil || int64(buf.Len()) != r.Stream.Len() {
		t.Fatalf("wrote %d bytes (%v), announced %d", buf.Len(), err, r.Stream.Len())
	}
	var got struct {
		Tasks []tasks.Task
		Total int
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Total != 3002 || len(got.Tasks) != 3002 || got.Tasks[0].Title != "阅读 HTTP RFC" || got.Tasks[1499].ID != 1500 || got.Tasks[3001].Done {
		t.Errorf("the list changed while it was written: total %d, %d tasks, first %+v, 1500th %+v, last %+v",
			got.Total, len(got.Tasks), got.Tasks[0], got.Tasks[1499], got.Tasks[3001])
	}
	for i := 1; i < len(got.Tasks); i++ {
		if got.Tasks[i].ID <= got.Tasks[i-1].ID {
			t.Fatalf("ids out of order at %d: %d after %d", i, got.Tasks[i].ID, got.Tasks[i-1].ID)
		}
	}
	after := h.ListTasks(nil) // and the store has all the changes
	if !bytes.Contains(after.Append(nil, response.Meta{}), []byte(`"changed after, and longer"`)) {
		t.Error("the change made during the list is lost")
	}
}

// BenchmarkListTasks: GET /tasks over 10,000 tasks with 100-byte titles
// (a 1.3 MB body).
func BenchmarkListTasks(b *testing.B) {
	h := New(tasks.NewStore(), time.Now)
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

// TestListsWhileTheStoreChanges streams lists while other goroutines add,
// change and delete: under -race, a page changed in place while a list
// reads it is a race; every list must still be whole and exactly as long
// as it said.
func TestListsWhileTheStoreChanges(t *testing.T) {
	defer func(n int) { maxInline = n }(maxInline)
	maxInline = 0
	h := New(tasks.NewStore(), time.Now)
	for range 2500 {
		h.Store.Add("task", false)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 3; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			h.Store.Add("more", i%2 == 0)
			h.Store.Update(i, nil, func(t *tasks.Task) { t.Title += "!" })
			h.Store.Delete(i-1, nil)
		}
	}()
	for range 20 {
		r := h.ListTasks(nil)
		var buf bytes.Buffer
		if _, err := r.Stream.WriteTo(&buf); err != nil || int64(buf.Len()) != r.Stream.Len() {
			t.Fatalf("wrote %d bytes (%v), announced %d", buf.Len(), err, r.Stream.Len())
		}
		var got struct {
			Tasks []tasks.Task
			Total int
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil || got.Total != len(got.Tasks) {
			t.Fatalf("a list written while the store changed: %v, total %d for %d tasks", err, got.Total, len(got.Tasks))
		}
	}
	close(stop)
	<-done
}
