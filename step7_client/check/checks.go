package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// checklist is every check, in the order they run and print, group by
// group (steps.go). No check depends on another: each opens its own
// connections and creates the tasks it needs.
var checklist = []check{
	{group: steps12, id: "framed",
		repro: "curl -i -H 'X-Note: a: b' http://{addr}/health",
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			// Fields as a browser sends them, and a value that holds a
			// colon: a field is cut at its first colon only.
			if err := c.send(ex.get("/health", "User-Agent: httpfromscratch-check\r\nAccept: application/json\r\nX-Note: a: b\r\nConnection: close\r\n")); err != nil {
				return err
			}
			r, err := c.read("GET")
			if err != nil {
				return err
			}
			if err := want(r, 200, nil); err != nil {
				return err
			}
			if !json.Valid(r.body) {
				return fail("not-whole", quote(string(r.body)), clip(r.get("Content-Length")))
			}
			return c.nothingAfter(r)
		}},
	{group: steps12, id: "bytes",
		repro: `curl -i -X POST -d '{"title":"部署到生产环境"}' http://{addr}/tasks`,
		run: func(ex *exchange) error {
			title := uniqueTitle("部署到生产环境")
			c, err := ex.open()
			if err != nil {
				return err
			}
			body := `{"title":"` + title + `"}`
			if err := c.send(ex.post("/tasks", body, "Connection: close\r\n")); err != nil {
				return err
			}
			r, err := c.read("POST")
			if err != nil {
				return err
			}
			if err := wantFramed(r); err != nil {
				return err
			}
			if !utf8.Valid(r.body) || !json.Valid(r.body) {
				return fail("not-whole", quote(string(r.body)), clip(r.get("Content-Length")))
			}
			if !strings.Contains(string(r.body), title) {
				return fail("no-title", clip(string(r.body)))
			}
			return nil
		}},

	{group: step3, id: "health",
		repro: "curl -i http://{addr}/health",
		run: func(ex *exchange) error {
			r, err := ex.request("GET", "/health", "")
			if err != nil {
				return err
			}
			var v struct {
				Status     *string `json:"status"`
				Time       *string `json:"time"`
				TasksCount *int    `json:"tasks_count"`
			}
			if err := want(r, 200, &v); err != nil {
				return err
			}
			if v.Status == nil || *v.Status != "ok" || v.Time == nil || v.TasksCount == nil {
				return fail("health-lacks", clip(string(r.body)))
			}
			if _, err := time.Parse(time.DateTime, *v.Time); err != nil {
				return fail("health-time", quote(*v.Time))
			}
			return nil
		}},
	{group: step3, id: "list",
		repro: "curl -i http://{addr}/tasks",
		run: func(ex *exchange) error {
			seeds := []string{"阅读 HTTP RFC", "手写 socket 服务器"}
			l, err := ex.listTasks(seeds...)
			if err != nil {
				return err
			}
			switch {
			case !l.hasTasks:
				return fail("no-tasks")
			case l.total == nil:
				return fail("no-total", l.count)
			case *l.total != l.count:
				return fail("wrong-total", *l.total, l.count)
			}
			for _, seed := range seeds {
				if l.found[seed] == nil {
					return fail("no-seed", seed)
				}
			}
			return nil
		}},
	{group: step3, id: "create",
		repro: `curl -i -X POST -d '{"title":"写博客"}' http://{addr}/tasks`,
		run: func(ex *exchange) error {
			title := uniqueTitle("created")
			_, err := ex.create(title)
			return err
		}},
	{group: step3, id: "blank",
		repro: `curl -i -X POST -d '{"title":"  "}' http://{addr}/tasks`,
		run: func(ex *exchange) error {
			r, err := ex.request("POST", "/tasks", `{"title":"  "}`)
			if err != nil {
				return err
			}
			return wantError(r, 400)
		}},

	{group: step4, id: "unknown",
		repro: "curl -i http://{addr}/nonexistent",
		run: func(ex *exchange) error {
			const path = "/nonexistent"
			r, err := ex.request("GET", path, "")
			if err != nil {
				return err
			}
			msg, err := errorOf(r, 404)
			if err != nil {
				return err
			}
			// The tutorial's dispatch says "路径 /nonexistent 不存在", ours
			// "path /nonexistent does not exist": any words, naming the path.
			if !strings.Contains(msg, path) {
				return fail("no-path", quote(msg), path)
			}
			return nil
		}},
	{group: step4, id: "query",
		repro: "curl -i 'http://{addr}/tasks?utm_source=check'",
		run: func(ex *exchange) error {
			plain, err := ex.listTasks()
			if err != nil {
				return err
			}
			l, err := ex.listTasksAt("/tasks?utm_source=check")
			switch {
			case err != nil:
				return fail("with-query", err)
			case !l.hasTasks:
				return fail("with-query", fail("no-tasks"))
			case l.count != plain.count:
				return fail("query-count", l.count, plain.count)
			}
			return nil
		}},

	{group: step5, id: "split",
		repro: `(printf 'POST /ta'; sleep 1; printf 'sks HTTP/1.1\r\nHost: local'; sleep 1; printf 'host\r\nContent-Length: 17\r\n\r\n{"title":'; sleep 1; printf '"split"}') | nc -N {nc}`,
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			body := `{"title":"` + uniqueTitle("split") + `"}`
			// "st: ..." is the rest of the Host field, cut after "Ho".
			head := fmt.Sprintf("st: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", ex.opts.host(), len(body))
			// Inside the request line, inside a field, inside the body.
			if err := c.sendInPieces("POST /ta", "sks HTTP/1.1\r\nHo", head+body[:5], body[5:]); err != nil {
				return err
			}
			r, err := c.read("POST")
			if err != nil {
				return err
			}
			return want(r, 201, nil)
		}},
	{group: step6, id: "two-clients",
		run: func(ex *exchange) error {
			a, err := ex.open()
			if err != nil {
				return err
			}
			b, err := ex.open()
			if err != nil {
				return err
			}
			for _, c := range []*conn{a, b} {
				if err := c.send(ex.get("/health", "")); err != nil {
					return err
				}
			}
			for _, c := range []*conn{b, a} {
				r, err := c.read("GET")
				if err != nil {
					return fail("client-n", c.id, err)
				}
				if err := want(r, 200, nil); err != nil {
					return fail("client-n", c.id, err)
				}
			}
			return nil
		}},
	{group: step6, id: "silent",
		run: func(ex *exchange) error {
			silent, err := ex.open()
			if err != nil {
				return err
			}
			if err := silent.send("GET /health HTTP/1.1\r\nHo"); err != nil {
				return err
			}
			other, err := ex.open()
			if err != nil {
				return err
			}
			if err := other.send(ex.get("/health", "Connection: close\r\n")); err != nil {
				return err
			}
			r, err := other.read("GET")
			if err != nil {
				return fail("second-client", err)
			}
			return want(r, 200, nil)
		}},

	{group: step8, section: "section.api", id: "delete",
		repro: "curl -i -X DELETE http://{addr}/tasks/{id}",
		run: func(ex *exchange) error {
			// One title, no number: a server without DELETE keeps the task
			// this check made, and the next run deletes that one instead of
			// leaving another behind.
			const title = "check: to delete"
			l, err := ex.listTasks(title)
			if err != nil {
				return err
			}
			id := 0
			if ids := l.found[title]; ids != nil {
				id = ids[0]
			} else {
				t, err := ex.create(title)
				if err != nil {
					return fail("creating", err)
				}
				id = t.ID
			}
			ex.id = id
			path := "/tasks/" + strconv.Itoa(id)
			r, err := ex.request("DELETE", path, "")
			if err != nil {
				return err
			}
			if r.status != 204 && r.status != 200 {
				return fail("delete-status", path, quote(r.line))
			}
			if l, err = ex.listTasks(title); err != nil {
				return err
			}
			if slices.Contains(l.found[title], id) {
				return fail("still-listed", id)
			}
			return nil
		}},

	{group: beyond, section: "section.keepalive", id: "keep-alive",
		repro: "curl -v http://{addr}/health http://{addr}/health",
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			saidClose := false // the first answer said Connection: close: the one hint a learner needs
			for i := 1; i <= 2; i++ {
				if err := c.send(ex.get("/health", "")); err != nil {
					return err
				}
				r, err := c.read("GET")
				if err != nil && saidClose {
					return fail("said-close", err)
				}
				if err != nil {
					return fail("request-n", i, err)
				}
				if err := want(r, 200, nil); err != nil {
					return fail("request-n", i, err)
				}
				saidClose = r.fields.HasToken("Connection", "close")
			}
			return nil
		}},
	{group: beyond, section: "section.keepalive", id: "http10",
		repro: `printf 'GET /health HTTP/1.0\r\n\r\n' | nc {nc}`,
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			if err := c.send("GET /health HTTP/1.0\r\n\r\n"); err != nil {
				return err
			}
			r, err := c.read("GET")
			if err != nil {
				return err
			}
			if err := want(r, 200, nil); err != nil {
				return err
			}
			if !strings.EqualFold(r.get("Connection"), "close") {
				return fail("not-close", quote(r.get("Connection")))
			}
			return c.closedByServer()
		}},
	{group: beyond, section: "section.keepalive", id: "pipelining",
		repro: `printf 'GET /health HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /nonexistent HTTP/1.1\r\nHost: {addr}\r\n\r\nGET /tasks HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n' | nc {nc}`,
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			if err := c.send(ex.get("/health", "") + ex.get("/nonexistent", "") + ex.get("/tasks", "Connection: close\r\n")); err != nil {
				return err
			}
			// Each answer must be its request's: status, and a body that
			// says which.
			for i, w := range []struct {
				status int
				field  string
			}{{200, `"status"`}, {404, `"error"`}} {
				r, err := c.read("GET")
				if err != nil {
					return fail("answer-n", i+1, err)
				}
				if r.status != w.status || !strings.Contains(string(r.body), w.field) {
					return fail("out-of-order", i+1, quote(r.line), clip(string(r.body)), w.status, w.field)
				}
			}
			// The list may be long: it is read as a stream (tasklist.go).
			l, err := c.readTasks()
			switch {
			case err != nil:
				return fail("answer-n", 3, err)
			case !l.hasTasks:
				return fail("third-no-tasks")
			}
			return nil
		}},
	{group: beyond, section: "section.chunked", id: "chunked",
		repro: `echo '{"title":"chunked"}' | curl -i -T - -X POST http://{addr}/tasks`,
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			title := uniqueTitle("chunked")
			body := `{"title":"` + title + `"}`
			chunks := fmt.Sprintf("%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n", 5, body[:5], len(body)-5, body[5:])
			if err := c.send("POST /tasks HTTP/1.1\r\nHost: " + ex.opts.host() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks); err != nil {
				return err
			}
			r, err := c.read("POST")
			if err != nil {
				return err
			}
			var v struct{ Task task }
			if err := want(r, 201, &v); err != nil {
				return err
			}
			if v.Task.Title != title {
				return fail("wrong-title", quote(v.Task.Title), title)
			}
			return nil
		}},
	{group: beyond, section: "section.continue", id: "continue",
		repro: `printf '{"title":"%01000d"}' 0 > /tmp/big.json; curl -v -T /tmp/big.json -X POST http://{addr}/tasks`,
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			body := `{"title":"` + uniqueTitle("continue") + `"}`
			if err := c.send(fmt.Sprintf("POST /tasks HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", ex.opts.host(), len(body))); err != nil {
				return err
			}
			r, err := c.read("POST")
			if err != nil {
				return fail("before-body", err)
			}
			if r.status != 100 {
				return fail("not-100", quote(r.line))
			}
			if err := c.send(body); err != nil {
				return err
			}
			if r, err = c.read("POST"); err != nil {
				return err
			}
			return want(r, 201, nil)
		}},
	{group: beyond, section: "section.api", id: "head",
		repro: "curl -I http://{addr}/health",
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			// HEAD, then GET: a body after HEAD's fields would be read as
			// the GET's status line.
			if err := c.send(ex.head("/health") + ex.get("/health", "Connection: close\r\n")); err != nil {
				return err
			}
			r, err := c.read("HEAD")
			if err != nil {
				return err
			}
			if r.status != 200 || r.get("Content-Length") == "" {
				return fail("head-wrong", quote(r.line), quote(r.get("Content-Length")))
			}
			g, err := c.read("GET")
			if err != nil {
				return fail("get-after", err)
			}
			return want(g, 200, nil)
		}},
	{group: beyond, section: "section.api", id: "allow",
		repro: "curl -i -X DELETE http://{addr}/health",
		run: func(ex *exchange) error {
			r, err := ex.request("DELETE", "/health", "")
			if err != nil {
				return err
			}
			if err := wantError(r, 405); err != nil {
				return err
			}
			if !strings.Contains(r.get("Allow"), "GET") {
				return fail("no-allow", quote(r.get("Allow")))
			}
			return nil
		}},
	{group: beyond, section: "section.compression", id: "gzip",
		repro: `printf '%04096d' 0 | curl -sv --compressed --data-binary @- -o /dev/null http://{addr}/echo`,
		run: func(ex *exchange) error {
			sent, r, err := ex.compressing()
			if err != nil {
				return err
			}
			if err := want(r, 200, nil); err != nil {
				return err
			}
			if coding := r.get("Content-Encoding"); !isGzip(coding) {
				return fail("not-gzip-coded", quote(coding))
			}
			plain, err := gunzip(r.body)
			if err != nil {
				return err
			}
			// /echo's body is the request as it came: decompressed, the
			// bytes sent.
			if i := firstDiff(plain, []byte(sent)); i >= 0 {
				return fail("gzip-differs", len(plain), len(sent), i, quote(string(plain[i:])))
			}
			return nil
		}},
	{group: beyond, section: "section.compression", id: "gzip-unasked",
		repro: `printf '%04096d' 0 | curl -sS -D - -o /dev/null -H 'Accept-Encoding: gzip;q=0' --data-binary @- http://{addr}/echo`,
		run: func(ex *exchange) error {
			if _, _, err := ex.compressing(); err != nil {
				return err
			}
			// No field, the body as it is, and gzip refused by its weight
			// (RFC 9110 §12.5.3): a server that looks for "gzip" in the
			// field misreads the last.
			for _, accept := range []string{"", "identity", "gzip;q=0"} {
				_, r, err := ex.echo(accept)
				if err != nil {
					return err
				}
				if err := want(r, 200, nil); err != nil {
					return err
				}
				switch coding := r.get("Content-Encoding"); {
				case coding != "" && accept == "":
					return fail("coded-unasked", quote(coding))
				case coding != "":
					return fail("coded-unaccepted", quote("Accept-Encoding: "+accept), quote(coding))
				}
			}
			return nil
		}},
	{group: beyond, section: "section.compression", id: "vary",
		repro: `printf '%04096d' 0 | curl -sS -D - -o /dev/null --compressed --data-binary @- http://{addr}/echo`,
		run: func(ex *exchange) error {
			_, r, err := ex.compressing()
			if err != nil {
				return err
			}
			if !varies(r) {
				return fail("no-vary-coded", quote(vary(r.fields)))
			}
			// The answer a client gets without asking for gzip varies too:
			// a cache that kept it would otherwise hand it to all.
			if _, r, err = ex.echo(""); err != nil {
				return err
			}
			if !varies(r) {
				return fail("no-vary-plain", quote(r.line), quote(vary(r.fields)))
			}
			return nil
		}},
	{group: beyond, section: "section.conditional", id: "not-modified",
		repro: `tag=$(curl -s -D - -o /dev/null http://{addr}/tasks/{id} | grep -i '^etag:' | cut -c7- | tr -d '\r'); curl -i -H "If-None-Match: $tag" http://{addr}/tasks/{id}`,
		run: func(ex *exchange) error {
			t, tag, err := ex.taggedTask("if-none-match")
			if err != nil {
				return err
			}
			c, err := ex.open()
			if err != nil {
				return err
			}
			if err := c.send(ex.get(taskPath(t.ID), "If-None-Match: "+tag+"\r\nConnection: close\r\n")); err != nil {
				return err
			}
			r, err := c.read("GET")
			switch {
			case err != nil:
				return err
			case r.status != 304:
				return fail("not-304", quote(tag), quote(r.line))
			case r.get("ETag") != tag:
				return fail("304-etag", quote(r.get("ETag")), quote(tag))
			}
			// A 304 has no body, whatever fields it has: a byte after it
			// would be read as the next answer's.
			c.nc.SetReadDeadline(ex.within(ex.opts.Timeout))
			if _, err := c.br.Peek(1); err == nil {
				return fail("304-body", quote(c.buffered()))
			}
			return nil
		}},
	{group: beyond, section: "section.conditional", id: "precondition-failed",
		repro: `tag=$(curl -s -D - -o /dev/null http://{addr}/tasks/{id} | grep -i '^etag:' | cut -c7- | tr -d '\r'); curl -s -X PATCH -H "If-Match: $tag" -d "{\"title\":\"changed $(date +%s)\"}" http://{addr}/tasks/{id}; echo; curl -i -X PATCH -H "If-Match: $tag" -d '{"done":true}' http://{addr}/tasks/{id}`,
		run: func(ex *exchange) error {
			t, tag, err := ex.taggedTask("if-match")
			if err != nil {
				return err
			}
			if strings.HasPrefix(tag, "W/") {
				return fail("weak-task-tag", quote(tag))
			}
			path, ifMatch := taskPath(t.ID), "If-Match: "+tag+"\r\n"
			// Another tab changes the task with the tag it read: the
			// change goes through, and the tag changes with the task.
			title := t.Title + " (changed in another tab)"
			change, _ := json.Marshal(map[string]string{"title": title})
			r, err := ex.requestWith("PATCH", path, string(change), ifMatch)
			switch {
			case err != nil:
				return err
			case r.status != 200:
				return fail("if-match-current", quote(tag), quote(r.line))
			case r.get("ETag") == tag:
				return fail("tag-unchanged", quote(tag))
			}
			// This tab sends the tag it read before that change: refused.
			if r, err = ex.requestWith("PATCH", path, `{"done":true}`, ifMatch); err != nil {
				return err
			}
			if r.status != 412 {
				return fail("not-412", quote(tag), quote(r.line))
			}
			if err := wantError(r, 412); err != nil {
				return err
			}
			// And refused whole: the task is as the other tab left it.
			if r, err = ex.request("GET", path, ""); err != nil {
				return err
			}
			var v struct{ Task *task }
			if err := want(r, 200, &v); err != nil {
				return err
			}
			if v.Task == nil || v.Task.Title != title || v.Task.Done {
				return fail("changed-after-412", clip(string(r.body)), title)
			}
			return nil
		}},
	refusal("bare-lf", "section.syntax", "GET /health HTTP/1.1\nHost: {addr}\n\n", 400),
	refusal("two-spaces", "section.syntax", "GET  /health HTTP/1.1\r\nHost: {addr}\r\n\r\n", 400),
	refusal("no-host", "section.syntax", "GET /health HTTP/1.1\r\n\r\n", 400),
	refusal("cl-and-te", "section.smuggling",
		"POST /tasks HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
	refusal("long-line", "section.limits", "GET /"+strings.Repeat("a", 9000)+" HTTP/1.1\r\nHost: {addr}\r\n\r\n", 414),
	refusal("big-head", "section.limits", "GET /health HTTP/1.1\r\nHost: {addr}\r\nX-Big: "+strings.Repeat("b", 20000)+"\r\n\r\n", 431),
	refusal("big-body", "section.limits",
		"POST /tasks HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{\"title\":", 413),
	{group: beyond, section: "section.timeouts", id: "slow-head", slow: true,
		repro: `printf 'GET /health HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ' | nc {nc}`,
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			if err := c.send("GET /health HTTP/1.1\r\nHost: " + ex.opts.host() + "\r\nX-Slow: "); err != nil {
				return err
			}
			// It waits for the server's own timeout, until the check's
			// deadline (slowBound), longer than an exchange's bound.
			r, err := c.readBy("GET", ex.deadline)
			switch {
			case errors.Is(err, errClosed):
				return nil // closed without a word: cut off all the same
			case err != nil:
				return fail("still-waiting", ex.opts.slowBound, err)
			case r.status != 408:
				return fail("not-408", quote(r.line))
			}
			return nil
		}},
}

