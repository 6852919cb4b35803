package check

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"httpfromscratch/step3_handlers/handlers"
	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step4_dispatch/router"
	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/tutorialtest"
)

// ours starts the finished server's stack (steps 3 to 6) with cfg's
// timeouts on ln, and stops it when the test ends.
func ours(t *testing.T, ln net.Listener, timeouts connection.Timeouts) {
	t.Helper()
	rt := router.Tasks(handlers.New(tasks.NewStore(), time.Now))
	rt.Gzip = router.NewGzip(router.DefaultCompressors) // as full has it: the gzip checks see it compress
	srv := server.New(rt.Dispatch)
	srv.Config.Timeouts = timeouts
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Shutdown(context.Background())
		<-served
	})
}

// run runs the checks o selects and returns the report and the names of
// the checks that failed.
func run(t *testing.T, o Options) (Result, string, []string) {
	t.Helper()
	var out strings.Builder
	res, err := Run(context.Background(), &out, o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	var failed []string
	for _, line := range strings.Split(out.String(), "\n") {
		if name, ok := strings.CutPrefix(line, "  ✘ "); ok {
			failed = append(failed, name)
		}
	}
	return res, out.String(), failed
}

func TestEveryCheckPassesAgainstOurServer(t *testing.T) {
	t.Run("offline, on an in-memory listener", func(t *testing.T) {
		ln := server.NewPipeListener()
		ours(t, ln, connection.Timeouts{})
		res, out, _ := run(t, Options{Addr: "pipe", Dial: func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") }})
		if res.Failed != 0 || res.Passed != len(checklist)-1 || res.Skipped != 1 {
			t.Errorf("%+v, want every check but the slow one passed:\n%s", res, out)
		}
	})
	t.Run("over 127.0.0.1", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ours(t, ln, connection.Timeouts{})
		res, out, _ := run(t, Options{Addr: ln.Addr().String()})
		if res.Failed != 0 || res.Passed != len(checklist)-1 || res.Skipped != 1 {
			t.Errorf("%+v, want every check but the slow one passed:\n%s", res, out)
		}
		if !strings.HasSuffix(out, fmt.Sprintf("\n%d passed, 0 failed, 1 skipped\n", len(checklist)-1)) {
			t.Errorf("the last line is not the count:\n%s", out)
		}
	})
	t.Run("the slow check, against a short header timeout", func(t *testing.T) {
		// On a server of its own: a header timeout short enough for a
		// quick test would race the pauses of the split-writes check on a
		// loaded machine, and nothing else here waits on it.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ours(t, ln, connection.Timeouts{Header: 300 * time.Millisecond})
		res, out, _ := run(t, Options{Addr: ln.Addr().String(), Slow: true, Only: regexp.MustCompile(regexp.QuoteMeta(english["slow-head"]))})
		if res.Failed != 0 || res.Passed != 1 {
			t.Errorf("%+v, want the slow check passed:\n%s", res, out)
		}
	})
}

// TestChecksSendTheAuthorityTheyDial: against a server that answers only
// to its own names (full's guard against DNS rebinding), every check
// passes, and what it sends in Host is the address it dials.
func TestChecksSendTheAuthorityTheyDial(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rt := router.Tasks(handlers.New(tasks.NewStore(), time.Now))
	rt.Hosts = router.AllowHosts()
	rt.Gzip = router.NewGzip(router.DefaultCompressors)
	srv := server.New(rt.Dispatch)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Shutdown(context.Background()) })
	addr := ln.Addr().String()
	res, out, _ := run(t, Options{Addr: addr, Verbose: true})
	if res.Failed != 0 || res.Passed != len(checklist)-1 {
		t.Errorf("%+v, want every check but the slow one passed:\n%s", res, out)
	}
	if !strings.Contains(out, "> field          Host: "+addr+`\r\n`) || strings.Contains(out, "Host: check") {
		t.Errorf("the checks do not send Host: %s:\n%s", addr, out)
	}
}

