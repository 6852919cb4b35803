// Package handlers is step 3 of the tutorial, handle_health and
// handle_tasks: the functions that do the work behind each route. The
// tasks they share are in a store of their own (package tasks), which
// knows nothing of HTTP.
//
// Each handler takes only what it needs (a body, an id, the query, the
// header fields for If-Match and If-None-Match) and returns a
// [response.Response]; step 4's router decides which one runs.
// The tutorial's handlers also checked the method themselves; here that
// is the router's job, so a handler only does its own work.
package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
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
// with ?status=done or ?status=todo, only those. Its ETag names the list
// as it is (conditional.go).
//
// Tutorial: handle_tasks_get
func (h *Handlers) ListTasks(query url.Values) *response.Response {
	return h.ListTasksIfChanged(query, nil)
}

// ListTasksIfChanged is ListTasks for a request whose headers may hold
// If-None-Match: 304 Not Modified, and no list, when the client's copy is
// the list as it is now (conditional.go). ListTasks keeps the tutorial's
// signature, which full's yardsticks (load_test.go, fasthttp) call.
func (h *Handlers) ListTasksIfChanged(query url.Values, headers request.Fields) *response.Response {
	var keep func(tasks.Task) bool
	filter := ""
	if status, ok := query["status"]; ok {
		if len(status) != 1 || (status[0] != "done" && status[0] != "todo") {
			return response.Error(400, `status must be "done" or "todo", once`)
		}
		filter = status[0]
		wantDone := status[0] == "done"
		keep = func(t tasks.Task) bool { return t.Done == wantDone }
	}
	// with _lock: list(_tasks): a snapshot, then the body written from it
	// (listbody.go: built whole when short, streamed when long)
	snap := h.Store.Snapshot()
	etag := h.listETag(snap, filter) // its version, taken with the tasks
	fields := request.Fields{{Name: "ETag", Value: etag}}
	if r := readPreconditions(headers, "the list", etag, fields); r != nil {
		return r // 304 before a task is walked, or 412
	}
	r := listResponse(snap, keep)
	r.Fields = fields
	return r
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
	r.Fields = request.Fields{
		{Name: "Location", Value: fmt.Sprintf("/tasks/%d", t.ID)},
		{Name: "ETag", Value: taskETag(t)}, // the new task's (RFC 9110 §15.3.2; conditional.go)
	}
	return r
}

// GetTask answers GET /tasks/{id}, with the task's ETag; 304 Not
// Modified when If-None-Match names it (conditional.go).
func (h *Handlers) GetTask(id string, headers request.Fields) *response.Response {
	n, ok := parseID(id)
	if !ok {
		return notFound(id)
	}
	t, ok := h.Store.Get(n)
	if !ok {
		return notFound(id)
	}
	etag := taskETag(t)
	fields := request.Fields{{Name: "ETag", Value: etag}}
	if r := readPreconditions(headers, "task "+strconv.Itoa(n), etag, fields); r != nil {
		return r
	}
	r := response.JSON(200, taskBody{t})
	r.Fields = fields
	return r
}

// PatchTask answers PATCH /tasks/{id}: it changes the fields sent, and
// nothing at all when any of them is bad, or when the task is not the
// one If-Match names (412, conditional.go).
func (h *Handlers) PatchTask(id string, headers request.Fields, body []byte) *response.Response {
	return h.update(id, headers, body, false)
}

// PutTask answers PUT /tasks/{id}: title and done are both required.
func (h *Handlers) PutTask(id string, headers request.Fields, body []byte) *response.Response {
	return h.update(id, headers, body, true)
}

// update changes the task: 404 when there is none, then 412 when its
// preconditions fail, then 400 for the body (RFC 9110 §13.2.1: the
// preconditions come before the content is processed).
func (h *Handlers) update(id string, headers request.Fields, body []byte, replace bool) *response.Response {
	n, ok := parseID(id)
	if !ok {
		return notFound(id)
	}
	t, ok := h.Store.Get(n)
	if !ok {
		return notFound(id)
	}
	check := changeCheck(headers) // nil without If-Match or If-None-Match
	if check != nil {
		if err := check(t); err != nil {
			return storeError(err) // 412 before the body's 400; the store asks again, with the change
		}
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
	t, ok, err = h.Store.Update(n, check, func(t *tasks.Task) {
		if f.Title != nil {
			t.Title = title
		}
		if f.Done != nil {
			t.Done = *f.Done
		}
	})
	if err != nil {
		return storeError(err) // 412 too, when the task changed since the check above
	}
	if !ok { // deleted by another request since the check above
		return notFound(id)
	}
	r := response.JSON(200, taskBody{t})
	if !replace {
		// PUT's answer has none: RFC 9110 §9.3.4 allows a validator after
		// a PUT only when the task is now byte for byte what was sent,
		// and {"title":…,"done":…} is not {"task":{…}}.
		r.Fields = request.Fields{{Name: "ETag", Value: taskETag(t)}}
	}
	return r
}

// DeleteTask answers DELETE /tasks/{id}, the tutorial's closing exercise;
// 412, and the task kept, when it is not the one If-Match names.
//
// Tutorial: handle_task_delete (the exercise)
func (h *Handlers) DeleteTask(id string, headers request.Fields) *response.Response {
	n, ok := parseID(id)
	if !ok {
		return notFound(id)
	}
	deleted, err := h.Store.Delete(n, changeCheck(headers)) // the check, asked atomically with the delete
	if err != nil {
		return storeError(err)
	}
	if !deleted {
		return notFound(id)
	}
	return &response.Response{Status: 204}
}

// storeError answers a change the store could not make: 412 Precondition
// Failed when the task is not the one the request's If-Match names
// (conditional.go); 507 Insufficient Storage when there is no room
// (ErrFull); 503 when the store is closed (ErrClosed: the server is
// stopping, and another may be up in a moment, so the client is told to
// try again in a second); else 500. Whichever it is, nothing changed.
func storeError(err error) *response.Response {
	switch {
	case errors.Is(err, errPreconditionFailed):
		return response.Error(412, err.Error())
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

	// RunID names this run of the server in every list's ETag
	// (conditional.go), so that no tag is the same across two runs. New
	// draws it at random; a demo may fix it (letters and digits) to
	// print the same every time.
	RunID string

	health healthCache // the last /health answer (health_cache.go)
}

// New returns handlers over store, reading the time from now.
func New(store tasks.TaskStore, now func() time.Time) *Handlers {
	return &Handlers{Store: store, Now: now, RunID: newRunID()}
}

type taskBody struct {
	Task tasks.Task `json:"task"`
}
