package accesslog_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"httpfromscratch/step5_conn/accesslog"
)

// The tutorial's print line, with the status and the time the answer
// took; a refusal says why, with the peer's bytes escaped.
func ExampleLogger() {
	log := accesslog.NewLogger(os.Stdout, false)
	at := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	log.Request(at, "127.0.0.1", "GET", "/health", 200, 152*time.Microsecond)
	log.Failure(at, "127.0.0.1", "-", "-", 400, errors.New("malformed request: bare LF"))
	log.Request(at, "127.0.0.1", "GET", "/\x1b]0;owned\x07", 404, time.Millisecond) // an escape sequence, shown, not obeyed
	// Output:
	//   [22:54:12] 127.0.0.1 GET /health 200 152µs
	//   [22:54:12] 127.0.0.1 - - 400 (malformed request: bare LF)
	//   [22:54:12] 127.0.0.1 GET /\x1b]0;owned\x07 404 1ms
}

// A panic's line says what it was, then shows the stack it happened on
// (step 5 passes runtime.Stack's; this one is short, for the example).
func ExampleLogger_Panicked() {
	log := accesslog.NewLogger(os.Stdout, false)
	at := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	stack := []byte("goroutine 7 [running]:\nmain.handleHealth(...)\n\t/src/main.go:12 +0x1d\n")
	log.Panicked(at, "127.0.0.1", "GET", "/health", errors.New("handler panicked: boom"), stack)
	// Output:
	//   [22:54:12] 127.0.0.1 GET /health 500 (handler panicked: boom)
	//     goroutine 7 [running]:
	//     main.handleHealth(...)
	//     	/src/main.go:12 +0x1d
}

// countingWriter counts the writes it gets: a system call each, were it a
// file.
type countingWriter struct{ writes int }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	fmt.Printf("write %d: %d lines\n", w.writes, countLines(p))
	return len(p), nil
}

func countLines(p []byte) (n int) {
	for _, b := range p {
		if b == '\n' {
			n++
		}
	}
	return n
}

// A buffering logger writes the lines it collects in one write: when the
// delay is over, when 32 KiB have gathered, or at Flush.
func ExampleLogger_BufferFor() {
	w := &countingWriter{}
	log := accesslog.NewLogger(w, false).BufferFor(time.Hour) // an hour: only Flush writes here
	at := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	for range 100 {
		log.Request(at, "127.0.0.1", "GET", "/health", 200, 152*time.Microsecond)
	}
	fmt.Println("before Flush:", w.writes, "writes")
	log.Flush()
	// Output:
	// before Flush: 0 writes
	// write 1: 100 lines
}
