// Package tasks is step 3's store, the tutorial's _tasks list with its
// _next_id and _lock: the tasks every handler shares, and nothing of
// HTTP. Package handlers (handle_health, handle_tasks) reads and changes
// the tasks through [TaskStore]; [Store] keeps them in memory, and
// package sqlitestore keeps them in a SQLite file behind `full -db`.
//
// The store's own hardening is in files named for what it guards:
// limits.go (how many tasks), store_pages.go (no copy of the whole list
// while the lock is held), snapshot.go (a list read after the lock is let
// go), json.go (each task's JSON length, counted once).
package tasks

import (
	"errors"
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
// tasks across a restart. Package storetest holds the tests both pass.
//
// A change that cannot be kept returns an error and is not made: ErrFull
// when there is no room for it, ErrClosed when the store is closed, a
// Check's error when the task is not as the change expects. An edit or a
// check that panics changes nothing: Store lets the panic go on to its
// caller, as any bug in a handler does (step 5 answers it with 500); a
// store that runs edits elsewhere returns it as that change's error.
type TaskStore interface {
	Len() int                                                         // len(_tasks)
	Snapshot() Snapshot                                               // list(_tasks), read after the lock is let go
	Get(id int) (Task, bool)                                          // the task with id
	Add(title string, done bool) (Task, error)                        // _tasks.append(task), under the next id
	Update(id int, check Check, edit func(*Task)) (Task, bool, error) // change the task with id, if check lets it
	Delete(id int, check Check) (bool, error)                         // remove it, if check lets it
}

// Check is a condition a change puts on the task it changes. The store
// asks it about the task as it is at the moment of the change, together
// with the change: under the lock, or in the SQLite store's transaction.
// An error from it refuses the change, which is not made, and is what
// Update or Delete returns; a nil Check lets every change through.
//
// The handlers' If-Match is one: "change task 3 only if it is still as I
// read it" (RFC 9110 §13.1.1). Asked before the call instead, a change
// another request made between the question and the call would be
// overwritten: two requests could both hear yes.
type Check func(Task) error

// ErrClosed is what a change returns once its store is closed: the
// server is stopping (503, and a client may try again shortly).
var ErrClosed = errors.New("the store is closed: the server is stopping")

// Store holds the tasks in memory: the tutorial's _tasks list, _next_id
// and _lock. One mutex guards them, because every connection runs in its
// own goroutine and two of them may add a task at the same moment.
type Store struct {
	Max int // the most tasks it holds (limits.go); 0 means DefaultMaxTasks

	mu      sync.Mutex
	tasks   taskList // in id order, as the tutorial's list (store_pages.go)
	nextID  int      // ids are never reused, even after a delete
	version uint64   // the changes made so far: a snapshot carries it (snapshot.go)
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

// Add stores a new task under the next id and returns it; ErrFull when the
// store already holds Max tasks. The tutorial's _tasks.append(task).
func (s *Store) Add(title string, done bool) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := CheckRoom(s.tasks.len(), s.Max); err != nil {
		return Task{}, err
	}
	t := Task{ID: s.nextID, Title: title, Done: done}
	s.nextID++
	s.tasks.append(t)
	s.version++
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

// Update applies edit to the task with id, under the lock, and returns
// the result; when check (if not nil) refuses the task as it is, it
// returns that task and check's error, and changes nothing. A list in
// memory cannot otherwise fail to change: the error is for stores that
// can (TaskStore). edit works on a copy, stored once it returns: an edit
// that panics leaves the task as it was.
func (s *Store) Update(id int, check Check, edit func(*Task)) (Task, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok, err := s.ask(id, check); !ok || err != nil {
		return t, ok, err
	}
	t, ok := s.tasks.update(id, edit)
	if ok {
		s.version++
	}
	return t, ok, nil
}

// Delete removes the task with id and reports whether it was there; when
// check (if not nil) refuses the task, it stays, and Delete returns true
// and check's error.
func (s *Store) Delete(id int, check Check) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok, err := s.ask(id, check); !ok || err != nil {
		return ok, err
	}
	ok := s.tasks.remove(id)
	if ok {
		s.version++
	}
	return ok, nil
}

// ask asks check about the task with id as it is; the caller holds the
// lock, so that the change it guards sees the same task. Without a check
// it only says the task may be there: the change finds out.
func (s *Store) ask(id int, check Check) (Task, bool, error) {
	if check == nil {
		return Task{}, true, nil
	}
	t := s.tasks.find(id)
	if t == nil {
		return Task{}, false, nil
	}
	return *t, true, check(*t)
}

// Snapshot returns the tasks as they are now, to be read after the lock is
// let go: adds, changes and deletes that come later do not show in it.
// It copies no task (snapshot.go).
func (s *Store) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Snapshot{pages: s.tasks.share(), version: s.version}
}
