package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// The answers to every "Try it" of README.md and README.zh-CN.md, in the
// READMEs' order. Each change is the text to find in the file (it must
// occur once) and the text it becomes; -answer prints it as a diff. For an
// open-ended exercise the answer is one way that passes its tests.
var exercises = []Exercise{
	// Step 1 · parse_request

	{
		Name: "step1-bare-lf",
		Try:  "Let Parse accept a bare LF as a line end (change cutLine): which rows of TestParseRejects fail?",
		Steps: []Step{
			Replace{
				File: "step1_parse/request/request.go",
				Old: `if i < 1 || s[i-1] != '\r' {
		return "", "", lineError(s)
	}
	return s[:i-1], s[i+1:], nil`,
				New: `if i < 0 {
		return "", "", lineError(s)
	}
	return strings.TrimSuffix(s[:i], "\r"), s[i+1:], nil`,
			},
			Run{
				Cmd:   "go test ./step1_parse/...",
				Fails: true,
				Want:  []string{`--- FAIL: TestParseRejects/bare_LF`},
			},
		},
	},
	{
		Name: "step1-headers-in-a-map",
		Try:  "Keep the headers in a map, as the tutorial's dict, and print them with range: the order, and which X-Tag is left?",
		Steps: []Step{
			Replace{
				File: "step1_parse/main.go",
				Old:  `	fmt.Fprintf(w, "headers: %q\n", req.Fields[:2])`,
				New: `	fmt.Fprintf(w, "headers: %q\n", req.Fields[:2])

	twice, err := request.Parse([]byte("GET / HTTP/1.1\r\nHost: a\r\nX-Tag: a\r\nAccept: */*\r\nX-Tag: b\r\n\r\n"))
	if err != nil {
		return err
	}
	headers := map[string]string{} // the tutorial's dict
	for _, f := range twice.Fields {
		headers[strings.ToLower(f.Name)] = f.Value
	}
	for name, value := range headers {
		fmt.Fprintf(w, "map: %s=%s\n", name, value)
	}`,
			},
			Import{File: "step1_parse/main.go", Path: "strings"},
			// Built once and run 20 times: go run ./step1_parse, faster.
			Build{Pkg: "./step1_parse"},
			Run{
				Cmd:     "bin/step1_parse",
				Times:   20,
				Keep:    "runs",
				Want:    []string{`^map: x-tag=b$`}, // the last one wins
				WantNot: []string{`x-tag=a`},
			},
			Check{
				What: "the map: lines come in more than one order in the 20 runs (Go shuffles a map's order on purpose)",
				Func: func(kept map[string][]string) error {
					orders := map[string]bool{}
					for _, out := range kept["runs"] {
						orders[strings.Join(linesMatching(out, `^map: `), " ")] = true
					}
					if len(orders) < 2 {
						return fmt.Errorf("the same order in 20 runs: %v", orders)
					}
					return nil
				},
			},
		},
	},
	{
		Name: "step1-raw-utf8-in-the-path",
		Try:  "Add a request with a raw 写 in its path to the demo's malformed list: what does the error tell the client?",
		Steps: []Step{
			Replace{
				File: "step1_parse/main.go",
				Old:  `		"GET /tasks HTTP/2.0\r\nHost: x\r\n\r\n",`,
				New: `		"GET /tasks HTTP/2.0\r\nHost: x\r\n\r\n",
		"GET /写 HTTP/1.1\r\nHost: x\r\n\r\n",`,
			},
			Run{
				Cmd:  "go run ./step1_parse",
				Want: []string{`percent-encode what is not ASCII`},
			},
		},
	},

	// Step 2 · build_response

	{
		Name: "step2-content-length-in-characters",
		Try:  "Count Content-Length in characters (utf8.RuneCount) in AppendHead.",
		Steps: []Step{
			Replace{
				File: "step2_response/response/response.go",
				Old: `	return int64(len(r.Body))
}`,
				New: `	return int64(utf8.RuneCount(r.Body))
}`,
			},
			Import{File: "step2_response/response/response.go", Path: "unicode/utf8"},
			Run{
				Cmd:   "go test ./step2_response/...",
				Fails: true,
				Want:  []string{`--- FAIL`, `Content-Length`},
			},
		},
	},
	{
		Name: "step2-json-marshal",
		Try:  "Encode with json.Marshal instead of an Encoder with SetEscapeHTML(false): which Example fails, and what does < become?",
		Steps: []Step{
			Replace{
				File: "step2_response/response/response.go",
				Old: `	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return Error(500, "cannot encode response: "+err.Error())
	}
	body := buf.Bytes()
	return &Response{Status: status, Body: body[:len(body)-1]} // drop Encode's newline`,
				New: `	body, err := json.Marshal(v)
	if err != nil {
		return Error(500, "cannot encode response: "+err.Error())
	}
	return &Response{Status: status, Body: body}`,
			},
			Replace{
				File: "step2_response/response/response.go",
				Old: `	"bytes"
`,
				New: ``,
			},
			Run{
				Cmd:   "go test ./step2_response/...",
				Fails: true,
				Want:  []string{`--- FAIL: Example`, `\\u003c`},
			},
		},
	},

	// Step 3 · handle_*

	{
		Name: "step3-no-lock",
		Try:  "Remove the lock from Store.Add and run go test -race: what does the race detector report?",
		Steps: []Step{
			Replace{
				File: "step3_handlers/tasks/store.go",
				Old: `func (s *Store) Add(title string, done bool) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()`,
				New: `func (s *Store) Add(title string, done bool) (Task, error) {`,
			},
			Run{
				Cmd:   "go test -race ./step3_handlers/...",
				Fails: true,
				Want:  []string{`WARNING: DATA RACE`, `Store\)\.Add`},
			},
		},
	},
	{
		Name: "step3-json-unmarshal",
		Try:  "Decode bodies with json.Unmarshal into a struct: which rows of TestCreateTaskRejects fail?",
		Steps: []Step{
			Replace{
				File: "step3_handlers/handlers/decode.go",
				Old: `func decodeFields(body []byte) (fields, error) {
	var f fields`,
				New: `func decodeFields(body []byte) (fields, error) {
	var f fields
	if err := json.Unmarshal(body, &f); err != nil {
		return f, errors.New("body is not valid JSON: " + err.Error())
	}
	return f, nil
}

func decodeFieldsStrictly(body []byte) (fields, error) {
	var f fields`,
			},
			Run{
				Cmd:   "go test -run TestCreateTaskRejects -v ./step3_handlers/...",
				Fails: true,
				Want: []string{
					`--- FAIL: TestCreateTaskRejects/names_are_case-sensitive:_Title`,
					`--- FAIL: TestCreateTaskRejects/title_null`,
					`--- FAIL: TestCreateTaskRejects/title_given_twice`,
				},
			},
		},
	},
	{
		Name: "step3-status-all",
		Try:  "Accept ?status=all: a row of TestListTasksFilter first, then the handler; then TestTasksAPI in full.",
		Steps: []Step{
			// The test first: a row that says ?status=all lists every task.
			Replace{
				File: "step3_handlers/handlers/handlers_test.go",
				Old:  `		{"status=maybe", 400, nil},`,
				New: `		{"status=maybe", 400, nil},
		{"status=all", 200, []int{1, 2}},`,
			},
			Run{
				Cmd:   "go test -run TestListTasksFilter ./step3_handlers/...",
				Fails: true,
				Want:  []string{`--- FAIL: TestListTasksFilter/status=all`},
			},
			// Then the handler.
			Replace{
				File: "step3_handlers/handlers/handlers.go",
				Old:  `		if len(status) != 1 || (status[0] != "done" && status[0] != "todo") {`,
				New: `		if len(status) == 1 && status[0] == "all" {
			return listResponse(h.Store.Snapshot(), nil)
		}
		if len(status) != 1 || (status[0] != "done" && status[0] != "todo") {`,
			},
			Run{Cmd: "go test -run TestListTasksFilter ./step3_handlers/..."},
			// The API's contract changed: full's test of the whole API pins the old one.
			Run{
				Cmd:   "go test -run TestTasksAPI ./full",
				Fails: true,
				Want:  []string{`status=all`},
			},
		},
	},
	{
		Name: "step3-if-match-before-only",
		Try:  "Ask If-Match only before the change (nil instead of check to Store.Update): what do two PATCHes with the same If-Match get?",
		Steps: []Step{
			Replace{
				File: "step3_handlers/handlers/handlers.go",
				Old:  `t, ok, err = h.Store.Update(n, check, func(t *tasks.Task) {`,
				New:  `t, ok, err = h.Store.Update(n, nil, func(t *tasks.Task) {`,
			},
			Run{
				Cmd:   "go test -run TestTwoPatchesWithTheSameIfMatch ./step3_handlers/handlers",
				Fails: true,
				// Both are answered 200: the second overwrote the first.
				Want: []string{`statuses map\[200:2\], want one 200 and one 412`},
			},
		},
	},
	{
		Name: "step3-db-survives-a-kill",
		Try:  "Keep the tasks across a restart with -db tasks.db, even after kill -9; the next task gets the next id.",
		Steps: []Step{
			Build{Pkg: "./full"},
			Start{Cmd: "bin/full -db tasks.db -port $PORT"},
			Request{Path: "/tasks", Body: `{"title":"survives"}`, Want: []string{`"id":3`}},
			Kill{},
			Start{Cmd: "bin/full -db tasks.db -port $PORT"},
			Request{Path: "/tasks", Want: []string{`"title":"survives"`}},
			Request{Path: "/tasks", Body: `{"title":"next"}`, Want: []string{`"id":4,"title":"next"`}},
			Stop{},
		},
	},

	// Step 4 · dispatch

	{
		// An open-ended one: the oracle is the step's tests, 405 and Allow included.
		Name: "step4-route-map",
		Try:  "Make the route table a map for the fixed paths, as the tutorial's dict; the tests stay green.",
		Steps: []Step{
			Replace{
				File: "step4_dispatch/router/router.go",
				Old: `type Router struct {
	routes []Route
`,
				New: `type Router struct {
	routes []Route
	fixed  map[string]*Route // the patterns without a {segment}: found in O(1), as the tutorial's dict
`,
			},
			Replace{
				File: "step4_dispatch/router/router.go",
				Old: `func New(routes ...Route) *Router {
	return &Router{routes: routes}
}`,
				New: `func New(routes ...Route) *Router {
	rt := &Router{routes: routes, fixed: map[string]*Route{}}
	for i, r := range rt.routes {
		if !strings.Contains(r.Pattern, "{") {
			rt.fixed[r.Pattern] = &rt.routes[i]
		}
	}
	return rt
}`,
			},
			Replace{
				File: "step4_dispatch/router/router.go",
				Old: `func (rt *Router) match(path string) (*Route, string) {
	for i, r := range rt.routes {`,
				New: `func (rt *Router) match(path string) (*Route, string) {
	if r, ok := rt.fixed[path]; ok {
		return r, ""
	}
	for i, r := range rt.routes {`,
			},
			Run{Cmd: "go test ./step4_dispatch/... ./full"},
		},
	},
	{
		Name: "step4-brew-405",
		Try:  "Answer BREW /health with 405 instead of 501: which row of TestDispatch fails?",
		Steps: []Step{
			Replace{
				File: "step4_dispatch/router/router.go",
				Old: `	if resp := notImplemented(req.Method); resp != nil {
		return resp // 501: a method no route could have (methods.go)
	}`,
				New: ``,
			},
			Run{
				Cmd:   "go test ./step4_dispatch/...",
				Fails: true,
				Want:  []string{`--- FAIL: TestDispatch/501_for_a_method_the_server_does_not_implement`},
			},
		},
	},
	{
		Name: "step4-rebinding-421",
		Try:  "Be a rebound page: Host: evil.example gets 421; -allowed-hosts .example lets it in; localhost and [::1] always are.",
		Steps: []Step{
			Build{Pkg: "./full"},
			Start{Cmd: "bin/full -port $PORT"},
			Request{
				Path: "/tasks",
				Host: "evil.example",
				Head: true,
				Want: []string{
					`^HTTP/1.1 421 Misdirected Request`,
					`"error":"Host evil.example is not a name of this server.*-allowed-hosts`,
				},
			},
			Request{Path: "/tasks", Host: "localhost:$PORT", Head: true, Want: []string{`^HTTP/1.1 200 OK`}},
			Request{Path: "/tasks", Host: "[::1]", Head: true, Want: []string{`^HTTP/1.1 200 OK`}},
			Stop{},
			// A leading dot lets the name and every name under it in.
			Start{Cmd: "bin/full -port $PORT -allowed-hosts .example"},
			Request{
				Path: "/tasks",
				Host: "evil.example",
				Head: true,
				Want: []string{`^HTTP/1.1 200 OK`, `"total":2`},
			},
			Stop{},
		},
	},

	{
		Name: "step4-gzip-everything",
		Try:  "Compress every answer of the page, the list and /echo, however small (minGzip = 0): which subtests fail?",
		Steps: []Step{
			Replace{
				File: "step4_dispatch/router/compress.go",
				Old:  `const minGzip = 1024`,
				New:  `const minGzip = 0`,
			},
			Run{
				Cmd:   "go test ./step4_dispatch/router",
				Fails: true,
				Want: []string{
					`--- FAIL: TestGzipRoundTrip/2_tasks`,
					`Content-Encoding "gzip" for 2 tasks, want gzip: false`,
				},
			},
		},
	},

	// Step 5 · handle_connection

	{
		Name: "step5-one-byte-writes",
		Try:  "Split the tutorial's request into one-byte writes (strings.Split(request, \"\")): does the answer change?",
		Steps: []Step{
			Run{Cmd: "go run ./step5_conn", Keep: "whole"},
			Replace{
				File: "step5_conn/main.go",
				Old: `		{"the tutorial's request", []string{
			"GET /health HTTP/1.1\r\nHost: local\r\n\r\n",
		}, 1},`,
				New: `		{"the tutorial's request", strings.Split("GET /health HTTP/1.1\r\nHost: local\r\n\r\n", ""), 1},`,
			},
			Import{File: "step5_conn/main.go", Path: "strings"},
			Run{Cmd: "go run ./step5_conn", Keep: "bytes"},
			Check{
				What: "the second run sends more than 30 one-byte writes, and the first conversation's response: and body: lines are the same in both runs",
				Func: func(kept map[string][]string) error {
					whole, bytes := kept["whole"][0], kept["bytes"][0]
					if n := len(linesMatching(bytes, `^client sends: "[^"]*"$`)); n <= 30 {
						return fmt.Errorf("not in one-byte writes: %d writes", n)
					}
					answer := func(out string) []string {
						return linesMatching(section(out, `^== the tutorial`, `^== one`), `^  (response|body):`)
					}
					if a, b := answer(whole), answer(bytes); len(a) == 0 || !slices.Equal(a, b) {
						return fmt.Errorf("the answer changed, or none was found:\n%q\n%q", a, b)
					}
					return nil
				},
			},
		},
	},
	{
		Name: "step5-no-release",
		Try:  "Delete the c.releaseRequest() line from Handle: how many bytes does an idle connection hold?",
		Steps: []Step{
			Replace{
				File: "step5_conn/connection/connection.go",
				Old: `		c.releaseRequest() // what the request held goes back (keepalive.go)
`,
				New: ``,
			},
			Run{
				Cmd:   "go test -run TestIdleConnectionKeepsLittle -v ./step5_conn/connection",
				Fails: true,
				Want:  []string{`--- FAIL: TestIdleConnectionKeepsLittle`},
			},
		},
	},
	{
		Name: "step5-no-flush",
		Try:  "Make flushingReader.Read skip the flush: which subtests of TestReadyResponseIsNotHeldBack fail?",
		Steps: []Step{
			Replace{
				File: "step5_conn/connection/output_batch.go",
				Old: `	if err := n.c.flush(); err != nil {
		return 0, err
	}
	n.c.armRead()`,
				New: `	n.c.armRead()`,
			},
			Run{
				Cmd:   "go test -run TestReadyResponseIsNotHeldBack -v ./step5_conn/connection",
				Fails: true,
				Want:  []string{`--- FAIL: TestReadyResponseIsNotHeldBack/`},
			},
		},
	},

	// Step 6 · run_server

	{
		Name: "step6-no-eviction",
		Try:  "In admit, refuse at the limit without trying s.evict(addr, limit) first: what does a new client get?",
		Steps: []Step{
			Replace{
				File: "step6_server/server/maxconns.go",
				Old:  `case len(s.conns) >= limit && !s.evict(addr, limit):`,
				New:  `case len(s.conns) >= limit:`,
			},
			Run{
				Cmd:   "go test -run TestAtTheLimitTheLongestIdleIsClosed ./step6_server/server",
				Fails: true,
				Want:  []string{`--- FAIL: TestAtTheLimitTheLongestIdleIsClosed`, `503`},
			},
		},
	},
	{
		Name: "step6-shutdown-ignores-its-deadline",
		Try:  "Make Shutdown wait for every handler, ignoring its context: what does a stuck handler do to Ctrl+C?",
		Steps: []Step{
			Replace{
				File: "step6_server/server/server.go",
				Old: `	select {
	case <-done:
		return nil
	case <-ctx.Done():`,
				New: `	<-done
	select {
	case <-done:
		return nil
	case <-ctx.Done():`,
			},
			Run{
				Cmd:     "go test -run TestShutdownKeepsItsDeadline ./step6_server/server",
				Fails:   true,
				Want:    []string{`--- FAIL: TestShutdownKeepsItsDeadline|panic: test timed out`},
				Timeout: 2 * time.Minute,
			},
		},
	},

	// Step 7 · demo_client

	{
		Name: "step7-delete-from-the-client",
		Try:  "After the table, send DELETE /tasks/3 with d.do and print the table again: task 3 is gone.",
		Steps: []Step{
			Replace{
				File: "step7_client/client/client.go",
				Old:  `	// 5. A path that does not exist.`,
				New: `	// The closing exercise: DELETE /tasks/3, and the list once more.
	if status, err := d.do("DELETE", "/tasks/3", nil, nil); err != nil || status != 204 {
		return fmt.Errorf("DELETE /tasks/3: %d, %v", status, err)
	}
	if err := d.table("After DELETE /tasks/3"); err != nil {
		return err
	}

	// 5. A path that does not exist.`,
			},
			Run{Cmd: "go run ./step7_client", Keep: "out", Want: []string{`After DELETE /tasks/3`}},
			Check{
				What: "task 3 (部署到生产环境) shows before the DELETE, and not in the table after it",
				Func: func(kept map[string][]string) error {
					out := kept["out"][0]
					after := section(out, `After DELETE`, "")
					if !strings.Contains(strings.TrimSuffix(out, after), "部署到生产环境") || strings.Contains(after, "部署到生产环境") {
						return fmt.Errorf("task 3 still listed after the DELETE:\n%s", out)
					}
					return nil
				},
			},
		},
	},
	{
		Name: "step7-the-tutorials-server",
		Try:  "Point the client at the tutorial's own Python server: which lines differ, and why?",
		Steps: []Step{
			Start{Cmd: "python3 $TUTORIAL_PY --mode server --port $PORT"},
			Run{
				Cmd: "go run ./step7_client -base http://127.0.0.1:$PORT",
				// What differs: its clock is real, and its errors are in Chinese.
				Want:    []string{`title 不能为空`, `404: 路径 /nonexistent 不存在`},
				WantNot: []string{`time=2026-04-17 22:54:12`},
			},
			Stop{},
		},
	},

	// Step 8 · main

	{
		// An open-ended one: the test first, in cli_test.go's style, then the mode.
		Name: "step8-mode-health",
		Try:  "Add a -mode health that prints GET /health once and exits; its test first, in cli_test.go's style.",
		Steps: []Step{
			Append{
				File: "step8_cli/cli/cli_test.go",
				Text: `
func TestModeHealth(t *testing.T) {
	var asked Options
	f := fakes(t)
	f.RunHealth = func(o Options) error { asked = o; return nil }
	var stdout, stderr bytes.Buffer
	if code := Main("full", []string{"-mode", "health", "-port", "8001"}, &stdout, &stderr, f); code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr.String())
	}
	if asked.Mode != "health" || asked.Port != 8001 {
		t.Errorf("RunHealth got %+v", asked)
	}
}
`,
			},
			Run{Cmd: "go test ./step8_cli/...", Fails: true},
			Replace{
				File: "step8_cli/cli/cli.go",
				Old:  `	RunCheck  func(o Options) (failed bool, err error) // err: the server cannot be reached`,
				New: `	RunCheck  func(o Options) (failed bool, err error) // err: the server cannot be reached
	RunHealth func(o Options) error`,
			},
			Replace{
				File: "step8_cli/cli/cli.go",
				Old: `	case "demo": // else: demo_client(f"http://{args.host}:{args.port}")
		run = f.RunDemo`,
				New: `	case "demo": // else: demo_client(f"http://{args.host}:{args.port}")
		run = f.RunDemo
	case "health":
		run = f.RunHealth`,
			},
			Replace{
				File: "step8_cli/cli/cli.go",
				Old:  `case o.Mode != "server" && o.Mode != "demo" && o.Mode != "check":`,
				New:  `case o.Mode != "server" && o.Mode != "demo" && o.Mode != "check" && o.Mode != "health":`,
			},
			Run{Cmd: "go test ./step8_cli/..."},
			// And in full: GET /health with step 2's reader, on a raw connection.
			Replace{
				File: "full/main.go",
				Old:  `		RunCheck: func(o cli.Options) (bool, error) {`,
				New: `		RunHealth: func(o cli.Options) error {
			nc, err := net.Dial("tcp", net.JoinHostPort(o.Host, strconv.Itoa(o.Port)))
			if err != nil {
				return err
			}
			defer nc.Close()
			fmt.Fprintf(nc, "GET /health HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", o.Host)
			resp, err := response.Read(bufio.NewReader(nc), "GET")
			if err != nil {
				return err
			}
			fmt.Println(resp.Status, string(resp.Body))
			return nil
		},
		RunCheck: func(o cli.Options) (bool, error) {`,
			},
			Import{File: "full/main.go", Path: "bufio"},
			Import{File: "full/main.go", Path: "httpfromscratch/step2_response/response"},
			Build{Pkg: "./full"},
			Start{Cmd: "bin/full -port $PORT"},
			Run{
				Cmd:  "bin/full -mode health -port $PORT",
				Want: []string{`^200 \{"status":"ok","time":"[0-9-]+ [0-9:]+","tasks_count":2\}$`},
			},
			Stop{},
		},
	},
	{
		Name: "step8-exit-status",
		Try:  "Build the command and run it with -mode demo -port 0: its exit status is 2, a usage error (go run turns any failure into 1).",
		Steps: []Step{
			Build{Pkg: "./full"},
			Run{
				Cmd:  "bin/full -mode demo -port 0",
				Exit: 2,
				Want: []string{`want 1 to 65535`},
			},
		},
	},
}

// linesMatching returns the lines of out that pattern matches.
func linesMatching(out, pattern string) []string {
	re := regexp.MustCompile(pattern)
	var found []string
	for _, line := range strings.Split(out, "\n") {
		if line = strings.TrimSuffix(line, "\r"); re.MatchString(line) {
			found = append(found, line)
		}
	}
	return found
}

// section returns the lines of out from the first one from matches to the
// next one to matches (that one included), as sed -n '/from/,/to/p' prints
// them; to the end when to is "" or matches none.
func section(out, from, to string) string {
	fromRE, toRE := regexp.MustCompile(from), regexp.MustCompile(to)
	var b strings.Builder
	in := false
	for _, line := range strings.SplitAfter(out, "\n") {
		text := strings.TrimRight(line, "\r\n")
		switch {
		case !in && fromRE.MatchString(text):
			in = true
			b.WriteString(line)
		case in:
			b.WriteString(line)
			if to != "" && toRE.MatchString(text) {
				return b.String()
			}
		}
	}
	return b.String()
}
