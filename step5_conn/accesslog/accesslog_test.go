package accesslog

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestLoggerColoursTheStatusOnlyWhenAsked(t *testing.T) {
	at := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	for _, colour := range []bool{false, true} {
		var buf bytes.Buffer
		l := NewLogger(&buf, colour)
		l.Request(at, "127.0.0.1", "GET", "/", 404, time.Millisecond)
		line := buf.String()
		if strings.Contains(line, "\x1b[") != colour {
			t.Errorf("colour %v: line %q", colour, line)
		}
		if !strings.Contains(line, "404") || !strings.HasSuffix(line, " 1ms\n") {
			t.Errorf("line %q", line)
		}
	}
}

// signalWriter tells, on a channel, each time it is written to.
type signalWriter struct {
	bytes.Buffer
	wrote chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	w.wrote <- struct{}{}
	return n, err
}

func TestLoggerBuffersThenFlushesByItself(t *testing.T) {
	w := &signalWriter{wrote: make(chan struct{}, 10)}
	l := NewLogger(w, false).BufferFor(10 * time.Millisecond)
	l.Printf("one")
	l.Printf("two")
	<-w.wrote // the timer's flush: both lines in one write
	if got := w.String(); got != "one\ntwo\n" {
		t.Errorf("after the delay: %q", got)
	}
	l.Printf("three")
	l.Flush()
	<-w.wrote
	if got := w.String(); got != "one\ntwo\nthree\n" {
		t.Errorf("after Flush: %q", got)
	}
	select {
	case <-w.wrote:
		t.Error("a write with nothing to write")
	default:
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestLoggerStopsAfterAWriteError(t *testing.T) {
	w := &failingWriter{}
	l := NewLogger(w, false)
	l.Printf("a")
	l.Printf("b")
	if w.n != 1 {
		t.Errorf("%d writes after an error, want 1", w.n)
	}
}

// BenchmarkLogger: a line to a file, written by itself (a system call
// each) or in batches, as full writes them (batch.go).
func BenchmarkLogger(b *testing.B) {
	for _, bc := range []struct {
		name  string
		delay time.Duration
	}{{"line_by_line", 0}, {"batched", 50 * time.Millisecond}} {
		b.Run(bc.name, func(b *testing.B) {
			f, err := os.CreateTemp(b.TempDir(), "log")
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			l := NewLogger(f, true).BufferFor(bc.delay)
			at := time.Now()
			b.ReportAllocs()
			for b.Loop() {
				l.Request(at, "127.0.0.1", "GET", "/health", 200, 152*time.Microsecond)
			}
			l.Flush()
		})
	}
}

// TestStampsAreTheLibrarys: the hand-written clock and duration are what
// time.TimeOnly and Duration.String write.
func TestStampsAreTheLibrarys(t *testing.T) {
	for _, at := range []time.Time{
		time.Date(2026, 4, 17, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 4, 17, 9, 5, 7, 999, time.FixedZone("UTC+8", 8*60*60)),
		time.Date(2026, 4, 17, 23, 59, 59, 0, time.UTC),
	} {
		if got, want := string(appendClock(nil, at)), at.Format(time.TimeOnly); got != want {
			t.Errorf("appendClock(%v) = %q, want %q", at, got, want)
		}
	}
	for _, d := range []time.Duration{0, 1, 499, 500, time.Microsecond, 152 * time.Microsecond, 999*time.Microsecond + 499,
		999*time.Microsecond + 500, time.Millisecond, 1234567 * time.Nanosecond, 61 * time.Second, -5 * time.Microsecond} {
		if got, want := string(appendTook(nil, d)), d.Round(time.Microsecond).String(); got != want {
			t.Errorf("appendTook(%d) = %q, want %q", d, got, want)
		}
	}
}

// TestThrottledSaysAFloodOnceWithItsCount: a thousand refusals in a
// moment make one line, and one more with their count, not a thousand.
func TestThrottledSaysAFloodOnceWithItsCount(t *testing.T) {
	var buf bytes.Buffer
	l := NewLogger(&buf, false)
	at := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	for i := range 1000 {
		l.Throttled("refused: over the connection limit", at, "503 to 192.0.2.%d", i%250)
	}
	l.Throttled("closed to make room", at, "an idle connection from 192.0.2.1") // another cause is not held back
	l.Flush()
	want := []string{
		"  [22:54:12] refused: over the connection limit: 503 to 192.0.2.0",
		"more in the last second: refused: over the connection limit (last: 503 to 192.0.2.249)",
		"  [22:54:12] closed to make room: an idle connection from 192.0.2.1",
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines for 1000 refusals and one close, want 3:\n%s", len(lines), buf.String())
	}
	if lines[0] != want[0] || lines[1] != want[2] || !strings.Contains(lines[2], "] 999 "+want[1]) {
		t.Errorf("lines:\n%s\nwant %q, %q, then the count 999 %q", buf.String(), want[0], want[2], want[1])
	}
}
