package router

import (
	"strconv"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step3_handlers/handlers"
)

func TestDispatch(t *testing.T) {
	tests := []struct {
		name, method, target string
		body                 string
		wantStatus           int
		wantAllow            string
		wantBody             string // "" skips the check
	}{
		{"health", "GET", "/health", "", 200, "", ""},
		{"HEAD is answered by GET", "HEAD", "/health", "", 200, "", ""},
		{"list", "GET", "/tasks", "", 200, "", ""},
		{"query split off", "GET", "/tasks?status=done", "", 200, "", `{"tasks":[{"id":2,"title":"手写 socket 服务器","done":true}],"total":1}`},
		{"bad status value", "GET", "/tasks?status=x", "", 400, "", ""},
		{"malformed query", "GET", "/tasks?status=%zz", "", 400, "", ""},
		{"create", "POST", "/tasks", `{"title":"x"}`, 201, "", ""},
		{"task by id", "GET", "/tasks/1", "", 200, "", ""},
		{"HEAD on a task", "HEAD", "/tasks/1", "", 200, "", ""},
		{"delete", "DELETE", "/tasks/2", "", 204, "", ""},
		{"unknown id", "GET", "/tasks/9", "", 404, "", ""},
		{"unknown path, named", "GET", "/nonexistent", "", 404, "", `{"error":"path /nonexistent does not exist"}`},
		{"trailing slash is another path", "GET", "/tasks/", "", 404, "", ""},
		{"deeper path", "GET", "/tasks/1/x", "", 404, "", ""},
		{"405 on /health", "POST", "/health", "", 405, "GET, HEAD, OPTIONS", ""},
		{"405 on /tasks", "DELETE", "/tasks", "", 405, "GET, HEAD, POST, OPTIONS", ""},
		{"405 on /tasks/{id}", "POST", "/tasks/1", "", 405, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", ""},
		{"501 for a method the server does not implement", "BREW", "/health", "", 501, "", `{"error":"method BREW is not implemented by this server"}`},
		{"501 on an unknown path too", "TRACE", "/nonexistent", "", 501, "", ""},
		{"501 for PROPFIND", "PROPFIND", "/tasks", "", 501, "", ""},
		{"501 for ANNOUNCE on *", "ANNOUNCE", "*", "", 501, "", ""},
		{"methods are case-sensitive", "get", "/health", "", 501, "", ""},
		{"OPTIONS", "OPTIONS", "/tasks", "", 204, "GET, HEAD, POST, OPTIONS", ""},
		{"OPTIONS on a task", "OPTIONS", "/tasks/1", "", 204, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", ""},
		{"OPTIONS on an unknown path", "OPTIONS", "/nope", "", 404, "", ""},
		{"OPTIONS *", "OPTIONS", "*", "", 204, AllMethods, ""},
		{"GET *", "GET", "*", "", 400, "", ""},
		{"absolute form", "GET", "http://localhost:8000/tasks/1?x=1", "", 200, "", ""},
		{"absolute form without a path is /", "GET", "http://localhost:8000", "", 200, "", ""},
		{"echo", "POST", "/echo", `{"x":1}`, 200, "", "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n{\"x\":1}"},
		{"echo knows no OPTIONS-less method", "OPTIONS", "/echo", "", 204, "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", ""},
		{"the page", "GET", "/", "", 200, "", ""},
		{"the page has no POST", "POST", "/", "", 405, "GET, HEAD, OPTIONS", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := Tasks(handlers.New(handlers.NewStore(), time.Now))
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
