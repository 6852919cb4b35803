package handlers

import (
	"io"
	"strings"

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
	return &response.Response{
		Status: 200,
		Type:   "text/plain; charset=utf-8",
		// The body is whatever the client sent: a browser must not guess
		// that it is HTML, and run it.
		Fields: request.Fields{{Name: "X-Content-Type-Options", Value: "nosniff"}},
		// Written from where the head and the body already are: a copy
		// of a 1 MiB body would be memory the server's budget for bodies
		// does not count.
		Stream: echoBody{head: asGet(req), body: req.Body},
	}
}

// echoBody is the request, written back as it is held.
type echoBody struct {
	head string
	body []byte
}

func (e echoBody) Len() int64 { return int64(len(e.head) + len(e.body)) }

func (e echoBody) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, e.head)
	if err != nil {
		return int64(n), err
	}
	m, err := w.Write(e.body)
	return int64(n + m), err
}

// asGet is the head as the handlers quote it. A HEAD is answered with the
// fields GET would send for the same request (RFC 9110 §9.3.2), and so
// with GET's Content-Length; since /echo and / quote the request line,
// they quote a HEAD's as "GET": one byte shorter, the body never sent.
func asGet(req *request.Request) string {
	if req.Method == "HEAD" {
		return "GET" + strings.TrimPrefix(req.Head, "HEAD")
	}
	return req.Head
}
