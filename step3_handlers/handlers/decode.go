package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"httpfromscratch/step1_parse/request"
)

// This file guards the handlers against bodies the tutorial's
// json.loads(...).get("title", "") would choke on or misread: a list, a
// number, a title that is not a string, fields nobody asked for.

// fields is a task body as sent. A nil pointer means "not sent", which is
// how PATCH tells {"done":true} from {"done":true,"title":...}.
type fields struct {
	Title *string
	Done  *bool
}

// decodeFields reads a JSON object whose names may only be "title" (a
// string) and "done" (a boolean), each at most once, with nothing after
// the object.
//
// It walks the object token by token rather than calling json.Unmarshal,
// because Unmarshal is lenient where this API is strict: it matches names
// case-insensitively (so {"Title":"x"} would set the title), takes null as
// "not sent", and lets the last of two equal names win in silence. Here
// each of those is a 400 that names the problem.
func decodeFields(body []byte) (fields, error) {
	var f fields
	if !utf8.Valid(body) {
		return f, errors.New("body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // a number is a value of the wrong type, never parsed: 1e999 is no error of its own
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return f, errors.New("body must be a JSON object")
	}
	for dec.More() {
		name, err := dec.Token() // a string: Token refuses anything else here
		if err != nil {
			return f, jsonError(err)
		}
		value, err := dec.Token()
		if err != nil {
			return f, jsonError(err)
		}
		switch name {
		case "title":
			s, ok := value.(string)
			switch {
			case f.Title != nil:
				return f, errors.New(`field "title" given twice`)
			case !ok:
				return f, fmt.Errorf(`field "title" must be a string, not %s`, describe(value))
			}
			f.Title = &s
		case "done":
			b, ok := value.(bool)
			switch {
			case f.Done != nil:
				return f, errors.New(`field "done" given twice`)
			case !ok:
				return f, fmt.Errorf(`field "done" must be a boolean, not %s`, describe(value))
			}
			f.Done = &b
		default:
			return f, fmt.Errorf("unknown field %.64q (the fields are \"title\" and \"done\")", name)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return f, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return f, errors.New("body must hold one JSON object and nothing after it")
	}
	if esc, ok := loneSurrogate(body); ok {
		// encoding/json would store U+FFFD in its place, in silence.
		return f, fmt.Errorf(`body holds the lone surrogate %s, which is no character (RFC 7493 §2.1)`, esc)
	}
	return f, nil
}

func jsonError(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("body is not valid JSON: %s", request.Clip(err.Error()))
}

// loneSurrogate finds a \uD800–\uDFFF escape that is not half of a pair
// (RFC 8259 §7: a character beyond U+FFFF is written "\ud83d\ude00").
// body is valid JSON, so every backslash is inside a string and starts an
// escape.
func loneSurrogate(body []byte) (string, bool) {
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		r, ok := unicodeEscape(body[i:])
		switch {
		case !ok:
			i++ // \n, \", \\ ...: skip the escaped byte
		case utf16.DecodeRune(r, second(body[i+6:])) != unicode.ReplacementChar:
			i += 11 // a pair: two escapes
		case utf16.IsSurrogate(r):
			return string(body[i : i+6]), true
		default:
			i += 5
		}
	}
	return "", false
}

// unicodeEscape reads the \uXXXX escape b starts with.
func unicodeEscape(b []byte) (rune, bool) {
	if len(b) < 6 || b[1] != 'u' {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[2:6]), 16, 16)
	return rune(n), err == nil
}

// second is the escape that may complete a pair, or -1.
func second(b []byte) rune {
	if r, ok := unicodeEscape(b); ok && len(b) > 0 && b[0] == '\\' {
		return r
	}
	return -1
}

// describe names a JSON value for an error message.
func describe(v json.Token) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return "a number"
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	}
	return fmt.Sprint(v)
}

// cleanTitle trims the title, as the tutorial's .strip() does (Unicode
// White_Space: "\t Buy milk \n" is "Buy milk", as in Python), then
// refuses a blank one, one that still holds a control character, or one
// longer than limit bytes (limits.go). What is checked is what is stored:
// the trimmed title.
func cleanTitle(title string, limit int) (string, error) {
	trimmed := strings.TrimSpace(title)
	if trimmed == "" {
		return "", errors.New("title must not be blank")
	}
	if err := checkText(trimmed); err != nil {
		return "", err
	}
	return trimmed, checkTitle(trimmed, limit)
}

// checkText refuses control characters in a trimmed title: C0 (ESC, CR,
// tab…), DEL and C1 (U+0080–U+009F). A title is a line of text for a table
// and a page; a control character in it is someone steering the terminal
// of whoever prints the list ("\u001b]0;PWNED\u0007" retitles a window).
// Python's strip() also removes U+001C–U+001F; TrimSpace leaves them, and
// they are refused here.
func checkText(s string) error {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return fmt.Errorf("title contains U+%04X, a control character", r)
		}
	}
	return nil
}

// parseID accepts what the API calls an id: ^[1-9][0-9]*$, small enough
// for an int. Anything else names no task.
func parseID(s string) (int, bool) {
	if s == "" || s[0] == '0' || len(s) > 18 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.Atoi(s)
	return id, err == nil
}
