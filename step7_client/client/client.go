// Package client is step 7 of the tutorial, demo_client: a real HTTP
// client, net/http's, walks the API the way the tutorial's urllib client
// does: health, the task list, three new tasks (the blank one fails with
// 400), the list again, and a 404.
//
// Only the client uses net/http; the server it talks to is ours, built
// from bytes in steps 1 to 6. It works against the tutorial's Python
// server too, since both speak the same JSON.
package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"httpfromscratch/step5_conn/terminal"

	"github.com/fatih/color"
)

// Demo runs the tutorial's client flow against the server at base
// ("http://127.0.0.1:8000"), printing to w. colour paints the marks and
// the tables; the caller decides it, from the terminal and NO_COLOR.
//
// Tutorial: demo_client
func Demo(w io.Writer, hc *http.Client, base string, colour bool) error {
	d := &demo{w: w, hc: hc, base: strings.TrimSuffix(base, "/"),
		ok: terminal.Paint(color.FgGreen, colour), bad: terminal.Paint(color.FgRed, colour), bold: terminal.Paint(color.Bold, colour)}
	fmt.Fprintln(w, "=== HTTP server demo ===")

	// 1. Health check.
	var health struct {
		Status     string `json:"status"`
		Time       string `json:"time"`
		TasksCount int    `json:"tasks_count"`
	}
	if _, err := d.do("GET", "/health", nil, &health); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n[GET /health] → status=%s, time=%s, tasks_count=%d\n", shown(health.Status), shown(health.Time), health.TasksCount)

	// 2. The task list.
	if err := d.table("Initial task list"); err != nil {
		return err
	}

	// 3. Create tasks; the blank title fails on purpose.
	fmt.Fprintln(w, "\n[POST /tasks] creating tasks:")
	for _, title := range []string{"部署到生产环境", "写单元测试", ""} {
		var out struct {
			Task  *Task  `json:"task"`
			Error string `json:"error"`
		}
		status, err := d.do("POST", "/tasks", map[string]string{"title": title}, &out)
		if err != nil {
			return err
		}
		if out.Task != nil {
			fmt.Fprintf(w, "  %s created (%d): id=%d, title=%s, done=%t\n", d.ok.Sprint("✅"), status, out.Task.ID, shown(out.Task.Title), out.Task.Done)
		} else {
			fmt.Fprintf(w, "  %s failed (%d): %s\n", d.bad.Sprint("❌"), status, shown(out.Error))
		}
	}

	// 4. The list again.
	if err := d.table("Updated task list"); err != nil {
		return err
	}

	// 5. A path that does not exist.
	var missing struct {
		Error string `json:"error"`
	}
	status, err := d.do("GET", "/nonexistent", nil, &missing)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n[GET /nonexistent] → %d: %s\n", status, shown(missing.Error))
	return nil
}

// Run runs Demo with a net/http client that gives up after 10 seconds:
// what `full -mode demo` and `step7_client -base URL` do.
func Run(w io.Writer, base string, colour bool) error {
	return Demo(w, &http.Client{Timeout: 10 * time.Second}, base, colour)
}

// Task is a task as the API sends it.
type Task struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

type demo struct {
	w             io.Writer
	hc            *http.Client
	base          string
	ok, bad, bold *color.Color
}

// do sends a request with body as JSON (when not nil) and decodes the JSON
// answer into out, whatever the status. urllib raises HTTPError for a
// status of 400 or more, and the tutorial reads the body with e.read();
// net/http's Client.Do returns no error for any status that arrived, so
// the status is checked here, and an error status's body is read like any.
// A 204 has no body to decode (DELETE's answer), and a nil out asks for none.
func (d *demo) do(method, path string, body, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, d.base+path, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := d.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w (is the server running? go run ./full)", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNoContent || out == nil {
		return resp.StatusCode, nil // 204 has no body (DELETE's answer); nil: the caller wants none
	}
	limited := &io.LimitedReader{R: resp.Body, N: maxAnswer + 1}
	if err := json.NewDecoder(limited).Decode(out); err != nil {
		if limited.N <= 0 {
			return resp.StatusCode, fmt.Errorf("%s %s: %d with a body over %d MiB: the demo reads no more", method, path, resp.StatusCode, maxAnswer>>20)
		}
		return resp.StatusCode, fmt.Errorf("%s %s: %d with a body that is not JSON: %w", method, path, resp.StatusCode, err)
	}
	return resp.StatusCode, nil
}

// maxAnswer bounds what the demo reads of one answer: the server is a
// peer, and a peer may send without end.
const maxAnswer = 64 << 20

// shown is text from the server as it may reach the terminal: a title
// may hold ESC or a bidi override, and a terminal obeys those.
func shown(s string) string { return terminal.Visible(s, 0) }

// table prints GET /tasks as the tutorial's print_table does.
func (d *demo) table(title string) error {
	var list struct {
		Tasks []Task `json:"tasks"`
	}
	status, err := d.do("GET", "/tasks", nil, &list)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET /tasks: status %d", status)
	}
	rule := strings.Repeat("─", 50)
	fmt.Fprintf(d.w, "\n%s\n  %s\n%s\n", rule, d.bold.Sprint(title), rule)
	for _, t := range list.Tasks {
		mark := "⬜"
		if t.Done {
			mark = d.ok.Sprint("✅")
		}
		fmt.Fprintf(d.w, "  [%2d] %s %s\n", t.ID, mark, shown(t.Title))
	}
	fmt.Fprintln(d.w, rule)
	return nil
}
