package tasks

import "iter"

// Snapshot is the store's tasks at one moment, in id order: the
// tutorial's list(_tasks), taken under the lock and read after it is let
// go. It holds the store's pages as they were (store_pages.go), sharing
// them rather than copying a task: the store copies a page before it
// changes one a snapshot shares, and adds go past the end a snapshot
// sees. So a list of 100,000 tasks costs the lock no more than a list of
// two, and a slow client reading it holds up no writer.
type Snapshot struct {
	pages   [][]stored
	version uint64
}

// Version is how many changes (adds, updates, deletes) the store had made
// when the snapshot was taken: two snapshots of one store with the same
// version hold the same tasks. It is counted from when the store was
// made, so it says nothing across two stores, nor across a restart. A
// list's ETag is made of it (handlers' conditional.go): naming the
// version costs nothing, where hashing a list of 100,000 tasks would
// cost a walk of them all.
func (s Snapshot) Version() uint64 { return s.version }

// All yields the tasks in id order, each with the length of its JSON,
// len(AppendJSON(nil, task)), counted when it was stored: the length of
// a list is then a sum, known before a byte of it is written.
func (s Snapshot) All() iter.Seq2[Task, int] {
	return func(yield func(Task, int) bool) {
		for _, page := range s.pages {
			for _, t := range page {
				if !yield(t.Task, int(t.size)) {
					return
				}
			}
		}
	}
}
