package request

import (
	"iter"
	"strings"
)

// This file is the one model of a message's field lines, for requests and
// responses alike (step 2's responses use it too): the tutorial's headers
// dict, kept as the lines came, in order and with their spelling, since a
// name may come twice and HTTP compares names without case.
//
//	Host: localhost:8000            Field{Name: "Host", Value: "localhost:8000"}
//	Connection: keep-alive, Upgrade Fields.HasToken("connection", "upgrade") is true

// Field is one field line: a name and its value, the whitespace around the
// value removed.
type Field struct {
	Name  string // "Content-Type"
	Value string // "application/json"
}

// String shows the field as it stands on the wire, without the CRLF.
func (f Field) String() string { return f.Name + ": " + f.Value }

// Fields are the field lines of a message, in the order they came.
type Fields []Field

// Get returns the value of the first field named name, or "".
func (fs Fields) Get(name string) string {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values yields the value of every field named name, in order:
//
//	for v := range req.Fields.Values("Content-Length") { ... }
func (fs Fields) Values(name string) iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, f := range fs {
			if strings.EqualFold(f.Name, name) && !yield(f.Value) {
				return
			}
		}
	}
}

// Count reports how many field lines are named name.
func (fs Fields) Count(name string) int {
	n := 0
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) {
			n++
		}
	}
	return n
}

// HasToken reports whether the comma-separated fields named name, such as
// "Connection: keep-alive, Upgrade", hold token, case-insensitively.
func (fs Fields) HasToken(name, token string) bool {
	for _, f := range fs {
		if !strings.EqualFold(f.Name, name) {
			continue
		}
		for v := f.Value; v != ""; {
			var item string
			item, v, _ = strings.Cut(v, ",")
			if strings.EqualFold(trimOWS(item), token) {
				return true
			}
		}
	}
	return false
}
