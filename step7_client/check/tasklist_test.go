package check

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestALongTaskListIsReadAsAStream: a list far over what the checker
// keeps of a body still passes the checks that read it, whichever way it
// is framed; a chunked one may end with a trailer section.
func TestALongTaskListIsReadAsAStream(t *testing.T) {
	var list strings.Builder
	list.WriteString(`{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},{"id":2,"title":"手写 socket 服务器","done":false}`)
	const n = 20000
	for i := 3; i <= n; i++ {
		fmt.Fprintf(&list, `,{"id":%d,"title":"%s %d","done":true}`, i, strings.Repeat("长", 50), i)
	}
	fmt.Fprintf(&list, `],"total":%d}`, n)
	if list.Len() < 3*maxBody {
		t.Fatalf("the list is %d bytes, want it well over %d", list.Len(), maxBody)
	}
	tests := []struct {
		name string
		list func(w io.Writer, body string)
	}{
		{name: "Content-Length", list: func(w io.Writer, body string) {
			fmt.Fprintf(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		}},
		{name: "chunked, with a trailer", list: func(w io.Writer, body string) {
			io.WriteString(w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
			for len(body) > 0 {
				chunk := body[:min(len(body), 50000)]
				fmt.Fprintf(w, "%x\r\n%s\r\n", len(chunk), chunk)
				body = body[len(chunk):]
			}
			io.WriteString(w, "0\r\nX-Checksum: 1\r\n\r\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := broken(t, func(nc net.Conn, br *bufio.Reader, head string) {
				switch method, _, _ := strings.Cut(head, " "); {
				case method == "POST":
					length, _ := strconv.Atoi(regexp.MustCompile(`Content-Length: (\d+)`).FindStringSubmatch(head)[1])
					var v struct{ Title string }
					json.NewDecoder(io.LimitReader(br, int64(length))).Decode(&v)
					b, _ := json.Marshal(map[string]task{"task": {ID: n + 1, Title: v.Title}})
					io.WriteString(nc, answer(201, string(b)))
				case method == "DELETE":
					io.WriteString(nc, "HTTP/1.1 204 No Content\r\n\r\n")
				case path(head) == "/tasks":
					tt.list(nc, list.String())
				case path(head) == "/health":
					io.WriteString(nc, answer(200, health))
				default:
					io.WriteString(nc, answer(404, `{"error":"no"}`))
				}
			})
			res, out, _ := run(t, Options{Addr: addr, Only: regexp.MustCompile(`^GET /tasks lists|^pipelining|^DELETE`)})
			if res.Passed != 3 || res.Failed != 0 {
				t.Errorf("%+v, want the three checks that read the list passed:\n%s", res, out)
			}
		})
	}
}

func TestScanTasksKeepsWhatTheChecksLookFor(t *testing.T) {
	const list = `{"tasks":[{"id":1,"title":"a"},{"id":2,"title":"b"}],"other":{"x":[1,2]},"total":2}`
	tests := []struct {
		name    string
		body    io.Reader
		limit   int64
		count   int
		mention string // in the error; "" for none
	}{
		{name: "a list", body: strings.NewReader(list), limit: int64(len(list)), count: 2},
		{name: "a byte over the limit", body: strings.NewReader(list), limit: int64(len(list) - 1),
			mention: fmt.Sprintf("the task list is over %d bytes", len(list)-1)},
		{name: "an endless list", body: io.MultiReader(strings.NewReader(`{"tasks":[`), &endlessReader{unit: `{"id":1,"title":"a"},`}), limit: 1 << 20,
			mention: "the task list is over 1 MiB"},
		{name: "an endless title", body: io.MultiReader(strings.NewReader(`{"tasks":[{"title":"`), &endlessReader{unit: "a"}), limit: 256 << 20,
			mention: "a value in the task list is over 1 MiB"},
		{name: "an array", body: strings.NewReader(`["\u202e"]`), limit: 100,
			mention: `not a task list: [ where { belongs`},
		{name: "an escaped token", body: strings.NewReader("{\"tasks\":\"\u202e\"}"), limit: 100,
			mention: `not a task list: \u202e where [ belongs`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := scanTasks(tt.body, tt.limit, "b", "c")
			switch {
			case tt.mention == "" && err != nil:
				t.Fatalf("scanTasks: %v", err)
			case tt.mention != "" && (err == nil || !strings.Contains(clip(err.Error()), tt.mention)):
				t.Fatalf("scanTasks: %v, want an error saying %q", err, tt.mention)
			case tt.mention != "":
				return
			}
			if l.count != tt.count || l.total == nil || *l.total != 2 || l.found["b"] == nil || l.found["c"] != nil || !l.hasTasks {
				t.Errorf("got %+v, want %d tasks, total 2, b found and c not", l, tt.count)
			}
		})
	}
}

// endlessReader reads unit again and again.
type endlessReader struct {
	unit string
	at   int
}

func (r *endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.unit[r.at%len(r.unit)]
		r.at++
	}
	return len(p), nil
}
