package sqlitestore

import (
	"database/sql"
	"fmt"
	"runtime"

	"httpfromscratch/step3_handlers/handlers"
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

// maxGroup bounds the changes in one transaction.
const maxGroup = 1024

type changeKind int

const (
	add changeKind = iota
	update
	remove
)

// change is one write and, once committed, its result.
type change struct {
	kind  changeKind
	task  handlers.Task        // add: its title and done; the others: its id. Then the result.
	edit  func(*handlers.Task) // update's edit
	found bool                 // update, remove: the task was there
	err   error
	done  chan struct{} // closed when the change is committed, or failed
}

// submit hands c to the committer and returns it once it is committed
// or failed.
func (s *Store) submit(c *change) *change {
	c.done = make(chan struct{})
	s.changes <- c
	<-c.done
	return c
}

// committer commits the changes as they come, in groups: all that wait
// when it is free, up to maxGroup. It ends when Close closes changes.
func (s *Store) committer() {
	defer close(s.stopped)
	for c := range s.changes {
		group := []*change{c}
		// Let the requests that have arrived reach the queue first: on a
		// single CPU nothing else runs while a commit waits for the disk.
		runtime.Gosched()
	more:
		for len(group) < maxGroup {
			select {
			case c, ok := <-s.changes:
				if !ok {
					break more
				}
				group = append(group, c)
			default:
				break more
			}
		}
		s.commitGroup(group)
	}
}

// commitGroup writes group in one transaction and, once it is committed,
// makes it in memory; if the group fails, each change on its own.
func (s *Store) commitGroup(group []*change) {
	err := s.commit(func(tx *sql.Tx) error { return s.write(tx, group) })
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
		case c.err != nil: // refused before a write (ErrFull)
		case c.kind == add:
			t, addErr := s.mem.Add(c.task.Title, c.task.Done) // the id written: every change goes through the committer
			if t.ID != c.task.ID || addErr != nil {
				panic("sqlitestore: memory and database disagree on the next id")
			}
		case c.kind == update && c.found:
			s.mem.Update(c.task.ID, func(m *handlers.Task) { *m = c.task })
		case c.kind == remove && c.found:
			s.mem.Delete(c.task.ID)
		}
		close(c.done)
	}
}

// write writes each change of group in tx, checked against the tasks as
// the changes before it leave them.
func (s *Store) write(tx *sql.Tx, group []*change) error {
	v := view{mem: s.mem, changed: map[int]*handlers.Task{}, next: s.mem.NextID(), count: s.mem.Len()}
	max := s.mem.Max
	if max <= 0 {
		max = handlers.DefaultMaxTasks
	}
	for _, c := range group {
		c.err = nil
		switch c.kind {
		case add:
			if v.count >= max {
				c.err = fmt.Errorf("%w: it holds %d tasks, its limit", handlers.ErrFull, v.count)
				continue
			}
			c.task.ID = v.next
			if _, err := tx.Exec(`INSERT INTO tasks (id, title, done) VALUES (?, ?, ?)`, c.task.ID, c.task.Title, c.task.Done); err != nil {
				return err
			}
			v.next++
			v.count++
			v.changed[c.task.ID] = &c.task
		case update:
			t, ok := v.get(c.task.ID)
			if c.found = ok; !ok {
				continue
			}
			c.edit(&t)
			c.task = t
			if _, err := tx.Exec(`UPDATE tasks SET title = ?, done = ? WHERE id = ?`, t.Title, t.Done, t.ID); err != nil {
				return err
			}
			v.changed[t.ID] = &c.task
		case remove:
			if _, c.found = v.get(c.task.ID); !c.found {
				continue
			}
			if _, err := tx.Exec(`DELETE FROM tasks WHERE id = ?`, c.task.ID); err != nil {
				return err
			}
			v.count--
			v.changed[c.task.ID] = nil
		}
	}
	_, err := tx.Exec(`UPDATE next_id SET id = ?`, v.next) // ids are never reused, even after a restart
	return err
}

// view is the tasks as the changes so far in a group leave them.
type view struct {
	mem     *handlers.Store
	changed map[int]*handlers.Task // nil: deleted
	next    int                    // the next id
	count   int                    // how many tasks
}

func (v *view) get(id int) (handlers.Task, bool) {
	if t, ok := v.changed[id]; ok {
		if t == nil {
			return handlers.Task{}, false
		}
		return *t, true
	}
	return v.mem.Get(id)
}
