package check

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"regexp"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step5_conn/connection"
)

// The checker reads whatever a server sends: these servers send what a
// careful client must survive. Each failure is a failing check that names
// its reason; none is a crash, unbounded memory or an endless run.

// hostile starts a server on 127.0.0.1 that writes answer on every
// connection, whatever was asked, and returns its address. It reads what
// the checker sends and closes a connection only after the checker has:
// when answer returns early, the server hangs.
func hostile(t *testing.T, answer func(w io.Writer)) string {
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
			go answer(nc) // ends when a write fails: the checker has closed
			go func() {
				io.Copy(io.Discard, nc) // until the checker closes
				nc.Close()
			}()
		}
	}()
	return ln.Addr().String()
}

// endless writes head, then unit again and again, until the checker
// closes the connection.
func endless(head, unit string) func(w io.Writer) {
	return func(w io.Writer) {
		if _, err := io.WriteString(w, head); err != nil {
			return
		}
		block := []byte(strings.Repeat(unit, max(1, 32<<10/len(unit))))
		for {
			if _, err := w.Write(block); err != nil {
				return
			}
		}
	}
}

// peakHeap runs f and returns the most bytes the heap's objects held
// while it ran, sampled every millisecond.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	stop, peak := make(chan struct{}), make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			most = max(most, sample[0].Value.Uint64())
			select {
			case <-stop:
				peak <- most
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	return <-peak
}

// runBounded runs the checks against addr with the exchange bound given
// and a generous ceiling on the whole run; it returns the report and the
// peak of the heap meanwhile. A check that must fail for a size (1 MiB of
// body, 8 KiB of status line) gets a second to see it: at 100 ms a loaded
// -race run sometimes met the bound first, and the check failed for the
// time, not the size. One that must fail for the time gets 100 ms, so
// that it does not decode an endless list for long.
func runBounded(t *testing.T, addr, only string, bound time.Duration) (Result, string, uint64) {
	t.Helper()
	var res Result
	var out string
	start := time.Now()
	peak := peakHeap(func() {
		res, out, _ = run(t, Options{Addr: addr, Only: regexp.MustCompile(only), Timeout: bound})
	})
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("the run took %v: a check's time is bounded", took)
	}
	return res, out, peak
}

// maxPeak is far above what a careful checker holds (a 1 MiB body, a
// 64 KiB head) and far below what it holds when it keeps what it is sent.
const maxPeak = 64 << 20