// refusal is check id: it sends raw bytes a server must refuse with
// status, then close the connection.
func refusal(id, section, raw string, status int) check {
	return check{group: beyond, section: section, id: id,
		repro: "printf '" + printfQuote(raw) + "' | nc {nc}",
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			c.sendWhileReading(strings.ReplaceAll(raw, "{addr}", ex.opts.host())) // Host: the authority dialed, as in the repro line
			r, err := c.read("GET")
			if err != nil {
				return err
			}
			if err := wantError(r, status); err != nil {
				return err
			}
			return c.closedByServer()
		}}
}

// task is a task as the API sends it.
type task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

// uniqueTitle makes a title no other check or run uses, so that checks
// never depend on each other or on what the store held before.
func uniqueTitle(what string) string {
	return fmt.Sprintf("check: %s %04d", what, rand.IntN(10000))
}

// request sends one request on a new connection, closing it after, and
// reads the answer.
func (ex *exchange) request(method, path, body string) (*reply, error) {
	return ex.requestWith(method, path, body, "")
}

// requestWith is request with field lines of its own, extra, each ended
// by CRLF: "If-Match: \"570c2c64af0c1275\"\r\n".
func (ex *exchange) requestWith(method, path, body, extra string) (*reply, error) {
	c, err := ex.open()
	if err != nil {
		return nil, err
	}
	extra += "Connection: close\r\n"
	raw := ex.get(path, extra)
	if method != "GET" || body != "" {
		raw = strings.Replace(raw, "GET", method, 1)
		if body != "" {
			raw = ex.post(path, body, extra)
			raw = strings.Replace(raw, "POST", method, 1)
		}
	}
	if err := c.send(raw); err != nil {
		return nil, err
	}
	return c.read(method)
}

