package handlers

import (
	"io"
	"strconv"
	"unicode/utf8"

	"httpfromscratch/step2_response/response"
)

// This file writes GET /tasks's body, {"tasks":[...],"total":N}, byte for
// byte what encoding/json writes (FuzzListBody checks), from a snapshot of
// the store (store.go): taken under the lock without copying a task, read
// after it is let go. Each task's JSON length is counted when it is
// stored (store_pages.go), so a list's length is a sum.
//
// A list of up to maxInline bytes is built in one buffer and sent as any
// body is. A longer one (the store allows 100,000 tasks of 1,000 bytes: a
// 100 MB answer) is never held whole: its length is summed for
// Content-Length, and the body is a response.Stream that encodes it a
// task at a time into the connection's bounded output as the socket
// takes it (step 5's output_batch.go). Both read the same snapshot, so the
// length is exact and total is the number listed. BenchmarkListTasks and
// full's BenchmarkListThroughServer measure it; the numbers are in
// full/README.md, "What makes it fast".

// maxInline is the longest list built whole in memory.
var maxInline = 64 << 10

// listResponse answers GET /tasks with the tasks of snap that keep accepts
// (all when keep is nil).
func listResponse(snap Snapshot, keep func(Task) bool) *response.Response {
	total, size := 0, int64(0)
	for _, page := range snap.pages {
		for _, t := range page {
			if keep == nil || keep(t.Task) {
				total++
				size += int64(t.size)
			}
		}
	}
	size += int64(max(total-1, 0)) // the commas
	size += int64(len(`{"tasks":[],"total":}`) + len(strconv.Itoa(total)))
	if size > int64(maxInline) {
		return &response.Response{Status: 200, Stream: &taskListBody{snap: snap, keep: keep, size: size}}
	}
	b := make([]byte, 0, size)
	b = append(b, `{"tasks":[`...)
	n := 0
	for _, page := range snap.pages {
		for _, t := range page {
			if keep == nil || keep(t.Task) {
				if n > 0 {
					b = append(b, ',')
				}
				n++
				b = appendTask(b, t.Task)
			}
		}
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return &response.Response{Status: 200, Body: append(b, '}')}
}

// taskListBody is the list of a snapshot: a response.Stream.
type taskListBody struct {
	snap Snapshot
	keep func(Task) bool
	size int64 // the body's length in bytes
}

func (l *taskListBody) Len() int64 { return l.size }

// WriteTo writes the list a task at a time: w (the connection's output)
// decides when bytes go out.
func (l *taskListBody) WriteTo(w io.Writer) (int64, error) {
	var written int64
	put := func(s string) error {
		n, err := io.WriteString(w, s)
		written += int64(n)
		return err
	}
	if err := put(`{"tasks":[`); err != nil {
		return written, err
	}
	n := 0
	var buf []byte // one task's JSON, reused
	for _, page := range l.snap.pages {
		for _, t := range page {
			if l.keep != nil && !l.keep(t.Task) {
				continue
			}
			buf = buf[:0]
			if n > 0 {
				buf = append(buf, ',')
			}
			n++
			buf = appendTask(buf, t.Task)
			m, err := w.Write(buf)
			if written += int64(m); err != nil {
				return written, err
			}
		}
	}
	return written, put(`],"total":` + strconv.Itoa(n) + "}")
}

// appendTask appends one task as JSON.
func appendTask(b []byte, t Task) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, int64(t.ID), 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, t.Title)
	b = append(b, `,"done":`...)
	b = strconv.AppendBool(b, t.Done)
	return append(b, '}')
}

// taskLen is len(appendTask(nil, t)), counted without writing it: a
// store's Add runs it under the lock (FuzzListBody checks the two agree).
func taskLen(t Task) int {
	n := len(`{"id":,"title":,"done":}`) + len(strconv.Itoa(t.ID)) + jsonStringLen(t.Title)
	if t.Done {
		return n + len("true")
	}
	return n + len("false")
}

// jsonStringLen is len(appendJSONString(nil, s)).
func jsonStringLen(s string) int {
	n := 2 // the quotes
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1, r == '\u2028', r == '\u2029':
				n += len(`\ufffd`) // \ufffd, \u2028 and \u2029 are six bytes alike
			default:
				n += size
			}
			i += size
			continue
		}
		switch {
		case c >= 0x20 && c != '"' && c != '\\':
			n++
		case c == '"', c == '\\', c == '\b', c == '\f', c == '\n', c == '\r', c == '\t':
			n += 2
		default:
			n += len(`\u0000`)
		}
		i++
	}
	return n
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// does with SetEscapeHTML(false): quote, backslash and control characters,
// U+2028 and U+2029 (JavaScript line ends), invalid UTF-8 as U+FFFD. Runs
// of bytes that need nothing are copied whole.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is still to copy
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if (r != utf8.RuneError || size > 1) && r != '\u2028' && r != '\u2029' {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			}
			i += size
			start = i
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
