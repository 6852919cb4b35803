package tasks

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendJSON: a task's JSON is exactly what encoding/json writes for
// it (with SetEscapeHTML(false), as response.JSON does), whatever its
// title holds, and jsonLen counts it without writing it.
func FuzzAppendJSON(f *testing.F) {
	for _, s := range []string{"阅读 HTTP RFC", `a "quoted" \ title`, "tab\there\nnew\rline\b\f\x00\x1f\x7f",
		"<script>&</script>", "line\u2028sep\u2029", "bad \xff\xfe utf-8 \xe5\x86", "\ufffd", ""} {
		f.Add(s, 7, true)
	}
	f.Fuzz(func(t *testing.T, title string, id int, done bool) {
		task := Task{ID: id, Title: title, Done: done}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(task); err != nil {
			t.Fatal(err)
		}
		got := AppendJSON(nil, task)
		if !bytes.Equal(got, bytes.TrimSuffix(want.Bytes(), []byte("\n"))) {
			t.Fatalf("AppendJSON(%+v):\n got %s\nwant %s", task, got, want.Bytes())
		}
		if n := jsonLen(task); n != len(got) {
			t.Fatalf("jsonLen(%+v) = %d, want %d", task, n, len(got))
		}
	})
}
