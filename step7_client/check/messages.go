package check

import (
	"fmt"
	"slices"
)

// This file holds everything the checker says, in two languages: English,
// and Chinese in the tutorial's own words (请求行, 请求头, 空行, 请求体,
// 状态行, 响应...), for a learner who comes from the Chinese tutorial.
// What the checker shows of the wire (the bytes, check names, commands,
// URLs) is not here: it is the same in every language.
//
// Each message is a fmt format keyed by an id; a language's table must
// hold every id, with the same verbs in the same order (messages_test.go).

// Lang is the language the checker speaks. The command line chooses it
// (step 8: -lang, else the locale); Run never reads the environment.
type Lang string

const (
	English Lang = "en" // the default: "" and any other value are English too
	Chinese Lang = "zh"
)

// say returns message id in l, its verbs filled with args.
func (l Lang) say(id string, args ...any) string {
	format, ok := messages[l][id]
	if !ok {
		format = english[id]
	}
	return fmt.Sprintf(format, args...)
}

var messages = map[Lang]map[string]string{English: english, Chinese: chinese}

// failure is why a check failed: a message id and its arguments, so that
// Run can say it in the learner's language. Error says it in English.
type failure struct {
	id   string
	args []any
}

// fail returns the failure id, with args for its verbs. An argument that
// is an error is wrapped (errors.Is sees it) and said in the same
// language as the failure.
func fail(id string, args ...any) error {
	return &failure{id: id, args: args}
}

func (f *failure) Error() string { return f.in(English) }

// in says f in l.
func (f *failure) in(l Lang) string {
	args := slices.Clone(f.args)
	for i, a := range args {
		switch a := a.(type) {
		case sayer:
			args[i] = a.in(l)
		case error:
			args[i] = a.Error() // the network's, the JSON decoder's: as Go words it
		}
	}
	return l.say(f.id, args...)
}

// sayer is an argument that says itself in each language: a failure, a
// size.
type sayer interface{ in(l Lang) string }

// Unwrap returns the errors among f's arguments, for errors.Is.
func (f *failure) Unwrap() []error {
	var errs []error
	for _, a := range f.args {
		if err, ok := a.(error); ok {
			errs = append(errs, err)
		}
	}
	return errs
}

// said is err in l: a failure in l's words; any other error (the
// network's, the JSON decoder's) as Go words it.
func said(err error, l Lang) string {
	if s, ok := err.(sayer); ok {
		return s.in(l)
	}
	return err.Error()
}

