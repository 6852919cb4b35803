package client

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestDemoReportsAnUnreachableServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	err := Demo(&bytes.Buffer{}, http.DefaultClient, url, false)
	if err == nil || !strings.Contains(err.Error(), "is the server running?") {
		t.Errorf("Demo against a closed port: %v, want an error that says what to check", err)
	}
}

func TestDemoRejectsANonJSONServer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html>hello</html>"))
	}))
	defer srv.Close()
	err := Demo(&bytes.Buffer{}, srv.Client(), srv.URL, false)
	if err == nil || !strings.Contains(err.Error(), "not JSON") {
		t.Errorf("Demo against an HTML server: %v, want a 'not JSON' error", err)
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/tasks":
			if r.Method == "POST" {
				w.WriteHeader(201)
				w.Write([]byte(`{"task":{"id":3,"title":"t","done":false}}`))
				return
			}
			w.Write([]byte(`{"tasks":[{"id":1,"title":"a","done":true}],"total":1}`))
		case "/health":
			w.Write([]byte(`{"status":"ok","time":"t","tasks_count":1}`))
		default:
			w.WriteHeader(404)
			w.Write([]byte(`{"error":"nope"}`))
		}
	}))
	defer srv.Close()
	for _, colour := range []bool{false, true} {
		var out bytes.Buffer
		if err := Demo(&out, srv.Client(), srv.URL, colour); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(out.String(), "\x1b["); got != colour {
			t.Errorf("colour %v: escape codes in the output: %v", colour, got)
		}
	}
}
