package handlers

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/sqlitestore"
	"httpfromscratch/step3_handlers/tasks"
)

// headerLines builds request fields from "Name: value" lines.
func headerLines(lines ...string) request.Fields {
	var fs request.Fields
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ": ")
		fs = append(fs, request.Field{Name: name, Value: value})
	}
	return fs
}

// TestETags: a task's tag is strong and its JSON's, the same on any run;
// a list's is weak, moves with every change, names its filter, and is
// another on another run.
func TestETags(t *testing.T) {
	h := newHandlers()
	tag := h.GetTask("1", nil).Get("ETag")
	if !strings.HasPrefix(tag, `"`) || !strings.HasSuffix(tag, `"`) || len(tag) < 10 {
		t.Errorf("task 1's ETag %q, want a strong tag, quoted", tag)
	}
	// A fixed derivation from the JSON: a store read again after a
	// restart (-db) gives its tasks the tags they had.
	if again := newHandlers().GetTask("1", nil).Get("ETag"); again != tag {
		t.Errorf("task 1's ETag is %q on one run and %q on another: it must come from the task alone", tag, again)
	}
	if want := taskETag(tasks.Task{ID: 1, Title: "阅读 HTTP RFC"}); tag != want {
		t.Errorf("GET's ETag %q, want taskETag's %q", tag, want)
	}
	for _, other := range []tasks.Task{{ID: 2, Title: "阅读 HTTP RFC"}, {ID: 1, Title: "阅读 HTTP RFC", Done: true}, {ID: 1, Title: "阅读 HTTP RFC!"}} {
		if taskETag(other) == tag {
			t.Errorf("task %+v has task 1's ETag %s", other, tag)
		}
	}

	list := func(h *Handlers, query string) string {
		t.Helper()
		q, _ := url.ParseQuery(query)
		r := h.ListTasks(q)
		if r.Status != 200 {
			t.Fatalf("GET /tasks?%s: %d %s", query, r.Status, r.Body)
		}
		return r.Get("ETag")
	}
	all, done, todo := list(h, ""), list(h, "status=done"), list(h, "status=todo")
	if !strings.HasPrefix(all, `W/"`) || !strings.HasSuffix(all, `"`) {
		t.Errorf("the list's ETag %q, want a weak tag, W/\"…\"", all)
	}
	if all == done || all == todo || done == todo {
		t.Errorf("the lists share tags: %s, %s, %s; a filter is part of a list's tag", all, done, todo)
	}
	if again := list(h, "page=2"); again != all {
		t.Errorf("a read moved the list's tag: %s, then %s", all, again)
	}
	h.CreateTask([]byte(`{"title":"x"}`))
	if after := list(h, ""); after == all {
		t.Errorf("the list's tag is %s before and after a POST", all)
	}
	if another := list(newHandlers(), ""); another == all {
		t.Errorf("two runs over the same tasks give the list the same tag %s: a restart's count starts again", all)
	}
}

