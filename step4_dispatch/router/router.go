// Package router is step 4 of the tutorial, ROUTES and dispatch: a route
// table (路由表), and the function that finds the handler for a request.
//
// The tutorial's ROUTES dict maps a path to a handler, and each handler
// checks the method itself. Here a [Route] names its handler per method,
// so the router answers what every route shares, once: 404 for an unknown
// path, 405 with an Allow field for a method the path lacks, 501 for a
// method no route has, HEAD as GET without the body, and OPTIONS with the
// methods the path has (methods.go); 403 for a write that another web
// site's page asked a browser to send (crossorigin.go); when told its
// names, 421 for a request to a name that is not this server's
// (hosts.go); and, when given compressors, the page, the list and /echo
// gzipped for a client that asks (compress.go).
package router

import (
	"fmt"
	"net/url"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
)

// Dispatch is the tutorial's dispatch: it splits the query off the target,
// finds the route, and runs the handler for the method.
//
// Tutorial: dispatch
func (rt *Router) Dispatch(req *request.Request) (resp *response.Response) {
	if resp := rt.misdirected(req); resp != nil {
		return resp // 421: a name that is not this server's, before any route is looked at (hosts.go)
	}
	if resp := notImplemented(req.Method); resp != nil {
		return resp // 501: a method no route could have (methods.go)
	}
	if resp := crossOrigin(req); resp != nil {
		return resp // 403: a write another web site asked for (crossorigin.go)
	}
	// clean_path = path.split("?")[0]
	path, query := request.SplitTarget(req.Target)
	if path == "*" { // "OPTIONS * HTTP/1.1" asks about the server itself
		return optionsStar(req.Method)
	}
	// handler = ROUTES.get(clean_path)
	route, id := rt.match(path)
	if route == nil {
		// if handler is None: return build_response(404, ...)
		return response.Error(404, fmt.Sprintf("path %s does not exist", request.Clip(path)))
	}
	// Whatever the route answers: gzip when the client asks and the body
	// is worth it, and Vary on every answer of the page, the list and
	// /echo (compress.go).
	defer rt.Gzip.negotiate(req, route, &resp)
	if req.Method == "OPTIONS" {
		return route.options()
	}
	h := route.handler(req.Method)
	if h == nil {
		return route.notAllowed(req.Method, path) // 405 with Allow
	}
	p := Params{ID: id}
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return response.Error(400, fmt.Sprintf("malformed query %q", request.Clip(query)))
		}
		p.Query = q
	}
	// return handler(method, clean_path, headers, body)
	return h(req, p)
}

// Tasks returns the route table of the tasks API, the Go form of the
// tutorial's ROUTES = {"/health": handle_health, "/tasks": handle_tasks},
// with /tasks/{id} (the tutorial's closing exercise, and more), and the
// two routes that let a learner see HTTP: /echo and the page at /.
//
// Tutorial: ROUTES
func Tasks(h *handlers.Handlers) *Router {
	return New(
		Route{
			Pattern: "/health",
			GET:     func(*request.Request, Params) *response.Response { return h.Health() },
		},
		Route{
			Pattern: "/tasks",
			GET:     func(r *request.Request, p Params) *response.Response { return h.ListTasksIfChanged(p.Query, r.Fields) },
			POST:    func(r *request.Request, _ Params) *response.Response { return h.CreateTask(r.Body) },
		},
		Route{
			Pattern: "/tasks/{id}",
			GET:     func(r *request.Request, p Params) *response.Response { return h.GetTask(p.ID, r.Fields) },
			PUT:     func(r *request.Request, p Params) *response.Response { return h.PutTask(p.ID, r.Fields, r.Body) },
			PATCH:   func(r *request.Request, p Params) *response.Response { return h.PatchTask(p.ID, r.Fields, r.Body) },
			DELETE:  func(r *request.Request, p Params) *response.Response { return h.DeleteTask(p.ID, r.Fields) },
		},
		Route{
			Pattern: "/echo",
			GET:     echo, POST: echo, PUT: echo, PATCH: echo, DELETE: echo,
		},
		Route{
			Pattern: "/",
			GET:     func(r *request.Request, _ Params) *response.Response { return handlers.Page(r) },
		},
	)
}

func echo(r *request.Request, _ Params) *response.Response { return handlers.Echo(r) }

// Route is one row of the route table: a path pattern and a handler for
// each method it implements. A pattern segment "{id}" matches any one
// non-empty segment, which the handler gets as Params.ID.
type Route struct {
	Pattern                       string
	GET, POST, PUT, PATCH, DELETE HandlerFunc
}

// HandlerFunc answers one request.
type HandlerFunc func(req *request.Request, p Params) *response.Response

// Params is what the router took from the target for the handler.
type Params struct {
	ID    string     // the {id} path segment, for patterns that have one
	Query url.Values // the parsed query; nil when there is none
}

// Router is a route table. The zero value has no routes and serves every
// Host.
//
// The tutorial's dict finds a path in O(1); this table is a list, tried in
// order, because a pattern like "/tasks/{id}" is not one key but many. With
// five routes, a scan is as fast as any map.
type Router struct {
	routes []Route

	// Hosts, when set, are the names the router answers to (hosts.go);
	// nil answers every Host. full sets it; the steps' demos do not.
	Hosts *Hosts

	// Gzip, when set, compresses the page, the list and /echo for clients
	// that accept gzip (compress.go); nil sends every body as it is, and
	// no Vary. full sets it; the steps' demos do not.
	Gzip *Gzip
}

// New returns a router over routes, matched in order.
func New(routes ...Route) *Router {
	return &Router{routes: routes}
}

// Describe lists the routes and their methods, for a server's banner:
// "GET /health | GET, POST /tasks | ...".
func (rt *Router) Describe() string {
	var parts []string
	for _, r := range rt.routes {
		var m []string
		for _, name := range Methods {
			if name != "HEAD" && name != "OPTIONS" && r.handler(name) != nil { // every route has those two
				m = append(m, name)
			}
		}
		parts = append(parts, strings.Join(m, ", ")+" "+r.Pattern)
	}
	return strings.Join(parts, " | ")
}

// match returns the first route whose pattern matches path, and the {id}
// segment if the pattern has one; nil if none matches.
func (rt *Router) match(path string) (*Route, string) {
	for i, r := range rt.routes {
		if id, ok := matchPattern(r.Pattern, path); ok {
			return &rt.routes[i], id
		}
	}
	return nil, ""
}

// matchPattern compares pattern and path one segment at a time.
func matchPattern(pattern, path string) (id string, ok bool) {
	for {
		pseg, prest, pmore := strings.Cut(pattern, "/")
		seg, rest, more := strings.Cut(path, "/")
		switch {
		case pseg == "{id}" && seg != "":
			id = seg
		case pseg != seg:
			return "", false
		}
		if !pmore || !more {
			if pmore != more {
				return "", false
			}
			return id, true
		}
		pattern, path = prest, rest
	}
}
