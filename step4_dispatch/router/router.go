// Package router is step 4 of the tutorial, ROUTES and dispatch: a route
// table, and the function that finds the handler for a request.
//
// The tutorial's ROUTES dict maps a path to a handler, and each handler
// checks the method itself. Here a [Route] names its handler per method,
// so the router can answer what every route shares: 404 for an unknown
// path, 405 with an Allow field for a method the path lacks, HEAD as GET
// without the body, and OPTIONS with the methods the path has.
package router

import (
	"fmt"
	"net/url"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// Params is what the router took from the target for the handler.
type Params struct {
	ID    string     // the {id} path segment, for patterns that have one
	Query url.Values // the parsed query; nil when there is none
}

// HandlerFunc answers one request.
type HandlerFunc func(req *request.Request, p Params) *response.Response

// Route is one row of the route table: a path pattern and a handler for
// each method it implements. A pattern segment "{id}" matches any one
// non-empty segment, which the handler gets as Params.ID.
type Route struct {
	Pattern                       string
	GET, POST, PUT, PATCH, DELETE HandlerFunc
}

// Router is a route table. The zero value has no routes.
type Router struct {
	routes []Route
	allow  []string // allow[i]: the Allow field value of routes[i]
}

// New returns a router over routes, matched in order.
func New(routes ...Route) *Router {
	rt := &Router{routes: routes}
	for _, r := range routes {
		rt.allow = append(rt.allow, r.methods())
	}
	return rt
}

// AllMethods is what OPTIONS * answers: every method this router knows.
const AllMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"

// Dispatch is the tutorial's dispatch: it splits the query off the target,
// finds the route, and runs the handler for the method.
func (rt *Router) Dispatch(req *request.Request) *response.Response {
	if !implemented(req.Method) {
		// RFC 9110 §9.1: a method the server does not implement at all
		// (BREW, TRACE, PROPFIND) is 501 on any path. 405 is for a method
		// the server knows but a route lacks. Not knowing what such a
		// request means, the server then closes the connection.
		resp := response.Error(501, fmt.Sprintf("method %.64s is not implemented by this server", req.Method))
		resp.Close = true
		return resp
	}
	path, query := splitTarget(req.Target)
	if path == "*" { // "OPTIONS * HTTP/1.1" asks about the server itself (RFC 9110 §9.3.7)
		if req.Method != "OPTIONS" {
			return response.Error(400, "the target * is only for OPTIONS")
		}
		return withAllow(&response.Response{Status: 204}, AllMethods)
	}
	i, id := rt.match(path)
	if i < 0 {
		return response.Error(404, fmt.Sprintf("path %s does not exist", path))
	}
	route, allow := &rt.routes[i], rt.allow[i]
	if req.Method == "OPTIONS" {
		return withAllow(&response.Response{Status: 204}, allow)
	}
	h := route.handler(req.Method)
	if h == nil {
		return withAllow(response.Error(405, fmt.Sprintf("method %s is not allowed on %s", req.Method, path)), allow)
	}
	p := Params{ID: id}
	if query != "" {
		q, err := url.ParseQuery(query)
		if err != nil {
			return response.Error(400, fmt.Sprintf("malformed query %q", query))
		}
		p.Query = q
	}
	return h(req, p)
}

// splitTarget returns the path and the query of a request target. It
// accepts the absolute form ("http://host/path?q") that RFC 9112 §3.2.2
// says a server must accept, as well as the usual "/path?q".
func splitTarget(target string) (path, query string) {
	if i := strings.Index(target, "://"); i > 0 && !strings.HasPrefix(target, "/") {
		rest := target[i+3:]
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			target = rest[j:]
		} else {
			target = "/"
		}
		if strings.HasPrefix(target, "?") {
			target = "/" + target
		}
	}
	path, query, _ = strings.Cut(target, "?")
	return path, query
}

// match returns the index of the first route whose pattern matches path,
// and the {id} segment if the pattern has one; -1 if none matches.
func (rt *Router) match(path string) (int, string) {
	for i, r := range rt.routes {
		if id, ok := matchPattern(r.Pattern, path); ok {
			return i, id
		}
	}
	return -1, ""
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

// implemented reports whether method is one of AllMethods.
func implemented(method string) bool {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return true
	}
	return false
}

// handler returns the handler for method; HEAD is answered by GET.
func (r *Route) handler(method string) HandlerFunc {
	switch method {
	case "GET", "HEAD":
		return r.GET
	case "POST":
		return r.POST
	case "PUT":
		return r.PUT
	case "PATCH":
		return r.PATCH
	case "DELETE":
		return r.DELETE
	}
	return nil
}

// methods is the Allow field value for r (RFC 9110 §10.2.1).
func (r *Route) methods() string {
	var m []string
	for _, name := range strings.Split(AllMethods, ", ") {
		if name == "OPTIONS" || r.handler(name) != nil {
			m = append(m, name)
		}
	}
	return strings.Join(m, ", ")
}

func withAllow(r *response.Response, allow string) *response.Response {
	r.Headers = append(r.Headers, request.Header{Name: "Allow", Value: allow})
	return r
}