// english is what the checker says in English. A check's id is its name
// (what -only matches, and what the report prints); id.why says why it
// matters; id.try, when there is one, comments its command.
var english = map[string]string{
	// The report.
	"heading":     "Checking http://%s against what this module teaches.",
	"skipped":     "%s (skipped: takes the server's timeout; run with -slow)",
	"skipped-why": "skipped: %s; to add it, read %s",
	"name":        "name (for -only): %s", // printed only where the description is not the name
	"why":         "why it matters: %s",
	"pointer":     " (%s)",
	"try":         "try: %s",
	"try-go":      "without nc (PowerShell too): %s",
	"summary":     "%d passed, %d failed, %d skipped",
	"dropped":     "... and %d bytes more, not kept for this report",
	"more":        "... (more lines not shown)",
	"unreach":     "cannot reach %s",
	"try-note":    "%s   # %s",
	"size-byte":   "%d bytes",

	// The groups, in the tutorial's order (steps.go).
	"group.steps1-2": "Steps 1-2, parse_request and build_response: a request read, an answer framed (over a socket, one shows only through the other)",
	"group.step3":    "Step 3, handle_health / handle_tasks: the handlers' status codes and JSON",
	"group.step4":    "Step 4, ROUTES + dispatch: the path finds its handler, the query string ignored",
	"group.step5":    "Step 5, handle_connection: a request read whole, however TCP cuts it",
	"group.step6":    "Step 6, run_server: a thread for each connection",
	"group.step7":    "Step 7, demo_client: the client side, which the wire to a server cannot show; nothing to check here (go run ./step7_client -base http://{addr} runs it against this server)",
	"group.step8":    "Step 8, main: the command line, which the wire cannot show either; and the tutorial's closing exercise, DELETE",
	"group.beyond":   `Beyond the tutorial (full/README.md: "What the tutorial skips: the hardening")`,

	// -step: where it stopped, or what comes next (steps.go).
	"step-n":          "step %d",
	"steps-n":         "steps %d-%d",
	"and":             "%s and %s",
	"stopped":         "Stopped after %s: a check failed there, so the later steps were not run. Read %s, and in the tutorial %s.",
	"all-pass":        "Steps 1-%d: every check run passed. Next, %s: read %s, and in the tutorial %s; then %s",
	"all-pass-beyond": "Steps 1-%d: every check run passed, the closing exercise too. Next, beyond the tutorial: read %s; then %s",

	// Where each step is taught (the module's README), and the rules beyond it.
	"section.step1":  "README.md \"Step 1 · `parse_request` → `step1_parse/request/request.go`\"",
	"section.step2":  "README.md \"Step 2 · `build_response` → `step2_response/response/response.go`\"",
	"section.step3":  "README.md \"Step 3 · `handle_*` → `step3_handlers/handlers/handlers.go`\"",
	"section.step4":  "README.md \"Step 4 · `ROUTES` + `dispatch` → `step4_dispatch/router/router.go`\"",
	"section.step5":  "README.md \"Step 5 · `handle_connection` → `step5_conn/connection/connection.go`\"",
	"section.step6":  "README.md \"Step 6 · `run_server` → `step6_server/server/server.go`\"",
	"section.step7":  "README.md \"Step 7 · `demo_client` → `step7_client/client/client.go`\"",
	"section.step8":  "README.md \"Step 8 · `main` → `step8_cli/cli/cli.go`\"",
	"section.beyond": `full/README.md: "What the tutorial skips: the hardening"`,

	"section.api":         `full/README.md: "The API (curl)"`,
	"section.keepalive":   `full/README.md: "Persistent connections and pipelining"`,
	"section.chunked":     `full/README.md: "Chunked bodies"`,
	"section.continue":    "full/README.md: \"`Expect: 100-continue`\"",
	"section.syntax":      `full/README.md: "Strict syntax"`,
	"section.smuggling":   `full/README.md: "Request smuggling"`,
	"section.limits":      `full/README.md: "Limits"`,
	"section.timeouts":    `full/README.md: "Timeouts"`,
	"section.compression": `full/README.md: "Compression"`,
	"section.conditional": `full/README.md: "Conditional requests"`,

	// The checks: each one's name, why it matters, and what its command shows.
	"framed":                  "several fields, a value holding a colon (X-Note: a: b): the answer is a status line, fields, then exactly Content-Length bytes of body",
	"framed.why":              "parse_request cuts each field at its first colon (a value may hold more), and build_response must state the body's exact length, or the client cannot tell where the answer ends",
	"health":                  `GET /health answers 200 {"status":"ok","time":...,"tasks_count":N}`,
	"health.why":              "it is the tutorial's first route: a server that cannot answer it is not serving yet",
	"list":                    "GET /tasks lists the tasks, the two seed tasks among them, with a total",
	"list.why":                "the tutorial's store starts with two tasks, and the list is what its client prints",
	"create":                  `POST /tasks creates a task: 201 and {"task":{...}}`,
	"create.why":              "creating is the tutorial's one write, and 201 says a resource now exists",
	"blank":                   `POST /tasks with a blank title is 400 with {"error":...}`,
	"blank.why":               "bad input gets a clear error the client can show, never a task with no title",
	"unknown":                 `an unknown path is 404 with {"error":...} naming the path`,
	"unknown.why":             "dispatch finds no route: the client must learn which path does not exist",
	"query":                   "an unknown query parameter is ignored: GET /tasks?utm_source=check lists the tasks as GET /tasks does",
	"query.why":               "dispatch looks up the path alone (the tutorial: 只匹配路径,忽略 query string), so a link carrying a tracking parameter still reaches its route",
	"bytes":                   "Content-Length counts bytes, not characters (a Chinese title)",
	"bytes.why":               "the client reads exactly Content-Length bytes: counted in characters, the body is cut short and the rest corrupts the next answer",
	"split":                   "a request split across several writes gets one answer",
	"split.why":               "TCP keeps no message boundaries: one recv may hold half a request, so a server reads until the empty line and Content-Length more bytes",
	"two-clients":             "two clients at once are both served",
	"two-clients.why":         "run_server gives each connection its own thread: one client must not wait for another's answer",
	"silent":                  "a client that stays silent does not block another",
	"silent.why":              "a server that waits on one silent connection before it accepts the next can be stopped by anyone who opens a socket",
	"keep-alive":              "keep-alive: a second request on the same connection is answered",
	"keep-alive.why":          "HTTP/1.1 keeps connections open by default; a new TCP connection per request costs a round trip each",
	"keep-alive.try":          `look for "Re-using existing connection"`,
	"http10":                  "HTTP/1.0 without keep-alive: the answer says Connection: close, then the server closes",
	"http10.why":              "an HTTP/1.0 client waits for the close unless told otherwise, and a server must say when it will close",
	"pipelining":              "pipelining: three requests in one write, three answers in order",
	"pipelining.why":          "a client may send requests back to back; answers out of order, or missing, hand it the wrong data",
	"chunked":                 "a chunked request body is decoded",
	"chunked.why":             "a client that does not know its body's length up front sends it in chunks (curl -T - does)",
	"continue":                "Expect: 100-continue is answered 100 Continue before the body is sent",
	"continue.why":            "curl sends it before a body over 1 KiB and waits for 100 Continue; a server that never says it makes every such upload wait",
	"head":                    "HEAD /health: GET's status and fields, no body",
	"head.why":                "HEAD asks for the fields alone (a client checking a resource); a body after them is read as the next answer",
	"allow":                   "a method the path lacks is 405 with Allow",
	"allow.why":               "405 says the path exists but not for this method, and Allow says which methods it has",
	"gzip":                    "gzip when asked: a 4 KiB POST /echo with Accept-Encoding: gzip comes back gzip-coded, and decompresses to the identity body",
	"gzip.why":                "a page or a list shrinks several times under gzip, fewer bytes on a slow link; and the client must get back exactly the bytes it would have got uncoded",
	"gzip.try":                `look for "< Content-Encoding: gzip"; curl decompresses the body`,
	"gzip-unasked":            "gzip only when asked: without Accept-Encoding, with identity, or with gzip;q=0, the same answer is not coded",
	"gzip-unasked.why":        "a client that did not say it can decode gzip (curl without --compressed, the tutorial's client) gets bytes it cannot read; q=0 means not acceptable",
	"gzip-unasked.try":        "no Content-Encoding in the answer",
	"vary":                    "Vary: Accept-Encoding on /echo's answers, gzip-coded or not",
	"vary.why":                "a cache keeps one answer per URL unless Vary says it depends on Accept-Encoding: without it, a client that cannot decode gzip may be handed the gzip copy",
	"vary.try":                `look for "Vary: Accept-Encoding"`,
	"not-modified":            "If-None-Match with a task's ETag is 304 Not Modified: the same ETag, no body",
	"not-modified.why":        "a browser that holds a copy sends its ETag back on a reload; 304 says the copy is current and sends no body, which saves the transfer",
	"not-modified.try":        "304 Not Modified, the same ETag, no body",
	"precondition-failed":     "If-Match with a stale ETag is 412 Precondition Failed, and the task is unchanged",
	"precondition-failed.why": "two browser tabs change one task: the second change, sent with the ETag read before the first, must be refused, not overwrite the first (a lost update)",
	"precondition-failed.try": "the second PATCH, with the ETag from before the first: 412 Precondition Failed",
	"bare-lf":                 "a bare LF as line end is 400, then close",
	"bare-lf.why":             "lines end in CRLF; a server and a proxy that split lines differently read different requests",
	"two-spaces":              "two spaces after the method are 400, then close",
	"two-spaces.why":          `split(" ") would hand an empty path to the router; exactly one space separates the parts`,
	"no-host":                 "an HTTP/1.1 request without Host is 400, then close",
	"no-host.why":             "HTTP/1.1 requires Host: it says which site on this address the client wants",
	"cl-and-te":               "Content-Length and Transfer-Encoding together are 400, then close",
	"cl-and-te.why":           "a proxy and a server that pick different framings see different requests: one can be smuggled inside another",
	"long-line":               "a request line over 8 KiB is 414, then close",
	"long-line.why":           "without a limit, one endless request line holds the server's memory",
	"big-head":                "a header section over 16 KiB is 431, then close",
	"big-head.why":            "without a limit, endless fields hold the server's memory",
	"big-body":                "a declared body over 1 MiB is 413 before it is sent, then close",
	"big-body.why":            "a server should refuse a body it will not take before the client spends the upload",
	"slow-head":               "a header section sent too slowly is cut off (408 or a close)",
	"slow-head.why":           "a client that sends its head a byte at a time (slowloris) would hold a connection, and a thread, for ever",
	"slow-head.try":           "wait for the server's header timeout",
	"delete":                  "DELETE /tasks/{id} removes the task (the tutorial's closing exercise)",
	"delete.why":              "the tutorial ends by asking for it: the task must be gone afterwards",

	// Why a check failed (checks.go).
	"health-lacks":   `the body %s lacks status "ok", time or tasks_count`,
	"health-time":    "time %s is not YYYY-MM-DD HH:MM:SS",
	"no-tasks":       `the body has no "tasks" list`,
	"no-total":       "no total for %d tasks",
	"wrong-total":    "total is %d for %d tasks",
	"no-seed":        "the seed task %q is not in the list",
	"not-whole":      "the body %s is not the whole JSON: Content-Length %s does not count its bytes",
	"no-title":       "the answer does not carry the title: %s",
	"after-body":     "more bytes followed the %d bytes Content-Length announced (%s): it does not count the whole body",
	"no-path":        "the error %s does not name the path %s",
	"with-query":     "with the query string: %v",
	"query-count":    "with the query string the list has %d tasks, without it %d",
	"client-n":       "client %d: %v",
	"second-client":  "the second client: %v",
	"request-n":      "request %d: %v",
	"said-close":     "request 2: %v; the first answer said Connection: close, which is legal HTTP, but then every request needs a new connection (RFC 9112 §9.3: HTTP/1.1 keeps it open unless a side says close)",
	"not-close":      "the answer says Connection: %s, want close",
	"answer-n":       "answer %d: %v",
	"out-of-order":   "answer %d is %s with %s, want %d with %s: out of order",
	"third-no-tasks": `answer 3 has no "tasks" list: out of order`,
	"wrong-title":    "the task's title is %s, want %q",
	"before-body":    "before the body: %v",
	"not-100":        "the first answer is %s, want 100 Continue before the body",
	"head-wrong":     "HEAD answered %s with Content-Length %s, want 200 and GET's length",
	"get-after":      "the GET after it: %v",
	"no-allow":       "the answer says Allow: %s, want the methods /health has (GET)",
	"still-waiting":  "still waiting after %v: %v",
	"not-408":        "the answer is %s, want 408 or a close",
	"creating":       "creating the task to delete: %v",
	"delete-status":  "DELETE %s answered %s, want 204 (or 200)",
	"still-listed":   "task %d is still in the list after DELETE",
	"not-created":    `the body %s is not {"task":{"id":...,"title":%q,...}}`,
	"status":         "the answer is %s, want %d",
	"not-json":       "the body %s is not the JSON expected: %v",
	"no-length":      "no Content-Length: the client cannot tell where the body ends until the connection closes",
	"no-type":        "a body without Content-Type",
	"not-error":      `the body %s is not {"error":"..."}`,

	// Why a check of compression or conditional requests failed, or was
	// skipped (negotiation.go).
	"no-echo":           "POST /echo, asked with Accept-Encoding: gzip, was answered %s, not coded: this server has no /echo to see gzip on",
	"no-gzip":           "POST /echo with a %s body, asked with Accept-Encoding: gzip, was answered without Content-Encoding: this server does not compress",
	"not-gzip-coded":    "asked for gzip, the answer says Content-Encoding: %s",
	"not-gzip":          "the body is not gzip: %v",
	"gzip-over":         "decompressed, the body is over %s: the checker decompresses no more (a gzip bomb?)",
	"gzip-differs":      "decompressed, the body (%d bytes) is not the request sent (%d bytes), which /echo answers: they differ from byte %d on, %s",
	"coded-unasked":     "asked without Accept-Encoding, the answer says Content-Encoding: %s: a client that did not ask cannot read the body",
	"coded-unaccepted":  "asked with %s, which does not accept gzip, the answer says Content-Encoding: %s",
	"no-vary-coded":     "the gzip-coded answer has Vary: %s; want Accept-Encoding in it (or *)",
	"no-vary-plain":     "asked without Accept-Encoding, the answer (%s) has Vary: %s; want Accept-Encoding in it (or *), as the coded one has",
	"no-etag":           "GET /tasks/%d was answered %s without an ETag: this server sends no ETags to make a request conditional on",
	"creating-tagged":   "creating a task to read its ETag: %v",
	"not-304":           "If-None-Match: %s, the task's ETag, was answered %s; want 304 Not Modified",
	"304-etag":          "the 304 says ETag: %s; want the 200's, %s",
	"304-body":          "bytes followed the 304, which has no body: %s",
	"weak-task-tag":     "the task's ETag %s is weak: If-Match compares strong tags only, so no If-Match could ever let a change through",
	"if-match-current":  "PATCH with If-Match: %s, the task's current ETag, was answered %s; want 200: a change with a current tag goes through",
	"tag-unchanged":     "the task changed, and its ETag did not: %s",
	"not-412":           "PATCH with If-Match: %s, the ETag from before another change, was answered %s; want 412 Precondition Failed",
	"changed-after-412": "after the 412, the task is %s; want it as the change before left it, titled %q and not done",

	// Why an exchange failed (exchange.go, limits.go, tasklist.go).
	"connect":         "cannot connect: %v",
	"sending":         "sending: %v",
	"body-over-cl":    "the body is over %s (Content-Length: %d): the checker keeps no more",
	"reading-body":    "reading the body: %v",
	"body-over":       "the body is over %s: the checker keeps no more",
	"status-too-long": "the status line is over %s",
	"no-status-line":  "the answer does not start with a status line: %s",
	"head-too-long":   "the header section is over %s",
	"too-many-fields": "the header section has over %d fields",
	"sent-more":       "the server sent more (%s) instead of closing",
	"still-open":      "the connection was still open %v later",
	"hangs":           "no complete answer within the time bound: the server is waiting for something, or hangs",
	"closed":          "the server closed the connection without an answer",
	"cut-short":       "the connection ended in the middle of the answer",
	"chunk-too-long":  "a chunk-size line is over 4 KiB",
	"bad-length":      "Content-Length %s is not a number of bytes",
	"two-lengths":     "two Content-Length fields disagree: %s and %s",
	"list-over-cl":    "the task list is over %s (Content-Length: %d): the checker reads no more",
	"list-not-json":   `the body is not the JSON expected, {"tasks":[...],"total":N}: %v`,
	"not-a-list":      "not a task list",
	"where-belongs":   "%v: %s where %s belongs",
	"list-over":       "the task list is over %s: the checker reads no more",
	"value-over":      "a value in the task list is over %s: the checker keeps no more",

	// The parts of a message, as the exchanges label them (full -trace's
	// labels). A field and a body are the request's or the response's.
	"part.request line":         "request line",
	"part.status line":          "status line",
	"part.request field":        "field",
	"part.response field":       "field",
	"part.empty line":           "empty line",
	"part.empty line (ignored)": "empty line (ignored)",
	"part.request body":         "body",
	"part.response body":        "body",
	"part.chunk size":           "chunk size",
	"part.chunk data":           "chunk data",
	"part.chunk end":            "chunk end",
	"part.last chunk":           "last chunk",
	"part.trailer field":        "trailer field",
	"part.unfinished":           "%s (unfinished)",
	"part.bytes":                "(%d bytes)",
	"part.bytes-of":             "(%d of %d bytes)",
	"part.gzip":                 "%s (gzip, %s)", // a body, decompressed: its sizes
	"part.gzip-n":               "%s bytes",
	"part.gzip-to":              "%s bytes → %s bytes",
	"part.gzip-then":            "%s bytes → %s bytes, then %s",
	"part.gzip-over":            "%s bytes → more than %s MiB",
	"part.not-gzip":             "not gzip: %s",
	"part.not-inflated":         "not decompressed: over %s MiB",
}