// TestConditionalReads: If-None-Match on a task and on a list, by weak
// comparison, answers 304 with the ETag and no body; If-Match on a read
// compares strong tags. A 404 or a 400 comes first.
func TestConditionalReads(t *testing.T) {
	task1 := taskETag(tasks.Task{ID: 1, Title: "阅读 HTTP RFC"})
	tests := []struct {
		name    string
		target  string   // "task" (GET /tasks/1), "list" (GET /tasks), or "/tasks/9", "?status=x"
		fields  []string // LIST is the list's tag, LIST-ELSEWHERE its tag on another run
		want    int
		current bool // If-None-Match: the list's tag now (each run draws its own)
	}{
		{name: "no precondition", target: "task", want: 200},
		{name: "its tag", target: "task", fields: []string{"If-None-Match: " + task1}, want: 304},
		{name: "its tag, weak: If-None-Match compares weakly", target: "task", fields: []string{"If-None-Match: W/" + task1}, want: 304},
		{name: "among others", target: "task", fields: []string{`If-None-Match: "a", ` + task1 + `, "b"`}, want: 304},
		{name: "on a second line", target: "task", fields: []string{`If-None-Match: "a"`, "If-None-Match: " + task1}, want: 304},
		{name: "any", target: "task", fields: []string{"If-None-Match: *"}, want: 304},
		{name: "another tag", target: "task", fields: []string{`If-None-Match: "0123456789abcdef"`}, want: 200},
		{name: "a tag without quotes is no tag", target: "task", fields: []string{"If-None-Match: " + strings.Trim(task1, `"`)}, want: 200},
		{name: "empty: no precondition", target: "task", fields: []string{"If-None-Match: "}, want: 200},
		{name: "If-Match, its tag", target: "task", fields: []string{"If-Match: " + task1}, want: 200},
		{name: "If-Match, another tag", target: "task", fields: []string{`If-Match: "0123456789abcdef"`}, want: 412},
		{name: "If-Match, its tag weak: If-Match compares strongly", target: "task", fields: []string{"If-Match: W/" + task1}, want: 412},
		{name: "unknown task: 404 first", target: "/tasks/9", fields: []string{"If-None-Match: *"}, want: 404},
		{name: "the list, its tag", target: "list", current: true, want: 304},
		{name: "the list, its tag on another run", target: "list", fields: []string{"If-None-Match: LIST-ELSEWHERE"}, want: 200},
		{name: "the list, any", target: "list", fields: []string{"If-None-Match: *"}, want: 304},
		{name: "the list, If-Match: its weak tag never matches", target: "list", fields: []string{"If-Match: LIST"}, want: 412},
		{name: "the list, If-Match: any", target: "list", fields: []string{"If-Match: *"}, want: 200},
		{name: "a bad filter: 400 first", target: "?status=x", fields: []string{"If-None-Match: *"}, want: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandlers()
			listTag := h.ListTasks(nil).Get("ETag")
			var lines []string
			for _, l := range tt.fields {
				l = strings.ReplaceAll(l, "LIST-ELSEWHERE", newHandlers().ListTasks(nil).Get("ETag"))
				lines = append(lines, strings.ReplaceAll(l, "LIST", listTag))
			}
			if tt.current {
				lines = append(lines, "If-None-Match: "+listTag)
			}
			var r *response.Response
			wantTag := task1
			switch tt.target {
			case "task":
				r = h.GetTask("1", headerLines(lines...))
			case "list":
				r, wantTag = h.ListTasksIfChanged(nil, headerLines(lines...)), listTag
			case "/tasks/9":
				r = h.GetTask("9", headerLines(lines...))
			case "?status=x":
				r = h.ListTasksIfChanged(url.Values{"status": {"x"}}, headerLines(lines...))
			}
			if r.Status != tt.want {
				t.Fatalf("%q: %d %s, want %d", lines, r.Status, r.Body, tt.want)
			}
			switch tt.want {
			case 304:
				if r.Body != nil || r.Stream != nil || r.Get("ETag") != wantTag {
					t.Errorf("304 with body %q, ETag %q; want no body and the ETag %s", r.Body, r.Get("ETag"), wantTag)
				}
			case 200:
				if r.Get("ETag") != wantTag {
					t.Errorf("200 with ETag %q, want %s", r.Get("ETag"), wantTag)
				}
			default:
				errorOf(t, r)
			}
		})
	}
}

