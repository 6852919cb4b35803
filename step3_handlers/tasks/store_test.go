package tasks

import (
	"fmt"
	"sync"
	"testing"
)

// listed is every task of snap, in its order.
func listed(snap Snapshot) []Task {
	var out []Task
	for t := range snap.All() {
		out = append(out, t)
	}
	return out
}

// TestStoreConcurrent runs under -race: many goroutines add, update and
// delete at once, and every id is handed out exactly once.
func TestStoreConcurrent(t *testing.T) {
	s := NewStore()
	const n = 50
	ids := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task, err := s.Add(fmt.Sprint("task ", i), false)
			if err != nil {
				t.Error(err)
				return
			}
			s.Update(task.ID, nil, func(t *Task) { t.Done = true })
			s.Snapshot()
			ids <- task.ID
			if i%2 == 0 {
				s.Delete(task.ID, nil)
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[int]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %d handed out twice", id)
		}
		seen[id] = true
	}
	if got, want := s.Len(), 2+n/2; got != want {
		t.Errorf("%d tasks left, want %d", got, want)
	}
	list := listed(s.Snapshot())
	for i := 1; i < len(list); i++ {
		if list[i-1].ID >= list[i].ID {
			t.Fatalf("list not in id order: %v", list)
		}
	}
}

// TestStoreAgainstAMap adds, finds, updates and deletes tasks over many
// pages (store_pages.go), against a plain map kept beside it.
func TestStoreAgainstAMap(t *testing.T) {
	s := NewStore()
	want := map[int]Task{1: {ID: 1, Title: "阅读 HTTP RFC"}, 2: {ID: 2, Title: "手写 socket 服务器", Done: true}}
	for i := range 3*pageSize + 10 {
		task, _ := s.Add(fmt.Sprint(i), i%2 == 0)
		want[task.ID] = task
	}
	// Delete a whole page's worth from the middle, and scattered ids.
	for id := pageSize; id < 2*pageSize+5; id++ {
		if ok, _ := s.Delete(id, nil); !ok {
			t.Fatalf("Delete(%d) found nothing", id)
		}
		delete(want, id)
	}
	for id := 3; id < len(want); id += 97 {
		if _, ok := want[id]; ok {
			s.Delete(id, nil)
			delete(want, id)
		}
	}
	s.Update(3*pageSize, nil, func(t *Task) { t.Title = "changed" })
	if task, ok := want[3*pageSize]; ok {
		task.Title = "changed"
		want[3*pageSize] = task
	}
	if s.Len() != len(want) {
		t.Fatalf("Len %d, want %d", s.Len(), len(want))
	}
	list := listed(s.Snapshot())
	for i, task := range list {
		if want[task.ID] != task {
			t.Fatalf("the snapshot's task %d is %+v, want %+v", i, task, want[task.ID])
		}
		if i > 0 && list[i-1].ID >= task.ID {
			t.Fatalf("the snapshot is not in id order at %d", i)
		}
	}
	for task, size := range s.Snapshot().All() {
		if want := len(AppendJSON(nil, task)); size != want {
			t.Fatalf("task %d: its stored JSON length is %d, its JSON %d bytes", task.ID, size, want)
		}
	}
	for id := range 4*pageSize + 20 {
		got, ok := s.Get(id)
		if w, in := want[id]; ok != in || got != w {
			t.Fatalf("Get(%d) = %+v, %v; want %+v, %v", id, got, ok, w, in)
		}
	}
	if task, _ := s.Add("next", false); task.ID != 3*pageSize+13 {
		t.Errorf("next id %d, want %d: ids are never reused", task.ID, 3*pageSize+13)
	}
}