// TestTheTutorialsServer runs the checklist against the tutorial's own
// Python server: -step 6, what its steps teach, passes; of the whole
// checklist (-step beyond), the closing exercise it leaves to the reader
// and what it skips fail, each with its explanation, but for compression
// and conditional requests, which it shows no sign of: those are skipped,
// each with its reason. The list pins which:
// a change on either side shows here.
func TestTheTutorialsServer(t *testing.T) {
	python, script := tutorialtest.Script(t)
	addr := startPython(t, python, script)

	o := Options{Addr: addr, Timeout: time.Second, Step: 6}
	res, out, _ := run(t, o)
	if res.Failed != 0 || res.Passed == 0 || !slices.Equal(headings(out, o), groupIDs(6)) {
		t.Errorf("-step 6: %+v, want every check of steps 1-6 passed:\n%s", res, out)
	}
	if next, _ := lastLines(out); next != o.next(6) {
		t.Errorf("-step 6: the line before the summary is %q, want %q", next, o.next(6))
	}

	res, out, failed := run(t, Options{Addr: addr, Timeout: time.Second}) // -step beyond
	want := []string{
		"DELETE /tasks/{id} removes the task (the tutorial's closing exercise)",
		"keep-alive: a second request on the same connection is answered",
		"pipelining: three requests in one write, three answers in order",
		"a chunked request body is decoded",
		"Expect: 100-continue is answered 100 Continue before the body is sent",
		"HEAD /health: GET's status and fields, no body",
		"a method the path lacks is 405 with Allow",
		"a bare LF as line end is 400, then close",
		"two spaces after the method are 400, then close",
		"an HTTP/1.1 request without Host is 400, then close",
		"Content-Length and Transfer-Encoding together are 400, then close",
		"a request line over 8 KiB is 414, then close",
		"a header section over 16 KiB is 431, then close",
		"a declared body over 1 MiB is 413 before it is sent, then close",
	}
	if !slices.Equal(failed, want) {
		t.Errorf("failed checks:\n%s\nwant:\n%s\nreport:\n%s", strings.Join(failed, "\n"), strings.Join(want, "\n"), out)
	}
	// What the tutorial never taught, and its server shows no sign of, is
	// skipped with the reason, not failed: compression and ETags.
	skipped := map[string]string{
		"gzip":                "no-echo",
		"gzip-unasked":        "no-echo",
		"vary":                "no-echo",
		"not-modified":        "no-etag",
		"precondition-failed": "no-etag",
	}
	for id, why := range skipped {
		reason := regexp.QuoteMeta(strings.SplitN(english[why], "%", 2)[0])
		line := regexp.MustCompile(`(?m)^  -  ` + regexp.QuoteMeta(english[id]) + `\n      skipped: ` + reason + `.*; to add it, read full/README\.md: "`)
		if !line.MatchString(out) {
			t.Errorf("the report does not skip %q saying %q:\n%s", id, english[why], out)
		}
	}
	if res.Passed != len(checklist)-1-len(skipped)-len(want) || res.Skipped != 1+len(skipped) {
		t.Errorf("%+v", res)
	}
	if got := headings(out, Options{Addr: addr}); !slices.Equal(got, append(groupIDs(LastStep), beyond)) {
		t.Errorf("groups %q, want every group:\n%s", got, out)
	}
	o = Options{Addr: addr}
	for _, g := range groups[:len(groups)-1] {
		if strings.Contains(out, o.stopped(g)) || strings.Contains(out, o.next(g.last)) {
			t.Errorf("without -step, the run says it stopped, or what is next:\n%s", out)
		}
	}
	if _, last := lastLines(out); last != fmt.Sprintf("%d passed, %d failed, %d skipped", res.Passed, res.Failed, 1+len(skipped)) {
		t.Errorf("the last line is %q, want the summary", last)
	}
	for _, section := range []string{`(full/README.md: "Persistent connections and pipelining")`, "why it matters:"} {
		if !strings.Contains(out, section) {
			t.Errorf("the report lacks %q", section)
		}
	}

	// The DELETE check, run again, deletes the task it left instead of
	// leaving another, and its command names that task.
	_, again, _ := run(t, Options{Addr: addr, Timeout: time.Second, Only: regexp.MustCompile(`^DELETE`)})
	var list struct{ Tasks []task }
	if err := getJSON("http://"+addr+"/tasks", &list); err != nil {
		t.Fatal(err)
	}
	var left []int
	for _, task := range list.Tasks {
		if strings.HasPrefix(task.Title, "check: to delete") {
			left = append(left, task.ID)
		}
	}
	if len(left) != 1 {
		t.Fatalf("after two runs the server holds tasks %v titled \"check: to delete\", want one", left)
	}
	for _, report := range []string{out, again} {
		if try := fmt.Sprintf("try: curl -i -X DELETE http://%s/tasks/%d", addr, left[0]); !strings.Contains(report, try) {
			t.Errorf("the report lacks %q:\n%s", try, report)
		}
	}
}

// getJSON decodes what GET url answers into v.
func getJSON(url string, v any) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// startPython starts the tutorial's server on a free port and returns its
// address once it listens: it prints its banner after listen().
func startPython(t *testing.T, python, script string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(python, "-u", script, "--mode", "server", "--port", port)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	banner, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(banner, port) {
		t.Fatalf("the tutorial's server did not start: %q, %v", banner, err)
	}
	go io.Copy(io.Discard, stdout)
	return addr
}

// broken starts a server that reads the head of each request and leaves
// the rest (a body, the next requests) to respond, which has the bug; it
// returns the server's address.
func broken(t *testing.T, respond func(nc net.Conn, br *bufio.Reader, head string)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer nc.Close()
				br := bufio.NewReader(nc)
				for {
					head, err := readHead(br)
					if err != nil {
						return
					}
					respond(nc, br, head)
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func readHead(br *bufio.Reader) (string, error) {
	var head strings.Builder
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return "", err
		}
		head.WriteString(line)
		if line == "\r\n" {
			return head.String(), nil
		}
	}
}

func path(head string) string {
	f := strings.Fields(head)
	if len(f) < 2 {
		return ""
	}
	return f[1]
}

