package sqlitestore

import (
	"database/sql"
	"errors"
	"fmt"
	"log"
	"runtime"
	"runtime/debug"

	"httpfromscratch/step3_handlers/tasks"
)

// Changes are committed in groups. A commit waits for the disk (fsync,
// synchronous FULL), about half a millisecond here, and one commit a
// change made that the cost of every POST: 1,750 a second at most,
// whatever the CPU (BenchmarkAdd/sqlite/one_writer). So one goroutine,
// the committer, takes every change waiting when it is free, writes them
// in one transaction and commits it; each change is answered only once
// its transaction is committed. The numbers are in full/README.md.
//
// A change is checked against the tasks as the changes before it in its
// group leave them (view), since none is in memory until the group is
// committed. When a group fails, its changes are tried again one to a
// transaction, so that only the change that cannot be made fails.
//
// A change's own Check (the handlers' If-Match) is asked here too, on the
// committer, about the task as that view has it: the committer alone
// writes, so no other change can come between the answer and the change
// it lets through. Two PATCHes with the same If-Match, in one group or
// in two, are asked one after the other, and the second sees the first's
// task: it is refused, and nothing of it is written.
//
// Nothing a change carries takes the process down: an edit or a check
// that panics (it is the handlers' code, run on the committer's
// goroutine, where no one else would recover it) and a change the
// committer cannot make sense of each fail that change alone, with an
// error its handler answers (500), and a line in the log saying what it
// was.

// maxGroup bounds the changes in one transaction.
const maxGroup = 1024

type changeKind int

const (
	add changeKind = iota
	update
	remove
)

func (k changeKind) String() string {
	switch k {
	case add:
		return "add"
	case update:
		return "update"
	case remove:
		return "remove"
	}
	return fmt.Sprintf("changeKind(%d)", int(k))
}

// change is one write a handler asks for, and its answer. The handler
// fills in what it asks and reads the answer once answered is closed;
// the committer reads what is asked and writes the answer, then closes
// answered.
type change struct {
	// What is asked.
	kind  changeKind
	id    int               // update, remove: the task's id
	title string            // add: the new task's title
	done  bool              // add: and whether it is done
	check tasks.Check       // update, remove: what the task must be; nil: anything
	edit  func(*tasks.Task) // update: the edit

	// The answer.
	task     tasks.Task    // add, update: the task as committed
	found    bool          // update, remove: the task was there
	err      error         // the change was not made, and why
	answered chan struct{} // closed when the change is committed, or failed
}

func (c *change) String() string {
	if c.kind == add {
		return fmt.Sprintf("%v %q (done %v)", c.kind, c.title, c.done)
	}
	return fmt.Sprintf("%v of task %d", c.kind, c.id)
}

// submit hands c to the committer and returns once it is committed or
// has failed: c's error, or ErrClosed when the store is closed before the
// committer took c.
func (s *Store) submit(c *change) error {
	c.answered = make(chan struct{})
	select {
	case s.changes <- c:
	case <-s.quit:
		return tasks.ErrClosed
	}
	<-c.answered // the committer answers every change it takes
	return c.err
}

// committer commits the changes as they come, in groups: all that wait
// when it is free, up to maxGroup. It ends when Close closes quit, once
// the group it holds is committed.
func (s *Store) committer() {
	defer close(s.stopped)
	for {
		var first *change
		select {
		case first = <-s.changes:
		case <-s.quit:
			return
		}
		group := []*change{first}
		// Let the requests that have arrived reach the queue first: on a
		// single CPU nothing else runs while a commit waits for the disk.
		runtime.Gosched()
	more:
		for len(group) < maxGroup {
			select {
			case c := <-s.changes:
				group = append(group, c)
			default:
				break more
			}
		}
		s.commitGroup(group)
	}
}

// commitGroup writes group in one transaction and, once it is committed,
// makes it in memory; if the group fails, each change on its own. Every
// change of group is answered.
func (s *Store) commitGroup(group []*change) {
	err := s.commit(func(tx *sql.Tx) error { return s.writeGroup(tx, group) })
	if err != nil && len(group) > 1 {
		for _, c := range group {
			s.commitGroup([]*change{c})
		}
		return
	}
	for _, c := range group {
		switch {
		case err != nil:
			c.err = err
		case c.err != nil: // refused before a write (ErrFull, a check's refusal, a panicking edit)
		case c.kind == add:
			// Memory gives the id the database was given: the committer
			// alone adds, so it cannot be another. Were it another, the
			// file and memory would differ: the change fails, and says so.
			if t, err := s.mem.Add(c.task.Title, c.task.Done); err != nil || t.ID != c.task.ID {
				c.err = s.bug(c, fmt.Errorf("task %d is in the file, but memory took it as %d (%v): restart the server to read the file again", c.task.ID, t.ID, err))
			}
		case c.kind == update && c.found:
			s.mem.Update(c.id, nil, func(m *tasks.Task) { *m = c.task })
		case c.kind == remove && c.found:
			s.mem.Delete(c.id, nil)
		}
		close(c.answered)
	}
}

