package router

import (
	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
)

// Tasks returns the route table of the tasks API (SPEC §1), the Go form of
// the tutorial's ROUTES = {"/health": ..., "/tasks": ...}.
func Tasks(h *handlers.Handlers) *Router {
	return New(
		Route{
			Pattern: "/health",
			GET:     func(*request.Request, Params) *response.Response { return h.Health() },
		},
		Route{
			Pattern: "/tasks",
			GET:     func(_ *request.Request, p Params) *response.Response { return h.ListTasks(p.Query) },
			POST:    func(r *request.Request, _ Params) *response.Response { return h.CreateTask(r.Body) },
		},
		Route{
			Pattern: "/tasks/{id}",
			GET:     func(_ *request.Request, p Params) *response.Response { return h.GetTask(p.ID) },
			PUT:     func(r *request.Request, p Params) *response.Response { return h.PutTask(p.ID, r.Body) },
			PATCH:   func(r *request.Request, p Params) *response.Response { return h.PatchTask(p.ID, r.Body) },
			DELETE:  func(_ *request.Request, p Params) *response.Response { return h.DeleteTask(p.ID) },
		},
	)
}
