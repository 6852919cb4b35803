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

func TestCreateTaskRejects(t *testing.T) {
	tests := []struct{ name, body, mention string }{
		{"not JSON", `title=x`, "JSON object"},
		{"cut-off JSON", `{"title":"x"`, "not valid JSON"},
		{"not an object", `["x"]`, "JSON object"},
		{"a string", `"x"`, "JSON object"},
		{"invalid UTF-8", "{\"title\":\"\xff\"}", "UTF-8"},
		{"unknown field, named", `{"title":"x","owner":"me"}`, `unknown field "owner"`},
		{"names are case-sensitive: Title", `{"Title":"x"}`, `unknown field "Title"`},
		{"names are case-sensitive: Done", `{"title":"x","Done":true}`, `unknown field "Done"`},
		{"title missing", `{}`, "title is required"},
		{"title null", `{"title":null}`, `"title" must be a string, not null`},
		{"title not a string", `{"title":42}`, `"title" must be a string`},
		{"title an object", `{"title":{"a":1}}`, `"title" must be a string, not an object`},
		{"done not a boolean", `{"title":"x","done":"yes"}`, `"done" must be a boolean`},
		{"done null", `{"title":"x","done":null}`, `"done" must be a boolean, not null`},
		{"title given twice", `{"title":"a","title":"b"}`, `"title" given twice`},
		{"done given twice", `{"title":"a","done":true,"done":false}`, `"done" given twice`},
		{"title blank", `{"title":" \t "}`, "blank"},
		{"title over the limit", `{"title":"` + strings.Repeat("写", 333) + `ab"}`, "1001 bytes long; the limit is 1000 bytes"},
		{"trailing comma", `{"title":"x",}`, "not valid JSON"},
		{"missing colon", `{"title" "x"}`, "not valid JSON"},
		{"empty body", ``, "JSON object"},
		{"two objects", `{"title":"a"}{"title":"b"}`, "nothing after it"},
		{"ESC in the title", `{"title":"\u001b]0;PWNED\u0007\u001b[2J"}`, "title contains U+001B, a control character"},
		{"a tab inside the title", `{"title":"a\tb"}`, "U+0009"},
		{"DEL in the title", `{"title":"a\u007fb"}`, "U+007F"},
		{"C1 CSI, sent raw in UTF-8", "{\"title\":\"a\u009b31mb\"}", "U+009B"},
		{"a control character left inside after the trim", `{"title":"\t Buy\u0007milk \n"}`, "U+0007, a control character"},
		{"C1 NEL inside, once trimmed", `{"title":"\u0085 x\u0085y \u0085"}`, "U+0085, a control character"},
		{"U+001F, which Python strips and TrimSpace does not", `{"title":"\u001f x"}`, "U+001F, a control character"},
		{"only whitespace and controls is blank", `{"title":"\n\t \u0085"}`, "blank"},
		{"a lone high surrogate", `{"title":"\ud800"}`, `lone surrogate \ud800`},
		{"a lone low surrogate", `{"title":"x\uDC00"}`, `lone surrogate \uDC00`},
		{"a high surrogate before a letter", `{"title":"\ud800\u0041"}`, `lone surrogate \ud800`},
		{"a number too large for a float", `{"title":` + strings.Repeat("9", 400) + `}`, `"title" must be a string, not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHandlers()
			r := h.CreateTask([]byte(tt.body))
			if r.Status != 400 {
				t.Fatalf("status %d, want 400 (%s)", r.Status, r.Body)
			}
			msg := errorOf(t, r)
			if !strings.Contains(msg, tt.mention) {
				t.Errorf("error %q, want it to mention %q", msg, tt.mention)
			}
			if len(msg) > 200 {
				t.Errorf("error of %d bytes: quote a clipped piece of the body, not all of it", len(msg))
			}
			if n := h.Store.Len(); n != 2 {
				t.Errorf("store has %d tasks after a bad POST, want 2", n)
			}
			if r := h.PatchTask("1", []byte(tt.body)); r.Status != 400 && tt.mention != "title is required" {
				t.Errorf("PATCH with the same body: %d, want 400", r.Status)
			}
		})
	}
}

func TestCreateTask(t *testing.T) {
	h := newHandlers()
	r := h.CreateTask([]byte(`{"title":"  写博客 ","done":true}`))
	if r.Status != 201 {
		t.Fatalf("status %d, want 201", r.Status)
	}
	if diff := cmp.Diff(request.Fields{{Name: "Location", Value: "/tasks/3"}}, r.Fields); diff != "" {
		t.Errorf("headers mismatch (-want +got):\n%s", diff)
	}
	want := `{"task":{"id":3,"title":"写博客","done":true}}`
	if string(r.Body) != want {
		t.Errorf("body %s, want %s", r.Body, want)
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
			t.Errorf("POST %s: %d %s, want 201 with the title %q", tt.body, r.Status, r.Body, tt.want)
		}
	}
}

func TestTitleLimitCountsBytesAfterTrimming(t *testing.T) {
	h := newHandlers()
	title := strings.Repeat("写", 333) + "a" // 1,000 bytes, 334 characters
	if r := h.CreateTask([]byte(`{"title":"  ` + title + `  "}`)); r.Status != 201 {
		t.Fatalf("a 1,000-byte title (with spaces around): %d %s", r.Status, r.Body)
	}
	h.MaxTitle = 10
	if r := h.CreateTask([]byte(`{"title":"写博客写"}`)); r.Status != 400 || !strings.Contains(errorOf(t, r), "12 bytes long; the limit is 10 bytes") {
		t.Errorf("a 12-byte title with MaxTitle 10: %d %s", r.Status, r.Body)
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
		t.Fatalf("fourth task: %d %s, want 507 saying the store is full", r.Status, r.Body)
	}
	if n := h.Store.Len(); n != 3 {
		t.Errorf("store holds %d tasks, want 3", n)
	}
	h.DeleteTask("3")
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
		{"GET", func(h *Handlers) *response.Response { return h.GetTask("1") }, 200,
			`{"task":{"id":1,"title":"阅读 HTTP RFC","done":false}}`, seed1},
		{"GET unknown id", func(h *Handlers) *response.Response { return h.GetTask("99") }, 404, "", seed1},
		{"GET leading zero", func(h *Handlers) *response.Response { return h.GetTask("01") }, 404, "", seed1},
		{"GET zero", func(h *Handlers) *response.Response { return h.GetTask("0") }, 404, "", seed1},
		{"GET negative", func(h *Handlers) *response.Response { return h.GetTask("-1") }, 404, "", seed1},
		{"GET huge", func(h *Handlers) *response.Response { return h.GetTask(strings.Repeat("9", 40)) }, 404, "", seed1},
		{"PATCH done", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"done":true}`)) }, 200,
			`{"task":{"id":1,"title":"阅读 HTTP RFC","done":true}}`, tasks.Task{ID: 1, Title: "阅读 HTTP RFC", Done: true}},
		{"PATCH title trimmed", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"title":" RFC 9112 "}`)) }, 200,
			`{"task":{"id":1,"title":"RFC 9112","done":false}}`, tasks.Task{ID: 1, Title: "RFC 9112"}},
		{"PATCH title tab and newline trimmed, then checked", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"title":"\t Buy milk \n"}`)) }, 200,
			`{"task":{"id":1,"title":"Buy milk","done":false}}`, tasks.Task{ID: 1, Title: "Buy milk"}},
		{"PATCH control inside after the trim changes nothing", func(h *Handlers) *response.Response {
			return h.PatchTask("1", []byte(`{"done":true,"title":"\t Buy\u001bmilk \n"}`))
		}, 400, "", seed1},
		{"PUT title tab and newline trimmed, then checked", func(h *Handlers) *response.Response {
			return h.PutTask("1", []byte(`{"title":"\t Buy milk \n","done":true}`))
		}, 200, `{"task":{"id":1,"title":"Buy milk","done":true}}`, tasks.Task{ID: 1, Title: "Buy milk", Done: true}},
		{"PUT control inside after the trim changes nothing", func(h *Handlers) *response.Response {
			return h.PutTask("1", []byte(`{"title":"\t Buy\u009bmilk \n","done":true}`))
		}, 400, "", seed1},
		{"PATCH unknown id before bad JSON", func(h *Handlers) *response.Response { return h.PatchTask("9", []byte(`nope`)) }, 404, "", seed1},
		{"PATCH nothing to change", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{}`)) }, 400, "", seed1},
		{"PATCH blank title changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"done":true,"title":""}`)) }, 400, "", seed1},
		{"PATCH wrong type changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"done":1}`)) }, 400, "", seed1},
		{"PATCH unknown field changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"done":true,"x":1}`)) }, 400, "", seed1},
		{"PATCH Done is not done", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"Done":true}`)) }, 400, "", seed1},
		{"PATCH done null changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"done":null}`)) }, 400, "", seed1},
		{"PATCH title twice changes nothing", func(h *Handlers) *response.Response { return h.PatchTask("1", []byte(`{"title":"a","title":"b"}`)) }, 400, "", seed1},
		{"PATCH long title changes nothing", func(h *Handlers) *response.Response {
			return h.PatchTask("1", []byte(`{"done":true,"title":"`+strings.Repeat("x", 1001)+`"}`))
		}, 400, "", seed1},
		{"PUT long title changes nothing", func(h *Handlers) *response.Response {
			return h.PutTask("1", []byte(`{"done":true,"title":"`+strings.Repeat("x", 1001)+`"}`))
		}, 400, "", seed1},
		{"PUT", func(h *Handlers) *response.Response { return h.PutTask("1", []byte(`{"title":"读 RFC","done":true}`)) }, 200,
			`{"task":{"id":1,"title":"读 RFC","done":true}}`, tasks.Task{ID: 1, Title: "读 RFC", Done: true}},
		{"PUT missing done", func(h *Handlers) *response.Response { return h.PutTask("1", []byte(`{"title":"x"}`)) }, 400, "", seed1},
		{"PUT unknown id", func(h *Handlers) *response.Response { return h.PutTask("7", []byte(`{"title":"x","done":true}`)) }, 404, "", seed1},
		{"DELETE unknown id", func(h *Handlers) *response.Response { return h.DeleteTask("7") }, 404, "", seed1},
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
	if r := h.DeleteTask("2"); r.Status != 204 || r.Body != nil {
		t.Fatalf("DELETE: %d %q, want 204 with no body", r.Status, r.Body)
	}
	if r := h.GetTask("2"); r.Status != 404 {
		t.Errorf("GET after DELETE: %d, want 404", r.Status)
	}
	if task, _ := h.Store.Add("new", false); task.ID != 3 {
		t.Errorf("new task got id %d, want 3", task.ID)
	}
}
