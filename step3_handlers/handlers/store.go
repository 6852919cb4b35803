package handlers

import (
	"fmt"
	"sort"
	"sync"
)

// Task is one to-do item. The JSON names and order are the tutorial's.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Store holds the tasks in memory. Like the tutorial's _tasks with _lock,
// one mutex guards them, because every connection runs in its own
// goroutine and two of them may add a task at the same moment.
//
// The tasks sit in id order in pages of pageSize. One growing slice would
// be simpler, but each time it outgrew its array, append would copy every
// task while holding the lock, and with hundreds of thousands of tasks
// every request would wait for that copy. A full page is never copied.
type Store struct {
	Max int // the most tasks it holds (limits.go); 0 means DefaultMaxTasks

	mu     sync.Mutex
	pages  [][]Task // each non-empty, at most pageSize long, ids increasing
	count  int      // tasks in all pages
	nextID int      // ids are never reused, even after a delete
}

const pageSize = 1024

// NewStore returns a store holding the tutorial's two tasks.
func NewStore() *Store {
	s := &Store{nextID: 1}
	s.Add("阅读 HTTP RFC", false)
	s.Add("手写 socket 服务器", true)
	return s
}

// Len is the number of tasks.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count
}

// List returns a copy of the tasks for which keep returns true (all of
// them when keep is nil), in id order.
func (s *Store) List(keep func(Task) bool) []Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.count
	if keep != nil {
		n = 0
	}
	out := make([]Task, 0, n)
	for _, page := range s.pages {
		for _, t := range page {
			if keep == nil || keep(t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// Add stores a new task under the next id and returns it; ErrFull when the
// store already holds Max tasks.
func (s *Store) Add(title string, done bool) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.full() {
		return Task{}, fmt.Errorf("%w: it holds %d tasks, its limit", ErrFull, s.count)
	}
	t := Task{ID: s.nextID, Title: title, Done: done}
	s.nextID++
	if last := len(s.pages) - 1; last >= 0 && len(s.pages[last]) < pageSize {
		s.pages[last] = append(s.pages[last], t)
	} else {
		s.pages = append(s.pages, append(make([]Task, 0, pageSize), t))
	}
	s.count++
	return t, nil
}

// Get returns the task with id.
func (s *Store) Get(id int) (Task, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, i := s.find(id)
	if p < 0 {
		return Task{}, false
	}
	return s.pages[p][i], true
}

// Update applies change to the task with id, under the lock, and returns
// the result.
func (s *Store) Update(id int, change func(*Task)) (Task, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, i := s.find(id)
	if p < 0 {
		return Task{}, false
	}
	change(&s.pages[p][i])
	return s.pages[p][i], true
}

// Delete removes the task with id and reports whether it was there. Only
// its page shifts; an emptied page goes.
func (s *Store) Delete(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, i := s.find(id)
	if p < 0 {
		return false
	}
	s.pages[p] = append(s.pages[p][:i], s.pages[p][i+1:]...)
	if len(s.pages[p]) == 0 {
		s.pages = append(s.pages[:p], s.pages[p+1:]...)
	}
	s.count--
	return true
}

// find locates id by binary search, first for the page whose last id is
// at least id, then within it: ids only grow, so both are sorted.
func (s *Store) find(id int) (page, index int) {
	p := sort.Search(len(s.pages), func(p int) bool { return s.pages[p][len(s.pages[p])-1].ID >= id })
	if p == len(s.pages) {
		return -1, -1
	}
	tasks := s.pages[p]
	i := sort.Search(len(tasks), func(i int) bool { return tasks[i].ID >= id })
	if tasks[i].ID != id {
		return -1, -1
	}
	return p, i
}
