package handlers

import (
	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// Echo answers any request to /echo with the request the server received,
// exactly: the request line, the fields, the empty line, then the body
// (a chunked body as decoded). So `curl http://127.0.0.1:8000/echo`, the
// tutorial's urllib client or a browser's address bar shows what it sent:
// the tutorial's first question, "what does an HTTP request look like?",
// answered by your own client.
func Echo(req *request.Request) *response.Response {
	body := make([]byte, 0, len(req.Head)+len(req.Body))
	body = append(append(body, req.Head...), req.Body...)
	return &response.Response{
		Status: 200,
		Type:   "text/plain; charset=utf-8",
		// The body is whatever the client sent: a browser must not guess
		// that it is HTML, and run it.
		Headers: []request.Header{{Name: "X-Content-Type-Options", Value: "nosniff"}},
		Body:    body,
	}
}
