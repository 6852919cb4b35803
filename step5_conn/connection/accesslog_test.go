package connection

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestAppendDurationMatchesString(t *testing.T) {
	for _, d := range []time.Duration{0, 400, 152 * time.Microsecond, 1197 * time.Microsecond, 20 * time.Millisecond, 2500 * time.Millisecond} {
		if got, want := string(appendDuration(nil, d)), d.Round(time.Microsecond).String(); got != want {
			t.Errorf("appendDuration(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestLoggerColour(t *testing.T) {
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

func TestLoggerAllocationFree(t *testing.T) {
	l := NewLogger(&bytes.Buffer{}, true)
	at := time.Now()
	if n := testing.AllocsPerRun(100, func() { l.Request(at, "127.0.0.1", "GET", "/health", 200, 152*time.Microsecond) }); n > 0 {
		t.Errorf("a log line costs %v allocations, want 0", n)
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
