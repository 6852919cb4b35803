package tasks

import (
	"errors"
	"fmt"
)

// A limit keeps the store bounded. The tutorial's _tasks list grows with
// every POST; so would this store, and with it every GET /tasks, until a
// client that only sends valid requests has taken all the memory there is.

// DefaultMaxTasks is the most tasks a store holds when its Max is 0.
const DefaultMaxTasks = 100_000

// ErrFull is what an Add returns when the store holds its maximum
// (507 Insufficient Storage, RFC 4918 §11.5).
var ErrFull = errors.New("the store is full")

// CheckRoom returns ErrFull, saying why, when a store holding n tasks
// may hold no more: limit tasks at most, DefaultMaxTasks when limit is 0.
// It is the rule's one place: Store.Add asks it, and so does a store
// that keeps the tasks elsewhere, of the count its pending changes leave
// (sqlitestore's commit.go).
func CheckRoom(n, limit int) error {
	if limit <= 0 {
		limit = DefaultMaxTasks
	}
	if n < limit {
		return nil
	}
	return full(n)
}

// full is ErrFull for a store of n tasks: apart, so that CheckRoom is
// inlined into every Add.
func full(n int) error { return fmt.Errorf("%w: it holds %d tasks, its limit", ErrFull, n) }
