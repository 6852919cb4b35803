package connection

import (
	"fmt"
	"io"
	"strconv"
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
	colors [6]*color.Color // by status class: colors[4] paints 4xx
}

// NewLogger returns a Logger writing to w, painting statuses when colour
// is true. Whether to use colour is decided once, by the caller, from the
// terminal and NO_COLOR; never here.
func NewLogger(w io.Writer, colour bool) *Logger {
	l := &Logger{w: w}
	for class, attr := range map[int]color.Attribute{1: color.FgCyan, 2: color.FgGreen, 3: color.FgCyan, 4: color.FgYellow, 5: color.FgRed} {
		l.colors[class] = color.New(attr)
		if colour {
			l.colors[class].EnableColor()
		} else {
			l.colors[class].DisableColor()
		}
	}
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
	b := l.prefix(t, addr, method, target, status)
	b = append(b, ' ')
	b = append(b, took.Round(time.Microsecond).String()...)
	l.write(b)
}

// Failure logs a request answered with an error status, and why.
func (l *Logger) Failure(t time.Time, addr, method, target string, status int, err error) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.prefix(t, addr, method, target, status)
	b = fmt.Appendf(b, " (%v)", err)
	l.write(b)
}

// Printf writes a free-form line, such as the server's start-up banner.
func (l *Logger) Printf(format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.write(fmt.Appendf(l.buf[:0], format, args...))
}

func (l *Logger) prefix(t time.Time, addr, method, target string, status int) []byte {
	b := append(l.buf[:0], "  ["...)
	b = t.AppendFormat(b, time.TimeOnly)
	b = append(b, "] "...)
	b = append(b, addr...)
	b = append(b, ' ')
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, target...)
	b = append(b, ' ')
	if c := l.colors[min(status/100, 5)]; c != nil {
		return append(b, c.Sprint(strconv.Itoa(status))...)
	}
	return strconv.AppendInt(b, int64(status), 10)
}

func (l *Logger) write(b []byte) {
	b = append(b, '\n')
	l.w.Write(b)
	l.buf = b[:0]
}
