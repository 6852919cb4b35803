package connection

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"
)

// Logger writes the access log: one line per request, as the tutorial's
// print(f"  [{time}] {addr} {method} {path}"), plus the status and how
// long the answer took. Lines from many connections never interleave.
type Logger struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte
	paint  [6][2]string // by status class: the escape codes around a 4xx status are paint[4]
	delay  time.Duration
	timer  *time.Timer // flushes buf after delay; nil while buf is empty
	failed error       // the first write error; the log stops there
	sec    int64       // the second stamp shows, "[22:54:12] "
	stamp  []byte
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
			c := color.New(attr)
			c.EnableColor()
			// The codes before and after a sample, computed once: a
			// log line then costs no allocation.
			l.paint[class][0], l.paint[class][1], _ = strings.Cut(c.Sprint("\x00"), "\x00")
		}
	}
	return l
}

// BufferFor makes the logger collect lines and write them at most delay
// after the first one, or when 32 KiB have gathered: a write per request
// would cost a system call per request. Call Flush before exiting.
func (l *Logger) BufferFor(delay time.Duration) *Logger {
	l.delay = delay
	return l
}

// Request logs one answered request:
//
//	[22:54:12] 127.0.0.1 GET /health 200 152µs
func (l *Logger) Request(t time.Time, addr, method, target string, status int, took time.Duration) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = l.prefix(l.buf, t, addr, method, target, status)
	l.buf = append(l.buf, ' ')
	l.buf = appendDuration(l.buf, took)
	l.endLine()
}

// Failure logs a request answered with an error status, and why.
func (l *Logger) Failure(t time.Time, addr, method, target string, status int, err error) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = l.prefix(l.buf, t, addr, method, target, status)
	l.buf = fmt.Appendf(l.buf, " (%v)", err)
	l.endLine()
}

// Printf writes a free-form line.
func (l *Logger) Printf(format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = fmt.Appendf(l.buf, format, args...)
	l.endLine()
}

// Flush writes out the lines a buffering logger holds.
func (l *Logger) Flush() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flush()
}

func (l *Logger) prefix(b []byte, t time.Time, addr, method, target string, status int) []byte {
	if sec := t.Unix(); sec != l.sec || l.stamp == nil { // formatting a time costs: once a second will do
		l.sec, l.stamp = sec, t.AppendFormat(append(l.stamp[:0], "  ["...), time.TimeOnly)
		l.stamp = append(l.stamp, "] "...)
	}
	b = append(b, l.stamp...)
	b = append(b, addr...)
	b = append(b, ' ')
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, target...)
	b = append(b, ' ')
	paint := l.paint[min(max(status/100, 0), 5)]
	b = append(b, paint[0]...)
	b = strconv.AppendInt(b, int64(status), 10)
	return append(b, paint[1]...)
}

func (l *Logger) endLine() {
	l.buf = append(l.buf, '\n')
	switch {
	case l.delay <= 0 || len(l.buf) >= 32<<10:
		l.flush()
	case l.timer == nil:
		l.timer = time.AfterFunc(l.delay, l.Flush)
	}
}

func (l *Logger) flush() {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	if len(l.buf) > 0 && l.failed == nil {
		_, l.failed = l.w.Write(l.buf)
	}
	l.buf = l.buf[:0]
}

// appendDuration writes d as time.Duration's String does ("152µs",
// "1.197ms", "2.5s"), rounded to the microsecond, without allocating.
func appendDuration(b []byte, d time.Duration) []byte {
	d = d.Round(time.Microsecond)
	switch {
	case d == 0:
		return append(b, "0s"...)
	case d < time.Millisecond:
		return append(strconv.AppendInt(b, int64(d/time.Microsecond), 10), "µs"...)
	case d < time.Second:
		return append(strconv.AppendFloat(b, float64(d)/float64(time.Millisecond), 'f', -1, 64), "ms"...)
	}
	return append(strconv.AppendFloat(b, d.Seconds(), 'f', -1, 64), 's')
}
