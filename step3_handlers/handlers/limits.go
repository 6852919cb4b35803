package handlers

import "fmt"

// A limit keeps a title short. The tutorial took any title; the store
// keeps every one, and every GET /tasks sends them all. How many tasks
// the store holds is the store's own limit (package tasks, limits.go).

// DefaultMaxTitle is the longest title, in bytes of UTF-8 after trimming:
// a to-do item, not a document.
const DefaultMaxTitle = 1000

// checkTitle refuses a title over limit bytes; limit 0 means
// DefaultMaxTitle.
func checkTitle(title string, limit int) error {
	if limit <= 0 {
		limit = DefaultMaxTitle
	}
	if len(title) > limit {
		return fmt.Errorf("title is %d bytes long; the limit is %d bytes", len(title), limit)
	}
	return nil
}