// create makes a task and returns it.
func (ex *exchange) create(title string) (task, error) {
	b, _ := json.Marshal(map[string]string{"title": title})
	r, err := ex.request("POST", "/tasks", string(b))
	if err != nil {
		return task{}, err
	}
	var v struct{ Task *task }
	if err := want(r, 201, &v); err != nil {
		return task{}, err
	}
	if v.Task == nil || v.Task.Title != title || v.Task.ID == 0 {
		return task{}, fail("not-created", clip(string(r.body)), title)
	}
	return *v.Task, nil
}

// get, head and post spell a request with the authority the checker
// dials in Host, as curl and browsers send it: a server that answers
// only to its own names (full does, against DNS rebinding) serves them.
func (ex *exchange) get(path, extra string) string {
	return "GET " + path + " HTTP/1.1\r\nHost: " + ex.opts.host() + "\r\n" + extra + "\r\n"
}

func (ex *exchange) head(path string) string {
	return "HEAD " + path + " HTTP/1.1\r\nHost: " + ex.opts.host() + "\r\n\r\n"
}

func (ex *exchange) post(path, body, extra string) string {
	return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n%s", path, ex.opts.host(), len(body), extra, body)
}

// want checks the status and the framing, and decodes a JSON body into v
// (when v is not nil).
func want(r *reply, status int, v any) error {
	if r.status != status {
		return fail("status", quote(r.line), status)
	}
	if err := wantFramed(r); err != nil {
		return err
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			return fail("not-json", quote(string(r.body)), err)
		}
	}
	return nil
}