// chinese is what the checker says in Chinese, in the tutorial's words:
// 请求行, 请求头, 空行, 请求体; 状态行, 响应头, 响应体; 长连接, 分块. Its
// punctuation is the tutorial's and README.zh-CN.md's.
var chinese = map[string]string{
	// The report.
	"heading":     "按本模块讲的内容检查 http://%s。",
	"skipped":     "%s(跳过:要等服务器自己的超时;加 -slow 才运行)",
	"skipped-why": "跳过:%s;要加上它,读 %s",
	"name":        "检查名(-only 匹配它):%s",
	"why":         "为什么重要:%s",
	"pointer":     "(见 %s)",
	"try":         "试一试:%s",
	"try-go":      "没有 nc 时(PowerShell 也行):%s",
	"summary":     "%d 项通过,%d 项失败,%d 项跳过",
	"dropped":     "... 后面还有 %d 字节,报告里不再保留",
	"more":        "...(后面的行不再显示)",
	"unreach":     "连不上 %s",
	"try-note":    "%s   # %s",
	"size-byte":   "%d 字节",

	"group.steps1-2": "第 1-2 步,parse_request 和 build_response:请求被读出,响应按字节分帧(隔着 socket,这两步只能一起看到)",
	"group.step3":    "第 3 步,handle_health / handle_tasks:处理器返回的状态码和 JSON",
	"group.step4":    "第 4 步,路由表 + dispatch:按路径找到处理器,忽略 query string",
	"group.step5":    "第 5 步,handle_connection:不管 TCP 怎么切分,都读出完整的请求",
	"group.step6":    "第 6 步,run_server:每个连接一个线程",
	"group.step7":    "第 7 步,demo_client:这是客户端一侧,从线上看不到,这里没有要检查的(go run ./step7_client -base http://{addr} 会拿它去连这个服务器)",
	"group.step8":    "第 8 步,main:命令行,从线上同样看不到;以及教程最后的挑战 DELETE",
	"group.beyond":   `教程之外(见 README.zh-CN.md "教程没讲的加固")`,

	"step-n":          "第 %d 步",
	"steps-n":         "第 %d-%d 步",
	"and":             "%s 和 %s",
	"stopped":         "在%s停下:这里有检查失败,后面的步骤没有运行。读 %s,以及教程的 %s。",
	"all-pass":        "第 1-%d 步:运行的检查全部通过。下一步是%s:读 %s,以及教程的 %s;然后运行 %s",
	"all-pass-beyond": "第 1-%d 步:运行的检查全部通过,教程最后的挑战也通过了。下一步是教程之外:读 %s;然后运行 %s",

	"section.step1":  "README.zh-CN.md \"Step 1 · `parse_request` → `step1_parse/request/request.go`\"",
	"section.step2":  "README.zh-CN.md \"Step 2 · `build_response` → `step2_response/response/response.go`\"",
	"section.step3":  "README.zh-CN.md \"Step 3 · `handle_*` → `step3_handlers/handlers/handlers.go`\"",
	"section.step4":  "README.zh-CN.md \"Step 4 · `ROUTES` + `dispatch` → `step4_dispatch/router/router.go`\"",
	"section.step5":  "README.zh-CN.md \"Step 5 · `handle_connection` → `step5_conn/connection/connection.go`\"",
	"section.step6":  "README.zh-CN.md \"Step 6 · `run_server` → `step6_server/server/server.go`\"",
	"section.step7":  "README.zh-CN.md \"Step 7 · `demo_client` → `step7_client/client/client.go`\"",
	"section.step8":  "README.zh-CN.md \"Step 8 · `main` → `step8_cli/cli/cli.go`\"",
	"section.beyond": `README.zh-CN.md "教程没讲的加固"`,

	"section.api":         `README.zh-CN.md "API 一览(curl)"`,
	"section.keepalive":   `README.zh-CN.md "教程没讲的加固":长连接和流水线`,
	"section.chunked":     `README.zh-CN.md "教程没讲的加固":分块请求体`,
	"section.continue":    "README.zh-CN.md \"教程没讲的加固\":`Expect: 100-continue`",
	"section.syntax":      `README.zh-CN.md "教程没讲的加固":严格语法`,
	"section.smuggling":   `README.zh-CN.md "教程没讲的加固":请求走私`,
	"section.limits":      `README.zh-CN.md "教程没讲的加固":上限`,
	"section.timeouts":    `README.zh-CN.md "教程没讲的加固":超时`,
	"section.compression": `README.zh-CN.md "教程没讲的加固":压缩`,
	"section.conditional": `README.zh-CN.md "教程没讲的加固":条件请求`,

	"framed":                  "几个请求头,其中一个的值里有冒号(X-Note: a: b):响应是状态行、响应头,然后正好 Content-Length 个字节的响应体",
	"framed.why":              "parse_request 在每个请求头的第一个冒号处切开(值里还可能有冒号);build_response 必须写出响应体的准确长度,否则客户端不知道响应在哪里结束",
	"health":                  `GET /health 返回 200 {"status":"ok","time":...,"tasks_count":N}`,
	"health.why":              "这是教程的第一个路由:它都返回不了,服务器就还谈不上在提供服务",
	"list":                    "GET /tasks 返回任务列表,其中有两个初始任务,并带上 total",
	"list.why":                "教程的存储一开始就有两个任务,这个列表正是教程的客户端打印的内容",
	"create":                  `POST /tasks 创建任务:201 和 {"task":{...}}`,
	"create.why":              "创建是教程里唯一的写操作,201 表示一个新资源已经存在",
	"blank":                   `标题为空的 POST /tasks 返回 400 和 {"error":...}`,
	"blank.why":               "错误的输入要得到一个客户端能显示的明确错误,而不是一个没有标题的任务",
	"unknown":                 `不存在的路径返回 404 和点出该路径的 {"error":...}`,
	"unknown.why":             "dispatch 找不到路由:客户端必须知道是哪个路径不存在",
	"query":                   "不认识的查询参数被忽略:GET /tasks?utm_source=check 和 GET /tasks 一样返回任务列表",
	"query.why":               "dispatch 只拿路径去查路由表(教程:只匹配路径,忽略 query string),所以带着跟踪参数的链接也能找到它的路由",
	"bytes":                   "Content-Length 数的是字节,不是字符(中文标题)",
	"bytes.why":               "客户端正好读 Content-Length 个字节:按字符数算,响应体就被截短,剩下的字节还会混进下一个响应",
	"split":                   "分几次写出的一个请求,得到一个响应",
	"split.why":               "TCP 不保证边界:一次 recv 可能只收到半个请求,所以服务器要一直读到空行,再按 Content-Length 读完请求体",
	"two-clients":             "两个客户端同时来,都得到服务",
	"two-clients.why":         "run_server 给每个连接一个自己的线程:一个客户端不必等另一个的响应",
	"silent":                  "一个一直不发数据的客户端,挡不住另一个",
	"silent.why":              "在一个不发数据的连接上干等、不去 accept 下一个连接的服务器,谁打开一个 socket 都能让它停摆",
	"keep-alive":              "长连接:同一个连接上的第二个请求也得到响应",
	"keep-alive.why":          "HTTP/1.1 默认保持连接;每个请求都新建一个 TCP 连接,每次都要多花一个往返",
	"keep-alive.try":          `找 "Re-using existing connection" 这一行`,
	"http10":                  "不带 keep-alive 的 HTTP/1.0:响应写明 Connection: close,然后服务器关闭连接",
	"http10.why":              "HTTP/1.0 的客户端默认一直等到连接关闭,所以服务器要关闭连接时必须在响应里说出来",
	"pipelining":              "流水线:一次写入三个请求,按顺序得到三个响应",
	"pipelining.why":          "客户端可以不等响应就接着发下一个请求;响应的顺序乱了或者少了,客户端拿到的就是错的数据",
	"chunked":                 "分块传输的请求体被正确解码",
	"chunked.why":             "事先不知道请求体长度的客户端会分块发送(curl -T - 就是这样)",
	"continue":                "Expect: 100-continue 在请求体发出之前先得到 100 Continue",
	"continue.why":            "请求体超过 1 KiB 时 curl 先发这个请求头,等服务器返回 100 Continue;从不返回它的服务器会让每次这样的上传都白白等待",
	"head":                    "HEAD /health:状态码和响应头与 GET 相同,没有响应体",
	"head.why":                "HEAD 只要响应头(客户端检查一个资源时用);响应头后面多出的响应体会被当成下一个响应来读",
	"allow":                   "路径不支持的方法返回 405 和 Allow",
	"allow.why":               "405 表示路径存在但不支持这个方法,Allow 列出它支持哪些方法",
	"gzip":                    "要了才压缩:带 Accept-Encoding: gzip 的 4 KiB POST /echo,响应用 gzip 编码,解压后正是不压缩时的响应体",
	"gzip.why":                "页面或任务列表用 gzip 能小好几倍,慢的网络上少传很多字节;而客户端解压后拿到的,必须和不压缩时一字节不差",
	"gzip.try":                `找 "< Content-Encoding: gzip" 这一行;curl 会自己解压响应体`,
	"gzip-unasked":            "只有要了才压缩:不带 Accept-Encoding、带 identity 或带 gzip;q=0 时,同一个响应不编码",
	"gzip-unasked.why":        "没说自己能解 gzip 的客户端(不加 --compressed 的 curl、教程的客户端)拿到的是读不懂的字节;q=0 的意思是不接受",
	"gzip-unasked.try":        "响应里没有 Content-Encoding",
	"vary":                    "/echo 的响应不管压没压缩,都带 Vary: Accept-Encoding",
	"vary.why":                "缓存按 URL 只存一份响应,除非 Vary 说明它随 Accept-Encoding 而变:没有它,不会解 gzip 的客户端可能拿到缓存里那份 gzip 的",
	"vary.try":                `找 "Vary: Accept-Encoding" 这一行`,
	"not-modified":            "带上任务 ETag 的 If-None-Match 返回 304 Not Modified:ETag 不变,没有响应体",
	"not-modified.why":        "浏览器手里有副本时,刷新会把它的 ETag 发回来;304 表示副本还是最新的,不再发响应体,省下这次传输",
	"not-modified.try":        "304 Not Modified,ETag 不变,没有响应体",
	"precondition-failed":     "带过期 ETag 的 If-Match 返回 412 Precondition Failed,任务不变",
	"precondition-failed.why": "两个浏览器标签页改同一个任务:第二个修改带的是第一个修改之前读到的 ETag,必须被拒绝,而不是把第一个修改覆盖掉(丢失更新)",
	"precondition-failed.try": "第二个 PATCH 带的是第一个之前的 ETag:412 Precondition Failed",
	"bare-lf":                 "只用 LF 换行:返回 400,然后关闭连接",
	"bare-lf.why":             "每行以 CRLF 结束;服务器和代理切行的方式不同,读到的就是不同的请求",
	"two-spaces":              "方法后面有两个空格:返回 400,然后关闭连接",
	"two-spaces.why":          `split(" ") 会把一个空路径交给路由;请求行的三部分之间正好一个空格`,
	"no-host":                 "没有 Host 的 HTTP/1.1 请求:返回 400,然后关闭连接",
	"no-host.why":             "HTTP/1.1 要求有 Host:它说明客户端要的是这个地址上的哪个网站",
	"cl-and-te":               "Content-Length 和 Transfer-Encoding 同时出现:返回 400,然后关闭连接",
	"cl-and-te.why":           "代理和服务器如果用不同的方式判断请求体在哪里结束,看到的就是不同的请求:一个请求可以夹带在另一个里面(请求走私)",
	"long-line":               "超过 8 KiB 的请求行:返回 414,然后关闭连接",
	"long-line.why":           "没有上限的话,一个没完没了的请求行就能占住服务器的内存",
	"big-head":                "超过 16 KiB 的请求头:返回 431,然后关闭连接",
	"big-head.why":            "没有上限的话,没完没了的请求头就能占住服务器的内存",
	"big-body":                "声明超过 1 MiB 的请求体:发送之前就返回 413,然后关闭连接",
	"big-body.why":            "服务器不肯收的请求体,应该在客户端花力气上传之前就拒绝",
	"slow-head":               "请求头发得太慢会被切断(408 或关闭连接)",
	"slow-head.why":           "一次只发一个字节请求头的客户端(slowloris)会永远占住一个连接和一个线程",
	"slow-head.try":           "等服务器的请求头超时",
	"delete":                  "DELETE /tasks/{id} 删除任务(教程最后的挑战)",
	"delete.why":              "教程最后的挑战就是它:删除之后,任务必须从列表里消失",

	"health-lacks":   `响应体 %s 缺少 status "ok"、time 或 tasks_count`,
	"health-time":    "time %s 不是 YYYY-MM-DD HH:MM:SS 格式",
	"no-tasks":       `响应体里没有 "tasks" 列表`,
	"no-total":       "有 %d 个任务,却没有 total",
	"wrong-total":    "total 是 %d,任务却有 %d 个",
	"no-seed":        "初始任务 %q 不在列表里",
	"not-whole":      "响应体 %s 不是完整的 JSON:Content-Length %s 没有按字节计数",
	"no-title":       "响应里没有这个标题:%s",
	"after-body":     "Content-Length 说的 %d 字节之后还有字节(%s):它没有数全响应体",
	"no-path":        "错误信息 %s 没有点出路径 %s",
	"with-query":     "带 query string 时:%v",
	"query-count":    "带 query string 时列表有 %d 个任务,不带时 %d 个",
	"client-n":       "客户端 %d:%v",
	"second-client":  "第二个客户端:%v",
	"request-n":      "第 %d 个请求:%v",
	"said-close":     "第 2 个请求:%v;第一个响应写了 Connection: close,这是合法的 HTTP,但这样每个请求都要新建连接(RFC 9112 §9.3:HTTP/1.1 默认保持连接,除非有一方说 close)",
	"not-close":      "响应写的是 Connection: %s,应该是 close",
	"answer-n":       "第 %d 个响应:%v",
	"out-of-order":   "第 %d 个响应是 %s,响应体 %s,应该是 %d,带 %s:顺序乱了",
	"third-no-tasks": `第 3 个响应里没有 "tasks" 列表:顺序乱了`,
	"wrong-title":    "任务的标题是 %s,应该是 %q",
	"before-body":    "发请求体之前:%v",
	"not-100":        "第一个响应是 %s,应该在请求体之前先返回 100 Continue",
	"head-wrong":     "HEAD 的响应是 %s,Content-Length 是 %s,应该是 200 和 GET 的长度",
	"get-after":      "后面的 GET:%v",
	"no-allow":       "响应写的是 Allow: %s,应该列出 /health 支持的方法(GET)",
	"still-waiting":  "等了 %v 还在等:%v",
	"not-408":        "响应是 %s,应该是 408 或者关闭连接",
	"creating":       "创建要删除的任务:%v",
	"delete-status":  "DELETE %s 的响应是 %s,应该是 204(或 200)",
	"still-listed":   "DELETE 之后,任务 %d 还在列表里",
	"not-created":    `响应体 %s 不是 {"task":{"id":...,"title":%q,...}}`,
	"status":         "响应是 %s,应该是 %d",
	"not-json":       "响应体 %s 不是预期的 JSON:%v",
	"no-length":      "没有 Content-Length:连接关闭之前,客户端不知道响应体在哪里结束",
	"no-type":        "有响应体,却没有 Content-Type",
	"not-error":      `响应体 %s 不是 {"error":"..."}`,

	"no-echo":           "带 Accept-Encoding: gzip 的 POST /echo 得到的响应是 %s,没有编码:这个服务器没有 /echo,看不到它的 gzip",
	"no-gzip":           "带 Accept-Encoding: gzip、请求体 %s 的 POST /echo,得到的响应没有 Content-Encoding:这个服务器不压缩",
	"not-gzip-coded":    "要的是 gzip,响应写的却是 Content-Encoding: %s",
	"not-gzip":          "响应体不是 gzip:%v",
	"gzip-over":         "解压后响应体超过 %s:检查器不再往下解压(gzip 炸弹?)",
	"gzip-differs":      "解压后的响应体(%d 字节)不是发出的请求(%d 字节),而 /echo 返回的应该正是请求:从第 %d 个字节起不同,%s",
	"coded-unasked":     "请求不带 Accept-Encoding,响应却写了 Content-Encoding: %s:没要压缩的客户端读不了这个响应体",
	"coded-unaccepted":  "请求带的是 %s,不接受 gzip,响应却写了 Content-Encoding: %s",
	"no-vary-coded":     "gzip 编码的响应写的是 Vary: %s;应该包含 Accept-Encoding(或者 *)",
	"no-vary-plain":     "请求不带 Accept-Encoding,响应(%s)写的是 Vary: %s;应该和压缩的响应一样包含 Accept-Encoding(或者 *)",
	"no-etag":           "GET /tasks/%d 得到的响应是 %s,没有 ETag:这个服务器不发 ETag,也就没有条件请求可查",
	"creating-tagged":   "创建一个任务来读它的 ETag:%v",
	"not-304":           "带任务 ETag 的 If-None-Match: %s,得到的响应是 %s;应该是 304 Not Modified",
	"304-etag":          "304 写的是 ETag: %s;应该和 200 的一样,是 %s",
	"304-body":          "304 没有响应体,后面却还有字节:%s",
	"weak-task-tag":     "任务的 ETag %s 是弱 ETag:If-Match 只用强比较,所以任何 If-Match 都改不了它",
	"if-match-current":  "带任务当前 ETag 的 PATCH(If-Match: %s)得到的响应是 %s;应该是 200:ETag 没过期的修改要能生效",
	"tag-unchanged":     "任务变了,它的 ETag 却没变:%s",
	"not-412":           "带另一次修改之前 ETag 的 PATCH(If-Match: %s)得到的响应是 %s;应该是 412 Precondition Failed",
	"changed-after-412": "412 之后,任务是 %s;应该是之前那次修改留下的样子:标题 %q,没有完成",

	"connect":         "连接失败:%v",
	"sending":         "发送失败:%v",
	"body-over-cl":    "响应体超过 %s(Content-Length: %d):检查器不再多存",
	"reading-body":    "读响应体时:%v",
	"body-over":       "响应体超过 %s:检查器不再多存",
	"status-too-long": "状态行超过 %s",
	"no-status-line":  "响应不是以状态行开头:%s",
	"head-too-long":   "响应头超过 %s",
	"too-many-fields": "响应头超过 %d 行",
	"sent-more":       "服务器没有关闭连接,而是又发来了数据(%s)",
	"still-open":      "过了 %v 连接还没有关闭",
	"hangs":           "时限之内没有收到完整的响应:服务器在等什么,或者卡住了",
	"closed":          "服务器没有返回响应就关闭了连接",
	"cut-short":       "响应还没收完,连接就断了",
	"chunk-too-long":  "分块大小那一行超过 4 KiB",
	"bad-length":      "Content-Length %s 不是一个字节数",
	"two-lengths":     "两个 Content-Length 不一致:%s 和 %s",
	"list-over-cl":    "任务列表超过 %s(Content-Length: %d):检查器不再往下读",
	"list-not-json":   `响应体不是预期的 JSON {"tasks":[...],"total":N}:%v`,
	"not-a-list":      "不是任务列表",
	"where-belongs":   "%v:%s 出现在应该是 %s 的位置",
	"list-over":       "任务列表超过 %s:检查器不再往下读",
	"value-over":      "任务列表里有一个值超过 %s:检查器不再多存",

	"part.request line":         "请求行",
	"part.status line":          "状态行",
	"part.request field":        "请求头",
	"part.response field":       "响应头",
	"part.empty line":           "空行",
	"part.empty line (ignored)": "空行(忽略)",
	"part.request body":         "请求体",
	"part.response body":        "响应体",
	"part.chunk size":           "分块大小",
	"part.chunk data":           "分块数据",
	"part.chunk end":            "分块结尾",
	"part.last chunk":           "最后一块",
	"part.trailer field":        "尾部字段",
	"part.unfinished":           "%s(未完)",
	"part.bytes":                "(%d 字节)",
	"part.bytes-of":             "(%d / %d 字节)",
	"part.gzip":                 "%s(gzip,%s)",
	"part.gzip-n":               "%s 字节",
	"part.gzip-to":              "%s 字节 → %s 字节",
	"part.gzip-then":            "%s 字节 → %s 字节,然后 %s",
	"part.gzip-over":            "%s 字节 → 超过 %s MiB",
	"part.not-gzip":             "不是 gzip:%s",
	"part.not-inflated":         "没有解压:超过 %s MiB",
}
