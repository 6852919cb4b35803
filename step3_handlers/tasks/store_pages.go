package tasks

import (
	"slices"
	"sort"
)

// taskList is the store's list of tasks, in id order, kept in pages of
// pageSize tasks rather than in one slice.
//
// One growing slice is what the tutorial's list is, and it is simpler; but
// each time it outgrows its array, append copies every task while the
// store's lock is held, and every request waits for that copy. With
// hundreds of thousands of tasks that is milliseconds. A full page is
// never copied. `ONLY=POST bash full/compare.sh` measures what that earns
// (POST's p99); the numbers are in full/README.md, "What makes it fast".
//
// Pages also let a list be written to a slow client without holding the
// lock and without copying a task (snapshot.go): a snapshot shares the
// pages, which the store then copies before it changes one (copy on
// write). Adds go past the end every snapshot sees, so they copy nothing.
type taskList struct {
	pages []*page // each non-empty, at most pageSize long, ids increasing
	count int     // tasks in all pages
}

type page struct {
	tasks  []stored
	shared bool // a snapshot may be reading tasks: copy it before a change
}

// stored is a task and the length of its JSON (json.go), counted when the
// task is stored or changed rather than on every GET /tasks: a list's
// length is then a sum (handlers' listbody.go).
type stored struct {
	Task
	size int32 // len(AppendJSON(nil, Task)): len(`{"id":1,"title":"…","done":false}`)
}

func store(t Task) stored { return stored{t, int32(jsonLen(t))} }

const pageSize = 1024

func (l *taskList) len() int { return l.count }

// append adds t, whose id is larger than any in the list.
func (l *taskList) append(t Task) {
	if last := len(l.pages) - 1; last >= 0 && len(l.pages[last].tasks) < pageSize {
		p := l.pages[last]
		p.tasks = append(p.tasks, store(t)) // past the end any snapshot sees
	} else {
		l.pages = append(l.pages, &page{tasks: append(make([]stored, 0, pageSize), store(t))})
	}
	l.count++
}

// find returns the task with id, or nil: a binary search for the page
// whose last id is at least id, then one within it (ids only grow, so
// both are sorted).
func (l *taskList) find(id int) *Task {
	p, i := l.locate(id)
	if p < 0 {
		return nil
	}
	return &l.pages[p].tasks[i].Task
}

// update applies edit to a copy of the task with id and stores the
// copy, its JSON length counted again, in its page (copied first if a
// snapshot shares it); false when there is no such task. An edit that
// panics stores nothing: no half-edited task, no stale length.
func (l *taskList) update(id int, edit func(*Task)) (Task, bool) {
	p, i := l.locate(id)
	if p < 0 {
		return Task{}, false
	}
	t := l.pages[p].tasks[i].Task
	edit(&t)
	l.own(p).tasks[i] = store(t)
	return t, true
}

// remove deletes the task with id, and reports whether it was there. Only
// its page shifts (a copy of it, if a snapshot shares it); an emptied
// page goes.
func (l *taskList) remove(id int) bool {
	p, i := l.locate(id)
	if p < 0 {
		return false
	}
	pg := l.own(p)
	pg.tasks = slices.Delete(pg.tasks, i, i+1)
	if len(pg.tasks) == 0 {
		l.pages = slices.Delete(l.pages, p, p+1)
	}
	l.count--
	return true
}

// own returns page p, copied first if a snapshot shares it: a change to
// it must not show in a list being written.
func (l *taskList) own(p int) *page {
	if pg := l.pages[p]; pg.shared {
		l.pages[p] = &page{tasks: append(make([]stored, 0, pageSize), pg.tasks...)}
	}
	return l.pages[p]
}

// share returns the pages as they are now, for a snapshot, and marks them
// shared.
func (l *taskList) share() [][]stored {
	out := make([][]stored, len(l.pages))
	for i, p := range l.pages {
		p.shared = true
		out[i] = p.tasks // its length now: later adds go past it
	}
	return out
}

func (l *taskList) locate(id int) (page, index int) {
	p := sort.Search(len(l.pages), func(p int) bool { t := l.pages[p].tasks; return t[len(t)-1].ID >= id })
	if p == len(l.pages) {
		return -1, -1
	}
	tasks := l.pages[p].tasks
	i := sort.Search(len(tasks), func(i int) bool { return tasks[i].ID >= id })
	if tasks[i].ID != id {
		return -1, -1
	}
	return p, i
}
