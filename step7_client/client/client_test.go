package client

import (
	"bytes"
	"encoding/json"
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

// hostile is what a server, or a page that planted a task, can put in
// every string the demo prints: a retitle, a clear, a forged line, C1's
// CSI, a bidi override, a line separator.
const hostile = "x\x1b]0;PWNED\x07\x1b[2J\r\x1b[1A\u009b31m\u202egnp\u2028y"

func TestDemoEscapesWhatTheServerSends(t *testing.T) {
	j, _ := json.Marshal(hostile)
	q := strings.Trim(string(j), `"`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/tasks" && r.Method == "POST":
			w.WriteHeader(400)
			w.Write([]byte(`{"error":"` + q + `"}`))
		case r.URL.Path == "/tasks":
			w.Write([]byte(`{"tasks":[{"id":1,"title":"` + q + `","done":true}],"total":1}`))
		case r.URL.Path == "/health":
			w.Write([]byte(`{"status":"` + q + `","time":"` + q + `","tasks_count":1}`))
		default:
			w.WriteHeader(404)
			w.Write([]byte(`{"error":"` + q + `"}`))
		}
	}))
	defer srv.Close()
	var out bytes.Buffer
	if err := Demo(&out, srv.Client(), srv.URL, false); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), `x\x1b]0;PWNED\x07\x1b[2J\r\x1b[1A\u009b31m\u202egnp\u2028y`); n != 8 {
		t.Errorf("the hostile string is shown escaped %d times, want 8 (health twice, 3 errors, 2 tables, 404):\n%s", n, out.String())
	}
	for _, raw := range []string{"\x1b", "\r", "\u009b", "\u202e", "\u2028"} {
		if strings.Contains(out.String(), raw) {
			t.Errorf("the demo printed %q raw:\n%q", raw, out.String())
		}
	}
}

func TestDemoBoundsAnAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"status":"`))
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for range maxAnswer>>20 + 2 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	err := Demo(&bytes.Buffer{}, srv.Client(), srv.URL, false)
	if err == nil || !strings.Contains(err.Error(), "over 64 MiB") {
		t.Errorf("Demo against an endless answer: %v, want an error naming the bound", err)
	}
}

// TestDoTakesANoContentAnswer: DELETE's 204 has no body, which is no
// error (the tutorial's closing exercise, from the client side).
func TestDoTakesANoContentAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	d := &demo{w: &bytes.Buffer{}, hc: srv.Client(), base: srv.URL}
	var out map[string]any
	for _, o := range []any{&out, nil} {
		if status, err := d.do("DELETE", "/tasks/3", nil, o); status != 204 || err != nil {
			t.Errorf("DELETE answered 204 (out %T): %d, %v", o, status, err)
		}
	}
}
