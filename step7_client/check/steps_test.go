package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
)

// bugs are the ways a learner's server may break at one tutorial step.
// The zero value breaks nothing.
type bugs struct {
	colonSplit  bool // step 1: k, v = line.split(":"), which fails on a value (or a Host) holding a colon
	charLength  bool // step 2: Content-Length counts characters, not bytes
	noStatus    bool // step 3: /health says "state" where the tutorial says "status"
	pathless404 bool // step 4: the 404 does not say which path
	queryInPath bool // step 4: the query string is looked up with the path
	oneRecv     bool // step 5: what one recv returned is taken for the whole request
	oneAtATime  bool // step 6: a client is served only after the one before it
	noDelete    bool // step 8: no DELETE /tasks/{id}, the closing exercise
}

// tutorialLike starts a server written as the tutorial's is, in Go: a
// goroutine per connection, the request read up to the empty line and
// Content-Length bytes more, a route table, a JSON answer with
// Connection: close; and DELETE, the closing exercise. Without bugs it
// passes every check of steps 1 to 8; with one, it breaks at that
// step. It returns the server's address.
func tutorialLike(t *testing.T, b bugs) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s := &fakeStore{tasks: []task{{1, "阅读 HTTP RFC", false}, {2, "手写 socket 服务器", true}}, next: 3}
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			if b.oneAtATime {
				s.serve(nc, b) // in the accept loop: the next client waits
				continue
			}
			go s.serve(nc, b)
		}
	}()
	return ln.Addr().String()
}

type fakeStore struct {
	mu    sync.Mutex
	tasks []task
	next  int
}

// serve answers one request on nc, then closes it.
func (s *fakeStore) serve(nc net.Conn, b bugs) {
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(10 * time.Second)) // a bound for the test, not a rule of the server
	var raw []byte
	buf := make([]byte, 4096)
	for {
		n, err := nc.Read(buf)
		raw = append(raw, buf[:n]...)
		if err != nil || b.oneRecv {
			break
		}
		if head, body, ok := bytes.Cut(raw, []byte("\r\n\r\n")); ok && len(body) >= contentLength(string(head)) {
			break
		}
	}
	head, body, ok := strings.Cut(string(raw), "\r\n\r\n")
	lines := strings.Split(head, "\r\n")
	start := strings.SplitN(lines[0], " ", 3)
	if !ok || len(start) != 3 {
		return // the tutorial's parse_request raises, and the thread closes the connection
	}
	for _, line := range lines[1:] {
		if b.colonSplit && len(strings.Split(line, ":")) != 2 {
			return // Python's ValueError: too many values to unpack
		}
	}
	if n := contentLength(head); n < len(body) {
		body = body[:n]
	}
	status, v := s.dispatch(start[0], start[1], body, b)
	payload, _ := json.Marshal(v)
	n := len(payload)
	if b.charLength {
		n = utf8.RuneCount(payload)
	}
	fmt.Fprintf(nc, "HTTP/1.1 %d X\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", status, n, payload)
}

func contentLength(head string) int {
	for _, line := range strings.Split(head, "\r\n")[1:] {
		if name, value, _ := strings.Cut(line, ":"); strings.EqualFold(name, "Content-Length") {
			n, _ := strconv.Atoi(strings.TrimSpace(value))
			return n
		}
	}
	return 0
}

// dispatch is the tutorial's: the path without its query, a route per
// path, 404 naming the path.
func (s *fakeStore) dispatch(method, target, body string, b bugs) (int, any) {
	path := target
	if !b.queryInPath {
		path, _, _ = strings.Cut(target, "?")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case method == "GET" && path == "/health":
		status := "status"
		if b.noStatus {
			status = "state"
		}
		return 200, map[string]any{status: "ok", "time": time.Now().Format(time.DateTime), "tasks_count": len(s.tasks)}
	case method == "GET" && path == "/tasks":
		return 200, map[string]any{"tasks": s.tasks, "total": len(s.tasks)}
	case method == "POST" && path == "/tasks":
		var v struct{ Title string }
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return 400, map[string]string{"error": "请求体必须是合法 JSON"}
		}
		if strings.TrimSpace(v.Title) == "" {
			return 400, map[string]string{"error": "title 不能为空"}
		}
		t := task{ID: s.next, Title: strings.TrimSpace(v.Title)}
		s.tasks = append(s.tasks, t)
		s.next++
		return 201, map[string]any{"task": t}
	case method == "DELETE" && strings.HasPrefix(path, "/tasks/") && !b.noDelete:
		id, _ := strconv.Atoi(strings.TrimPrefix(path, "/tasks/"))
		i := slices.IndexFunc(s.tasks, func(t task) bool { return t.ID == id })
		if i < 0 {
			return 404, map[string]string{"error": fmt.Sprintf("任务 %d 不存在", id)}
		}
		t := s.tasks[i]
		s.tasks = slices.Delete(s.tasks, i, i+1)
		return 200, map[string]any{"task": t}
	case path == "/health" || path == "/tasks":
		return 405, map[string]string{"error": "Method Not Allowed"}
	case b.pathless404:
		return 404, map[string]string{"error": "Not Found"}
	}
	return 404, map[string]string{"error": "路径 " + path + " 不存在"}
}

