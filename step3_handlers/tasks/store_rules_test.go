package tasks_test

import (
	"testing"

	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step3_handlers/tasks/storetest"
)

// TestStoreRules: the list in memory keeps the API's rules; the SQLite
// store of full -db passes the same tests (package sqlitestore).
func TestStoreRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, limit int) tasks.TaskStore {
		s := tasks.NewStore()
		s.Max = limit
		return s
	})
}
