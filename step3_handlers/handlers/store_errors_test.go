package handlers_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

// failingStore is a store whose changes all fail with err, as a database
// that has gone away does, or a store closed under a handler still
// running.
type failingStore struct {
	*tasks.Store
	err error
}

func (s failingStore) Add(string, bool) (tasks.Task, error) { return tasks.Task{}, s.err }
func (s failingStore) Update(int, tasks.Check, func(*tasks.Task)) (tasks.Task, bool, error) {
	return tasks.Task{}, false, s.err
}
func (s failingStore) Delete(int, tasks.Check) (bool, error) { return false, s.err }

// changes makes every change a handler makes, each answer by its method.
func changes(h *handlers.Handlers) map[string]*response.Response {
	return map[string]*response.Response{
		"POST":   h.CreateTask([]byte(`{"title":"x"}`)),
		"PATCH":  h.PatchTask("1", nil, []byte(`{"done":true}`)),
		"PUT":    h.PutTask("1", nil, []byte(`{"title":"x","done":true}`)),
		"DELETE": h.DeleteTask("1", nil),
	}
}

// TestAChangeTheStoreCannotMakeIs500: POST, PATCH, PUT and DELETE answer
// 500 with the store's reason, and the list is as it was.
func TestAChangeTheStoreCannotMakeIs500(t *testing.T) {
	s := failingStore{tasks.NewStore(), errors.New("disk I/O error")}
	for method, r := range changes(handlers.New(s, time.Now)) {
		if r.Status != 500 || !strings.Contains(string(r.Body), "the change was not saved: disk I/O error") {
			t.Errorf("%s: %d %s, want 500 saying the change was not saved, and why: answer the store's error with storeError(err) (handlers.go)", method, r.Status, r.Body)
		}
	}
	if s.Len() != 2 {
		t.Errorf("%d tasks after failed changes, want 2", s.Len())
	}
}

// TestAChangeToAClosedStoreIs503RetryAfter1: a handler still running when
// the server closes its store (sqlitestore after the shutdown grace) is
// answered 503 with Retry-After: 1, not 500: the server is stopping, and
// the next one may be up in a second.
func TestAChangeToAClosedStoreIs503RetryAfter1(t *testing.T) {
	s := failingStore{tasks.NewStore(), tasks.ErrClosed}
	for method, r := range changes(handlers.New(s, time.Now)) {
		if r.Status != 503 || r.Get("Retry-After") != "1" || !strings.Contains(string(r.Body), "the store is closed") {
			t.Errorf("%s: %d %v %s, want 503 with Retry-After: 1, saying the store is closed: answer the store's error with storeError(err) (handlers.go)", method, r.Status, r.Fields, r.Body)
		}
	}
}
