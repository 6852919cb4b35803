package handlers

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
	"httpfromscratch/step3_handlers/tasks"
)

func newHandlers() *Handlers {
	return New(tasks.NewStore(), func() time.Time { return time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC) })
}

// errorOf returns the "error" of a JSON error body, failing if there is none.
func errorOf(t *testing.T, r *response.Response) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &e); err != nil || e.Error == "" {
		t.Fatalf("body %s is not an {\"error\":...} object", r.Body)
	}
	return e.Error
}

func TestListTasksFilter(t *testing.T) {
	tests := []struct {
		query      string
		wantStatus int
		wantIDs    []int
	}{
		{"", 200, []int{1, 2}},
		{"status=done", 200, []int{2}},
		{"status=todo", 200, []int{1}},
		{"status=todo&page=2", 200, []int{1}}, // other parameters are ignored
		{"status=", 400, nil},
		{"status=DONE", 400, nil},
		{"status=done&status=todo", 400, nil},
		{"status=maybe", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tt.query)
			r := newHandlers().ListTasks(q)
			if r.Status != tt.wantStatus {
				t.Fatalf("status %d, want %d (%s)", r.Status, tt.wantStatus, r.Body)
			}
			if tt.wantStatus != 200 {
				errorOf(t, r)
				return
			}
			var got struct {
				Tasks []tasks.Task
				Total int
			}
			json.Unmarshal(r.Body, &got)
			var ids []int
			for _, task := range got.Tasks {
				ids = append(ids, task.ID)
			}
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" || got.Total != len(tt.wantIDs) {
				t.Errorf("ids mismatch (-want +got):\n%s total %d", diff, got.Total)
			}
		})
	}
}

// The tests of CreateTask are also the guide for writing it yourself
// (README, step 3, "Write it yourself"): a failure names the body sent,
// the answer that came back, the one wanted, and the tutorial's line or
// the helper (decode.go, limits.go) that gives it.

// tutorialPost is handle_tasks_post, the lines CreateTask stands for.
const tutorialPost = `data = json.loads(body.decode("utf-8")); title = data.get("title", "").strip(); ` +
	`if not title: return build_response(400, ...); with _lock: task = {...}; _tasks.append(task); return build_response(201, {"task": task})`

// refusedBy says where the check that refuses a row of
// TestCreateTaskRejects is, and how CreateTask calls it.
var refusedBy = map[string]string{
	"decodeFields": `decodeFields(body) (decode.go) refuses it: call it first, and answer its error with response.Error(400, err.Error()) ` +
		`(tutorial: data = json.loads(body.decode("utf-8")) ... except (json.JSONDecodeError, UnicodeDecodeError): return build_response(400, ...))`,
	"required": `decodeFields leaves f.Title nil when the body has no "title": answer response.Error(400, "title is required") ` +
		`(the tutorial's data.get("title", "") makes it "", and its blank check answers)`,
	"cleanTitle": `cleanTitle(*f.Title, h.MaxTitle) (decode.go) refuses it: it trims as .strip() does, then refuses a blank title, ` +
		`a control character and a title over the limit (tutorial: title = data.get("title", "").strip(); if not title: return build_response(400, {"error": "title 不能为空"}))`,
}

