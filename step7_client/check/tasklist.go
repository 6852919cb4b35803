package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// This file reads GET /tasks. A real server may hold 100,000 tasks, about
// 100 MB of JSON: more than the checker keeps of a body (maxBody). So the
// list is decoded as it arrives, one task at a time, and only what the
// checks look for is kept: how many tasks came, the total the server
// states, and which of the titles asked about are there.

// taskList is what the checks keep of a task list.
type taskList struct {
	hasTasks bool // the body has a "tasks" array
	count    int
	total    *int             // nil when the body states none
	found    map[string][]int // the ids of the tasks titled as asked about
}

// listTasks asks for GET /tasks on a new connection and reads the list,
// noting which of titles it holds.
func (ex *exchange) listTasks(titles ...string) (taskList, error) {
	return ex.listTasksAt("/tasks", titles...)
}

// listTasksAt is listTasks for a target of its own: /tasks with a query.
func (ex *exchange) listTasksAt(target string, titles ...string) (taskList, error) {
	c, err := ex.open()
	if err != nil {
		return taskList{}, err
	}
	if err := c.send(c.ex.get(target, "Connection: close\r\n")); err != nil {
		return taskList{}, err
	}
	return c.readTasks(titles...)
}

// readTasks reads an answer to GET /tasks: a 200 with a framed JSON body.
// Its head must come within the time bound, as every answer's; the list
// may stream until the check's deadline, at most maxList bytes of it.
func (c *conn) readTasks(titles ...string) (taskList, error) {
	c.nc.SetReadDeadline(c.ex.within(c.ex.opts.Timeout))
	r, err := c.readHead("GET")
	if err != nil {
		return taskList{}, err
	}
	if err := want(r, 200, nil); err != nil {
		return taskList{}, err
	}
	if r.framing == byLength && r.length > maxList {
		return taskList{}, fail("list-over-cl", size(maxList), r.length)
	}
	c.nc.SetReadDeadline(c.ex.deadline)
	body := c.body(r)
	l, err := scanTasks(body, maxList, titles...)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax), errors.As(err, &typ), errors.Is(err, errNotAList):
		return l, fail("list-not-json", err)
	case err != nil:
		return l, readError(err, false)
	}
	// The rest of the body (a newline, the last chunk) is read too: the
	// connection may carry another answer.
	if _, err := io.Copy(io.Discard, io.LimitReader(body, maxBody)); err != nil {
		return l, readError(err, false)
	}
	return l, nil
}

// scanTasks decodes a task list as it is read,
//
//	{"tasks":[{"id":1,"title":"阅读 HTTP RFC","done":false},...],"total":2}
//
// reading at most limit bytes of body, and keeps what taskList says.
func scanTasks(body io.Reader, limit int64, titles ...string) (taskList, error) {
	s := &stream{r: body, limit: limit}
	dec := json.NewDecoder(s)
	s.dec = dec
	l := taskList{found: map[string][]int{}}
	if err := expect(dec, '{'); err != nil {
		return l, err
	}
	for dec.More() {
		key, err := dec.Token() // a key: the decoder checks that it is a string
		if err != nil {
			return l, err
		}
		switch key {
		case "tasks":
			l.hasTasks = true
			if err := expect(dec, '['); err != nil {
				return l, err
			}
			for dec.More() {
				var t task
				if err := dec.Decode(&t); err != nil {
					return l, err
				}
				l.count++
				if slices.Contains(titles, t.Title) {
					l.found[t.Title] = append(l.found[t.Title], t.ID)
				}
			}
			if err := expect(dec, ']'); err != nil {
				return l, err
			}
		case "total":
			if err := dec.Decode(&l.total); err != nil {
				return l, err
			}
		default:
			var skipped json.RawMessage
			if err := dec.Decode(&skipped); err != nil {
				return l, err
			}
		}
	}
	return l, expect(dec, '}')
}

// expect reads the next token, which must be delim.
func expect(dec *json.Decoder, delim json.Delim) error {
	tok, err := dec.Token()
	if err == nil && tok != delim {
		err = fail("where-belongs", errNotAList, clip(fmt.Sprint(tok)), delim)
	}
	return err
}

var errNotAList = fail("not-a-list")

// stream hands the decoder the list, at most limit bytes of it. The
// decoder holds in memory the value it is decoding (one task, the total,
// a key): when it holds over maxBody bytes it has not finished with, one
// value is over what the checker keeps, and the stream stops.
type stream struct {
	r     io.Reader
	limit int64
	read  int64
	dec   *json.Decoder
}

func (s *stream) Read(p []byte) (int, error) {
	// The decoder asks for more only while its value is unfinished: a list
	// that needs more than limit bytes is too long.
	switch {
	case s.read >= s.limit:
		return 0, fail("list-over", size(s.limit))
	case s.read-s.dec.InputOffset() > maxBody:
		return 0, fail("value-over", size(maxBody))
	}
	n, err := s.r.Read(p[:min(int64(len(p)), s.limit-s.read)])
	s.read += int64(n)
	return n, err
}