// answer is a correct answer, for the broken servers to break.
func answer(status int, body string) string {
	return fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", status, len(body), body)
}

const health = `{"status":"ok","time":"2026-04-17 22:54:12","tasks_count":2}`

func TestBrokenServersFailTheRightChecks(t *testing.T) {
	tests := []struct {
		name    string
		only    string // the check that must fail
		mention string // in its explanation
		respond func(nc net.Conn, br *bufio.Reader, head string)
	}{
		{"no Content-Length", `^GET /health`, "no Content-Length",
			func(nc net.Conn, _ *bufio.Reader, _ string) {
				io.WriteString(nc, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"+health)
				nc.Close()
			}},
		{"Content-Length in characters", `counts bytes`, "does not count its bytes",
			func(nc net.Conn, br *bufio.Reader, head string) {
				n, _ := strconv.Atoi(regexp.MustCompile(`Content-Length: (\d+)`).FindStringSubmatch(head)[1])
				body := make([]byte, n)
				io.ReadFull(br, body)
				reply := `{"task":{"id":3,"title":` + strings.TrimPrefix(string(body), `{"title":`) + `}`
				fmt.Fprintf(nc, "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", utf8.RuneCountInString(reply), reply)
				nc.Close()
			}},
		{"a CRLF after the body", `colon`, `more bytes followed the 60 bytes Content-Length announced ("\r\n")`,
			func(nc net.Conn, _ *bufio.Reader, _ string) {
				io.WriteString(nc, answer(200, health)+"\r\n") // a line end that no length counts
				nc.Close()
			}},
		{"closes after one request", `^keep-alive`, "request 2: the server closed the connection without an answer",
			func(nc net.Conn, _ *bufio.Reader, _ string) {
				io.WriteString(nc, answer(200, health))
				nc.Close()
			}},
		{"answers pipelined requests out of order", `^pipelining`, "out of order",
			func(nc net.Conn, br *bufio.Reader, first string) {
				heads := []string{first}
				for br.Buffered() > 0 { // the rest of the pipeline
					head, err := readHead(br)
					if err != nil {
						return
					}
					heads = append(heads, head)
				}
				for i := len(heads) - 1; i >= 0; i-- { // the last one first
					switch path(heads[i]) {
					case "/nonexistent":
						io.WriteString(nc, answer(404, `{"error":"no"}`))
					case "/tasks":
						io.WriteString(nc, answer(200, `{"tasks":[],"total":0}`))
					default:
						io.WriteString(nc, answer(200, health))
					}
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := broken(t, tt.respond)
			res, out, failed := run(t, Options{Addr: addr, Only: regexp.MustCompile(tt.only), Timeout: 500 * time.Millisecond})
			if res.Failed != 1 || len(failed) != 1 || !strings.Contains(out, tt.mention) {
				t.Errorf("%+v, want the one check failing, saying %q:\n%s", res, tt.mention, out)
			}
		})
	}
}

// TestAServerThatHangsFailsEveryCheckInBoundedTime: every exchange has
// its time bound, so a server that accepts and never answers fails each
// check, and the run still ends.
func TestAServerThatHangsFailsEveryCheckInBoundedTime(t *testing.T) {
	addr := broken(t, func(nc net.Conn, br *bufio.Reader, _ string) {
		io.Copy(io.Discard, br) // reads for ever, answers nothing
	})
	start := time.Now()
	res, out, _ := run(t, Options{Addr: addr, Timeout: 100 * time.Millisecond})
	if res.Passed != 0 || res.Failed != len(checklist)-1 {
		t.Errorf("%+v, want every check failed:\n%s", res, out)
	}
	if !strings.Contains(out, "no complete answer within the time bound") {
		t.Errorf("the report does not say the server hangs:\n%s", out)
	}
	t.Logf("%d checks against a hanging server took %v", len(checklist)-1, time.Since(start).Round(time.Millisecond))
}

func TestUnreachableServerIsAnError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nobody listens there now
	if _, err := Run(context.Background(), io.Discard, Options{Addr: addr}); err == nil || !strings.Contains(err.Error(), "cannot reach") {
		t.Errorf("Run against a closed port: %v, want cannot reach", err)
	}
}

func TestLoopback(t *testing.T) {
	for host, want := range map[string]bool{"127.0.0.1": true, "localhost": true, "::1": true, "[::1]": true, "127.1.2.3": true,
		"10.0.0.1": false, "example.com": false, "203.0.113.9": false} {
		if got := Loopback(host); got != want {
			t.Errorf("Loopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestPrintfQuoteRoundTrips(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to run the try: lines' printf in (Windows has none unless Git's sh.exe is on PATH)")
	}
	for _, raw := range []string{"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "it's 100%\\n", "GET /" + strings.Repeat("a", 300) + " x"} {
		out, err := exec.Command(sh, "-c", "printf '"+printfQuote(raw)+"'").Output()
		if err != nil || string(out) != raw {
			t.Errorf("printf '%s' printed %q (%v), want %q", printfQuote(raw), out, err, raw)
		}
	}
}
