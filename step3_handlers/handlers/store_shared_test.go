package handlers_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
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

// brokenStore is a store whose changes all fail, as a database that has
// gone away does.
type brokenStore struct{ *handlers.Store }

var errGone = errors.New("disk I/O error")

func (brokenStore) Add(string, bool) (handlers.Task, error) { return handlers.Task{}, errGone }
func (brokenStore) Update(int, func(*handlers.Task)) (handlers.Task, bool, error) {
	return handlers.Task{}, false, errGone
}
func (brokenStore) Delete(int) (bool, error) { return false, errGone }

// TestAChangeTheStoreCannotMakeIs500: POST, PATCH, PUT and DELETE answer
// 500 with the store's reason, and the list is as it was.
func TestAChangeTheStoreCannotMakeIs500(t *testing.T) {
	s := brokenStore{handlers.NewStore()}
	h := handlers.New(s, time.Now)
	for name, r := range map[string]*response.Response{
		"POST":   h.CreateTask([]byte(`{"title":"x"}`)),
		"PATCH":  h.PatchTask("1", []byte(`{"done":true}`)),
		"PUT":    h.PutTask("1", []byte(`{"title":"x","done":true}`)),
		"DELETE": h.DeleteTask("1"),
	} {
		if r.Status != 500 || !strings.Contains(string(r.Body), "the change was not saved: disk I/O error") {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
		}
	}
	if s.Len() != 2 {
		t.Errorf("%d tasks after failed changes, want 2", s.Len())
	}
}
