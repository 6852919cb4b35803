// Package sqlitestore keeps the tasks in a SQLite file, so that they
// survive a restart: the tutorial's chapter 16 (数据库底座:SQLite 核心操作)
// behind `go run ./full -db tasks.db`. It is a [handlers.TaskStore], as
// step 3's list in memory is; the handlers do not know which they have.
//
// Every change is written to the database and committed before it is made
// in memory and before the handler answers: a 201, 200 or 204 means the
// change is on disk. Reads (a task, the list, the count) come from the
// copy in memory, a step 3 Store loaded at Open, so a GET never waits for
// the disk and a list is written to a slow client from a snapshot, as
// without -db, while writers go on.
package sqlitestore

import (
	"database/sql"
	"errors"
	"fmt"

	_ "modernc.org/sqlite" // the driver: pure Go, so `go run` needs no C compiler

	"httpfromscratch/step3_handlers/handlers"
)

// Store is the tasks in a SQLite file, with a copy in memory for reads.
type Store struct {
	db  *sql.DB
	mem *handlers.Store // what is committed, for every read

	changes chan *change  // to the committer (commit.go)
	stopped chan struct{} // closed when the committer has ended
}

// Add inserts a task under the next id; once that is committed, it is
// added in memory too.
func (s *Store) Add(title string, done bool) (handlers.Task, error) {
	c := s.submit(&change{kind: add, task: handlers.Task{Title: title, Done: done}})
	return c.task, c.err
}

// Update changes a copy of the task with id and writes it; once that is
// committed, the task in memory is changed too.
func (s *Store) Update(id int, edit func(*handlers.Task)) (handlers.Task, bool, error) {
	c := s.submit(&change{kind: update, task: handlers.Task{ID: id}, edit: edit})
	return c.task, c.found, c.err
}

// Delete deletes the task with id; once that is committed, it is gone
// from memory too.
func (s *Store) Delete(id int) (bool, error) {
	c := s.submit(&change{kind: remove, task: handlers.Task{ID: id}})
	return c.found, c.err
}

// commit runs change in a transaction and commits it; on any error it
// rolls back, so that a change is whole or absent, never half. A full
// disk is ErrFull (507), as a full store is.
func (s *Store) commit(change func(*sql.Tx) error) error {
	tx, err := s.db.Begin()
	if err != nil {
		return describe(err)
	}
	if err := change(tx); err != nil {
		tx.Rollback() // NOTE: ignoring its error: the change failed already, and SQLite undoes an unfinished one
		return describe(err)
	}
	return describe(tx.Commit())
}

// describe turns a database error into what a client is told.
func describe(err error) error {
	switch {
	case err == nil:
		return nil
	case isFull(err):
		return fmt.Errorf("%w: the database has no room left: %v", handlers.ErrFull, err)
	}
	return fmt.Errorf("database: %w", err)
}

// Len, Snapshot and Get read the copy in memory.
func (s *Store) Len() int                         { return s.mem.Len() }
func (s *Store) Snapshot() handlers.Snapshot      { return s.mem.Snapshot() }
func (s *Store) Get(id int) (handlers.Task, bool) { return s.mem.Get(id) }

// Close stops the committer, once the changes sent to it are committed,
// and closes the database. The store must not be used after.
func (s *Store) Close() error {
	close(s.changes)
	<-s.stopped
	return s.db.Close()
}

var errNotOurs = errors.New("not a tasks database")
