// Package sqlitestore keeps the tasks in a SQLite file, so that they
// survive a restart: the tutorial's chapter 16 (数据库底座:SQLite 核心操作)
// behind `go run ./full -db tasks.db`. It is a [tasks.TaskStore], as
// step 3's list in memory is; the handlers do not know which they have,
// and this package knows nothing of them, nor of HTTP.
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
	"log"
	"sync"

	_ "modernc.org/sqlite" // the driver: pure Go, so `go run` needs no C compiler

	"httpfromscratch/step3_handlers/tasks"
)

// Store is the tasks in a SQLite file, with a copy in memory for reads.
//
// Who owns what. Open starts one goroutine, the committer (commit.go),
// and from then on it alone writes: db, and mem after each commit. Any
// goroutine reads mem (Len, Get, Snapshot), which has a lock of its own.
// A handler asks for a change by sending it on changes, which nobody
// closes: a send on a closed channel would panic in whichever handler
// was still running at shutdown. Close closes quit instead; the
// committer stops at it, and a handler that has not yet handed its
// change over sees it and gets ErrClosed. The committer closes stopped
// as it ends; Close then closes db.
type Store struct {
	// ErrorLog is told of a change that failed for a bug rather than for
	// the database (an edit that panicked, a change of no known kind),
	// with what the change was; nil means the log package's standard
	// logger. Set it before the first change.
	ErrorLog *log.Logger

	db  *sql.DB      // the committer's, once Open returns; closed by Close after it ends
	mem *tasks.Store // what is committed: written by the committer, read by anyone

	changes chan *change  // handlers to the committer; unbuffered, never closed
	quit    chan struct{} // closed by Close: the committer stops, and senders give up
	stopped chan struct{} // closed by the committer when it has ended

	closeOnce sync.Once
	closeErr  error
}

// Add inserts a task under the next id; once that is committed, it is
// added in memory too.
func (s *Store) Add(title string, done bool) (tasks.Task, error) {
	c := &change{kind: add, title: title, done: done}
	err := s.submit(c)
	return c.task, err
}

// Update changes a copy of the task with id and writes it; once that is
// committed, the task in memory is changed too. check, when not nil, is
// asked about the task on the committer, as the changes committed and
// grouped before this one leave it: nothing else writes in between, so
// the answer holds for the change (commit.go). An edit or a check that
// panics fails this change only, and is logged (ErrorLog).
func (s *Store) Update(id int, check tasks.Check, edit func(*tasks.Task)) (tasks.Task, bool, error) {
	c := &change{kind: update, id: id, check: check, edit: edit}
	err := s.submit(c)
	return c.task, c.found, err
}

// Delete deletes the task with id, if check (when not nil) lets it, asked
// as Update asks it; once that is committed, it is gone from memory too.
func (s *Store) Delete(id int, check tasks.Check) (bool, error) {
	c := &change{kind: remove, id: id, check: check}
	err := s.submit(c)
	return c.found, err
}

// commit runs write in a transaction and commits it. On any error the
// deferred Rollback undoes what write did, so that a change is whole or
// absent, never half. A full disk is ErrFull (507), as a full store is.
func (s *Store) commit(write func(*sql.Tx) error) error {
	tx, err := s.db.Begin()
	if err != nil {
		return describe(err)
	}
	// NOTE: ignoring Rollback's error: after a Commit it is ErrTxDone, and
	// after a failure the change failed already (SQLite undoes an
	// unfinished transaction itself).
	defer tx.Rollback()
	if err := write(tx); err != nil {
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
		return fmt.Errorf("%w: the database has no room left: %v", tasks.ErrFull, err)
	}
	return fmt.Errorf("database: %w", err)
}

// Len, Snapshot and Get read the copy in memory.
func (s *Store) Len() int                      { return s.mem.Len() }
func (s *Store) Snapshot() tasks.Snapshot      { return s.mem.Snapshot() }
func (s *Store) Get(id int) (tasks.Task, bool) { return s.mem.Get(id) }

// Close stops the committer, once the changes it has taken are
// committed, and closes the database. A change asked for after (or while
// Close waits) returns ErrClosed; reads go on from memory. Calling Close
// again returns what the first call did.
func (s *Store) Close() error {
	s.closeOnce.Do(func() {
		close(s.quit)
		<-s.stopped
		s.closeErr = s.db.Close()
	})
	return s.closeErr
}

var errNotOurs = errors.New("not a tasks database")
