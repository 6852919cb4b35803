package router

import (
	"strconv"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

// The tests of Dispatch are also the guide for writing it yourself
// (README, step 4, "Write it yourself"): a failure names the request, the
// answer that came back, the one wanted, and the tutorial's line or the
// helper (methods.go, hosts.go, crossorigin.go) that gives it.

// answeredBy says, for each rule a row of TestDispatch names, what in
// Dispatch gives the answer.
var answeredBy = map[string]string{
	"route": "(tutorial: handler = ROUTES.get(clean_path); return handler(method, clean_path, headers, body)): " +
		"route, id := rt.match(path); h := route.handler(req.Method); return h(req, Params{ID: id, Query: ...})",
	"id": `a pattern with {id}: route, id := rt.match(path) gives the segment, and the handler gets it as Params{ID: id}`,
	"query": `(tutorial: clean_path = path.split("?")[0]): path, query := request.SplitTarget(req.Target); ` +
		"the handler gets the query as Params.Query, from url.ParseQuery(query)",
	"malformed query": `url.ParseQuery(query) fails on "%zz": answer response.Error(400, ...) before any handler runs`,
	"absolute":        `request.SplitTarget takes the absolute form too: "http://localhost:8000/tasks/1?x=1" is the path "/tasks/1" and the query "x=1"`,
	"404": `(tutorial: if handler is None: return build_response(404, {"error": f"路径 {clean_path} 不存在"})): ` +
		`rt.match(path) gives nil: response.Error(404, fmt.Sprintf("path %s does not exist", request.Clip(path)))`,
	"405": "route.handler(req.Method) gives nil: route.notAllowed(req.Method, path) (methods.go) answers 405 with Allow " +
		`(the tutorial's handlers did it themselves: return build_response(405, {"error": "Method Not Allowed"}))`,
	"501":     "notImplemented(req.Method) (methods.go) answers a method no route has, on any path: call it before the route is looked up",
	"HEAD":    `route.handler("HEAD") is the GET handler (methods.go): the connection leaves the body out`,
	"OPTIONS": `req.Method == "OPTIONS": route.options() (methods.go) answers 204 with Allow, before route.handler`,
	"*":       `the path "*" asks about the server itself: optionsStar(req.Method) (methods.go), before rt.match`,
}

func TestDispatch(t *testing.T) {
	tests := []struct {
		name, method, target string
		body                 string
		wantStatus           int
		wantAllow            string
		wantBody             string // "" skips the check
		rule                 string // a key of answeredBy
	}{
		{name: "health", method: "GET", target: "/health", wantStatus: 200, rule: "route"},
		{name: "HEAD is answered by GET", method: "HEAD", target: "/health", wantStatus: 200, rule: "HEAD"},
		{name: "list", method: "GET", target: "/tasks", wantStatus: 200, rule: "route"},
		{name: "query split off", method: "GET", target: "/tasks?status=done", wantStatus: 200, wantBody: `{"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1}`, rule: "query"},
		{name: "bad status value", method: "GET", target: "/tasks?status=x", wantStatus: 400, rule: "query"},
		{name: "malformed query", method: "GET", target: "/tasks?status=%zz", wantStatus: 400, rule: "malformed query"},
		{name: "create", method: "POST", target: "/tasks", body: `{"title":"x"}`, wantStatus: 201, rule: "route"},
		{name: "task by id", method: "GET", target: "/tasks/1", wantStatus: 200, rule: "id"},
		{name: "HEAD on a task", method: "HEAD", target: "/tasks/1", wantStatus: 200, rule: "HEAD"},
		{name: "delete", method: "DELETE", target: "/tasks/2", wantStatus: 204, rule: "id"},
		{name: "unknown id", method: "GET", target: "/tasks/9", wantStatus: 404, rule: "id"},
		{name: "unknown path, named", method: "GET", target: "/nonexistent", wantStatus: 404, wantBody: `{"error":"path /nonexistent does not exist"}`, rule: "404"},
		{name: "trailing slash is another path", method: "GET", target: "/tasks/", wantStatus: 404, rule: "404"},
		{name: "deeper path", method: "GET", target: "/tasks/1/x", wantStatus: 404, rule: "404"},
		{name: "405 on /health", method: "POST", target: "/health", wantStatus: 405, wantAllow: "GET, HEAD, OPTIONS", rule: "405"},
		{name: "405 on /tasks", method: "DELETE", target: "/tasks", wantStatus: 405, wantAllow: "GET, HEAD, POST, OPTIONS", rule: "405"},
		{name: "405 on /tasks/{id}", method: "POST", target: "/tasks/1", wantStatus: 405, wantAllow: "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", rule: "405"},
		{name: "501 for a method the server does not implement", method: "BREW", target: "/health", wantStatus: 501, wantBody: `{"error":"method BREW is not implemented by this server"}`, rule: "501"},
		{name: "501 on an unknown path too", method: "TRACE", target: "/nonexistent", wantStatus: 501, rule: "501"},
		{name: "501 for PROPFIND", method: "PROPFIND", target: "/tasks", wantStatus: 501, rule: "501"},
		{name: "501 for ANNOUNCE on *", method: "ANNOUNCE", target: "*", wantStatus: 501, rule: "501"},
		{name: "methods are case-sensitive", method: "get", target: "/health", wantStatus: 501, rule: "501"},
		{name: "OPTIONS", method: "OPTIONS", target: "/tasks", wantStatus: 204, wantAllow: "GET, HEAD, POST, OPTIONS", rule: "OPTIONS"},
		{name: "OPTIONS on a task", method: "OPTIONS", target: "/tasks/1", wantStatus: 204, wantAllow: "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", rule: "OPTIONS"},
		{name: "OPTIONS on an unknown path", method: "OPTIONS", target: "/nope", wantStatus: 404, rule: "404"},
		{name: "OPTIONS *", method: "OPTIONS", target: "*", wantStatus: 204, wantAllow: AllMethods, rule: "*"},
		{name: "GET *", method: "GET", target: "*", wantStatus: 400, rule: "*"},
		{name: "absolute form", method: "GET", target: "http://localhost:8000/tasks/1?x=1", wantStatus: 200, rule: "absolute"},
		{name: "absolute form without a path is /", method: "GET", target: "http://localhost:8000", wantStatus: 200, rule: "absolute"},
		{name: "echo", method: "POST", target: "/echo", body: `{"x":1}`, wantStatus: 200, wantBody: "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n{\"x\":1}", rule: "route"},
		{name: "echo knows no OPTIONS-less method", method: "OPTIONS", target: "/echo", wantStatus: 204, wantAllow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", rule: "OPTIONS"},
		{name: "the page", method: "GET", target: "/", wantStatus: 200, rule: "route"},
		{name: "the page has no POST", method: "POST", target: "/", wantStatus: 405, wantAllow: "GET, HEAD, OPTIONS", rule: "405"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			how, ok := answeredBy[tt.rule]
			if !ok {
				t.Fatalf("row %q names the rule %q, which answeredBy does not know", tt.name, tt.rule)
			}
			rt := Tasks(handlers.New(tasks.NewStore(), time.Now))
			raw := tt.method + " " + tt.target + " HTTP/1.1\r\nHost: a\r\n"
			if tt.body != "" {
				raw += "Content-Length: " + strconv.Itoa(len(tt.body)) + "\r\n"
			}
			req, err := request.Parse([]byte(raw + "\r\n" + tt.body))
			if err != nil {
				t.Fatalf("request.Parse(%q): %v", raw, err)
			}
			call := "Dispatch(" + tt.method + " " + tt.target + ")"
			r := rt.Dispatch(req)
			if r == nil {
				t.Fatalf("%s = nil, want a response with status %d\n%s", call, tt.wantStatus, how)
			}
			if r.Status != tt.wantStatus {
				t.Errorf("%s = %d %.200s, want %d\n%s", call, r.Status, r.WholeBody(), tt.wantStatus, how)
			}
			allow := ""
			for _, h := range r.Fields {
				if h.Name == "Allow" {
					allow = h.Value
				}
			}
			if allow != tt.wantAllow {
				t.Errorf("%s: Allow %q, want %q\n%s", call, allow, tt.wantAllow, how)
			}
			if body := r.WholeBody(); tt.wantBody != "" && string(body) != tt.wantBody {
				t.Errorf("%s: body %s, want %s\n%s", call, body, tt.wantBody, how)
			}
			if r.Close != (tt.wantStatus == 501) {
				t.Errorf("%s: Close %v, want %v: a 501 (and only a 501) asks the connection to close (notImplemented, methods.go, sets it)", call, r.Close, !r.Close)
			}
		})
	}
}

func TestMatchPattern(t *testing.T) {
	tests := []struct {
		pattern, path, wantID string
		wantOK                bool
	}{
		{"/tasks/{id}", "/tasks/12", "12", true},
		{"/tasks/{id}", "/tasks/", "", false},
		{"/tasks/{id}", "/tasks", "", false},
		{"/tasks/{id}", "/tasks/1/2", "", false},
		{"/tasks", "/tasks", "", true},
		{"/tasks", "/Tasks", "", false},
		{"/health", "", "", false},
	}
	for _, tt := range tests {
		id, ok := matchPattern(tt.pattern, tt.path)
		if id != tt.wantID || ok != tt.wantOK {
			t.Errorf("matchPattern(%q, %q) = %q, %v; want %q, %v", tt.pattern, tt.path, id, ok, tt.wantID, tt.wantOK)
		}
	}
}

// TestTasksPassesTheFieldsOn: the routes of the tasks API hand each
// handler the request's fields, where If-None-Match and If-Match are:
// a read with the tag it was given is 304, a change with a tag that is
// not the task's is 412 and changes nothing.
func TestTasksPassesTheFieldsOn(t *testing.T) {
	rt := Tasks(handlers.New(tasks.NewStore(), time.Now))
	dispatch := func(raw string) *response.Response {
		t.Helper()
		req, err := request.Parse([]byte(raw))
		if err != nil {
			t.Fatalf("request.Parse(%q): %v", raw, err)
		}
		return rt.Dispatch(req)
	}
	task := dispatch("GET /tasks/1 HTTP/1.1\r\nHost: a\r\n\r\n").Fields.Get("ETag")
	list := dispatch("GET /tasks HTTP/1.1\r\nHost: a\r\n\r\n").Fields.Get("ETag")
	for _, tt := range []struct {
		name, raw string
		want      int
	}{
		{name: "GET a task, If-None-Match its tag", raw: "GET /tasks/1 HTTP/1.1\r\nHost: a\r\nIf-None-Match: " + task + "\r\n\r\n", want: 304},
		{name: "HEAD a task, If-None-Match its tag", raw: "HEAD /tasks/1 HTTP/1.1\r\nHost: a\r\nIf-None-Match: " + task + "\r\n\r\n", want: 304},
		{name: "GET the list, If-None-Match its tag", raw: "GET /tasks HTTP/1.1\r\nHost: a\r\nIf-None-Match: " + list + "\r\n\r\n", want: 304},
		{name: "PATCH, another tag", raw: "PATCH /tasks/1 HTTP/1.1\r\nHost: a\r\nIf-Match: \"x\"\r\nContent-Length: 13\r\n\r\n{\"done\":true}", want: 412},
		{name: "PUT, another tag", raw: "PUT /tasks/1 HTTP/1.1\r\nHost: a\r\nIf-Match: \"x\"\r\nContent-Length: 25\r\n\r\n{\"title\":\"x\",\"done\":true}", want: 412},
		{name: "DELETE, another tag", raw: "DELETE /tasks/1 HTTP/1.1\r\nHost: a\r\nIf-Match: \"x\"\r\n\r\n", want: 412},
	} {
		if r := dispatch(tt.raw); r.Status != tt.want {
			t.Errorf("%s: %d %s, want %d: pass the request's fields (r.Fields) to the handler", tt.name, r.Status, r.WholeBody(), tt.want)
		}
	}
	if r := dispatch("GET /tasks/1 HTTP/1.1\r\nHost: a\r\n\r\n"); r.Fields.Get("ETag") != task {
		t.Errorf("task 1 changed: ETag %q, was %q", r.Fields.Get("ETag"), task)
	}
}
