package handlers

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/tasks"
)

// This file is conditional requests (RFC 9110 §13). An answer names the
// version of what it carries with an entity tag, its ETag field; a client
// that sends the tag back asks "only if it is still so":
//
//	GET /tasks/1                                       → 200, ETag: "570c2c64af0c1275", and the task
//	GET /tasks/1   If-None-Match: "570c2c64af0c1275"   → 304 Not Modified: your copy is current; no body
//	PATCH /tasks/1 If-Match: "570c2c64af0c1275"        → 200, the change made, and its new ETag
//	PATCH /tasks/1 If-Match: "570c2c64af0c1275" again  → 412 Precondition Failed: it changed since; nothing changes
//
// A task's tag is strong: a hash of its JSON, so the same answer has the
// same tag on every run of the server (a -db restart included), and no
// column keeps it. A list's is weak, W/"…": this run of the server, the
// store's count of changes, and the filter (W/"<run>-<version>-done"),
// so that no list of 100,000 tasks is hashed; it changes with every
// change, and a restart, whose count starts again, draws another run.
//
// If-Match is asked by the store, together with the change it guards
// (tasks.Check): asked here before the change instead, two PATCHes with
// the same tag could both be told yes, and the second would overwrite
// the first, the lost update of two browser tabs.

// errPreconditionFailed is a change or a read refused for its If-Match
// or If-None-Match: 412 Precondition Failed (storeError answers it).
var errPreconditionFailed = errors.New("precondition failed")

// errNotModified is a GET or HEAD whose client holds the answer already:
// 304 Not Modified.
var errNotModified = errors.New("not modified")

