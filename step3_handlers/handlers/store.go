package handlers

import (
	"fmt"
	"sync"
)

// Task is one to-do item. The JSON names and order are the tutorial's.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// TaskStore is what the handlers need of a store: the tutorial's
// operations on its _tasks list. [Store], the list in memory, is one, and
// what steps 3 to 5 teach; the SQLite store behind `full -db` (package
// sqlitestore, the tutorial's chapter 16) is another, which keeps the
// tasks across a restart. A change that cannot be kept returns an error
// and is not made; ErrFull (507) when there is no room for it.
type TaskStore interface {
	Len() int                                              // len(_tasks)
	Snapshot() Snapshot                                    // list(_tasks), read after the lock is let go
	Get(id int) (Task, bool)                               // the task with id
	Add(title string, done bool) (Task, error)             // _tasks.append(task), under the next id
	Update(id int, change func(*Task)) (Task, bool, error) // change the task with id
	Delete(id int) (bool, error)                           // remove it
}

// Store holds the tasks in memory: the tutorial's _tasks list, _next_id
// and _lock. One mutex guards them, because every connection runs in its
// own goroutine and two of them may add a task at the same moment.
type Store struct {
	Max int // the most tasks it holds (limits.go); 0 means DefaultMaxTasks

	mu     sync.Mutex
	tasks  taskList // in id order, as the tutorial's list (store_pages.go)
	nextID int      // ids are never reused, even after a delete
}

// NewStore returns a store holding the tutorial's two tasks.
func NewStore() *Store {
	s := &Store{nextID: 1}
	s.Add("阅读 HTTP RFC", false)
	s.Add("手写 socket 服务器", true)
	return s
}

// Len is the number of tasks: the tutorial's len(_tasks).
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tasks.len()
}

// List returns a copy of the tasks for which keep returns true (all of
// them when keep is nil), in id order: the tutorial's list(_tasks).
func (s *Store) List(keep func(Task) bool) []Task {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tasks.copy(keep)
}

// Add stores a new task under the next id and returns it; ErrFull when the
// store already holds Max tasks. The tutorial's _tasks.append(task).
func (s *Store) Add(title string, done bool) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.full() {
		return Task{}, fmt.Errorf("%w: it holds %d tasks, its limit", ErrFull, s.tasks.len())
	}
	t := Task{ID: s.nextID, Title: title, Done: done}
	s.nextID++
	s.tasks.append(t)
	return t, nil
}

// Get returns the task with id.
func (s *Store) Get(id int) (Task, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tasks.find(id); t != nil {
		return *t, true
	}
	return Task{}, false
}

// Update applies change to the task with id, under the lock, and returns
// the result. A list in memory cannot fail to change: the error is for
// stores that can (TaskStore).
func (s *Store) Update(id int, change func(*Task)) (Task, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tasks.update(id, change)
	if t == nil {
		return Task{}, false, nil
	}
	return *t, true, nil
}

// Delete removes the task with id and reports whether it was there.
func (s *Store) Delete(id int) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tasks.remove(id), nil
}

// Snapshot returns the tasks as they are now, to be read after the lock is
// let go: adds, changes and deletes that come later do not show in it.
// It copies no task (store_pages.go).
func (s *Store) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Snapshot{pages: s.tasks.share()}
}

// Snapshot is the store's tasks at one moment, in id order.
type Snapshot struct {
	pages [][]stored
}
