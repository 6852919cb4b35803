package accesslog

import "time"

// A log line written by itself costs a system call, more than a whole GET
// through step 5's Handle. So full's log collects lines and writes them at
// most 50 ms after the first, or when 32 KiB have gathered. BenchmarkLogger
// measures both ways; the numbers are in full/README.md ("What makes it
// fast").

// batch is a Logger's batching state; the zero value writes every line.
type batch struct {
	delay time.Duration
	timer *time.Timer // flushes the lines after delay; nil while none wait
}

// BufferFor makes the logger collect lines and write them at most delay
// after the first one, or when 32 KiB have gathered. Call Flush before
// exiting.
func (l *Logger) BufferFor(delay time.Duration) *Logger {
	l.batch.delay = delay
	return l
}

// Flush writes out the lines a buffering logger holds, and the counts of
// the lines held back (throttle.go): call it before exiting.
func (l *Logger) Flush() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for cause, th := range l.throttles {
		l.sayHeld(cause, th)
	}
	l.flush()
}

// flushBatch writes out the lines a buffering logger holds, when their
// time has come.
func (l *Logger) flushBatch() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.flush()
}

// endLine ends the line in l.buf, and writes it, now or soon.
func (l *Logger) endLine() {
	l.buf = append(l.buf, '\n')
	switch {
	case l.batch.delay <= 0 || len(l.buf) >= 32<<10:
		l.flush()
	case l.batch.timer == nil:
		l.batch.timer = time.AfterFunc(l.batch.delay, l.flushBatch)
	}
}

func (l *Logger) flush() {
	if l.batch.timer != nil {
		l.batch.timer.Stop()
		l.batch.timer = nil
	}
	if len(l.buf) > 0 && l.failed == nil {
		_, l.failed = l.w.Write(l.buf)
	}
	l.buf = l.buf[:0]
}