// writeGroup writes each change of group in tx, checked against the
// tasks as the changes before it leave them. Each statement is prepared
// once for the group, the first time it is needed.
func (s *Store) writeGroup(tx *sql.Tx, group []*change) error {
	v := view{mem: s.mem, changed: map[int]*tasks.Task{}, next: s.mem.NextID(), count: s.mem.Len()}
	st := statements{tx: tx}
	for _, c := range group {
		c.task, c.found, c.err = tasks.Task{}, false, nil // a group tried again starts afresh
		switch c.kind {
		case add:
			if c.err = tasks.CheckRoom(v.count, s.mem.Max); c.err != nil {
				continue
			}
			c.task = tasks.Task{ID: v.next, Title: c.title, Done: c.done}
			if err := st.exec(`INSERT INTO tasks (id, title, done) VALUES (?, ?, ?)`, c.task.ID, c.task.Title, c.task.Done); err != nil {
				return err
			}
			v.next++
			v.count++
			v.changed[c.task.ID] = &c.task
		case update:
			t, ok := v.get(c.id)
			if c.found = ok; !ok {
				continue
			}
			if c.err = s.runEdit(c, &t); c.err != nil {
				continue // refused by its check, or failed: nothing written
			}
			c.task = t
			if err := st.exec(`UPDATE tasks SET title = ?, done = ? WHERE id = ?`, t.Title, t.Done, t.ID); err != nil {
				return err
			}
			v.changed[t.ID] = &c.task
		case remove:
			t, ok := v.get(c.id)
			if c.found = ok; !ok {
				continue
			}
			if c.err = s.runEdit(c, &t); c.err != nil {
				continue // refused by its check: the task stays
			}
			if err := st.exec(`DELETE FROM tasks WHERE id = ?`, c.id); err != nil {
				return err
			}
			v.count--
			v.changed[c.id] = nil
		default:
			c.err = s.bug(c, errors.New("a change of no known kind"))
		}
	}
	_, err := tx.Exec(`UPDATE next_id SET id = ?`, v.next) // ids are never reused, even after a restart
	return err
}

// runEdit asks c's check about t, then runs c's edit on it (a remove has
// none); the check's error refuses c. Both are the handlers' code on the
// committer's goroutine: a panic in either fails c, and only c, instead
// of the process.
func (s *Store) runEdit(c *change, t *tasks.Task) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = s.bug(c, fmt.Errorf("the edit or its check panicked: %v\n%s", v, debug.Stack()))
		}
	}()
	if c.check != nil {
		if err := c.check(*t); err != nil {
			return err // not a bug: the task is not as the change expects
		}
	}
	if c.edit != nil {
		c.edit(t)
	}
	return nil
}

// bug logs why c failed, with what c was, and returns the error its
// handler answers (500): it names the change, not the bug's details,
// which are in the log.
func (s *Store) bug(c *change, why error) error {
	logf := log.Printf
	if s.ErrorLog != nil {
		logf = s.ErrorLog.Printf
	}
	logf("sqlitestore: %v failed: %v", c, why)
	return fmt.Errorf("the %v failed, for a bug (the server's log has it)", c)
}

// statements are a group's prepared statements, by their SQL: each is
// prepared in the group's transaction the first time the group runs it,
// then run for every change that needs it. The transaction closes them
// when it is committed or rolled back.
type statements struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (st *statements) exec(query string, args ...any) error {
	stmt := st.stmts[query]
	if stmt == nil {
		var err error
		if stmt, err = st.tx.Prepare(query); err != nil {
			return err
		}
		if st.stmts == nil {
			st.stmts = map[string]*sql.Stmt{}
		}
		st.stmts[query] = stmt
	}
	_, err := stmt.Exec(args...)
	return err
}

// view is the tasks as the changes so far in a group leave them.
type view struct {
	mem     *tasks.Store
	changed map[int]*tasks.Task // nil: deleted
	next    int                 // the next id
	count   int                 // how many tasks
}

func (v *view) get(id int) (tasks.Task, bool) {
	if t, ok := v.changed[id]; ok {
		if t == nil {
			return tasks.Task{}, false
		}
		return *t, true
	}
	return v.mem.Get(id)
}
