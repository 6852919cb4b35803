// Package accesslog is the tutorial's
//
//	print(f"  [{time.strftime('%H:%M:%S')}] {addr[0]} {method} {path}")
//
// as a Logger that step 5's connections share: one line per request, plus
// its status (coloured on a terminal) and how long it took, lines from
// many connections never interleaved, and written in batches (batch.go).
// What a peer sent is escaped before it reaches the terminal (step 5's
// terminal package).
package accesslog

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"

	"httpfromscratch/step5_conn/terminal"
)

// Logger writes the access log: one line per request, as the tutorial's
// print(f"  [{time}] {addr[0]} {method} {path}"), plus the status and how
// long the answer took. Lines from many connections never interleave.
type Logger struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte       // the line being written, or the lines waiting (batch.go)
	paint  [6][2]string // by status class: the escape codes around a 4xx status are paint[4]
	failed error        // the first write error; the log stops there
	batch  batch        // batch.go; the zero value writes each line at once

	throttles map[string]*throttle // by cause (throttle.go)
}

// Request logs one answered request: the tutorial's
// print(f"  [{time}] {addr[0]} {method} {path}"), plus the status and how
// long the answer took:
//
//	[22:54:12] 127.0.0.1 GET /health 200 152µs
//
// Tutorial: print (in handle_connection)
func (l *Logger) Request(t time.Time, addr, method, target string, status int, took time.Duration) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = l.prefix(l.buf, t, addr, method, target, status)
	l.buf = append(l.buf, ' ')
	l.buf = appendTook(l.buf, took) // took.Round(time.Microsecond).String() (stamps.go)
	l.endLine()
}

// NewLogger returns a Logger writing each line to w as it comes, painting
// statuses when colour is true. Whether to use colour is decided once, by
// the caller, from the terminal and NO_COLOR; never here.
func NewLogger(w io.Writer, colour bool) *Logger {
	l := &Logger{w: w}
	if colour {
		for class, attr := range []color.Attribute{1: color.FgCyan, 2: color.FgGreen, 3: color.FgCyan, 4: color.FgYellow, 5: color.FgRed} {
			if attr == 0 {
				continue
			}
			// The codes fatih/color puts around a text, found once.
			l.paint[class][0], l.paint[class][1], _ = strings.Cut(terminal.Paint(attr, true).Sprint("\x00"), "\x00")
		}
	}
	return l
}

// Failure logs a request answered with an error status, and why.
func (l *Logger) Failure(t time.Time, addr, method, target string, status int, err error) {
	l.failure(t, addr, method, target, status, err, nil)
}

// Panicked logs a request that a panic answered with 500: the line
// Failure writes, then the stack of the goroutine that panicked, each of
// its lines indented, with no other line between them.
func (l *Logger) Panicked(t time.Time, addr, method, target string, err error, stack []byte) {
	l.failure(t, addr, method, target, 500, err, stack)
}

func (l *Logger) failure(t time.Time, addr, method, target string, status int, err error, stack []byte) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = l.prefix(l.buf, t, addr, method, target, status)
	l.buf = append(l.buf, " ("...)
	l.buf = terminal.AppendVisible(l.buf, err.Error(), 0) // errors may quote what the peer sent
	l.buf = append(l.buf, ')')
	for line := range bytes.Lines(stack) { // the runtime's words, written as they are
		l.buf = append(l.buf, "\n    "...)
		l.buf = append(l.buf, bytes.TrimSuffix(line, []byte("\n"))...)
	}
	l.endLine()
}

// Printf writes a free-form line. Its arguments are the server's own
// words: anything from the network goes through Visible first.
func (l *Logger) Printf(format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = fmt.Appendf(l.buf, format, args...)
	l.endLine()
}

// prefix appends "  [22:54:12] 127.0.0.1 GET /health 200", the status
// painted by its class. It appends rather than calls fmt.Fprintf, a
// fraction of the cost (BenchmarkLogger).
func (l *Logger) prefix(b []byte, t time.Time, addr, method, target string, status int) []byte {
	b = append(b, "  ["...)
	b = appendClock(b, t) // t.AppendFormat(b, time.TimeOnly), faster (stamps.go)
	b = append(b, "] "...)
	b = append(b, addr...)
	b = append(b, ' ')
	b = terminal.AppendVisible(b, method, 0) // the peer's bytes, escaped
	b = append(b, ' ')
	b = terminal.AppendVisible(b, target, 0)
	b = append(b, ' ')
	paint := l.paint[min(max(status/100, 0), 5)]
	b = append(b, paint[0]...)
	b = strconv.AppendInt(b, int64(status), 10)
	return append(b, paint[1]...)
}