// headings returns the ids of the groups whose heading out, a report
// made with o, prints, in order.
func headings(out string, o Options) []string {
	var ids []string
	for _, line := range strings.Split(out, "\n") {
		for _, g := range groups {
			if line == o.heading(g) {
				ids = append(ids, g.id)
			}
		}
	}
	return ids
}

// groupIDs returns the ids of the groups of steps 1 to n.
func groupIDs(n int) []string {
	var ids []string
	for _, g := range groups {
		if g.first != 0 && g.first <= n {
			ids = append(ids, g.id)
		}
	}
	return ids
}

// lastLines returns out's last two lines that are not empty.
func lastLines(out string) (before, last string) {
	var lines []string
	for _, line := range strings.Split(out, "\n") {
		if line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) < 2 {
		return "", ""
	}
	return lines[len(lines)-2], lines[len(lines)-1]
}

// TestEveryStepPassesAgainstOurServer runs -step 1 to -step 8 against the
// finished server's stack: every check of those steps passes, the groups
// after the step are not run, and the line before the summary says that
// all passed and what comes next.
func TestEveryStepPassesAgainstOurServer(t *testing.T) {
	ln := server.NewPipeListener()
	ours(t, ln, connection.Timeouts{})
	dial := func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") }
	for step := 1; step <= LastStep; step++ {
		t.Run(fmt.Sprintf("-step %d", step), func(t *testing.T) {
			o := Options{Addr: "127.0.0.1:8001", Dial: dial, Step: step}
			res, out, _ := run(t, o)
			want := 0
			for _, c := range checklist {
				if slices.Contains(groupIDs(step), c.group) {
					want++
				}
			}
			if res.Failed != 0 || res.Passed != want || res.Skipped != 0 {
				t.Errorf("%+v, want the %d checks of steps 1-%d passed:\n%s", res, want, step, out)
			}
			if got := headings(out, o); !slices.Equal(got, groupIDs(step)) {
				t.Errorf("groups %q, want %q:\n%s", got, groupIDs(step), out)
			}
			through := max(step, groupOf(step).last)
			next, summary := lastLines(out)
			if next != o.next(through) || summary != fmt.Sprintf("%d passed, 0 failed, 0 skipped", want) {
				t.Errorf("the last lines are\n%s\n%s\nwant\n%s\nthen the summary", next, summary, o.next(through))
			}
			wantNext := fmt.Sprintf("go run ./full -mode check -port 8001 -step %d", through+1)
			if through == LastStep {
				wantNext = "go run ./full -mode check -port 8001 -step beyond"
			}
			if !strings.HasSuffix(next, wantNext) {
				t.Errorf("the next line %q does not end with %q", next, wantNext)
			}
		})
	}
	t.Run("-step 4 -only query", func(t *testing.T) {
		o := Options{Addr: "127.0.0.1:8001", Dial: dial, Step: 4, Only: regexp.MustCompile(`query`)}
		res, out, _ := run(t, o)
		if res.Passed != 1 || res.Failed != 0 || !slices.Equal(headings(out, o), []string{step4}) {
			t.Errorf("%+v, want the query check alone, under step 4:\n%s", res, out)
		}
		if next, _ := lastLines(out); next != o.next(4) {
			t.Errorf("the line before the summary is %q, want %q", next, o.next(4))
		}
	})
	t.Run("-step 9", func(t *testing.T) {
		if _, err := Run(context.Background(), &strings.Builder{}, Options{Addr: "pipe", Dial: dial, Step: 9}); err == nil {
			t.Error("no error")
		}
	})
}

