package handlers

import "sync"

// Task is one to-do item. The JSON names and order are the tutorial's.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// Store holds the tasks in memory. Like the tutorial's _tasks with _lock,
// one mutex guards the slice, because every connection runs in its own
// goroutine and two of them may add a task at the same moment.
type Store struct {
	mu     sync.Mutex
	tasks  []Task // in id order
	nextID int    // ids are never reused, even after a delete
}

// NewStore returns a store holding the tutorial's two tasks.
func NewStore() *Store {
	return &Store{
		tasks: []Task{
			{ID: 1, Title: "阅读 HTTP RFC", Done: false},
			{ID: 2, Title: "手写 socket 服务器", Done: true},
		},
		nextID: 3,
	}
}

// Len is the number of tasks.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tasks)
}

// List returns a copy of the tasks for which keep returns true (all of
// them when keep is nil), in id order.
func (s *Store) List(keep func(Task) bool) []Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Task, 0, len(s.tasks))
	for _, t := range s.tasks {
		if keep == nil || keep(t) {
			out = append(out, t)
		}
	}
	return out
}

// Add stores a new task under the next id and returns it.
func (s *Store) Add(title string, done bool) Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := Task{ID: s.nextID, Title: title, Done: done}
	s.nextID++
	s.tasks = append(s.tasks, t)
	return t
}

// Get returns the task with id.
func (s *Store) Get(id int) (Task, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(id)
	if i < 0 {
		return Task{}, false
	}
	return s.tasks[i], true
}

// Update applies change to the task with id, under the lock, and returns
// the result.
func (s *Store) Update(id int, change func(*Task)) (Task, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(id)
	if i < 0 {
		return Task{}, false
	}
	change(&s.tasks[i])
	return s.tasks[i], true
}

// Delete removes the task with id and reports whether it was there.
func (s *Store) Delete(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(id)
	if i < 0 {
		return false
	}
	s.tasks = append(s.tasks[:i], s.tasks[i+1:]...)
	return true
}

// index finds id by binary search: tasks stay sorted because ids only grow.
func (s *Store) index(id int) int {
	lo, hi := 0, len(s.tasks)
	for lo < hi {
		mid := (lo + hi) / 2
		if s.tasks[mid].ID < id {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(s.tasks) && s.tasks[lo].ID == id {
		return lo
	}
	return -1
}
