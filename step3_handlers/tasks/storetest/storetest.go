// Package storetest checks a tasks.TaskStore against the rules of the
// tasks API: one set of tests that every store passes, the list in memory
// (package tasks) and the SQLite file of full -db (package sqlitestore).
// It calls the store as the handlers do, and knows no more of HTTP than
// the store does. It is test code, like net/http/httptest: only tests
// import it.
package storetest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/tasks"
)

// Open returns a new store holding the tutorial's two tasks and at most
// limit tasks (0: tasks.DefaultMaxTasks).
type Open func(t *testing.T, limit int) tasks.TaskStore

// seed is the tutorial's _tasks, which every new store holds.
var seed = []tasks.Task{{ID: 1, Title: "阅读 HTTP RFC"}, {ID: 2, Title: "手写 socket 服务器", Done: true}}

// Run runs every check on stores from open.
func Run(t *testing.T, open Open) {
	t.Run("starts with the tutorial's two tasks", func(t *testing.T) {
		s := open(t, 0)
		if got := list(s); fmt.Sprint(got) != fmt.Sprint(seed) || s.Len() != 2 {
			t.Errorf("got %v (Len %d), want %v", got, s.Len(), seed)
		}
	})
	t.Run("ids in order, never reused", func(t *testing.T) {
		s := open(t, 0)
		if id := add(t, s, "three"); id != 3 {
			t.Fatalf("got first new id %d, want 3", id)
		}
		if id := add(t, s, "four"); id != 4 {
			t.Fatalf("got next id %d, want 4", id)
		}
		if ok, err := s.Delete(4, nil); !ok || err != nil {
			t.Fatalf("Delete(4) = %v, %v; want true, nil", ok, err)
		}
		if ok, err := s.Delete(4, nil); ok || err != nil {
			t.Errorf("Delete(4) again = %v, %v; want false, nil", ok, err)
		}
		if _, ok := s.Get(4); ok {
			t.Error("Get(4) found the task deleted")
		}
		if id := add(t, s, "five"); id != 5 {
			t.Errorf("got id %d after deleting 4, want 5 (never reused)", id)
		}
		if got := list(s); len(got) != 4 || got[3].ID != 5 || s.Len() != 4 {
			t.Errorf("got %v (Len %d), want four tasks, the last one 5", got, s.Len())
		}
	})
	t.Run("changes", func(t *testing.T) {
		s := open(t, 0)
		if got, ok, err := s.Update(1, nil, func(t *tasks.Task) { t.Done = true }); !ok || err != nil || !got.Done {
			t.Errorf("Update(1) = %+v, %v, %v; want it done", got, ok, err)
		}
		s.Update(2, nil, func(t *tasks.Task) { t.Title, t.Done = "new title", false })
		if _, ok, err := s.Update(9, nil, func(t *tasks.Task) { t.Done = true }); ok || err != nil {
			t.Errorf("Update(9) = %v, %v; want false, nil", ok, err)
		}
		want := []tasks.Task{{ID: 1, Title: "阅读 HTTP RFC", Done: true}, {ID: 2, Title: "new title"}}
		if got := list(s); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("got %v after the changes, want %v", got, want)
		}
	})
	t.Run("an edit that panics changes nothing, and the store goes on", func(t *testing.T) {
		s := open(t, 0)
		err := update(s, 1, func(t *tasks.Task) {
			t.Title = "half an edit"
			panic("an edit with a bug")
		})
		if err == nil {
			t.Fatal("an edit that panicked neither panicked nor failed")
		}
		if got, _ := s.Get(1); got != seed[0] {
			t.Errorf("got task 1 %+v after a panicking edit, want %+v", got, seed[0])
		}
		if got := list(s); fmt.Sprint(got) != fmt.Sprint(seed) {
			t.Errorf("got %v after a panicking edit, want %v", got, seed)
		}
		if id := add(t, s, "next"); id != 3 {
			t.Errorf("got id %d after a panicking edit, want 3", id)
		}
		if err := update(s, 2, func(t *tasks.Task) { t.Done = false }); err != nil {
			t.Errorf("an edit after a panicking one: %v", err)
		}
	})
	t.Run("past the limit is ErrFull, and nothing stored", func(t *testing.T) {
		s := open(t, 3)
		add(t, s, "third")
		if _, err := s.Add("fourth", false); !errors.Is(err, tasks.ErrFull) {
			t.Fatalf("Add past the limit: got %v, want ErrFull", err)
		}
		if got := list(s); len(got) != 3 || s.Len() != 3 {
			t.Errorf("got %d tasks (Len %d) after a refused add, want 3", len(got), s.Len())
		}
		s.Delete(3, nil)
		if id := add(t, s, "room again"); id != 4 {
			t.Errorf("got id %d, want 4", id)
		}
	})
	t.Run("a snapshot stays as it was taken", func(t *testing.T) {
		s := open(t, 0)
		snap := s.Snapshot()
		add(t, s, "added after")
		s.Update(1, nil, func(t *tasks.Task) { t.Title = "changed after" })
		s.Delete(2, nil)
		var got []tasks.Task
		for task := range snap.All() {
			got = append(got, task)
		}
		if fmt.Sprint(got) != fmt.Sprint(seed) {
			t.Errorf("got %v, want the snapshot as taken, %v", got, seed)
		}
	})
	t.Run("a check that refuses changes nothing", func(t *testing.T) {
		s := open(t, 0)
		before := s.Snapshot().Version()
		errStale := errors.New("stale")
		var saw []tasks.Task
		refuse := func(task tasks.Task) error { saw = append(saw, task); return errStale }
		if _, ok, err := s.Update(1, refuse, func(t *tasks.Task) { t.Done = true }); !ok || !errors.Is(err, errStale) {
			t.Errorf("Update with a refusing check = %v, %v; want true and the check's error", ok, err)
		}
		if ok, err := s.Delete(2, refuse); !ok || !errors.Is(err, errStale) {
			t.Errorf("Delete with a refusing check = %v, %v; want true and the check's error", ok, err)
		}
		if fmt.Sprint(saw) != fmt.Sprint(seed) {
			t.Errorf("the checks were asked about %v, want the tasks as they were, %v", saw, seed)
		}
		if got := list(s); fmt.Sprint(got) != fmt.Sprint(seed) {
			t.Errorf("got %v after refused changes, want %v", got, seed)
		}
		if after := s.Snapshot().Version(); after != before {
			t.Errorf("the version moved from %d to %d, and nothing changed", before, after)
		}
		if _, ok, err := s.Update(9, refuse, func(*tasks.Task) {}); ok || err != nil {
			t.Errorf("Update(9) with a check = %v, %v; want false, nil: a task that is not there is not found, whatever the check", ok, err)
		}
		pass := func(tasks.Task) error { return nil }
		if _, ok, err := s.Update(1, pass, func(t *tasks.Task) { t.Done = true }); !ok || err != nil {
			t.Errorf("Update with a check that lets it = %v, %v", ok, err)
		}
		if ok, err := s.Delete(2, pass); !ok || err != nil {
			t.Errorf("Delete with a check that lets it = %v, %v", ok, err)
		}
	})
	t.Run("every change moves the version, and nothing else does", func(t *testing.T) {
		s := open(t, 0)
		v := s.Snapshot().Version()
		step := func(what string, changes bool) {
			t.Helper()
			now := s.Snapshot().Version()
			if moved := now != v; moved != changes {
				t.Errorf("after %s the version is %d, was %d: want it moved %v", what, now, v, changes)
			}
			v = now
		}
		s.Get(1)
		s.Len()
		step("reads", false)
		add(t, s, "three")
		step("an add", true)
		s.Update(3, nil, func(t *tasks.Task) { t.Done = true })
		step("an update", true)
		s.Update(9, nil, func(t *tasks.Task) { t.Done = true })
		step("an update of no task", false)
		s.Delete(3, nil)
		step("a delete", true)
		s.Delete(3, nil)
		step("a delete of no task", false)
	})
	t.Run("two changes that check the same task: one is made, one refused", func(t *testing.T) {
		// Both writers read task 1, then change it only if it is still as
		// read: a compare-and-swap. The first check asked waits a moment
		// for the other to be asked too. A store that asks a check
		// together with its change cannot ask the second before the first
		// change is made: the wait runs out, and the second check sees
		// the change. One that asks it apart lets both checks say yes.
		s := open(t, 0)
		errChanged := errors.New("changed since it was read")
		for round := range 3 {
			var read, done sync.WaitGroup
			read.Add(2)
			var asked atomic.Int32
			both := make(chan struct{})
			var mu sync.Mutex
			var made, refused int
			for w := range 2 {
				done.Go(func() {
					seen, _ := s.Get(1)
					read.Done()
					read.Wait() // both have read the same task
					check := func(now tasks.Task) error {
						if asked.Add(1) == 2 {
							close(both)
						}
						select {
						case <-both:
						case <-time.After(100 * time.Millisecond):
						}
						if now != seen {
							return errChanged
						}
						return nil
					}
					_, _, err := s.Update(1, check, func(t *tasks.Task) { t.Title = fmt.Sprintf("round %d, writer %d", round, w) })
					mu.Lock()
					defer mu.Unlock()
					switch {
					case err == nil:
						made++
					case errors.Is(err, errChanged):
						refused++
					default:
						t.Error(err)
					}
				})
			}
			done.Wait()
			if made != 1 || refused != 1 {
				t.Fatalf("round %d: %d changes made, %d refused; want 1 and 1: the check must be asked together with the change (under the store's lock; on the SQLite store's committer)", round, made, refused)
			}
		}
	})
	t.Run("concurrent writers", func(t *testing.T) {
		s := open(t, 0)
		var wg sync.WaitGroup
		ids := make(chan int, 8*25)
		for w := range 8 {
			wg.Go(func() {
				for i := range 25 {
					task, err := s.Add(fmt.Sprintf("w%d-%d", w, i), false)
					if err != nil {
						t.Error(err) // not Fatal: this is not the test's goroutine
						return
					}
					id := task.ID
					ids <- id
					if i%5 == 0 {
						if err := update(s, id, func(t *tasks.Task) { t.Done = true }); err != nil {
							t.Error(err)
						}
					}
					if i%7 == 0 {
						if ok, err := s.Delete(id, nil); !ok || err != nil {
							t.Errorf("Delete(%d) = %v, %v", id, ok, err)
						}
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
		got := list(s)
		if want := 2 + 8*25 - 8*4; len(got) != want || s.Len() != want {
			t.Errorf("got %d tasks listed, Len %d; want %d", len(got), s.Len(), want)
		}
		for i := 1; i < len(got); i++ {
			if got[i].ID <= got[i-1].ID {
				t.Fatalf("list out of order at %d: %v", i, got[i-1:i+1])
			}
		}
	})
}

// list is every task, from a snapshot: the tutorial's list(_tasks).
func list(s tasks.TaskStore) []tasks.Task {
	var out []tasks.Task
	for t := range s.Snapshot().All() {
		out = append(out, t)
	}
	return out
}

// add adds a task; it returns the new task's id.
func add(t *testing.T, s tasks.TaskStore, title string) int {
	t.Helper()
	task, err := s.Add(title, false)
	if err != nil || task.Title != title {
		t.Fatalf("Add(%q) = %+v, %v", title, task, err)
	}
	return task.ID
}

// update updates the task with id, which must be there. A panic in edit
// is returned as an error: a store may let it go on to its caller, as
// the list in memory does, or return it, as a store whose edits run on a
// goroutine of its own must.
func update(s tasks.TaskStore, id int, edit func(*tasks.Task)) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("the edit panicked: %v", v)
		}
	}()
	_, ok, err := s.Update(id, nil, edit)
	if err == nil && !ok {
		err = fmt.Errorf("task %d not found", id)
	}
	return err
}

// Titles are n task titles, varied as people's are (two to nine words of
// both languages), the same every run: a list of them compresses as real
// lists do, not as one title repeated. The gzip tests and measurements
// fill their stores with them.
func Titles(n int) []string {
	words := strings.Fields("写 博客 阅读 HTTP RFC 部署 到 生产 环境 单元 测试 buy milk call mom fix the bug in parser review " +
		"pull request 42 write docs for step 5 chunked encoding meeting at 3pm 周五 开会 买菜 学习 Go 语言 read chapter 7 " +
		"of the tutorial update README 回复 邮件 plan trip book tickets")
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		t := make([]string, 2+r.IntN(8))
		for j := range t {
			t[j] = words[r.IntN(len(words))]
		}
		out[i] = strings.Join(t, " ")
	}
	return out
}