// wantFramed checks what every answer with a body needs: a length the
// client can read it by, and a type.
func wantFramed(r *reply) error {
	switch {
	case r.framing == byClose:
		return fail("no-length")
	case r.framing != noBody && r.get("Content-Type") == "":
		return fail("no-type")
	}
	return nil
}

// wantError checks an error answer: status and an {"error":"..."} body.
func wantError(r *reply, status int) error {
	_, err := errorOf(r, status)
	return err
}

// errorOf checks an error answer as wantError does, and returns what its
// error says.
func errorOf(r *reply, status int) (string, error) {
	var v struct{ Error *string }
	if err := want(r, status, &v); err != nil {
		return "", err
	}
	if v.Error == nil || *v.Error == "" {
		return "", fail("not-error", clip(string(r.body)))
	}
	return *v.Error, nil
}

// printfQuote spells raw for printf in single quotes: CR and LF as \r and
// \n, a long run of one byte shortened with $(printf ...).
func printfQuote(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); {
		j := i
		for j < len(raw) && raw[j] == raw[i] {
			j++
		}
		if j-i > 50 {
			fmt.Fprintf(&b, "'\"$(head -c %d /dev/zero | tr '\\0' '%c')\"'", j-i, raw[i])
			i = j
			continue
		}
		switch c := raw[i]; c {
		case '\r':
			b.WriteString(`\r`)
		case '\n':
			b.WriteString(`\n`)
		case '\'':
			b.WriteString(`'\''`)
		case '%':
			b.WriteString("%%")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(c)
		}
		i++
	}
	return b.String()
}
