package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
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
	return f, nil
}

func jsonError(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("body is not valid JSON: %v", err)
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
	case float64:
		return "a number"
	case json.Delim:
		if v == '[' {
			return "an array"
		}
		return "an object"
	}
	return fmt.Sprint(v)
}

// cleanTitle trims the title, as the tutorial's .strip() does, and refuses
// a blank one, or one longer than max bytes (limits.go).
func cleanTitle(title string, max int) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return "", errors.New("title must not be blank")
	}
	return title, checkTitle(title, max)
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
