package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The groups, in the tutorial's order.
const (
	tutorialAPI = "Steps 1-4, the tutorial's API: parse_request, build_response, handle_*, dispatch"
	connections = "Steps 5-6, connections: handle_connection, run_server"
	beyond      = "Beyond the tutorial (full/README.md: \"What the tutorial skips: the hardening\")"
)

// checklist is every check, in the order they run and print. No check
// depends on another: each opens its own connections and creates the
// tasks it needs.
var checklist = []check{
	{group: tutorialAPI, name: "GET /health answers 200 {\"status\":\"ok\",\"time\":...,\"tasks_count\":N}",
		why:   "it is the tutorial's first route: a server that cannot answer it is not serving yet",
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
				return fmt.Errorf("the body %s lacks status \"ok\", time or tasks_count", clip(string(r.body)))
			}
			if _, err := time.Parse(time.DateTime, *v.Time); err != nil {
				return fmt.Errorf("time %s is not YYYY-MM-DD HH:MM:SS", quote(*v.Time))
			}
			return nil
		}},
	{group: tutorialAPI, name: "GET /tasks lists the tasks, the two seed tasks among them, with a total",
		why:   "the tutorial's store starts with two tasks, and the list is what its client prints",
		repro: "curl -i http://{addr}/tasks",
		run: func(ex *exchange) error {
			seeds := []string{"阅读 HTTP RFC", "手写 socket 服务器"}
			l, err := ex.listTasks(seeds...)
			if err != nil {
				return err
			}
			switch {
			case !l.hasTasks:
				return errors.New("the body has no \"tasks\" list")
			case l.total == nil:
				return fmt.Errorf("no total for %d tasks", l.count)
			case *l.total != l.count:
				return fmt.Errorf("total is %d for %d tasks", *l.total, l.count)
			}
			for _, seed := range seeds {
				if !l.found[seed] {
					return fmt.Errorf("the seed task %q is not in the list", seed)
				}
			}
			return nil
		}},
	{group: tutorialAPI, name: "POST /tasks creates a task: 201 and {\"task\":{...}}",
		why:   "creating is the tutorial's one write, and 201 says a resource now exists",
		repro: `curl -i -X POST -d '{"title":"写博客"}' http://{addr}/tasks`,
		run: func(ex *exchange) error {
			title := uniqueTitle("created")
			_, err := ex.create(title)
			return err
		}},
	{group: tutorialAPI, name: "POST /tasks with a blank title is 400 with {\"error\":...}",
		why:   "bad input gets a clear error the client can show, never a task with no title",
		repro: `curl -i -X POST -d '{"title":"  "}' http://{addr}/tasks`,
		run: func(ex *exchange) error {
			r, err := ex.request("POST", "/tasks", `{"title":"  "}`)
			if err != nil {
				return err
			}
			return wantError(r, 400)
		}},
	{group: tutorialAPI, name: "an unknown path is 404 with {\"error\":...}",
		why:   "dispatch finds no route: the client must learn that the path does not exist",
		repro: "curl -i http://{addr}/nonexistent",
		run: func(ex *exchange) error {
			r, err := ex.request("GET", "/nonexistent", "")
			if err != nil {
				return err
			}
			return wantError(r, 404)
		}},
	{group: tutorialAPI, name: "Content-Length counts bytes, not characters (a Chinese title)",
		why:   "the client reads exactly Content-Length bytes: counted in characters, the body is cut short and the rest corrupts the next answer",
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
				return fmt.Errorf("the body %s is not the whole JSON: Content-Length %s does not count its bytes", quote(string(r.body)), clip(r.get("Content-Length")))
			}
			if !strings.Contains(string(r.body), title) {
				return fmt.Errorf("the answer does not carry the title: %s", clip(string(r.body)))
			}
			return nil
		}},

	{group: connections, name: "a request split across several writes gets one answer",
		why:   "TCP keeps no message boundaries: one recv may hold half a request, so a server reads until the empty line and Content-Length more bytes",
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
	{group: connections, name: "two clients at once are both served",
		why: "run_server gives each connection its own thread: one client must not wait for another's answer",
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
					return fmt.Errorf("client %d: %w", c.id, err)
				}
				if err := want(r, 200, nil); err != nil {
					return fmt.Errorf("client %d: %w", c.id, err)
				}
			}
			return nil
		}},
	{group: connections, name: "a client that stays silent does not block another",
		why: "a server that waits on one silent connection before it accepts the next can be stopped by anyone who opens a socket",
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
				return fmt.Errorf("the second client: %w", err)
			}
			return want(r, 200, nil)
		}},

	{group: beyond, section: "Persistent connections and pipelining", name: "keep-alive: a second request on the same connection is answered",
		why:   "HTTP/1.1 keeps connections open by default; a new TCP connection per request costs a round trip each",
		repro: "curl -v http://{addr}/health http://{addr}/health   # look for \"Re-using existing connection\"",
		run: func(ex *exchange) error {
			c, err := ex.open()
			if err != nil {
				return err
			}
			for i := 1; i <= 2; i++ {
				if err := c.send(ex.get("/health", "")); err != nil {
					return err
				}
				r, err := c.read("GET")
				if err != nil {
					return fmt.Errorf("request %d: %w", i, err)
				}
				if err := want(r, 200, nil); err != nil {
					return fmt.Errorf("request %d: %w", i, err)
				}
			}
			return nil
		}},
	{group: beyond, section: "Persistent connections and pipelining", name: "HTTP/1.0 without keep-alive: the answer says Connection: close, then the server closes",
		why:   "an HTTP/1.0 client waits for the close unless told otherwise, and a server must say when it will close",
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
				return fmt.Errorf("the answer says Connection: %s, want close", quote(r.get("Connection")))
			}
			return c.closedByServer()
		}},
	{group: beyond, section: "Persistent connections and pipelining", name: "pipelining: three requests in one write, three answers in order",
		why:   "a client may send requests back to back; answers out of order, or missing, hand it the wrong data",
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
					return fmt.Errorf("answer %d: %w", i+1, err)
				}
				if r.status != w.status || !strings.Contains(string(r.body), w.field) {
					return fmt.Errorf("answer %d is %s with %s, want %d with %s: out of order", i+1, quote(r.line), clip(string(r.body)), w.status, w.field)
				}
			}
			// The list may be long: it is read as a stream (tasklist.go).
			l, err := c.readTasks()
			switch {
			case err != nil:
				return fmt.Errorf("answer 3: %w", err)
			case !l.hasTasks:
				return errors.New("answer 3 has no \"tasks\" list: out of order")
			}
			return nil
		}},
	{group: beyond, section: "Chunked bodies", name: "a chunked request body is decoded",
		why:   "a client that does not know its body's length up front sends it in chunks (curl -T - does)",
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
				return fmt.Errorf("the task's title is %s, want %q", quote(v.Task.Title), title)
			}
			return nil
		}},
	{group: beyond, section: "`Expect: 100-continue`", name: "Expect: 100-continue is answered 100 Continue before the body is sent",
		why:   "curl sends it before a body over 1 KiB and waits for 100 Continue; a server that never says it makes every such upload wait",
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
				return fmt.Errorf("before the body: %w", err)
			}
			if r.status != 100 {
				return fmt.Errorf("the first answer is %s, want 100 Continue before the body", quote(r.line))
			}
			if err := c.send(body); err != nil {
				return err
			}
			if r, err = c.read("POST"); err != nil {
				return err
			}
			return want(r, 201, nil)
		}},
	{group: beyond, section: "The API (curl)", name: "HEAD /health: GET's status and fields, no body",
		why:   "HEAD asks for the fields alone (a client checking a resource); a body after them is read as the next answer",
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
				return fmt.Errorf("HEAD answered %s with Content-Length %s, want 200 and GET's length", quote(r.line), quote(r.get("Content-Length")))
			}
			g, err := c.read("GET")
			if err != nil {
				return fmt.Errorf("the GET after it: %w", err)
			}
			return want(g, 200, nil)
		}},
	{group: beyond, section: "The API (curl)", name: "a method the path lacks is 405 with Allow",
		why:   "405 says the path exists but not for this method, and Allow says which methods it has",
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
				return fmt.Errorf("the answer says Allow: %s, want the methods /health has (GET)", quote(r.get("Allow")))
			}
			return nil
		}},
	refusal("a bare LF as line end is 400, then close", "Strict syntax",
		"lines end in CRLF; a server and a proxy that split lines differently read different requests",
		"GET /health HTTP/1.1\nHost: {addr}\n\n", 400),
	refusal("two spaces after the method are 400, then close", "Strict syntax",
		"split(\" \") would hand an empty path to the router; exactly one space separates the parts",
		"GET  /health HTTP/1.1\r\nHost: {addr}\r\n\r\n", 400),
	refusal("an HTTP/1.1 request without Host is 400, then close", "Strict syntax",
		"HTTP/1.1 requires Host: it says which site on this address the client wants",
		"GET /health HTTP/1.1\r\n\r\n", 400),
	refusal("Content-Length and Transfer-Encoding together are 400, then close", "Request smuggling",
		"a proxy and a server that pick different framings see different requests: one can be smuggled inside another",
		"POST /tasks HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
	refusal("a request line over 8 KiB is 414, then close", "Limits",
		"without a limit, one endless request line holds the server's memory",
		"GET /"+strings.Repeat("a", 9000)+" HTTP/1.1\r\nHost: {addr}\r\n\r\n", 414),
	refusal("a header section over 16 KiB is 431, then close", "Limits",
		"without a limit, endless fields hold the server's memory",
		"GET /health HTTP/1.1\r\nHost: {addr}\r\nX-Big: "+strings.Repeat("b", 20000)+"\r\n\r\n", 431),
	refusal("a declared body over 1 MiB is 413 before it is sent, then close", "Limits",
		"a server should refuse a body it will not take before the client spends the upload",
		"POST /tasks HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n{\"title\":", 413),
	{group: beyond, section: "Timeouts", name: "a header section sent too slowly is cut off (408 or a close)", slow: true,
		why:   "a client that sends its head a byte at a time (slowloris) would hold a connection, and a thread, for ever",
		repro: `printf 'GET /health HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ' | nc {nc}   # wait for the server's header timeout`,
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
				return fmt.Errorf("still waiting after %v: %w", ex.opts.slowBound, err)
			case r.status != 408:
				return fmt.Errorf("the answer is %s, want 408 or a close", quote(r.line))
			}
			return nil
		}},
	{group: beyond, section: "The API (curl)", name: "DELETE /tasks/{id} removes the task (the tutorial's closing exercise)",
		why:   "the tutorial ends by asking for it: the task must be gone afterwards",
		repro: "curl -i -X DELETE http://{addr}/tasks/3",
		run: func(ex *exchange) error {
			t, err := ex.create(uniqueTitle("to delete"))
			if err != nil {
				return fmt.Errorf("creating the task to delete: %w", err)
			}
			path := "/tasks/" + strconv.Itoa(t.ID)
			r, err := ex.request("DELETE", path, "")
			if err != nil {
				return err
			}
			if r.status != 204 && r.status != 200 {
				return fmt.Errorf("DELETE %s answered %s, want 204 (or 200)", path, quote(r.line))
			}
			l, err := ex.listTasks(t.Title)
			if err != nil {
				return err
			}
			if l.found[t.Title] {
				return fmt.Errorf("task %d is still in the list after DELETE", t.ID)
			}
			return nil
		}},
}

