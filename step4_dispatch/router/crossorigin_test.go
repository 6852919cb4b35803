package router

import (
	"strconv"
	"testing"
	"time"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
)

func TestCrossOriginWrites(t *testing.T) {
	const body = `{"title":"planted"}`
	tests := []struct {
		name   string
		method string
		target string
		fields string // extra field lines, CRLF-ended
		want   int
	}{
		{name: "curl and the tutorial's client send neither field", method: "POST", target: "/tasks", want: 201},
		{name: "our page: same-origin", method: "POST", target: "/tasks", fields: "Sec-Fetch-Site: same-origin\r\nOrigin: http://a\r\n", want: 201},
		{name: "a typed URL or a bookmark: none", method: "POST", target: "/tasks", fields: "Sec-Fetch-Site: none\r\n", want: 201},
		{name: "another site's form", method: "POST", target: "/tasks", fields: "Sec-Fetch-Site: cross-site\r\nOrigin: http://evil.test\r\n", want: 403},
		{name: "another port of this host: same-site", method: "POST", target: "/tasks", fields: "Sec-Fetch-Site: same-site\r\nOrigin: http://a:9000\r\n", want: 403},
		{name: "an older browser: Origin of another host", method: "POST", target: "/tasks", fields: "Origin: http://evil.test\r\n", want: 403},
		{name: "an older browser: Origin null", method: "POST", target: "/tasks", fields: "Origin: null\r\n", want: 403},
		{name: "an older browser: Origin of this host", method: "POST", target: "/tasks", fields: "Origin: http://a\r\n", want: 201},
		{name: "Origin against the absolute form's host", method: "POST", target: "http://b/tasks", fields: "Origin: http://b\r\n", want: 201},
		{name: "PATCH from another site", method: "PATCH", target: "/tasks/1", fields: "Sec-Fetch-Site: cross-site\r\n", want: 403},
		{name: "PUT from another site", method: "PUT", target: "/tasks/1", fields: "Sec-Fetch-Site: cross-site\r\n", want: 403},
		{name: "DELETE from another site", method: "DELETE", target: "/tasks/1", fields: "Sec-Fetch-Site: cross-site\r\n", want: 403},
		{name: "POST /echo from another site", method: "POST", target: "/echo", fields: "Sec-Fetch-Site: cross-site\r\n", want: 403},
		{name: "GET from another site is served", method: "GET", target: "/tasks", fields: "Sec-Fetch-Site: cross-site\r\nOrigin: http://evil.test\r\n", want: 200},
		{name: "HEAD from another site is served", method: "HEAD", target: "/tasks", fields: "Sec-Fetch-Site: cross-site\r\n", want: 200},
		{name: "OPTIONS from another site is served", method: "OPTIONS", target: "/tasks", fields: "Sec-Fetch-Site: cross-site\r\n", want: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := handlers.New(tasks.NewStore(), time.Now)
			raw := tt.method + " " + tt.target + " HTTP/1.1\r\nHost: a\r\n" + tt.fields
			if tt.method != "GET" && tt.method != "HEAD" && tt.method != "OPTIONS" && tt.method != "DELETE" {
				raw += "Content-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
			} else {
				raw += "\r\n"
			}
			req, err := request.Parse([]byte(raw))
			if err != nil {
				t.Fatalf("request.Parse(%q): %v", raw, err)
			}
			resp := Tasks(h).Dispatch(req)
			if resp.Status != tt.want {
				hint := "crossOrigin(req) (crossorigin.go) lets it through: the rest of Dispatch answers it (TestDispatch's rows say which part)"
				if tt.want == 403 {
					hint = "crossOrigin(req) (crossorigin.go) refuses it: call it in Dispatch after notImplemented, before the route is looked up"
				}
				t.Fatalf("Dispatch(%q) = %d %.200s, want %d\n%s", raw, resp.Status, resp.WholeBody(), tt.want, hint)
			}
			if tt.want == 403 {
				if got, want := h.Store.Len(), 2; got != want {
					t.Errorf("the store holds %d tasks after a refused write, want %d", got, want)
				}
				if t1, ok := h.Store.Get(1); !ok || t1.Title != "阅读 HTTP RFC" || t1.Done {
					t.Errorf("task 1 changed by a refused write: %+v, %v", t1, ok)
				}
			}
		})
	}
}
