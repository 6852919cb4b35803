package router

import (
	"fmt"
	"slices"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// This file holds what the router answers about methods, for every route
// at once. The tutorial's handlers each returned 405 themselves.

// Methods are the methods this server implements, in the order Allow
// lists them: the one list of them.
var Methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// AllMethods is what OPTIONS * answers: every method this router knows.
var AllMethods = strings.Join(Methods, ", ")

// notImplemented answers a method the server does not implement at all
// (BREW, TRACE, PROPFIND) with 501, on any path (RFC 9110 §9.1); nil for
// one of AllMethods. 405 is for a method the server knows but a route
// lacks. Not knowing what such a request means, the server then closes
// the connection.
func notImplemented(method string) *response.Response {
	if slices.Contains(Methods, method) {
		return nil
	}
	resp := response.Error(501, fmt.Sprintf("method %.64s is not implemented by this server", method))
	resp.Close = true
	return resp
}

// handler returns the handler for method; HEAD is answered by GET, and the
// connection leaves the body out.
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

// allow is the Allow field value for r (RFC 9110 §10.2.1): the methods
// it has, HEAD with GET, and OPTIONS always.
func (r *Route) allow() string {
	var m []string
	for _, name := range Methods {
		if name == "OPTIONS" || r.handler(name) != nil {
			m = append(m, name)
		}
	}
	return strings.Join(m, ", ")
}

// options answers OPTIONS on a route: 204 and what it allows.
func (r *Route) options() *response.Response {
	return withAllow(&response.Response{Status: 204}, r.allow())
}

// notAllowed answers a method the route lacks: 405 and what it allows.
func (r *Route) notAllowed(method, path string) *response.Response {
	return withAllow(response.Error(405, fmt.Sprintf("method %s is not allowed on %s", method, request.Clip(path))), r.allow())
}

// optionsStar answers the target "*", which only OPTIONS may use (RFC
// 9110 §9.3.7): it asks about the server itself.
func optionsStar(method string) *response.Response {
	if method != "OPTIONS" {
		return response.Error(400, "the target * is only for OPTIONS")
	}
	return withAllow(&response.Response{Status: 204}, AllMethods)
}

func withAllow(r *response.Response, allow string) *response.Response {
	r.Fields = append(r.Fields, request.Field{Name: "Allow", Value: allow})
	return r
}
