package handlers

import (
	"errors"
	"fmt"
)

// Limits keep the store bounded. The tutorial's _tasks list grows with
// every POST; so would this store, and with it every GET /tasks, until a
// client that only sends valid requests has taken all the memory there is.

const (
	// DefaultMaxTitle is the longest title, in bytes of UTF-8 after
	// trimming: a to-do item, not a document.
	DefaultMaxTitle = 1000
	// DefaultMaxTasks is the most tasks the store holds.
	DefaultMaxTasks = 100_000
)

// ErrFull is what Store.Add returns when the store holds its maximum
// (507 Insufficient Storage, RFC 4918 §11.5).
var ErrFull = errors.New("the store is full")

// checkTitle refuses a title over max bytes; max 0 means DefaultMaxTitle.
func checkTitle(title string, max int) error {
	if max <= 0 {
		max = DefaultMaxTitle
	}
	if len(title) > max {
		return fmt.Errorf("title is %d bytes long; the limit is %d bytes", len(title), max)
	}
	return nil
}

// full reports whether the store may take no more tasks; called with s.mu
// held.
func (s *Store) full() bool {
	max := s.Max
	if max <= 0 {
		max = DefaultMaxTasks
	}
	return s.tasks.len() >= max
}