// TestStepStopsAtTheFirstFailingStep runs -step 8 against servers written
// as the tutorial's, each broken at one step: the run stops after that
// step's group, with its failure; no later group runs; the line before
// the summary says where it stopped and what to read.
func TestStepStopsAtTheFirstFailingStep(t *testing.T) {
	tests := []struct {
		name    string
		bugs    bugs
		stop    string // the group it stops at
		failing string // a check of that group that fails
		lang    Lang
	}{
		{name: "a field split at every colon", bugs: bugs{colonSplit: true}, stop: steps12, failing: "framed", lang: Chinese},
		{name: "Content-Length in characters", bugs: bugs{charLength: true}, stop: steps12, failing: "bytes"},
		{name: "a wrong JSON field", bugs: bugs{noStatus: true}, stop: step3, failing: "health"},
		{name: "a wrong JSON field, in Chinese", bugs: bugs{noStatus: true}, stop: step3, failing: "health", lang: Chinese},
		{name: "a 404 that does not name the path", bugs: bugs{pathless404: true}, stop: step4, failing: "unknown"},
		{name: "the query string looked up with the path", bugs: bugs{queryInPath: true}, stop: step4, failing: "query"},
		{name: "one recv taken for the request", bugs: bugs{oneRecv: true}, stop: step5, failing: "split"},
		{name: "one client at a time", bugs: bugs{oneAtATime: true}, stop: step6, failing: "silent"},
		{name: "one client at a time, in Chinese", bugs: bugs{oneAtATime: true}, stop: step6, failing: "silent", lang: Chinese},
		{name: "no DELETE", bugs: bugs{noDelete: true}, stop: step8, failing: "delete"},
	}
	t.Run("no bug", func(t *testing.T) {
		o := Options{Addr: tutorialLike(t, bugs{}), Step: LastStep, Timeout: time.Second}
		res, out, _ := run(t, o)
		if res.Failed != 0 || !slices.Equal(headings(out, o), groupIDs(LastStep)) {
			t.Errorf("%+v, want every check of steps 1-8 passed:\n%s", res, out)
		}
		if next, _ := lastLines(out); next != o.next(LastStep) {
			t.Errorf("the line before the summary is %q, want %q", next, o.next(LastStep))
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Options{Addr: tutorialLike(t, tt.bugs), Step: LastStep, Timeout: time.Second, Lang: tt.lang}
			res, out, failed := run(t, o)
			var stop group
			for _, g := range groups {
				if g.id == tt.stop {
					stop = g
				}
			}
			if !slices.Contains(failed, o.Lang.say(tt.failing)) {
				t.Errorf("%q did not fail:\n%s", english[tt.failing], out)
			}
			for _, c := range checklist {
				if slices.Contains(failed, o.Lang.say(c.id)) && c.group != tt.stop {
					t.Errorf("%q of %s failed, want failures of %s only", c.id, c.group, tt.stop)
				}
			}
			if got, want := headings(out, o), groupIDs(stop.last); !slices.Equal(got, want) {
				t.Errorf("groups %q, want %q: none after the failing step:\n%s", got, want, out)
			}
			stopped, summary := lastLines(out)
			if stopped != o.stopped(stop) || summary != o.Lang.say("summary", res.Passed, res.Failed, res.Skipped) || res.Failed == 0 {
				t.Errorf("%+v; the last lines are\n%s\n%s\nwant\n%s\nthen the summary", res, stopped, summary, o.stopped(stop))
			}
			readme := map[Lang]string{English: "README.md", Chinese: "README.zh-CN.md"}[o.Lang]
			for n := stop.first; n <= stop.last; n++ {
				if section := fmt.Sprintf("%s \"Step %d · ", readme, n); !strings.Contains(stopped, section) {
					t.Errorf("the stop line does not name %s's section %q", readme, section)
				}
			}
			for _, title := range stop.titles {
				if !strings.Contains(stopped, `"`+title+`"`) {
					t.Errorf("the stop line does not name the tutorial's %q", title)
				}
			}
			if tt.lang == Chinese {
				assertChinese(t, out)
			}
		})
	}
}
