// Package storetest checks a handlers.TaskStore against the rules of the
// tasks API (SPEC §1), through step 3's handlers: one set of tests that
// both stores pass, the list in memory and the SQLite file of full -db.
// It is test code, like net/http/httptest: only tests import it.
package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
)

// Open returns a new store holding the tutorial's two tasks and at most
// max tasks.
type Open func(t *testing.T, max int) handlers.TaskStore

// Run runs every check on stores from open.
func Run(t *testing.T, open Open) {
	t.Run("starts with the tutorial's two tasks", func(t *testing.T) {
		h := newHandlers(open(t, 0))
		got := list(t, h)
		want := listBody{Tasks: []handlers.Task{{ID: 1, Title: "阅读 HTTP RFC"}, {ID: 2, Title: "手写 socket 服务器", Done: true}}, Total: 2}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("list = %v, want %v", got, want)
		}
	})
	t.Run("ids in order, never reused", func(t *testing.T) {
		s := open(t, 0)
		h := newHandlers(s)
		if id := create(t, h, "three"); id != 3 {
			t.Fatalf("first new id %d, want 3", id)
		}
		if id := create(t, h, "four"); id != 4 {
			t.Fatalf("next id %d, want 4", id)
		}
		expect(t, h.DeleteTask("4"), 204)
		expect(t, h.DeleteTask("4"), 404)
		expect(t, h.GetTask("4"), 404)
		if id := create(t, h, "five"); id != 5 {
			t.Errorf("id after deleting 4: %d, want 5 (never reused)", id)
		}
		if got := list(t, h); got.Total != 4 || len(got.Tasks) != 4 || got.Tasks[3].ID != 5 {
			t.Errorf("list after: %v", got)
		}
		if n := s.Len(); n != 4 {
			t.Errorf("Len() = %d, want 4", n)
		}
	})
	t.Run("changes", func(t *testing.T) {
		h := newHandlers(open(t, 0))
		expect(t, h.PatchTask("1", []byte(`{"done":true}`)), 200)
		expect(t, h.PutTask("2", []byte(`{"title":"  new title ","done":false}`)), 200)
		expect(t, h.PatchTask("9", []byte(`{"done":true}`)), 404)
		expect(t, h.PatchTask("1", []byte(`{"done":"yes"}`)), 400)
		got := list(t, h)
		want := []handlers.Task{{ID: 1, Title: "阅读 HTTP RFC", Done: true}, {ID: 2, Title: "new title"}}
		if fmt.Sprint(got.Tasks) != fmt.Sprint(want) {
			t.Errorf("after the changes: %v, want %v", got.Tasks, want)
		}
	})
	t.Run("-max-tasks is 507, and nothing stored", func(t *testing.T) {
		s := open(t, 3)
		h := newHandlers(s)
		create(t, h, "third")
		r := h.CreateTask([]byte(`{"title":"fourth"}`))
		if r.Status != 507 {
			t.Fatalf("past the limit: %d %s", r.Status, r.Body)
		}
		if _, err := s.Add("direct", false); !errors.Is(err, handlers.ErrFull) {
			t.Errorf("Add past the limit: %v, want ErrFull", err)
		}
		if got := list(t, h); got.Total != 3 {
			t.Errorf("total %d after a refused add, want 3", got.Total)
		}
		expect(t, h.DeleteTask("3"), 204)
		if id := create(t, h, "room again"); id != 4 {
			t.Errorf("id %d, want 4", id)
		}
	})
	t.Run("concurrent writers", func(t *testing.T) {
		s := open(t, 0)
		h := newHandlers(s)
		var wg sync.WaitGroup
		ids := make(chan int, 8*25)
		for w := range 8 {
			wg.Go(func() {
				for i := range 25 {
					id := create(t, h, fmt.Sprintf("w%d-%d", w, i))
					ids <- id
					if i%5 == 0 {
						expect(t, h.PatchTask(fmt.Sprint(id), []byte(`{"done":true}`)), 200)
					}
					if i%7 == 0 {
						expect(t, h.DeleteTask(fmt.Sprint(id)), 204)
					}
				}
			})
		}
		wg.Wait()
		close(ids)
		seen := map[int]bool{}
		for id := range ids {
			if seen[id] || id < 3 {
				t.Errorf("id %d given twice, or reused", id)
			}
			seen[id] = true
		}
		got := list(t, h)
		if got.Total != len(got.Tasks) || got.Total != s.Len() || got.Total != 2+8*25-8*4 {
			t.Errorf("total %d, %d listed, Len %d; want %d", got.Total, len(got.Tasks), s.Len(), 2+8*25-8*4)
		}
		for i := 1; i < len(got.Tasks); i++ {
			if got.Tasks[i].ID <= got.Tasks[i-1].ID {
				t.Fatalf("list out of order at %d: %v", i, got.Tasks[i-1:i+1])
			}
		}
	})
}

func newHandlers(s handlers.TaskStore) *handlers.Handlers {
	return handlers.New(s, func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC) })
}

type listBody struct {
	Tasks []handlers.Task `json:"tasks"`
	Total int             `json:"total"`
}

// list is GET /tasks, decoded.
func list(t *testing.T, h *handlers.Handlers) listBody {
	t.Helper()
	r := h.ListTasks(nil)
	if r.Stream != nil {
		t.Fatal("a short list came as a stream")
	}
	body := r.Body
	var l listBody
	if err := json.Unmarshal(body, &l); err != nil || r.Status != 200 {
		t.Fatalf("GET /tasks: %d %s (%v)", r.Status, body, err)
	}
	return l
}

// create is POST /tasks; it returns the new task's id.
func create(t *testing.T, h *handlers.Handlers, title string) int {
	t.Helper()
	r := h.CreateTask([]byte(fmt.Sprintf(`{"title":%q}`, title)))
	var b struct{ Task handlers.Task }
	if err := json.Unmarshal(r.Body, &b); err != nil || r.Status != 201 {
		t.Fatalf("POST %q: %d %s", title, r.Status, r.Body)
	}
	return b.Task.ID
}

// expect checks a status.
func expect(t *testing.T, r *response.Response, want int) {
	t.Helper()
	if r.Status != want {
		t.Errorf("status %d %s, want %d", r.Status, r.Body, want)
	}
}
