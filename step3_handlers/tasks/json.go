package tasks

import (
	"strconv"
	"unicode/utf8"
)

// A task's JSON is written here by hand, and its length counted without
// writing it. The length is counted once, when a task is stored
// (store_pages.go), so that a list's Content-Length is a sum and its body
// can be written a task at a time from a snapshot (handlers' listbody.go;
// the numbers are in full/README.md, "What makes it fast").

// AppendJSON appends t as JSON, byte for byte what encoding/json writes
// with SetEscapeHTML(false) (FuzzAppendJSON checks):
//
//	{"id":1,"title":"阅读 HTTP RFC","done":false}
func AppendJSON(b []byte, t Task) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, int64(t.ID), 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, t.Title)
	b = append(b, `,"done":`...)
	b = strconv.AppendBool(b, t.Done)
	return append(b, '}')
}

// jsonLen is len(AppendJSON(nil, t)), counted without writing it: a
// store's Add runs it under the lock (FuzzAppendJSON checks the two agree).
func jsonLen(t Task) int {
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