// taskETag is the strong entity tag of t's answer, {"task":…}: the first
// 8 bytes of the SHA-256 of its JSON, in hex, quoted. The id is part of
// what is hashed, and 64 bits tell the versions of one task apart: a
// stale tag names the changed task by chance once in 2^64.
//
//	{"id":1,"title":"阅读 HTTP RFC","done":false} → "570c2c64af0c1275"
func taskETag(t tasks.Task) string {
	sum := sha256.Sum256(tasks.AppendJSON(make([]byte, 0, 256), t))
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// listETag is the weak entity tag of a list: this run, the version of the
// snapshot it is written from, and its filter ("done", "todo", or "" for
// every task). Weak (W/) says that two answers with this tag mean the
// same, not that they are the same bytes: gzip or not, for one.
//
//	W/"9f86d081884c7d65-42"       GET /tasks after 42 changes
//	W/"9f86d081884c7d65-42-done"  GET /tasks?status=done
func (h *Handlers) listETag(snap tasks.Snapshot, filter string) string {
	tag := `W/"` + h.RunID + "-" + strconv.FormatUint(snap.Version(), 10)
	if filter != "" {
		tag += "-" + filter
	}
	return tag + `"`
}

// newRunID names a run of the server: 8 random bytes in hex. A counter
// from the store alone would start again at each restart, and a tag from
// before it would name a list that is no more.
func newRunID() string {
	var b [8]byte
	rand.Read(b[:]) // NOTE: no error to check: crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// preconditions evaluates the request's If-Match and If-None-Match against
// etag, the ETag that what ("task 3", "the list") has now, in the order of
// RFC 9110 §13.2.2; read is true for GET and HEAD. It returns nil when the
// request may go on, errNotModified for a read whose copy is current, and
// else an error wrapping errPreconditionFailed that says which field did
// not hold.
func preconditions(headers request.Fields, what, etag string, read bool) error {
	if list, ok := fieldList(headers, "If-Match"); ok && !matches(list, etag, true) {
		if isWeak(etag) {
			return refused("%s has the weak ETag %s, and If-Match compares strong tags only (If-Match: %s)", what, etag, request.Clip(list))
		}
		return refused("%s has changed: its ETag is now %s, and If-Match lists %s", what, etag, request.Clip(list))
	}
	if list, ok := fieldList(headers, "If-None-Match"); ok && matches(list, etag, false) {
		if read {
			return errNotModified
		}
		return refused("%s has the ETag %s, which If-None-Match lists (%s)", what, etag, request.Clip(list))
	}
	return nil
}

// refused is a failed precondition, saying why; errors.Is finds
// errPreconditionFailed in it, and its message is the why alone.
func refused(format string, args ...any) error {
	return &failedPrecondition{fmt.Sprintf(format, args...)}
}

type failedPrecondition struct{ why string }

func (e *failedPrecondition) Error() string { return e.why }
func (e *failedPrecondition) Unwrap() error { return errPreconditionFailed }

// hasPreconditions tells whether the request carries a field preconditions
// reads, so that a request without one costs no hash.
func hasPreconditions(headers request.Fields) bool {
	_, m := fieldList(headers, "If-Match")
	_, n := fieldList(headers, "If-None-Match")
	return m || n
}

// changeCheck is what a PATCH, PUT or DELETE of a task asks of it: its
// preconditions, for the store to ask atomically with the change (a
// tasks.Check); nil when the request has none.
func changeCheck(headers request.Fields) tasks.Check {
	if !hasPreconditions(headers) {
		return nil
	}
	return func(t tasks.Task) error {
		return preconditions(headers, "task "+strconv.Itoa(t.ID), taskETag(t), false)
	}
}

// readPreconditions answers a GET or HEAD of what, whose answer would
// carry fields (its ETag among them, etag), when its preconditions stop
// it: 304 with those same fields, or 412. nil: answer it whole.
func readPreconditions(headers request.Fields, what, etag string, fields request.Fields) *response.Response {
	switch err := preconditions(headers, what, etag, true); {
	case err == nil:
		return nil
	case errors.Is(err, errNotModified):
		// No body, so neither Content-Type nor Content-Length, but the
		// fields the 200 would have: a cache updates its copy with them
		// (RFC 9110 §15.4.5).
		return &response.Response{Status: 304, Fields: fields}
	default:
		return response.Error(412, err.Error())
	}
}

// fieldList is the value of every field line named name, joined with
// commas: a list spread over several lines is one list (RFC 9110 §5.3).
// ok is false when there is none, or only blank ones (as net/http reads
// an empty If-Match: no precondition).
func fieldList(headers request.Fields, name string) (list string, ok bool) {
	for v := range headers.Values(name) {
		if strings.TrimSpace(v) == "" {
			continue
		}
		if list != "" {
			list += ", "
		}
		list += v
	}
	return list, list != ""
}

// matches tells whether list, the value of an If-Match or If-None-Match,
// names etag; "*" names any. strong is If-Match's comparison: a weak tag
// matches nothing. Otherwise (If-None-Match) W/"x" and "x" are the same.
//
//	"a", W/"b"   two tags
//	*            any tag
//
// A list that breaks the syntax stops matching where it breaks: If-Match
// then refuses the change (412) and If-None-Match sends the answer whole,
// as net/http's checkIfMatch and checkIfNoneMatch do.
func matches(list, etag string, strong bool) bool {
	for {
		list = strings.TrimLeft(list, " \t,")
		if list == "" {
			return false
		}
		if list[0] == '*' {
			return true
		}
		tag, rest, ok := cutETag(list)
		if !ok {
			return false
		}
		if strong && !isWeak(tag) && !isWeak(etag) && tag == etag ||
			!strong && strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
		list = rest
	}
}

// cutETag cuts the entity tag at the start of s, [W/]"…", whose characters
// are any visible byte but the quote, or a byte of obs-text (RFC 9110
// §8.8.3); ok is false when s does not start with one.
func cutETag(s string) (tag, rest string, ok bool) {
	open := 0
	if strings.HasPrefix(s, "W/") {
		open = 2
	}
	if len(s) <= open || s[open] != '"' {
		return "", s, false
	}
	for i := open + 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return s[:i+1], s[i+1:], true
		case c < 0x21 || c == 0x7f:
			return "", s, false
		}
	}
	return "", s, false // no closing quote
}

func isWeak(tag string) bool { return strings.HasPrefix(tag, "W/") }
