package check

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step6_server/server"
)

// negotiationChecks are the checks of compression and conditional
// requests, in the checklist's order.
var negotiationChecks = []string{"gzip", "gzip-unasked", "vary", "not-modified", "precondition-failed"}

// onlyNegotiation is -only for them, and them alone.
var onlyNegotiation = func() *regexp.Regexp {
	var names []string
	for _, id := range negotiationChecks {
		names = append(names, "^"+regexp.QuoteMeta(english[id])+"$")
	}
	return regexp.MustCompile(strings.Join(names, "|"))
}()

// negotiationBugs are the ways a server may break the rules of SPEC §2's
// "Negotiation and caching". The zero value breaks nothing.
type negotiationBugs struct {
	notGzip   bool // Content-Encoding: gzip on a body that is not gzip
	bomb      bool // a gzip body of 256 KiB that decompresses to 256 MiB of zeros
	unasked   bool // gzip whatever Accept-Encoding says
	substring bool // gzip when Accept-Encoding holds "gzip": gzip;q=0 too
	noVary    bool // no Vary on /echo's answers
	no304     bool // If-None-Match ignored: 200 and the task again
	noIfMatch bool // If-Match ignored: a stale tag's change made, 200
}

// negotiating starts a server of /echo and the tasks that compresses and
// answers conditional requests as SPEC §2 asks, but for b's bugs; it
// returns its address. One request a connection, as the checks send them.
func negotiating(t *testing.T, b negotiationBugs) string {
	t.Helper()
	s := &taggedStore{tasks: map[int]task{}, next: 1}
	return broken(t, func(nc net.Conn, br *bufio.Reader, head string) {
		defer nc.Close()
		body := make([]byte, contentLength(head))
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		method, target := strings.Fields(head)[0], path(head)
		fields := map[string]string{}
		for _, line := range strings.Split(head, "\r\n")[1:] {
			if name, value, ok := strings.Cut(line, ":"); ok {
				fields[strings.ToLower(name)] = strings.TrimSpace(value)
			}
		}
		if target == "/echo" {
			io.WriteString(nc, b.echo(head+string(body), fields["accept-encoding"]))
			return
		}
		io.WriteString(nc, s.serve(method, target, body, fields, b))
	})
}

// echo answers POST /echo: the request as it came, gzip-coded when asked.
func (b negotiationBugs) echo(request, accept string) string {
	asked := accept == "gzip"
	if b.substring {
		asked = strings.Contains(accept, "gzip")
	}
	head := "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
	if !b.noVary {
		head += "Vary: Accept-Encoding\r\n"
	}
	body := []byte(request)
	if asked || b.unasked {
		head += "Content-Encoding: gzip\r\n"
		switch {
		case b.notGzip:
		case b.bomb:
			body = gzipBomb()
		default:
			body = gzipped(body)
		}
	}
	return fmt.Sprintf("%sContent-Length: %d\r\nConnection: close\r\n\r\n%s", head, len(body), body)
}

func gzipped(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}

// gzipBomb is 256 gzip members of 1 MiB of zeros each, 256 KiB on the
// wire: far under what the checker keeps of a body, and, decompressed,
// 256 MiB, far over what it may hold (maxPeak). A gzip reader reads the
// members one after the other as one stream (RFC 1952 §2.2).
var gzipBomb = sync.OnceValue(func() []byte {
	member := gzipped(make([]byte, 1<<20))
	return bytes.Repeat(member, 256)
})

// taggedStore is a task store whose answers carry a strong ETag, the hash
// of the task's JSON, as step 3's.
type taggedStore struct {
	mu    sync.Mutex
	tasks map[int]task
	next  int
}

func etagOf(t task) string {
	b, _ := json.Marshal(t)
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// serve answers a request to the tasks: POST /tasks, GET and PATCH
// /tasks/{id}, with If-None-Match and If-Match as RFC 9110 §13 has them.
func (s *taggedStore) serve(method, target string, body []byte, fields map[string]string, b negotiationBugs) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	answer := func(status int, etag string, v any) string {
		payload, _ := json.Marshal(v)
		tag := ""
		if etag != "" {
			tag = "ETag: " + etag + "\r\n"
		}
		return fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: application/json\r\n%sContent-Length: %d\r\nConnection: close\r\n\r\n%s", status, tag, len(payload), payload)
	}
	if method == "POST" && target == "/tasks" {
		var v struct{ Title string }
		json.Unmarshal(body, &v)
		t := task{ID: s.next, Title: v.Title}
		s.tasks[t.ID], s.next = t, s.next+1
		return answer(201, etagOf(t), map[string]any{"task": t})
	}
	id, _ := strconv.Atoi(strings.TrimPrefix(target, "/tasks/"))
	t, ok := s.tasks[id]
	if !ok {
		return answer(404, "", map[string]string{"error": "no such task"})
	}
	tag := etagOf(t)
	switch method {
	case "GET":
		if fields["if-none-match"] == tag && !b.no304 {
			return "HTTP/1.1 304 Not Modified\r\nETag: " + tag + "\r\nConnection: close\r\n\r\n"
		}
		return answer(200, tag, map[string]any{"task": t})
	case "PATCH":
		if m, ok := fields["if-match"]; ok && m != tag && !b.noIfMatch {
			return answer(412, "", map[string]string{"error": "the task has changed"})
		}
		var v struct {
			Title *string
			Done  *bool
		}
		json.Unmarshal(body, &v)
		if v.Title != nil {
			t.Title = *v.Title
		}
		if v.Done != nil {
			t.Done = *v.Done
		}
		s.tasks[id] = t
		return answer(200, etagOf(t), map[string]any{"task": t})
	}
	return answer(405, "", map[string]string{"error": "not allowed"})
}

