package router

import (
	"strconv"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

func TestDispatch(t *testing.T) {
	tests := []struct {
		name, method, target string
		body                 string
		wantStatus           int
		wantAllow            string
		wantBody             string // "" skips the check
	}{
		{name: "health", method: "GET", target: "/health", wantStatus: 200},
		{name: "HEAD is answered by GET", method: "HEAD", target: "/health", wantStatus: 200},
		{name: "list", method: "GET", target: "/tasks", wantStatus: 200},
		{name: "query split off", method: "GET", target: "/tasks?status=done", wantStatus: 200, wantBody: `{"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1}`},
		{name: "bad status value", method: "GET", target: "/tasks?status=x", wantStatus: 400},
		{name: "malformed query", method: "GET", target: "/tasks?status=%zz", wantStatus: 400},
		{name: "create", method: "POST", target: "/tasks", body: `{"title":"x"}`, wantStatus: 201},
		{name: "task by id", method: "GET", target: "/tasks/1", wantStatus: 200},
		{name: "HEAD on a task", method: "HEAD", target: "/tasks/1", wantStatus: 200},
		{name: "delete", method: "DELETE", target: "/tasks/2", wantStatus: 204},
		{name: "unknown id", method: "GET", target: "/tasks/9", wantStatus: 404},
		{name: "unknown path, named", method: "GET", target: "/nonexistent", wantStatus: 404, wantBody: `{"error":"path /nonexistent does not exist"}`},
		{name: "trailing slash is another path", method: "GET", target: "/tasks/", wantStatus: 404},
		{name: "deeper path", method: "GET", target: "/tasks/1/x", wantStatus: 404},
		{name: "405 on /health", method: "POST", target: "/health", wantStatus: 405, wantAllow: "GET, HEAD, OPTIONS"},
		{name: "405 on /tasks", method: "DELETE", target: "/tasks", wantStatus: 405, wantAllow: "GET, HEAD, POST, OPTIONS"},
		{name: "405 on /tasks/{id}", method: "POST", target: "/tasks/1", wantStatus: 405, wantAllow: "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		{name: "501 for a method the server does not implement", method: "BREW", target: "/health", wantStatus: 501, wantBody: `{"error":"method BREW is not implemented by this server"}`},
		{name: "501 on an unknown path too", method: "TRACE", target: "/nonexistent", wantStatus: 501},
		{name: "501 for PROPFIND", method: "PROPFIND", target: "/tasks", wantStatus: 501},
		{name: "501 for ANNOUNCE on *", method: "ANNOUNCE", target: "*", wantStatus: 501},
		{name: "methods are case-sensitive", method: "get", target: "/health", wantStatus: 501},
		{name: "OPTIONS", method: "OPTIONS", target: "/tasks", wantStatus: 204, wantAllow: "GET, HEAD, POST, OPTIONS"},
		{name: "OPTIONS on a task", method: "OPTIONS", target: "/tasks/1", wantStatus: 204, wantAllow: "GET, HEAD, PUT, PATCH, DELETE, OPTIONS"},
		{name: "OPTIONS on an unknown path", method: "OPTIONS", target: "/nope", wantStatus: 404},
		{name: "OPTIONS *", method: "OPTIONS", target: "*", wantStatus: 204, wantAllow: AllMethods},
		{name: "GET *", method: "GET", target: "*", wantStatus: 400},
		{name: "absolute form", method: "GET", target: "http://localhost:8000/tasks/1?x=1", wantStatus: 200},
		{name: "absolute form without a path is /", method: "GET", target: "http://localhost:8000", wantStatus: 200},
		{name: "echo", method: "POST", target: "/echo", body: `{"x":1}`, wantStatus: 200, wantBody: "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n{\"x\":1}"},
		{name: "echo knows no OPTIONS-less method", method: "OPTIONS", target: "/echo", wantStatus: 204, wantAllow: "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
		{name: "the page", method: "GET", target: "/", wantStatus: 200},
		{name: "the page has no POST", method: "POST", target: "/", wantStatus: 405, wantAllow: "GET, HEAD, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := Tasks(handlers.New(tasks.NewStore(), time.Now))
			raw := tt.method + " " + tt.target + " HTTP/1.1\r\nHost: a\r\n"
			if tt.body != "" {
				raw += "Content-Length: " + strconv.Itoa(len(tt.body)) + "\r\n"
			}
			req, err := request.Parse([]byte(raw + "\r\n" + tt.body))
			if err != nil {
				t.Fatal(err)
			}
			r := rt.Dispatch(req)
			if r.Status != tt.wantStatus {
				t.Errorf("status %d, want %d (%s)", r.Status, tt.wantStatus, r.Body)
			}
			allow := ""
			for _, h := range r.Fields {
				if h.Name == "Allow" {
					allow = h.Value
				}
			}
			if allow != tt.wantAllow {
				t.Errorf("Allow %q, want %q", allow, tt.wantAllow)
			}
			if body := r.WholeBody(); tt.wantBody != "" && string(body) != tt.wantBody {
				t.Errorf("body %s, want %s", body, tt.wantBody)
			}
			if r.Close != (tt.wantStatus == 501) {
				t.Errorf("Close %v: a 501 (and only a 501) asks the connection to close", r.Close)
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
