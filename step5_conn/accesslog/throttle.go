package accesslog

import (
	"fmt"
	"time"
)

// A flood must not flood the log. When one client opens ten thousand
// connections a second, a line for each one refused or closed would cost
// a write each and bury every other line. So what the server refuses or
// closes to protect the others is logged through Throttled: for each
// cause, the first line at once, then at most one line a second saying
// how many more there were.

// throttle is one cause's state: until when lines are held back, and how
// many have been.
type throttle struct {
	until time.Time
	held  int
	last  string      // the last line held back, shown with the count
	timer *time.Timer // says the count when the second is over; nil while none are held
}

// Throttled logs a line of the server's own words for cause (say "refused:
// over the connection limit"), at most once a second: the first line at
// once; those that follow within the second are counted, and a second
// after the first one line says how many there were and shows the last:
//
//	[22:54:12] 412 more in the last second: refused: over the connection limit (last: 503 to 127.0.0.1)
//
// t is the time shown in the first line; the count line shows the
// server's clock.
func (l *Logger) Throttled(cause string, t time.Time, format string, args ...any) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.throttles == nil {
		l.throttles = make(map[string]*throttle)
	}
	th := l.throttles[cause]
	if th == nil {
		th = &throttle{}
		l.throttles[cause] = th
	}
	now := time.Now()
	if th.held == 0 && !now.Before(th.until) {
		th.until = now.Add(time.Second)
		l.buf = append(l.buf, "  ["...)
		l.buf = appendClock(l.buf, t)
		l.buf = append(l.buf, "] "...)
		l.buf = append(l.buf, cause...)
		l.buf = append(l.buf, ": "...)
		l.buf = fmt.Appendf(l.buf, format, args...)
		l.endLine()
		return
	}
	th.held++
	th.last = fmt.Sprintf(format, args...)
	if th.timer == nil {
		th.timer = time.AfterFunc(th.until.Sub(now), func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.sayHeld(cause, th)
		})
	}
}

// sayHeld writes how many lines of cause were held back, and opens the
// next second: lines that come in it are counted again. Called with l.mu
// held.
func (l *Logger) sayHeld(cause string, th *throttle) {
	if th.timer != nil {
		th.timer.Stop()
		th.timer = nil
	}
	if th.held == 0 {
		return
	}
	now := time.Now()
	l.buf = append(l.buf, "  ["...)
	l.buf = appendClock(l.buf, now)
	l.buf = fmt.Appendf(l.buf, "] %d more in the last second: %s (last: %s)", th.held, cause, th.last)
	l.endLine()
	th.held, th.last, th.until = 0, "", now.Add(time.Second)
}