func TestAHugeContentLengthIsAFailingCheck(t *testing.T) {
	const head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n{\"sta"
	tests := []struct {
		name    string
		length  string
		only    string
		mention string
	}{
		{name: "9e18, for a kept body", length: "9000000000000000000", only: `^GET /health`, mention: "the body is over 1 MiB"},
		{name: "5e10, for a kept body", length: "50000000000", only: `^GET /health`, mention: "the body is over 1 MiB"},
		{name: "5e10, for the task list", length: "50000000000", only: `^GET /tasks lists`, mention: "the task list is over 256 MiB"},
		{name: "past int64", length: "99999999999999999999", only: `^GET /health`, mention: `Content-Length "99999999999999999999" is not a number`},
		{name: "a sign", length: "+5", only: `^GET /health`, mention: `Content-Length "+5" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := hostile(t, func(w io.Writer) { fmt.Fprintf(w, head, tt.length) }) // then hangs
			res, out, _ := runBounded(t, addr, tt.only, time.Second)
			if res.Failed != 1 || !strings.Contains(out, tt.mention) {
				t.Errorf("%+v, want the check failing, saying %q:\n%s", res, tt.mention, out)
			}
		})
	}
}

func TestAnEndlessAnswerIsAFailingCheckInBoundedMemory(t *testing.T) {
	const (
		ok   = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		list = `{"id":1,"title":"阅读 HTTP RFC","done":false},`
	)
	tests := []struct {
		name       string
		only       string
		head, unit string
		mention    string
	}{
		{name: "status line", only: `^GET /health`, head: "HTTP/1.1 200 ", unit: "a",
			mention: "the status line is over 8 KiB"},
		{name: "header line", only: `^GET /health`, head: ok + "X-Endless: ", unit: "a",
			mention: "the header section is over 64 KiB"},
		{name: "header fields", only: `^GET /health`, head: ok, unit: "X-A: 1\r\n",
			mention: "the header section has over 100 fields"},
		{name: "body to the connection's end", only: `^GET /health`, head: ok + "\r\n", unit: "a",
			mention: "the body is over 1 MiB"},
		{name: "chunked body", only: `^GET /health`, head: ok + "Transfer-Encoding: chunked\r\n\r\n", unit: "400\r\n" + strings.Repeat("a", 1024) + "\r\n",
			mention: "the body is over 1 MiB"},
		{name: "a task list of 250 MB, sent for ever", only: `^GET /tasks lists`, head: ok + "Content-Length: 250000000\r\n\r\n" + `{"tasks":[`, unit: list,
			mention: "within the time bound"},
		{name: "chunked task list", only: `^GET /tasks lists`, head: ok + "Transfer-Encoding: chunked\r\n\r\n" + fmt.Sprintf("%x\r\n%s\r\n", 10, `{"tasks":[`), unit: fmt.Sprintf("%x\r\n%s\r\n", len(list), list),
			mention: "within the time bound"},
		{name: "one endless task in the list", only: `^GET /tasks lists`, head: ok + "Content-Length: 250000000\r\n\r\n" + `{"tasks":[{"title":"`, unit: "a",
			mention: "a value in the task list is over 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := hostile(t, endless(tt.head, tt.unit))
			bound := time.Second
			if tt.mention == "within the time bound" {
				bound = 100 * time.Millisecond
			}
			res, out, peak := runBounded(t, addr, tt.only, bound)
			if res.Failed != 1 || !strings.Contains(out, tt.mention) {
				t.Errorf("%+v, want the check failing, saying %q:\n%s", res, tt.mention, out)
			}
			if peak > maxPeak {
				t.Errorf("the heap held %d MiB, want at most %d", peak>>20, maxPeak>>20)
			}
		})
	}
}

// TestWhatTheServerSendsReachesTheTerminalEscaped: a server's bytes that
// a terminal would obey (ESC sequences that retitle the window, write the
// clipboard or overwrite the ✘ line; C1 controls; bidi controls; U+2028)
// appear escaped in the whole report, failures and exchanges alike.
func TestWhatTheServerSendsReachesTheTerminalEscaped(t *testing.T) {
	const evil = "\x1b]0;title\x07\x1b]52;c;aGk=\x07\r\x1b[1A\x1b[2K ✔ forged \u009b31m \u202egnp.exe \u2028"
	tests := []struct {
		name string
		body string
	}{
		// Valid JSON reaches the messages that quote a body: U+009B,
		// U+202E and U+2028 may stand raw in a JSON string, CR between tokens.
		{name: "in valid JSON", body: "{\r\"status\":\"\u009b31m \u202egnp.exe \u2028\",\"error\":\"\u009b\u202e\u2028\",\"task\":{\"title\":\"\u202e\"}}"},
		{name: "raw", body: evil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := broken(t, func(nc net.Conn, _ *bufio.Reader, _ string) {
				fmt.Fprintf(nc, "HTTP/1.1 200 %s\r\nX-Evil: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", evil, evil, len(tt.body), tt.body)
			})
			_, out, _ := run(t, Options{Addr: addr, Verbose: true, Timeout: 100 * time.Millisecond})
			for _, raw := range []string{"\x1b", "\x07", "\r", "\u009b", "\u202e", "\u2028"} {
				if i := strings.Index(out, raw); i >= 0 {
					t.Errorf("the report holds %q raw, at %q", raw, out[max(0, i-60):min(len(out), i+20)])
				}
			}
			if !strings.Contains(out, `\u202e`) {
				t.Errorf("the report does not show the escaped bytes:\n%s", out)
			}
		})
	}
}

// TestTheSlowCheckWaitsForItsOwnBound: the slowloris check waits for the
// server's header timeout, longer than an exchange's bound; against a
// server that never times out it fails, after its own bound.
func TestTheSlowCheckWaitsForItsOwnBound(t *testing.T) {
	addr := broken(t, func(net.Conn, *bufio.Reader, string) {}) // reads, never answers
	const bound = 500 * time.Millisecond
	start := time.Now()
	res, out, _ := run(t, Options{Addr: addr, Only: regexp.MustCompile(`too slowly`), Slow: true, Timeout: 100 * time.Millisecond, slowBound: bound})
	took := time.Since(start)
	if res.Failed != 1 || !strings.Contains(out, "still waiting after 500ms") {
		t.Errorf("%+v, want the slow check failing, still waiting after its bound:\n%s", res, out)
	}
	if took < bound { // a deadline never passes early: this is no timing target
		t.Errorf("the check gave up after %v, before its bound %v", took, bound)
	}
}

// TestTheSlowCheckPassesAgainstOurServer: our server's header timeout is
// longer than an exchange's bound, as a real server's is (10s by default
// against 2s); the slow check waits for it.
func TestTheSlowCheckPassesAgainstOurServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ours(t, ln, connection.Timeouts{Header: 600 * time.Millisecond})
	res, out, _ := run(t, Options{Addr: ln.Addr().String(), Only: regexp.MustCompile(`too slowly`), Slow: true, Timeout: 200 * time.Millisecond})
	if res.Passed != 1 || res.Failed != 0 {
		t.Errorf("%+v, want the slow check passed:\n%s", res, out)
	}
}