// TestNegotiationBreaksFailTheRightCheck runs the checks of compression
// and conditional requests against servers that break one rule each:
// that rule's check fails, saying why, and the others pass. Without a
// bug, all pass: the server here is right, and so are the checks.
func TestNegotiationBreaksFailTheRightCheck(t *testing.T) {
	tests := []struct {
		name    string
		bugs    negotiationBugs
		failing string // the check that must fail; "" for none
		mention string // in its explanation
	}{
		{name: "no bug"},
		{name: "Content-Encoding: gzip on a body that is not gzip", bugs: negotiationBugs{notGzip: true},
			failing: "gzip", mention: "the body is not gzip: gzip: invalid header"},
		{name: "gzip when not asked", bugs: negotiationBugs{unasked: true},
			failing: "gzip-unasked", mention: `asked without Accept-Encoding, the answer says Content-Encoding: "gzip"`},
		{name: `"gzip" looked for in Accept-Encoding`, bugs: negotiationBugs{substring: true},
			failing: "gzip-unasked", mention: `asked with "Accept-Encoding: gzip;q=0", which does not accept gzip`},
		{name: "no Vary", bugs: negotiationBugs{noVary: true},
			failing: "vary", mention: `the gzip-coded answer has Vary: ""; want Accept-Encoding in it`},
		{name: "200 instead of 304", bugs: negotiationBugs{no304: true},
			failing: "not-modified", mention: `was answered "HTTP/1.1 200 X"; want 304 Not Modified`},
		{name: "If-Match ignored", bugs: negotiationBugs{noIfMatch: true},
			failing: "precondition-failed", mention: `was answered "HTTP/1.1 200 X"; want 412 Precondition Failed`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := negotiating(t, tt.bugs)
			res, out, failed := run(t, Options{Addr: addr, Only: onlyNegotiation, Timeout: time.Second})
			var want []string
			if tt.failing != "" {
				want = []string{english[tt.failing]}
			}
			if !slices.Equal(failed, want) || res.Passed != len(negotiationChecks)-len(want) || res.Skipped != 0 {
				t.Errorf("%+v, failed %q, want %q failing alone:\n%s", res, failed, want, out)
			}
			if !strings.Contains(out, tt.mention) {
				t.Errorf("the report does not say %q:\n%s", tt.mention, out)
			}
		})
	}
}

// TestAGzipBombIsAFailingCheckInBoundedMemory: a gzip body of 256 KiB that
// decompresses to 256 MiB fails the gzip check for its size, and the
// checker decompresses no more than the bound of a body it keeps.
func TestAGzipBombIsAFailingCheckInBoundedMemory(t *testing.T) {
	gzipBomb() // made before the heap is watched: it is the server's
	addr := negotiating(t, negotiationBugs{bomb: true})
	res, out, peak := runBounded(t, addr, `^gzip when asked`, time.Second)
	if res.Failed != 1 || !strings.Contains(out, "decompressed, the body is over 1 MiB") {
		t.Errorf("%+v, want the gzip check failing for the decompressed size:\n%s", res, out)
	}
	if peak > maxPeak {
		t.Errorf("the heap held %d MiB, want at most %d", peak>>20, maxPeak>>20)
	}
}

// TestChecksOfWhatTheServerLacksAreSkipped: our server's stack without
// compressors sends Vary and no gzip; the gzip checks are skipped, saying
// why and what to read, in English and in Chinese; the conditional
// checks still pass, and the summary counts the skipped.
func TestChecksOfWhatTheServerLacksAreSkipped(t *testing.T) {
	ln := server.NewPipeListener()
	srv := server.New(router.Tasks(handlers.New(tasks.NewStore(), time.Now)).Dispatch) // no Gzip
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	dial := func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") }
	for _, lang := range []Lang{English, Chinese} {
		t.Run(string(lang), func(t *testing.T) {
			res, out, failed := run(t, Options{Addr: "pipe", Dial: dial, Only: onlyNegotiation, Lang: lang})
			if len(failed) != 0 || res.Passed != 2 || res.Skipped != 3 {
				t.Errorf("%+v, failed %q, want 2 passed and the 3 gzip checks skipped:\n%s", res, failed, out)
			}
			for _, id := range negotiationChecks[:3] {
				line := "  -  " + lang.say(id) + "\n      " + lang.say("skipped-why", lang.say("no-gzip", size(echoSize).in(lang)), lang.say("section.compression")) + "\n"
				if !strings.Contains(out, line) {
					t.Errorf("the report lacks\n%s\nin\n%s", line, out)
				}
			}
			if _, last := lastLines(out); last != lang.say("summary", 2, 0, 3) {
				t.Errorf("the last line is %q", last)
			}
			if lang == Chinese {
				assertChinese(t, out)
			}
		})
	}
}