func TestCreateTaskRejects(t *testing.T) {
	tests := []struct {
		name, body, mention string
		check               string // a key of refusedBy
	}{
		{name: "not JSON", body: `title=x`, mention: "JSON object", check: "decodeFields"},
		{name: "cut-off JSON", body: `{"title":"x"`, mention: "not valid JSON", check: "decodeFields"},
		{name: "not an object", body: `["x"]`, mention: "JSON object", check: "decodeFields"},
		{name: "a string", body: `"x"`, mention: "JSON object", check: "decodeFields"},
		{name: "invalid UTF-8", body: "{\"title\":\"\xff\"}", mention: "UTF-8", check: "decodeFields"},
		{name: "unknown field, named", body: `{"title":"x","owner":"me"}`, mention: `unknown field "owner"`, check: "decodeFields"},
		{name: "names are case-sensitive: Title", body: `{"Title":"x"}`, mention: `unknown field "Title"`, check: "decodeFields"},
		{name: "names are case-sensitive: Done", body: `{"title":"x","Done":true}`, mention: `unknown field "Done"`, check: "decodeFields"},
		{name: "title missing", body: `{}`, mention: "title is required", check: "required"},
		{name: "title null", body: `{"title":null}`, mention: `"title" must be a string, not null`, check: "decodeFields"},
		{name: "title not a string", body: `{"title":42}`, mention: `"title" must be a string`, check: "decodeFields"},
		{name: "title an object", body: `{"title":{"a":1}}`, mention: `"title" must be a string, not an object`, check: "decodeFields"},
		{name: "done not a boolean", body: `{"title":"x","done":"yes"}`, mention: `"done" must be a boolean`, check: "decodeFields"},
		{name: "done null", body: `{"title":"x","done":null}`, mention: `"done" must be a boolean, not null`, check: "decodeFields"},
		{name: "title given twice", body: `{"title":"a","title":"b"}`, mention: `"title" given twice`, check: "decodeFields"},
		{name: "done given twice", body: `{"title":"a","done":true,"done":false}`, mention: `"done" given twice`, check: "decodeFields"},
		{name: "title blank", body: `{"title":" \t "}`, mention: "blank", check: "cleanTitle"},
		{name: "title over the limit", body: `{"title":"` + strings.Repeat("写", 333) + `ab"}`, mention: "1001 bytes long; the limit is 1000 bytes", check: "cleanTitle"},
		{name: "trailing comma", body: `{"title":"x",}`, mention: "not valid JSON", check: "decodeFields"},
		{name: "missing colon", body: `{"title" "x"}`, mention: "not valid JSON", check: "decodeFields"},
		{name: "empty body", body: ``, mention: "JSON object", check: "decodeFields"},
		{name: "two objects", body: `{"title":"a"}{"title":"b"}`, mention: "nothing after it", check: "decodeFields"},
		{name: "ESC in the title", body: `{"title":"\u001b]0;PWNED\u0007\u001b[2J"}`, mention: "title contains U+001B, a control character", check: "cleanTitle"},
		{name: "a tab inside the title", body: `{"title":"a\tb"}`, mention: "U+0009", check: "cleanTitle"},
		{name: "DEL in the title", body: `{"title":"a\u007fb"}`, mention: "U+007F", check: "cleanTitle"},
		{name: "C1 CSI, sent raw in UTF-8", body: "{\"title\":\"a\u009b31mb\"}", mention: "U+009B", check: "cleanTitle"},
		{name: "a control character left inside after the trim", body: `{"title":"\t Buy\u0007milk \n"}`, mention: "U+0007, a control character", check: "cleanTitle"},
		{name: "C1 NEL inside, once trimmed", body: `{"title":"\u0085 x\u0085y \u0085"}`, mention: "U+0085, a control character", check: "cleanTitle"},
		{name: "U+001F, which Python strips and TrimSpace does not", body: `{"title":"\u001f x"}`, mention: "U+001F, a control character", check: "cleanTitle"},
		{name: "only whitespace and controls is blank", body: `{"title":"\n\t \u0085"}`, mention: "blank", check: "cleanTitle"},
		{name: "a lone high surrogate", body: `{"title":"\ud800"}`, mention: `lone surrogate \ud800`, check: "decodeFields"},
		{name: "a lone low surrogate", body: `{"title":"x\uDC00"}`, mention: `lone surrogate \uDC00`, check: "decodeFields"},
		{name: "a high surrogate before a letter", body: `{"title":"\ud800\u0041"}`, mention: `lone surrogate \ud800`, check: "decodeFields"},
		{name: "a number too large for a float", body: `{"title":` + strings.Repeat("9", 400) + `}`, mention: `"title" must be a string, not a number`, check: "decodeFields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			how, ok := refusedBy[tt.check]
			if !ok {
				t.Fatalf("row %q names the check %q, which refusedBy does not know", tt.name, tt.check)
			}
			h := newHandlers()
			r := h.CreateTask([]byte(tt.body))
			msg, isError := errorMessage(r)
			if r.Status != 400 || !isError || !strings.Contains(msg, tt.mention) {
				t.Fatalf("CreateTask(%.80q) = %d %.200s\nwant 400 with an {\"error\":...} that mentions %q\n%s", tt.body, r.Status, r.Body, tt.mention, how)
			}
			if len(msg) > 200 {
				t.Errorf("CreateTask(%.80q): an error of %d bytes: quote a clipped piece of the body, not all of it", tt.body, len(msg))
			}
			if n := h.Store.Len(); n != 2 {
				t.Errorf("CreateTask(%.80q): the store has %d tasks after a refused POST, want 2: check everything before h.Store.Add", tt.body, n)
			}
			if r := h.PatchTask("1", nil, []byte(tt.body)); r.Status != 400 && tt.mention != "title is required" {
				t.Errorf("PATCH with the same body: %d, want 400", r.Status)
			}
		})
	}
}

