package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"httpfromscratch/step2_response/response"
)

// This file checks conditional requests (RFC 9110 §13) on the finished
// server, over TCP: ETag, If-None-Match → 304, If-Match → 412, with the
// tasks in memory and in SQLite (-db).

// ask sends "METHOD target" with body and the given field lines, and
// reads the answer.
func (c *rawConn) ask(method, target, body string, fields ...string) *response.Response {
	c.t.Helper()
	raw := method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
	for _, f := range fields {
		raw += f + "\r\n"
	}
	if body != "" {
		raw += fmt.Sprintf("Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	return c.send(raw+"\r\n"+body, method)
}

// stores are the two ways full keeps the tasks, as flags.
func stores(t *testing.T) map[string][]string {
	return map[string][]string{"memory": nil, "sqlite": {"-db", filepath.Join(t.TempDir(), "tasks.db")}}
}

// TestConditionalRequests walks what a browser and a careful client do:
// read with an ETag, read again with If-None-Match (304, no body, the
// connection still framed), change with If-Match (200, or 412 when the
// task changed since), in the order 404, 412, 400.
func TestConditionalRequests(t *testing.T) {
	for name, flags := range stores(t) {
		t.Run(name, func(t *testing.T) {
			addr, _, _ := start(t, flags...)
			c := dial(t, addr) // one kept-alive connection: every 304 must leave it framed

			get := c.ask("GET", "/tasks/1", "")
			tag := get.Get("ETag")
			if get.Status != 200 || !strings.HasPrefix(tag, `"`) {
				t.Fatalf("GET /tasks/1: %d, ETag %q; want 200 and a strong tag", get.Status, tag)
			}
			if head := c.ask("HEAD", "/tasks/1", ""); head.Get("ETag") != tag {
				t.Errorf("HEAD's ETag %q, GET's %q", head.Get("ETag"), tag)
			}
			for _, inm := range []string{tag, "W/" + tag, `"x", ` + tag, "*"} {
				r := c.ask("GET", "/tasks/1", "", "If-None-Match: "+inm)
				if r.Status != 304 || r.Get("ETag") != tag || len(r.Body) != 0 || r.Get("Content-Length") != "" || r.Get("Content-Type") != "" {
					t.Errorf("GET /tasks/1, If-None-Match: %s: %d %q %s; want 304 with ETag %s, no body, no Content-Length", inm, r.Status, r.Fields, r.Body, tag)
				}
			}
			if r := c.ask("HEAD", "/tasks/1", "", "If-None-Match: "+tag); r.Status != 304 || r.Get("ETag") != tag {
				t.Errorf("HEAD /tasks/1, If-None-Match: its tag: %d %q, want 304", r.Status, r.Fields)
			}

			list := c.ask("GET", "/tasks", "").Get("ETag")
			if !strings.HasPrefix(list, `W/"`) {
				t.Errorf("the list's ETag %q, want a weak tag", list)
			}
			if r := c.ask("GET", "/tasks", "", "If-None-Match: "+list); r.Status != 304 || r.Get("ETag") != list || len(r.Body) != 0 {
				t.Errorf("GET /tasks, If-None-Match: its tag: %d %q %s, want 304", r.Status, r.Fields, r.Body)
			}
			if done := c.ask("GET", "/tasks?status=done", "", "If-None-Match: "+list); done.Status != 200 || done.Get("ETag") == list {
				t.Errorf("GET /tasks?status=done with the whole list's tag: %d, ETag %q; want 200 and a tag of its own", done.Status, done.Get("ETag"))
			}

			created := c.ask("POST", "/tasks", `{"title":"写博客"}`)
			if again := c.ask("GET", "/tasks/3", ""); created.Status != 201 || created.Get("ETag") != again.Get("ETag") {
				t.Errorf("POST's 201 has the ETag %q; GET /tasks/3 then says %q", created.Get("ETag"), again.Get("ETag"))
			}
			after := c.ask("GET", "/tasks", "", "If-None-Match: "+list)
			if after.Status != 200 || after.Get("ETag") == list || !strings.Contains(string(after.Body), "写博客") {
				t.Errorf("GET /tasks after a POST, with the old tag: %d, ETag %q; want 200, the new list and another tag", after.Status, after.Get("ETag"))
			}

			stale := tag // task 1's tag before the PATCH below
			for _, step := range []struct {
				name, method, target, body string
				fields                     []string
				want                       int
			}{
				{name: "404 first", method: "PATCH", target: "/tasks/9", body: `nope`, fields: []string{`If-Match: "stale"`}, want: 404},
				{name: "then 412", method: "PATCH", target: "/tasks/1", body: `nope`, fields: []string{`If-Match: "stale"`}, want: 412},
				{name: "then 400", method: "PATCH", target: "/tasks/1", body: `nope`, fields: []string{"If-Match: " + tag}, want: 400},
				{name: "its tag", method: "PATCH", target: "/tasks/1", body: `{"done":true}`, fields: []string{"If-Match: " + tag}, want: 200},
				{name: "the tag it had", method: "PATCH", target: "/tasks/1", body: `{"done":false}`, fields: []string{"If-Match: " + stale}, want: 412},
				{name: "PUT, the tag it had", method: "PUT", target: "/tasks/1", body: `{"title":"x","done":false}`, fields: []string{"If-Match: " + stale}, want: 412},
				{name: "DELETE, the tag it had", method: "DELETE", target: "/tasks/1", fields: []string{"If-Match: " + stale}, want: 412},
				{name: "DELETE, any", method: "DELETE", target: "/tasks/1", fields: []string{"If-Match: *"}, want: 204},
			} {
				r := c.ask(step.method, step.target, step.body, step.fields...)
				if r.Status != step.want {
					t.Fatalf("%s: %s %s %q: %d %s, want %d", step.name, step.method, step.target, step.fields, r.Status, r.Body, step.want)
				}
				var e struct{ Error string }
				if r.Status >= 400 && (json.Unmarshal(r.Body, &e) != nil || e.Error == "" || r.Get("Content-Type") != "application/json; charset=utf-8") {
					t.Errorf("%s: %d %q %s, want a JSON error", step.name, r.Status, r.Fields, r.Body)
				}
				if r.Status == 200 {
					if tag = r.Get("ETag"); tag == stale || tag == "" {
						t.Errorf("%s: the PATCH answered the ETag %q; want the changed task's", step.name, tag)
					}
				}
			}
			if r := c.ask("GET", "/tasks/1", ""); r.Status != 404 {
				t.Errorf("task 1 after the DELETE: %d", r.Status)
			}
		})
	}
}

// TestTheListTagIsPerRun: a task's ETag is the same on every run of the
// server (so a -db restart keeps it), a list's never: two runs over the
// same tasks, at the same count of changes, give it two tags.
func TestTheListTagIsPerRun(t *testing.T) {
	tags := func(args ...string) (task, list string) {
		t.Helper()
		cmd, addr := startFull(t, args...)
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		for _, target := range []string{"/tasks/1", "/tasks"} {
			resp, err := http.Get("http://" + addr + target)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if target == "/tasks" {
				list = resp.Header.Get("ETag")
			} else {
				task = resp.Header.Get("ETag")
			}
		}
		return task, list
	}
	db := filepath.Join(t.TempDir(), "tasks.db")
	task1, list1 := tags("-db", db)
	task2, list2 := tags("-db", db)
	if task1 == "" || task1 != task2 {
		t.Errorf("task 1's ETag before and after a restart: %q, %q; want one tag", task1, task2)
	}
	if list1 == "" || list1 == list2 {
		t.Errorf("the list's ETag before and after a restart: %q, %q; want two", list1, list2)
	}
}

// TestTwoPatchesAtOnce: two clients read task 1's ETag, then PATCH it at
// once, each with that If-Match: one is answered 200, the other 412, and
// the task is what the 200 says, in memory and in SQLite.
func TestTwoPatchesAtOnce(t *testing.T) {
	for name, flags := range stores(t) {
		t.Run(name, func(t *testing.T) {
			addr, _, _ := start(t, flags...)
			clients := []*rawConn{dial(t, addr), dial(t, addr)}
			for round := range 20 {
				tag := clients[0].ask("GET", "/tasks/1", "").Get("ETag")
				answers := make([]*response.Response, 2)
				var ready, wg sync.WaitGroup
				ready.Add(1)
				for i, c := range clients {
					wg.Go(func() {
						ready.Wait() // both go at once
						body := fmt.Sprintf(`{"title":"round %d, client %d"}`, round, i)
						answers[i] = c.ask("PATCH", "/tasks/1", body, "If-Match: "+tag)
					})
				}
				ready.Done()
				wg.Wait()
				var won *response.Response
				statuses := map[int]int{}
				for _, a := range answers {
					statuses[a.Status]++
					if a.Status == 200 {
						won = a
					}
				}
				if statuses[200] != 1 || statuses[412] != 1 {
					t.Fatalf("round %d: statuses %v, want one 200 and one 412", round, statuses)
				}
				if now := clients[0].ask("GET", "/tasks/1", ""); string(now.Body) != string(won.Body) || now.Get("ETag") != won.Get("ETag") {
					t.Fatalf("round %d: task 1 is %s (%s), the 200 said %s (%s)", round, now.Body, now.Get("ETag"), won.Body, won.Get("ETag"))
				}
			}
		})
	}
}

// TestThePageIsNeverCached: / quotes the request that asked for it, so it
// has no ETag, says Cache-Control: no-store, and If-None-Match gets it
// whole.
func TestThePageIsNeverCached(t *testing.T) {
	addr, _, _ := start(t)
	r := dial(t, addr).ask("GET", "/", "", "If-None-Match: *")
	if r.Status != 200 || r.Get("ETag") != "" || r.Get("Cache-Control") != "no-store" {
		t.Errorf("GET / with If-None-Match: *: %d, ETag %q, Cache-Control %q; want 200, none, no-store", r.Status, r.Get("ETag"), r.Get("Cache-Control"))
	}
}