// TestConditionalChanges: If-Match on PATCH, PUT and DELETE, by strong
// comparison; 404, then 412, then the body's 400; a refused change
// changes nothing.
func TestConditionalChanges(t *testing.T) {
	seed1 := tasks.Task{ID: 1, Title: "阅读 HTTP RFC"}
	now := taskETag(seed1)
	stale := taskETag(tasks.Task{ID: 1, Title: "an older title"})
	tests := []struct {
		name         string
		method, id   string
		fields       []string
		body         string
		want         int
		wantTask1    tasks.Task
		wantMentions string // in the error; "" skips
	}{
		{name: "PATCH, its tag", method: "PATCH", id: "1", fields: []string{"If-Match: " + now}, body: `{"done":true}`, want: 200,
			wantTask1: tasks.Task{ID: 1, Title: "阅读 HTTP RFC", Done: true}},
		{name: "PATCH, a stale tag", method: "PATCH", id: "1", fields: []string{"If-Match: " + stale}, body: `{"done":true}`, want: 412,
			wantTask1: seed1, wantMentions: "task 1 has changed: its ETag is now " + now + ", and If-Match lists " + stale},
		{name: "PATCH, any", method: "PATCH", id: "1", fields: []string{"If-Match: *"}, body: `{"done":true}`, want: 200,
			wantTask1: tasks.Task{ID: 1, Title: "阅读 HTTP RFC", Done: true}},
		{name: "PATCH, its tag among others", method: "PATCH", id: "1", fields: []string{`If-Match: "x", ` + now}, body: `{"done":true}`, want: 200,
			wantTask1: tasks.Task{ID: 1, Title: "阅读 HTTP RFC", Done: true}},
		{name: "PATCH, its tag weak: If-Match compares strongly", method: "PATCH", id: "1", fields: []string{"If-Match: W/" + now}, body: `{"done":true}`, want: 412, wantTask1: seed1},
		{name: "PATCH, a malformed If-Match changes nothing", method: "PATCH", id: "1", fields: []string{"If-Match: " + strings.Trim(now, `"`)}, body: `{"done":true}`, want: 412, wantTask1: seed1},
		{name: "PATCH, If-None-Match its tag", method: "PATCH", id: "1", fields: []string{"If-None-Match: " + now}, body: `{"done":true}`, want: 412, wantTask1: seed1},
		{name: "PATCH, If-None-Match another tag", method: "PATCH", id: "1", fields: []string{"If-None-Match: " + stale}, body: `{"done":true}`, want: 200,
			wantTask1: tasks.Task{ID: 1, Title: "阅读 HTTP RFC", Done: true}},
		{name: "order: an unknown task is 404, before a stale tag and a bad body", method: "PATCH", id: "9", fields: []string{"If-Match: " + stale}, body: `nope`, want: 404, wantTask1: seed1},
		{name: "order: a stale tag is 412, before a bad body", method: "PATCH", id: "1", fields: []string{"If-Match: " + stale}, body: `nope`, want: 412, wantTask1: seed1},
		{name: "order: its tag and a bad body is 400", method: "PATCH", id: "1", fields: []string{"If-Match: " + now}, body: `nope`, want: 400, wantTask1: seed1},
		{name: "PUT, a stale tag", method: "PUT", id: "1", fields: []string{"If-Match: " + stale}, body: `{"title":"x","done":true}`, want: 412, wantTask1: seed1},
		{name: "PUT, its tag", method: "PUT", id: "1", fields: []string{"If-Match: " + now}, body: `{"title":"x","done":true}`, want: 200,
			wantTask1: tasks.Task{ID: 1, Title: "x", Done: true}},
		{name: "DELETE, a stale tag keeps the task", method: "DELETE", id: "1", fields: []string{"If-Match: " + stale}, want: 412, wantTask1: seed1},
		{name: "DELETE, its tag", method: "DELETE", id: "1", fields: []string{"If-Match: " + now}, want: 204},
		{name: "DELETE, an unknown task is 404 before a stale tag", method: "DELETE", id: "9", fields: []string{"If-Match: " + stale}, want: 404, wantTask1: seed1},
		{name: "a long If-Match is quoted clipped", method: "PATCH", id: "1", fields: []string{`If-Match: "` + strings.Repeat("x", 10_000) + `"`}, body: `{"done":true}`, want: 412,
			wantTask1: seed1, wantMentions: `and If-Match lists "xxxxxxxx`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandlers()
			var r *response.Response
			switch tt.method {
			case "PATCH":
				r = h.PatchTask(tt.id, headerLines(tt.fields...), []byte(tt.body))
			case "PUT":
				r = h.PutTask(tt.id, headerLines(tt.fields...), []byte(tt.body))
			case "DELETE":
				r = h.DeleteTask(tt.id, headerLines(tt.fields...))
			}
			if r.Status != tt.want {
				t.Fatalf("%s /tasks/%s %.80q: %d %.300s, want %d", tt.method, tt.id, tt.fields, r.Status, r.Body, tt.want)
			}
			if got, _ := h.Store.Get(1); got != tt.wantTask1 {
				t.Errorf("task 1 is now %+v, want %+v", got, tt.wantTask1)
			}
			switch {
			case tt.want >= 400:
				msg := errorOf(t, r)
				if !strings.Contains(msg, tt.wantMentions) || len(msg) > 300 {
					t.Errorf("error %.400q (%d bytes), want one that says %q, and quotes a clipped piece of what it refuses", msg, len(msg), tt.wantMentions)
				}
			case tt.method == "PATCH":
				if got, want := r.Get("ETag"), taskETag(tt.wantTask1); got != want || got == now {
					t.Errorf("PATCH's ETag %q, want the changed task's %s", got, want)
				}
			case tt.method == "PUT":
				if got := r.Get("ETag"); got != "" {
					t.Errorf("PUT's answer has the ETag %s: RFC 9110 §9.3.4 allows one only when the task is what was sent", got)
				}
			}
		})
	}
}

