#!/usr/bin/env bash
# Checks that every "Try it" of README.md and README.zh-CN.md still does
# what it promises: each exercise's change is made in a scratch copy of the
# module, the command it names is run, and what that command must show is
# checked. These are answers: a learner who is stuck can read them here.
#
#   bash .ci/exercises.sh            # all of them
#   bash .ci/exercises.sh step3      # those whose name matches
#
# One line per exercise, then "N passed, M failed"; exit 1 when M > 0.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
passed=0 failed=0

# replace FILE OLD NEW: OLD must occur exactly once in FILE (in the scratch
# copy); a change in the code that moves it fails the exercise loudly.
replace() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, old, new = sys.argv[1:]
s = open(path, encoding="utf-8").read()
if s.count(old) != 1:
    sys.exit(f"{path}: the text to change occurs {s.count(old)} times, want once:\n{old}")
open(path, "w", encoding="utf-8").write(s.replace(old, new))
PY
}

# exercise NAME: run in a fresh copy of the module; the body (read from
# stdin) makes the change, runs the command into $out and checks it with
# want/wantnot; it fails the exercise by returning non-zero.
exercise() {
  local name=$1 body
  body=$(cat)
  [[ "$name" =~ ${ONLY:-${1:-.}} ]] || return 0
  rm -rf "$scratch/m" && mkdir "$scratch/m"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$scratch/m") # new files too, before they are committed
  local log="$scratch/$name.log"
  if (cd "$scratch/m" && out="$scratch/out" && export out && eval "$body") > "$log" 2>&1; then
    echo "ok    $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name"
    sed 's/^/      /' "$log" | tail -20
    failed=$((failed + 1))
  fi
}

# want PATTERN...: each extended regexp must match a line of $out.
want() { for p in "$@"; do grep -qE -- "$p" "$out" || { echo "missing: $p"; tail -30 "$out"; return 1; }; done; }
# wantnot PATTERN: no line of $out may match.
wantnot() { ! grep -qE -- "$1" "$out" || { echo "unexpected: $1"; return 1; }; }
# fails CMD...: the command must fail (a test that goes red).
fails() { if "$@" > "$out" 2>&1; then echo "passed, but the exercise says it fails: $*"; return 1; fi; }
# passes CMD...: the command must succeed.
passes() { "$@" > "$out" 2>&1 || { echo "failed: $*"; tail -30 "$out"; return 1; }; }

ONLY=${1:-.}

exercise step1-bare-lf <<'X'
replace step1_parse/request/request.go 'if i < 1 || s[i-1] != '"'"'\r'"'"' {
		return "", "", lineError(s)
	}
	return s[:i-1], s[i+1:], nil' 'if i < 0 {
		return "", "", lineError(s)
	}
	return strings.TrimSuffix(s[:i], "\r"), s[i+1:], nil'
fails go test ./step1_parse/...
want -- '--- FAIL: TestParseRejects/bare_LF'
X

exercise step1-headers-in-a-map <<'X'
replace step1_parse/main.go '	fmt.Fprintf(w, "headers: %q\n", req.Fields[:2])' '	fmt.Fprintf(w, "headers: %q\n", req.Fields[:2])

	twice, err := request.Parse([]byte("GET / HTTP/1.1\r\nHost: a\r\nX-Tag: a\r\nAccept: */*\r\nX-Tag: b\r\n\r\n"))
	if err != nil {
		return err
	}
	headers := map[string]string{} // the tutorial'"'"'s dict
	for _, f := range twice.Fields {
		headers[strings.ToLower(f.Name)] = f.Value
	}
	for name, value := range headers {
		fmt.Fprintf(w, "map: %s=%s\n", name, value)
	}'
replace step1_parse/main.go '	"os"' '	"os"
	"strings"'
go build -o "$scratch/step1" ./step1_parse || exit 1
for i in $(seq 20); do "$scratch/step1" | grep '^map: ' | tr '\n' ' '; echo; done > "$out"
want 'x-tag=b'
wantnot 'x-tag=a'
[ "$(sort -u "$out" | wc -l)" -gt 1 ] || { echo "the same order in 20 runs"; cat "$out"; exit 1; }
X

exercise step1-raw-utf8-in-the-path <<'X'
replace step1_parse/main.go '		"GET /tasks HTTP/2.0\r\nHost: x\r\n\r\n",' '		"GET /tasks HTTP/2.0\r\nHost: x\r\n\r\n",
		"GET /写 HTTP/1.1\r\nHost: x\r\n\r\n",'
