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
// json.loads(...).get("title", "") would choke on: a list, a number, a
// title that is not a string, fields nobody asked for.

// fields is a task body as sent. A nil pointer means "not sent", which is
// how PATCH tells {"done":true} from {"done":true,"title":...}.
type fields struct {
	Title *string `json:"title"`
	Done  *bool   `json:"done"`
}

// decodeFields reads a JSON object with at most the fields title and done.
func decodeFields(body []byte) (fields, error) {
	var f fields
	if !utf8.Valid(body) {
		return f, errors.New("body is not valid UTF-8")
	}
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) == 0 || t[0] != '{' {
		return f, errors.New("body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		switch {
		case errors.As(err, &typeErr):
			return f, fmt.Errorf("field %q must be a %s", typeErr.Field, kindOf(typeErr.Field))
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			return f, fmt.Errorf("body is not valid JSON: %v", err)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return f, errors.New(strings.TrimPrefix(err.Error(), "json: "))
		}
		return f, fmt.Errorf("body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return f, errors.New("body must hold one JSON object and nothing after it")
	}
	return f, nil
}

func kindOf(field string) string {
	if field == "done" {
		return "boolean"
	}
	return "string"
}

// cleanTitle trims the title, as the tutorial's .strip() does, and refuses
// a blank one.
func cleanTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if title == "" {
		return "", errors.New("title must not be blank")
	}
	return title, nil
}

// parseID accepts what SPEC §1 calls an id: ^[1-9][0-9]*$, small enough
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