// errorMessage is the "error" of a JSON error body, and whether there
// is one.
func errorMessage(r *response.Response) (string, bool) {
	var e struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &e); err != nil || e.Error == "" {
		return "", false
	}
	return e.Error, true
}

// TestCreateTaskAnswers201 is the tutorial's POST: the new task, stored
// under the next id, in a 201 answer that names it.
func TestCreateTaskAnswers201(t *testing.T) {
	h := newHandlers()
	body := `{"title":"  写博客 ","done":true}`
	r := h.CreateTask([]byte(body))
	if r.Status != 201 {
		t.Fatalf("CreateTask(%q) = %d %s\nwant 201 {\"task\":{\"id\":3,...}}\n(tutorial: %s)\n(in Go: f, err := decodeFields(body); cleanTitle(*f.Title, h.MaxTitle); t, err := h.Store.Add(title, done); response.JSON(201, taskBody{t}))",
			body, r.Status, r.Body, tutorialPost)
	}
	want := `{"task":{"id":3,"title":"写博客","done":true}}`
	if string(r.Body) != want {
		t.Errorf("CreateTask(%q) = 201 %s\nwant 201 %s\n(tutorial: task = {\"id\": _next_id, \"title\": title, \"done\": False}: the title trimmed by cleanTitle, the id the store gives, and done as sent, f.Done != nil && *f.Done, where the tutorial always says False)",
			body, r.Body, want)
	}
	if n := h.Store.Len(); n != 3 {
		t.Errorf("CreateTask(%q): the store holds %d tasks, want 3 (tutorial: _tasks.append(task): h.Store.Add(title, done))", body, n)
	}
	stored, _ := h.Store.Get(3)
	wantFields := request.Fields{{Name: "Location", Value: "/tasks/3"}, {Name: "ETag", Value: taskETag(stored)}}
	if diff := cmp.Diff(wantFields, r.Fields); diff != "" {
		t.Errorf("CreateTask(%q): fields %q, want %q: a 201 names what it created, and its version: set r.Fields to a Location field, /tasks/{id} "+
			"(RFC 9110 §15.3.2; the tutorial sends none), then an ETag field, taskETag(t) (conditional.go), which a client sends back in If-Match",
			body, r.Fields, wantFields)
	}
}

// TestTitlesThatAreText: what the title checks must let through.
func TestTitlesThatAreText(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{body: `{"title":"\ud83d\ude00 a pair of surrogates"}`, want: "😀 a pair of surrogates"},
		{body: `{"title":"\\ud800 is text after an escaped backslash"}`, want: `\ud800 is text after an escaped backslash`},
		{body: `{"title":"\u00a0不换行\u00a0"}`, want: "不换行"},     // NBSP is trimmed, not a control
		{body: `{"title":"\t Buy milk \n"}`, want: "Buy milk"}, // trimmed as Python's strip(), then checked
		{body: `{"title":"\u0085 x \u0085"}`, want: "x"},       // C1 NEL is White_Space: trimmed, never checked
		{body: `{"title":"zero\u200bwidth, \ufffd as sent"}`, want: "zero\u200bwidth, \ufffd as sent"},
	} {
		h := newHandlers()
		r := h.CreateTask([]byte(tt.body))
		var got struct{ Task tasks.Task }
		if r.Status != 201 || json.Unmarshal(r.Body, &got) != nil || got.Task.Title != tt.want {
			t.Errorf("CreateTask(%q) = %d %s, want 201 with the title %q (store what cleanTitle returns: trimmed, as the tutorial's .strip())", tt.body, r.Status, r.Body, tt.want)
		}
	}
}

