// Package handlers is step 3 of the tutorial, handle_health and
// handle_tasks: the functions that do the work behind each route. The
// tasks they share are in a store of their own (package tasks), which
// knows nothing of HTTP.
//
// Each handler takes only what it needs (a body, an id, the query) and
// returns a [response.Response]; step 4's router decides which one runs.
// The tutorial's handlers also checked the method themselves; here that
// is the router's job, so a handler only does its own work.
package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/tasks"
)

// Health answers GET /health: {"status":"ok","time":"...","tasks_count":N}.
// The answer is built once for each second and number of tasks, then
// given to every request that asks for the same (health_cache.go).
//
// Tutorial: handle_health
func (h *Handlers) Health() *response.Response {
	now, n := h.Now(), h.Store.Len()
	if r := h.health.answer(now, n); r != nil {
		return r
	}
	r := response.JSON(200, struct {
		Status     string `json:"status"`
		Time       string `json:"time"`
		TasksCount int    `json:"tasks_count"`
	}{"ok", now.Format(time.DateTime), n})
	h.health.keep(now, n, r)
	return r
}

// ListTasks answers GET /tasks: {"tasks":[...],"total":N}, in id order;
// with ?status=done or ?status=todo, only those.
//
// Tutorial: handle_tasks_get
func (h *Handlers) ListTasks(query url.Values) *response.Response {
	var keep func(tasks.Task) bool
	if status, ok := query["status"]; ok {
		if len(status) != 1 || (status[0] != "done" && status[0] != "todo") {
			return response.Error(400, `status must be "done" or "todo", once`)
		}
		wantDone := status[0] == "done"
		keep = func(t tasks.Task) bool { return t.Done == wantDone }
	}
	// with _lock: list(_tasks): a snapshot, then the body written from it
	// (listbody.go: built whole when short, streamed when long)
	return listResponse(h.Store.Snapshot(), keep)
}

// CreateTask answers POST /tasks {"title":"..."} with 201 and the new
// task, and a Location field naming it.
//
// Tutorial: handle_tasks_post
func (h *Handlers) CreateTask(body []byte) *response.Response {
	f, err := decodeFields(body)
	if err != nil {
		return response.Error(400, err.Error())
	}
	if f.Title == nil {
		return response.Error(400, "title is required")
	}
	title, err := cleanTitle(*f.Title, h.MaxTitle)
	if err != nil {
		return response.Error(400, err.Error())
	}
	t, err := h.Store.Add(title, f.Done != nil && *f.Done)
	if err != nil {
		return storeError(err) // 507 when full
	}
	r := response.JSON(201, taskBody{t})
	r.Fields = request.Fields{{Name: "Location", Value: fmt.Sprintf("/tasks/%d", t.ID)}}
	return r
}

// GetTask answers GET /tasks/{id}.
func (h *Handlers) GetTask(id string) *response.Response {
	n, ok := parseID(id)
	if !ok {
		return notFound(id)
	}
	t, ok := h.Store.Get(n)
	if !ok {
		return notFound(id)
	}
	return response.JSON(200, taskBody{t})
}

// PatchTask answers PATCH /tasks/{id}: it changes the fields sent, and
// nothing at all when any of them is bad.
func (h *Handlers) PatchTask(id string, body []byte) *response.Response {
	return h.update(id, body, false)
}

// PutTask answers PUT /tasks/{id}: title and done are both required.
func (h *Handlers) PutTask(id string, body []byte) *response.Response {
	return h.update(id, body, true)
}

func (h *Handlers) update(id string, body []byte, replace bool) *response.Response {
	n, ok := parseID(id)
	if !ok {
		return notFound(id)
	}
	if _, ok := h.Store.Get(n); !ok {
		return notFound(id)
	}
	f, err := decodeFields(body)
	if err != nil {
		return response.Error(400, err.Error())
	}
	switch {
	case replace && (f.Title == nil || f.Done == nil):
		return response.Error(400, "PUT needs both title and done")
	case f.Title == nil && f.Done == nil:
		return response.Error(400, "nothing to change: send title and/or done")
	}
	var title string
	if f.Title != nil {
		if title, err = cleanTitle(*f.Title, h.MaxTitle); err != nil {
			return response.Error(400, err.Error())
		}
	}
	t, ok, err := h.Store.Update(n, func(t *tasks.Task) {
		if f.Title != nil {
			t.Title = title
		}
		if f.Done != nil {
			t.Done = *f.Done
		}
	})
	if err != nil {
		return storeError(err)
	}
	if !ok { // deleted by another request since the check above
		return notFound(id)
	}
	return response.JSON(200, taskBody{t})
}

// DeleteTask answers DELETE /tasks/{id}, the tutorial's closing exercise.
//
// Tutorial: handle_task_delete (the exercise)
func (h *Handlers) DeleteTask(id string) *response.Response {
	n, ok := parseID(id)
	if !ok {
		return notFound(id)
	}
	deleted, err := h.Store.Delete(n)
	if err != nil {
		return storeError(err)
	}
	if !deleted {
		return notFound(id)
	}
	return &response.Response{Status: 204}
}

// storeError answers a change the store could not make: 507 Insufficient
// Storage when there is no room (ErrFull); 503 when the store is closed
// (ErrClosed: the server is stopping, and another may be up in a moment,
// so the client is told to try again in a second); else 500. Whichever it
// is, nothing changed.
func storeError(err error) *response.Response {
	switch {
	case errors.Is(err, tasks.ErrFull):
		return response.Error(507, err.Error())
	case errors.Is(err, tasks.ErrClosed):
		return response.Unavailable(err.Error())
	}
	return response.Error(500, "the change was not saved: "+err.Error())
}

func notFound(id string) *response.Response {
	return response.Error(404, fmt.Sprintf("task %q not found", request.Clip(id)))
}

// Handlers serves the tasks API from a store: the list in memory
// (tasks.NewStore), or any other tasks.TaskStore.
type Handlers struct {
	Store    tasks.TaskStore
	Now      func() time.Time // the clock /health reports; time.Now in the server
	MaxTitle int              // the longest title in bytes (limits.go); 0 means DefaultMaxTitle

	health healthCache // the last /health answer (health_cache.go)
}

// New returns handlers over store, reading the time from now.
func New(store tasks.TaskStore, now func() time.Time) *Handlers {
	return &Handlers{Store: store, Now: now}
}

type taskBody struct {
	Task tasks.Task `json:"task"`
}