// refusal is a check that sends raw bytes a server must refuse with
// status, then close the connection.
func refusal(name, section, why, raw string, status int) check {
	return check{group: beyond, section: section, name: name, why: why,
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
	c, err := ex.open()
	if err != nil {
		return nil, err
	}
	raw := ex.get(path, "Connection: close\r\n")
	if method != "GET" || body != "" {
		raw = strings.Replace(raw, "GET", method, 1)
		if body != "" {
			raw = ex.post(path, body, "Connection: close\r\n")
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
		return task{}, fmt.Errorf("the body %s is not {\"task\":{\"id\":...,\"title\":%q,...}}", clip(string(r.body)), title)
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
		return fmt.Errorf("the answer is %s, want %d", quote(r.line), status)
	}
	if err := wantFramed(r); err != nil {
		return err
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			return fmt.Errorf("the body %s is not the JSON expected: %v", quote(string(r.body)), err)
		}
	}
	return nil
}

// wantFramed checks what every answer with a body needs: a length the
// client can read it by, and a type.
func wantFramed(r *reply) error {
	switch {
	case r.framing == "the connection's end":
		return errors.New("no Content-Length: the client cannot tell where the body ends until the connection closes")
	case r.framing != "none" && r.get("Content-Type") == "":
		return errors.New("a body without Content-Type")
	}
	return nil
}

// wantError checks an error answer: status and an {"error":"..."} body.
func wantError(r *reply, status int) error {
	var v struct{ Error *string }
	if err := want(r, status, &v); err != nil {
		return err
	}
	if v.Error == nil || *v.Error == "" {
		return fmt.Errorf("the body %s is not {\"error\":\"...\"}", clip(string(r.body)))
	}
	return nil
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