// meetingStore holds each Update until every request of a round has
// asked for one: by then each has passed the handler's own look at
// If-Match, and only the store's check, asked with the change, can tell
// them apart.
type meetingStore struct {
	tasks.TaskStore
	mu      sync.Mutex
	waiting int
	met     chan struct{} // closed when the round's requests are all in Update
	round   int           // requests to a round
}

func (s *meetingStore) Update(id int, check tasks.Check, edit func(*tasks.Task)) (tasks.Task, bool, error) {
	s.mu.Lock()
	s.waiting++
	met := s.met
	if s.waiting == s.round {
		close(s.met)
		s.waiting, s.met = 0, make(chan struct{})
	}
	s.mu.Unlock()
	select {
	case <-met:
	case <-time.After(5 * time.Second):
		return tasks.Task{}, false, fmt.Errorf("the other request of the round never reached the store's Update")
	}
	return s.TaskStore.Update(id, check, edit)
}

// TestTwoPatchesWithTheSameIfMatch: two clients read task 1, then both
// PATCH it with the ETag they read. Exactly one change is made (200), and
// the other is refused (412), in the store in memory and in the SQLite
// store, however they interleave: a lost update is what If-Match exists
// to prevent.
func TestTwoPatchesWithTheSameIfMatch(t *testing.T) {
	for _, store := range []struct {
		name string
		open func(t *testing.T) tasks.TaskStore
	}{
		{"memory", func(*testing.T) tasks.TaskStore { return tasks.NewStore() }},
		{"sqlite", func(t *testing.T) tasks.TaskStore {
			s, err := sqlitestore.Open(filepath.Join(t.TempDir(), "tasks.db"), 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}},
	} {
		t.Run(store.name, func(t *testing.T) {
			s := &meetingStore{TaskStore: store.open(t), met: make(chan struct{}), round: 2}
			h := New(s, time.Now)
			for round := range 10 {
				tag := h.GetTask("1", nil).Get("ETag")
				statuses := make(chan int, 2)
				var wg sync.WaitGroup
				for w := range 2 {
					wg.Go(func() {
						body := fmt.Sprintf(`{"title":"round %d, client %d"}`, round, w)
						statuses <- h.PatchTask("1", headerLines("If-Match: "+tag), []byte(body)).Status
					})
				}
				wg.Wait()
				close(statuses)
				got := map[int]int{}
				for st := range statuses {
					got[st]++
				}
				if got[200] != 1 || got[412] != 1 {
					t.Fatalf("round %d: statuses %v, want one 200 and one 412: the store must ask If-Match with the change (changeCheck passed to Update)", round, got)
				}
			}
		})
	}
}