func TestTitleLimitCountsBytesAfterTrimming(t *testing.T) {
	h := newHandlers()
	title := strings.Repeat("写", 333) + "a" // 1,000 bytes, 334 characters
	if r := h.CreateTask([]byte(`{"title":"  ` + title + `  "}`)); r.Status != 201 {
		t.Fatalf("CreateTask of a 1,000-byte title with spaces around it = %d %s, want 201: the limit counts the trimmed title (cleanTitle)", r.Status, r.Body)
	}
	h.MaxTitle = 10
	body := `{"title":"写博客写"}`
	if r := h.CreateTask([]byte(body)); r.Status != 400 || !strings.Contains(errorOf(t, r), "12 bytes long; the limit is 10 bytes") {
		t.Errorf("CreateTask(%q) with MaxTitle 10 = %d %s, want 400 saying the title is 12 bytes long: pass h.MaxTitle to cleanTitle", body, r.Status, r.Body)
	}
}

func TestStoreFullIs507(t *testing.T) {
	h := newHandlers()
	h.Store.(*tasks.Store).Max = 3 // the two seed tasks and one more
	if r := h.CreateTask([]byte(`{"title":"third"}`)); r.Status != 201 {
		t.Fatalf("third task: %d %s", r.Status, r.Body)
	}
	r := h.CreateTask([]byte(`{"title":"fourth"}`))
	if r.Status != 507 || !strings.Contains(errorOf(t, r), "full") {
		t.Fatalf("CreateTask of a fourth task into a store of Max 3 = %d %s, want 507 saying the store is full: answer h.Store.Add's error with storeError(err)", r.Status, r.Body)
	}
	if n := h.Store.Len(); n != 3 {
		t.Errorf("store holds %d tasks, want 3", n)
	}
	h.DeleteTask("3", nil)
	if r := h.CreateTask([]byte(`{"title":"after a delete"}`)); r.Status != 201 {
		t.Errorf("after a delete there is room again: %d %s", r.Status, r.Body)
	}
}

