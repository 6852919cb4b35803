package router

import (
	"net/url"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// This file guards the tasks against other web sites. A page on any
// origin can make the learner's browser send a POST to
// http://127.0.0.1:8000/tasks: a <form enctype="text/plain"> that submits
// itself, or fetch with mode "no-cors". CORS stops that page from reading
// the answer, not from sending the request, and the task is created all
// the same. Browsers say where a request comes from, so the server can
// refuse it: the rule of Go's net/http.CrossOriginProtection (its Check,
// in net/http/csrf.go), for every method that may change something.
//
//	Sec-Fetch-Site: same-origin, none            → served (our page; a typed URL)
//	Sec-Fetch-Site: cross-site, same-site        → 403
//	no Sec-Fetch-Site, Origin: http://evil.test  → 403 (an older browser)
//	neither field                                → served (curl, the tutorial's client)
//
// A page whose own name was rebound to 127.0.0.1 is same-origin as far as
// the browser knows, and passes this check: hosts.go refuses its Host.

// crossOrigin answers 403 to a cross-origin request that may change
// something; nil to let the request through.
func crossOrigin(req *request.Request) *response.Response {
	switch req.Method {
	case "GET", "HEAD", "OPTIONS":
		return nil // safe methods change nothing
	}
	switch site := req.Get("Sec-Fetch-Site"); site {
	case "":
		// An older browser, or no browser: Origin tells, if sent.
	case "same-origin", "none":
		return nil
	default:
		return response.Error(403, "cross-origin request refused: Sec-Fetch-Site is "+request.Clip(site))
	}
	origin := req.Get("Origin")
	if origin == "" {
		return nil // not a browser, or a same-origin request
	}
	if o, err := url.Parse(origin); err == nil && o.Host == host(req) {
		return nil
	}
	return response.Error(403, "cross-origin request refused: Origin "+request.Clip(origin)+" is not this server")
}