passes go run ./step1_parse
want 'percent-encode what is not ASCII'
X

exercise step2-content-length-in-characters <<'X'
replace step2_response/response/response.go '	return int64(len(r.Body))
}' '	return int64(utf8.RuneCount(r.Body))
}'
replace step2_response/response/response.go '"strconv"' '"strconv"
	"unicode/utf8"'
fails go test ./step2_response/...
want -- '--- FAIL' 'Content-Length'
X

exercise step2-json-marshal <<'X'
replace step2_response/response/response.go '	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return Error(500, "cannot encode response: "+err.Error())
	}
	body := buf.Bytes()
	return &Response{Status: status, Body: body[:len(body)-1]} // drop Encode'"'"'s newline' '	body, err := json.Marshal(v)
	if err != nil {
		return Error(500, "cannot encode response: "+err.Error())
	}
	return &Response{Status: status, Body: body}'
replace step2_response/response/response.go '	"bytes"
' ''
fails go test ./step2_response/...
want -- '--- FAIL: Example' '\\u003c'
X

exercise step3-no-lock <<'X'
replace step3_handlers/handlers/store.go 'func (s *Store) Add(title string, done bool) (Task, error) {
	s.mu.Lock()
	defer s.mu.Unlock()' 'func (s *Store) Add(title string, done bool) (Task, error) {'
fails go test -race ./step3_handlers/...
want 'WARNING: DATA RACE' 'Store\)\.Add'
X

exercise step3-json-unmarshal <<'X'
replace step3_handlers/handlers/decode.go 'func decodeFields(body []byte) (fields, error) {
	var f fields' 'func decodeFields(body []byte) (fields, error) {
	var f fields
	if err := json.Unmarshal(body, &f); err != nil {
		return f, errors.New("body is not valid JSON: " + err.Error())
	}
	return f, nil
}

func decodeFieldsStrictly(body []byte) (fields, error) {
	var f fields'
fails go test -run TestCreateTaskRejects -v ./step3_handlers/...
want -- '--- FAIL: TestCreateTaskRejects/names_are_case-sensitive:_Title' '--- FAIL: TestCreateTaskRejects/title_null' '--- FAIL: TestCreateTaskRejects/title_given_twice'
X

exercise step3-status-all <<'X'
# the test first: a row that says ?status=all lists every task
replace step3_handlers/handlers/handlers_test.go '		{"status=maybe", 400, nil},' '		{"status=maybe", 400, nil},
		{"status=all", 200, []int{1, 2}},'
fails go test -run TestListTasksFilter ./step3_handlers/...
want -- '--- FAIL: TestListTasksFilter/status=all'
# then the handler
replace step3_handlers/handlers/handlers.go '		if len(status) != 1 || (status[0] != "done" && status[0] != "todo") {' '		if len(status) == 1 && status[0] == "all" {
			return listResponse(h.Store.Snapshot(), nil)
		}
		if len(status) != 1 || (status[0] != "done" && status[0] != "todo") {'
passes go test -run TestListTasksFilter ./step3_handlers/...
# the API's contract changed: full's test of the whole API pins the old one
fails go test -run TestTasksAPI ./full
want 'status=all'
X

exercise step3-db-survives-a-kill <<'X'
go build -o "$scratch/full" ./full || exit 1
db="$scratch/tasks.db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$scratch/full" -db "$db" -port "$port" > "$scratch/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
curl -s -d '{"title":"survives"}' "http://127.0.0.1:$port/tasks" > "$out"
want '"id":3'
kill -9 "$pid"; wait "$pid" 2>/dev/null
"$scratch/full" -db "$db" -port "$port" > "$scratch/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
{ curl -s "http://127.0.0.1:$port/tasks"; echo; curl -s -d '{"title":"next"}' "http://127.0.0.1:$port/tasks"; echo; } > "$out"
kill "$pid"; wait "$pid" 2>/dev/null
want '"title":"survives"' '"id":4,"title":"next"'
X

exercise step4-route-map <<'X'
# An open-ended one: the oracle is the step's tests, 405 and Allow included.
replace step4_dispatch/router/router.go 'type Router struct {
	routes []Route
' 'type Router struct {
	routes []Route
	fixed  map[string]*Route // the patterns without a {segment}: found in O(1), as the tutorial'"'"'s dict
'
replace step4_dispatch/router/router.go 'func New(routes ...Route) *Router {
	return &Router{routes: routes}
}' 'func New(routes ...Route) *Router {
	rt := &Router{routes: routes, fixed: map[string]*Route{}}
	for i, r := range rt.routes {
		if !strings.Contains(r.Pattern, "{") {
			rt.fixed[r.Pattern] = &rt.routes[i]
		}
	}
	return rt
}'
replace step4_dispatch/router/router.go 'func (rt *Router) match(path string) (*Route, string) {
	for i, r := range rt.routes {' 'func (rt *Router) match(path string) (*Route, string) {
	if r, ok := rt.fixed[path]; ok {
		return r, ""
	}
	for i, r := range rt.routes {'
passes go test ./step4_dispatch/... ./full
X

exercise step4-brew-405 <<'X'
replace step4_dispatch/router/router.go '	if resp := notImplemented(req.Method); resp != nil {
		return resp // 501: a method no route could have (methods.go)
	}' ''
fails go test ./step4_dispatch/...
want -- '--- FAIL: TestDispatch/501_for_a_method_the_server_does_not_implement'
X

exercise step4-rebinding-421 <<'X'
go build -o "$scratch/full" ./full || exit 1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$scratch/full" -port "$port" > "$scratch/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
{ curl -si -H 'Host: evil.example' "http://127.0.0.1:$port/tasks"; echo
  for h in "localhost:$port" '[::1]'; do curl -s -o /dev/null -w "$h %{http_code}\n" -H "Host: $h" "http://127.0.0.1:$port/tasks"; done; } > "$out"
kill "$pid"; wait "$pid" 2>/dev/null
want '^HTTP/1.1 421 Misdirected Request' '"error":"Host evil.example is not a name of this server.*-allowed-hosts' "^localhost:$port 200" '^\[::1\] 200'
# a leading dot lets the name and every name under it in
"$scratch/full" -port "$port" -allowed-hosts .example > "$scratch/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
curl -si -H 'Host: evil.example' "http://127.0.0.1:$port/tasks" > "$out"
kill "$pid"; wait "$pid" 2>/dev/null
want '^HTTP/1.1 200 OK' '"total":2'
X

exercise step5-no-release <<'X'
replace step5_conn/connection/connection.go '		c.releaseRequest() // what the request held goes back (keepalive.go)
' ''
fails go test -run TestIdleConnectionKeepsLittle -v ./step5_conn/connection
want -- '--- FAIL: TestIdleConnectionKeepsLittle'
X

exercise step5-no-flush <<'X'
replace step5_conn/connection/output_batch.go '	if err := n.c.flush(); err != nil {
		return 0, err
	}
	n.c.armRead()' '	n.c.armRead()'
fails go test -run TestReadyResponseIsNotHeldBack -v ./step5_conn/connection
want -- '--- FAIL: TestReadyResponseIsNotHeldBack/'
X

exercise step6-no-eviction <<'X'
replace step6_server/server/maxconns.go 'case len(s.conns) >= limit && !s.evict(addr, limit):' 'case len(s.conns) >= limit:'
fails go test -run TestAtTheLimitTheLongestIdleIsClosed ./step6_server/server
want -- '--- FAIL: TestAtTheLimitTheLongestIdleIsClosed' '503'
X

exercise step5-one-byte-writes <<'X'
passes go run ./step5_conn
sed -n '/^== the tutorial/,/^== one/p' "$out" | grep -E '^  (response|body):' > "$scratch/whole"
replace step5_conn/main.go '		{"the tutorial'"'"'s request", []string{
			"GET /health HTTP/1.1\r\nHost: local\r\n\r\n",
		}, 1},' '		{"the tutorial'"'"'s request", strings.Split("GET /health HTTP/1.1\r\nHost: local\r\n\r\n", ""), 1},'
grep -q '"strings"' step5_conn/main.go || replace step5_conn/main.go '	"net"' '	"net"
	"strings"'
passes go run ./step5_conn
sed -n '/^== the tutorial/,/^== one/p' "$out" | grep -E '^  (response|body):' > "$scratch/bytes"
[ "$(grep -c '^client sends: "[^"]*"$' "$out")" -gt 30 ] || { echo "not in one-byte writes"; exit 1; }
[ -s "$scratch/whole" ] && diff "$scratch/whole" "$scratch/bytes" || { echo "the answer changed, or none was found"; cat "$out"; exit 1; }
X

exercise step6-shutdown-ignores-its-deadline <<'X'
replace step6_server/server/server.go '	select {
	case <-done:
		return nil
	case <-ctx.Done():' '	<-done
	select {
	case <-done:
		return nil
	case <-ctx.Done():'
fails timeout 120 go test -run TestShutdownKeepsItsDeadline ./step6_server/server
want -- '--- FAIL: TestShutdownKeepsItsDeadline|panic: test timed out'
X

exercise step7-delete-from-the-client <<'X'
replace step7_client/client/client.go '	// 5. A path that does not exist.' '	// The closing exercise: DELETE /tasks/3, and the list once more.
	if status, err := d.do("DELETE", "/tasks/3", nil, nil); err != nil || status != 204 {
		return fmt.Errorf("DELETE /tasks/3: %d, %v", status, err)
	}
	if err := d.table("After DELETE /tasks/3"); err != nil {
		return err
	}

	// 5. A path that does not exist.'
passes go run ./step7_client
want 'After DELETE /tasks/3'
# task 3 is in the list before the DELETE, and not after it
sed -n '/After DELETE/,$p' "$out" > "$out.after"
grep -q '部署到生产环境' "$out" && ! grep -q '部署到生产环境' "$out.after" || { echo "task 3 still listed after the DELETE"; cat "$out"; exit 1; }
X

exercise step7-the-tutorials-server <<'X'
[ -n "${TUTORIAL_PY:-}" ] || { echo "TUTORIAL_PY is not set: the tutorial's server is needed"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$TUTORIAL_PY" --mode server --port "$port" > "$scratch/py.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
go run ./step7_client -base "http://127.0.0.1:$port" > "$out" 2>&1
status=$?
kill "$pid"; wait "$pid" 2>/dev/null
[ "$status" = 0 ] || { echo "exit $status"; cat "$out"; exit 1; }
# what differs: its clock is real, and its errors are in Chinese
want 'title 不能为空' '404: 路径 /nonexistent 不存在'
wantnot 'time=2026-04-17 22:54:12'
X

exercise step8-mode-health <<'X'
# An open-ended one: the test first, in cli_test.go's style, then the mode.
cat >> step8_cli/cli/cli_test.go <<'GO'

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
GO
fails go test ./step8_cli/...
replace step8_cli/cli/cli.go '	RunCheck  func(o Options) (failed bool, err error) // err: the server cannot be reached' '	RunCheck  func(o Options) (failed bool, err error) // err: the server cannot be reached
	RunHealth func(o Options) error'
replace step8_cli/cli/cli.go '	if o.Mode == "demo" {
		run = f.RunDemo
	}' '	switch o.Mode {
	case "demo":
		run = f.RunDemo
	case "health":
		run = f.RunHealth
	}'
replace step8_cli/cli/cli.go 'case o.Mode != "server" && o.Mode != "demo" && o.Mode != "check":' 'case o.Mode != "server" && o.Mode != "demo" && o.Mode != "check" && o.Mode != "health":'
passes go test ./step8_cli/...
# and in full: GET /health with step 2's reader, on a raw connection
replace full/main.go '		RunCheck: func(o cli.Options) (bool, error) {' '		RunHealth: func(o cli.Options) error {
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
		RunCheck: func(o cli.Options) (bool, error) {'
replace full/main.go '	"context"' '	"bufio"
	"context"'
replace full/main.go '	"httpfromscratch/step3_handlers/handlers"' '	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/handlers"'
go build -o "$scratch/full" ./full || exit 1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$scratch/full" -port "$port" > "$scratch/server.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.05; done
"$scratch/full" -mode health -port "$port" > "$out" 2>&1
kill "$pid"; wait "$pid" 2>/dev/null
want '^200 \{"status":"ok","time":"[0-9-]+ [0-9:]+","tasks_count":2\}$'
X

exercise step8-exit-status <<'X'
go build -o "$scratch/full" ./full
"$scratch/full" -mode demo -port 0 > "$out" 2>&1
status=$?
[ "$status" = 2 ] || { echo "exit status $status, want 2"; exit 1; }
want 'want 1 to 65535'
X

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