func TestTaskByID(t *testing.T) {
	seed1 := tasks.Task{ID: 1, Title: "阅读 HTTP RFC"} // task 1 as the tutorial has it
	tests := []struct {
		name       string
		call       func(h *Handlers) *response.Response
		wantStatus int
		wantBody   string     // "" means: an error body
		wantTask1  tasks.Task // task 1 afterwards
	}{
		{"GET", func(h *Handlers) *response.Response { return h.GetTask("1", nil) }, 200,
			`{"task":{"id":1,"title":"阅读 HTTP RFC","done":false}}`, seed1},
		{"GET unknown id", func(h *Handlers) *response.Response { return h.GetTask("99", nil) }, 404, "", seed1},
		{"GET leading zero", func(h *Handlers) *response.Response { return h.GetTask("01", nil) }, 404, "", seed1},
		{"GET zero", func(h *Handlers) *response.Response { return h.GetTask("0", nil) }, 404, "", seed1},
		{"GET negative", func(h *Handlers) *response.Response { return h.GetTask("-1", nil) }, 404, "", seed1},
		{"GET huge", func(h *Handlers) *response.Response { return h.GetTask(strings.Repeat("9", 40), nil) }, 404, "", seed1},
		{"PATCH done", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"done":true}`)) }, 200,
			`{"task":{"id":1,"title":"阅读 HTTP RFC","done":true}}`, tasks.Task{ID: 1, Title: "阅读 HTTP RFC", Done: true}},
		{"PATCH title trimmed", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"title":" RFC 9112 "}`)) }, 200,
			`{"task":{"id":1,"title":"RFC 9112","done":false}}`, tasks.Task{ID: 1, Title: "RFC 9112"}},
		{"PATCH title tab and newline trimmed, then checked", func(h *Handlers) *response.Response {
			return h.PatchTask("1", nil, []byte(`{"title":"\t Buy milk \n"}`))
		}, 200,
			`{"task":{"id":1,"title":"Buy milk","done":false}}`, tasks.Task{ID: 1, Title: "Buy milk"}},
		{"PATCH control inside after the trim changes nothing", func(h *Handlers) *response.Response {
			return h.PatchTask("1", nil, []byte(`{"done":true,"title":"\t Buy\u001bmilk \n"}`))
		}, 400, "", seed1},
		{"PUT title tab and newline trimmed, then checked", func(h *Handlers) *response.Response {
			return h.PutTask("1", nil, []byte(`{"title":"\t Buy milk \n","done":true}`))
		}, 200, `{"task":{"id":1,"title":"Buy milk","done":true}}`, tasks.Task{ID: 1, Title: "Buy milk", Done: true}},
		{"PUT control inside after the trim changes nothing", func(h *Handlers) *response.Response {
			return h.PutTask("1", nil, []byte(`{"title":"\t Buy\u009bmilk \n","done":true}`))
		}, 400, "", seed1},
		{"PATCH unknown id before bad JSON", func(h *Handlers) *response.Response { return h.PatchTask("9", nil, []byte(`nope`)) }, 404, "", seed1},
		{"PATCH nothing to change", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{}`)) }, 400, "", seed1},
		{"PATCH blank title changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"done":true,"title":""}`)) }, 400, "", seed1},
		{"PATCH wrong type changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"done":1}`)) }, 400, "", seed1},
		{"PATCH unknown field changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"done":true,"x":1}`)) }, 400, "", seed1},
		{"PATCH Done is not done", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"Done":true}`)) }, 400, "", seed1},
		{"PATCH done null changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", nil, []byte(`{"done":null}`)) }, 400, "", seed1},
		{"PATCH title twice changes nothing", func(h *Handlers) *response.Response {
			return h.PatchTask("1", nil, []byte(`{"title":"a","title":"b"}`))
		}, 400, "", seed1},
		{"PATCH long title changes nothing", func(h *Handlers) *response.Response {
			return h.PatchTask("1", nil, []byte(`{"done":true,"title":"`+strings.Repeat("x", 1001)+`"}`))
		}, 400, "", seed1},
		{"PUT long title changes nothing", func(h *Handlers) *response.Response {
			return h.PutTask("1", nil, []byte(`{"done":true,"title":"`+strings.Repeat("x", 1001)+`"}`))
		}, 400, "", seed1},
		{"PUT", func(h *Handlers) *response.Response {
			return h.PutTask("1", nil, []byte(`{"title":"读 RFC","done":true}`))
		}, 200,
			`{"task":{"id":1,"title":"读 RFC","done":true}}`, tasks.Task{ID: 1, Title: "读 RFC", Done: true}},
		{"PUT missing done", func(h *Handlers) *response.Response { return h.PutTask("1", nil, []byte(`{"title":"x"}`)) }, 400, "", seed1},
		{"PUT unknown id", func(h *Handlers) *response.Response { return h.PutTask("7", nil, []byte(`{"title":"x","done":true}`)) }, 404, "", seed1},
		{"DELETE unknown id", func(h *Handlers) *response.Response { return h.DeleteTask("7", nil) }, 404, "", seed1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandlers()
			r := tt.call(h)
			if r.Status != tt.wantStatus {
				t.Fatalf("status %d, want %d (%s)", r.Status, tt.wantStatus, r.Body)
			}
			if tt.wantBody == "" {
				errorOf(t, r)
			} else if string(r.Body) != tt.wantBody {
				t.Errorf("body %s, want %s", r.Body, tt.wantBody)
			}
			if got, _ := h.Store.Get(1); got != tt.wantTask1 {
				t.Errorf("task 1 is now %+v, want %+v", got, tt.wantTask1)
			}
		})
	}
}

func TestDeleteNeverReusesIDs(t *testing.T) {
	h := newHandlers()
	if r := h.DeleteTask("2", nil); r.Status != 204 || r.Body != nil {
		t.Fatalf("DELETE: %d %q, want 204 with no body", r.Status, r.Body)
	}
	if r := h.GetTask("2", nil); r.Status != 404 {
		t.Errorf("GET after DELETE: %d, want 404", r.Status)
	}
	if task, _ := h.Store.Add("new", false); task.ID != 3 {
		t.Errorf("new task got id %d, want 3", task.ID)
	}
}
