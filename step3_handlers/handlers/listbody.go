package handlers

import (
	"io"
	"strconv"

	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/tasks"
)

// This file writes GET /tasks's body, {"tasks":[...],"total":N}, byte for
// byte what encoding/json writes (FuzzListBody checks), from a snapshot of
// the store (package tasks, snapshot.go): taken under the lock without
// copying a task, read after it is let go. Each task's JSON length is
// counted when it is stored, so a list's length is a sum.
//
// A list of up to maxInline bytes is built in one buffer and sent as any
// body is. A longer one (the store allows 100,000 tasks of 1,000 bytes: a
// 100 MB answer) is never held whole: its length is summed for
// Content-Length, and the body is a response.Stream that encodes it a
// task at a time into the connection's bounded output as the socket
// takes it (step 5's output_batch.go). Both walk the same snapshot
// (tasks.Snapshot.All) and skip the same tasks, so the length is exact
// and total is the number listed. BenchmarkListTasks and full's BenchmarkListThroughServer
// measure it; the numbers are in full/README.md, "What makes it fast".

// maxInline is the longest list built whole in memory.
var maxInline = 64 << 10

// listResponse answers GET /tasks with the tasks of snap that keep accepts
// (all when keep is nil).
func listResponse(snap tasks.Snapshot, keep func(tasks.Task) bool) *response.Response {
	total, size := 0, int64(0)
	for t, n := range snap.All() {
		if keep == nil || keep(t) { // encode skips the same tasks
			total++
			size += int64(n)
		}
	}
	size += int64(max(total-1, 0)) // the commas
	size += int64(len(`{"tasks":[],"total":}`) + len(strconv.Itoa(total)))
	l := taskListBody{snap: snap, keep: keep, total: total, size: size}
	if size > int64(maxInline) {
		stream := l
		return &response.Response{Status: 200, Stream: &stream}
	}
	// NOTE: ignoring encode's error: appending to a slice cannot fail.
	body, _ := l.encode(make([]byte, 0, size), func(b []byte) ([]byte, error) { return b, nil })
	return &response.Response{Status: 200, Body: body}
}

// taskListBody is the list of a snapshot, and its measure: a
// response.Stream.
type taskListBody struct {
	snap  tasks.Snapshot
	keep  func(tasks.Task) bool
	total int   // the tasks listed
	size  int64 // the body's length in bytes
}

// encode appends the list to b a piece at a time, and hands each piece
// to emit, which returns the buffer for the next: building the list whole
// keeps every piece; streaming it writes each piece out and starts again.
func (l *taskListBody) encode(b []byte, emit func([]byte) ([]byte, error)) ([]byte, error) {
	b = append(b, `{"tasks":[`...)
	n := 0
	var err error
	for t := range l.snap.All() {
		if l.keep != nil && !l.keep(t) {
			continue // not listed, nor measured
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		if b, err = emit(tasks.AppendJSON(b, t)); err != nil {
			return b, err
		}
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(l.total), 10)
	return emit(append(b, '}'))
}

func (l *taskListBody) Len() int64 { return l.size }

// WriteTo writes the list a task at a time: w (the connection's output)
// decides when bytes go out.
func (l *taskListBody) WriteTo(w io.Writer) (int64, error) {
	var written int64
	_, err := l.encode(nil, func(b []byte) ([]byte, error) {
		n, err := w.Write(b)
		written += int64(n)
		return b[:0], err
	})
	return written, err
}
