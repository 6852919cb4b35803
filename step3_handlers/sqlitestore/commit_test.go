package sqlitestore

import (
	"bytes"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/tasks"
)

// TestAChangeAfterCloseIsErrClosed: a handler still running after the
// server has closed the store (past the shutdown grace) gets ErrClosed,
// which it answers 503, and nothing panics; reads go on from memory, and
// a second Close is harmless.
func TestAChangeAfterCloseIsErrClosed(t *testing.T) {
	s := openTemp(t, 0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add("late", false); !errors.Is(err, tasks.ErrClosed) {
		t.Errorf("Add after Close: got %v, want ErrClosed", err)
	}
	if _, _, err := s.Update(1, nil, func(t *tasks.Task) { t.Done = true }); !errors.Is(err, tasks.ErrClosed) {
		t.Errorf("Update after Close: got %v, want ErrClosed", err)
	}
	if _, err := s.Delete(1, nil); !errors.Is(err, tasks.ErrClosed) {
		t.Errorf("Delete after Close: got %v, want ErrClosed", err)
	}
	if got, ok := s.Get(1); !ok || got.Done || s.Len() != 2 {
		t.Errorf("after Close: got task 1 %+v, %v and Len %d; want it as it was, and 2", got, ok, s.Len())
	}
	if err := s.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}

// TestChangesRacingCloseAreCommittedOrErrClosed: writers that go on while
// the store closes each get an answer, never a hang or a panic: nil for
// a change that is in memory (and so in the file), ErrClosed for one
// that is in neither.
func TestChangesRacingCloseAreCommittedOrErrClosed(t *testing.T) {
	s := openTemp(t, 0)
	var mu sync.Mutex
	var added []tasks.Task
	someAdded := make(chan struct{})
	var once sync.Once
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				task, err := s.Add(fmt.Sprintf("w%d-%d", w, i), false)
				if errors.Is(err, tasks.ErrClosed) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				added = append(added, task)
				mu.Unlock()
				once.Do(func() { close(someAdded) })
			}
		})
	}
	ended := make(chan struct{})
	go func() { wg.Wait(); close(ended) }()
	select {
	case <-someAdded: // Close while the writers are at it
	case <-ended:
		t.Fatal("every writer stopped before a change was committed")
	}
	s.Close()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("writers still waiting 10 s after Close")
	}
	for _, task := range added {
		if got, ok := s.Get(task.ID); !ok || got != task {
			t.Fatalf("task %d was answered as committed, but memory has %+v, %v", task.ID, got, ok)
		}
	}
	if s.Len() != 2+len(added) {
		t.Errorf("got %d tasks in memory, want %d: a change refused with ErrClosed was made", s.Len(), 2+len(added))
	}
}

// TestAPanickingEditFailsThatChangeOnly: an edit runs on the committer's
// goroutine, where a panic would end the process. It fails its own
// change (an error, which the handlers answer 500), is logged with its
// stack, and the changes around it, in the same groups, are made.
func TestAPanickingEditFailsThatChangeOnly(t *testing.T) {
	s := openTemp(t, 0)
	var logged bytes.Buffer
	s.ErrorLog = log.New(&logged, "", 0)

	_, found, err := s.Update(1, nil, func(t *tasks.Task) {
		t.Title = "half an edit"
		panic("an edit with a bug")
	})
	if err == nil || errors.Is(err, tasks.ErrClosed) || !found || !strings.Contains(err.Error(), "update of task 1") {
		t.Errorf("a panicking edit: got found %v, error %v; want an error naming the change", found, err)
	}
	for _, want := range []string{"update of task 1", "an edit with a bug", "goroutine"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, logged.String())
		}
	}
	if got, _ := s.Get(1); got.Title != "阅读 HTTP RFC" {
		t.Errorf("got task 1 %+v after a panicking edit, want it as it was", got)
	}

	// Panicking edits among good changes, many to a group.
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			if i%4 == 0 {
				if _, _, err := s.Update(2, nil, func(*tasks.Task) { panic(i) }); err == nil {
					t.Errorf("edit %d panicked, and its change was answered as made", i)
				}
				return
			}
			task, err := s.Add(fmt.Sprint("good ", i), false)
			if err != nil {
				t.Errorf("add %d beside panicking edits: %v", i, err)
				return
			}
			if _, _, err := s.Update(task.ID, nil, func(t *tasks.Task) { t.Done = true }); err != nil {
				t.Errorf("update %d beside panicking edits: %v", i, err)
			}
		})
	}
	wg.Wait()
	if s.Len() != 2+30 {
		t.Errorf("got %d tasks, want 32", s.Len())
	}
	var rows, doneRows int
	s.db.QueryRow(`SELECT count(*), sum(done) FROM tasks`).Scan(&rows, &doneRows)
	if rows != 32 || doneRows != 31 { // 30 good ones, and task 2, done from the start
		t.Errorf("got %d rows in the file, %d done; want 32, 31", rows, doneRows)
	}
}

// TestAChangeOfNoKnownKindFailsAndIsLogged: what the committer cannot
// make sense of fails that change, saying what it was, and the store
// goes on.
func TestAChangeOfNoKnownKindFailsAndIsLogged(t *testing.T) {
	s := openTemp(t, 0)
	var logged bytes.Buffer
	s.ErrorLog = log.New(&logged, "", 0)
	if err := s.submit(&change{kind: 7, id: 1}); err == nil {
		t.Error("a change of kind 7 was answered as made")
	}
	if want := "changeKind(7) of task 1 failed: a change of no known kind"; !strings.Contains(logged.String(), want) {
		t.Errorf("got log %q, want it to say %q", logged.String(), want)
	}
	if task, err := s.Add("after", false); err != nil || task.ID != 3 {
		t.Errorf("Add after: got %+v, %v; want task 3", task, err)
	}
}
