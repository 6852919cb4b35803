package response

import (
	"httpfromscratch/step1_parse/request"
	"strings"
	"testing"
)

func TestAppend(t *testing.T) {
	ok := &Response{Status: 200, Body: []byte(`{"a":"写"}`)}
	tests := []struct {
		name string
		resp *Response
		meta Meta
		want string
	}{
		{"fixed field order, Content-Length in bytes", ok, Meta{Date: "D"},
			"HTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\n\r\n{\"a\":\"写\"}"},
		{"Connection: close when the server will close", ok, Meta{Closing: true},
			"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"a\":\"写\"}"},
		{"HEAD: every field, no body", ok, Meta{HeadOnly: true},
			"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 11\r\n\r\n"},
		{"204: no body, no Content-Length, no Content-Type", &Response{Status: 204, Fields: request.Fields{{Name: "Allow", Value: "GET"}}}, Meta{},
			"HTTP/1.1 204 No Content\r\nAllow: GET\r\n\r\n"},
		{"304: no body", &Response{Status: 304, Body: []byte("x")}, Meta{}, "HTTP/1.1 304 Unknown\r\n\r\n"},
		{"200 with an empty body says Content-Length: 0", &Response{Status: 200}, Meta{},
			"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(tt.resp.Append(nil, tt.meta)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestJSONUnencodable(t *testing.T) {
	r := JSON(200, func() {})
	if r.Status != 500 || !strings.Contains(string(r.Body), "cannot encode") {
		t.Errorf("JSON(func) = %d %s, want a 500 that says why", r.Status, r.Body)
	}
}

// TestUnavailableSaysWhenToRetry: every busy answer is a 503 with its
// message and Retry-After, built in one place.
func TestUnavailableSaysWhenToRetry(t *testing.T) {
	r := Unavailable("too many connections; retry later")
	if r.Status != 503 || r.Get("Retry-After") != "1" || string(r.Body) != `{"error":"too many connections; retry later"}` {
		t.Errorf("Unavailable: %d, Retry-After %q, %s; want 503, 1, the JSON error", r.Status, r.Get("Retry-After"), r.Body)
	}
}
