package handlers_test

import (
	"testing"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/handlers/storetest"
)

// TestStoreRules: the list in memory keeps the API's rules; the SQLite
// store of full -db passes the same tests (package sqlitestore).
func TestStoreRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, max int) handlers.TaskStore {
		s := handlers.NewStore()
		s.Max = max
		return s
	})
}
