package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnswersApply makes every exercise's changes, in memory, to the files
// as they are now: a change to the code that moves a text an answer
// replaces shows here in a second, not after the whole run.
func TestAnswersApply(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range exercises {
		t.Run(e.Name, func(t *testing.T) {
			for _, stale := range answer(io.Discard, root, e) {
				t.Error(stale)
			}
		})
	}
}

func TestNamesAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range exercises {
		if seen[e.Name] {
			t.Errorf("two exercises named %q", e.Name)
		}
		seen[e.Name] = true
	}
}

func TestUnified(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n"
	b := strings.Replace(strings.Replace(a, "2\n", "two\n", 1), "15\n", "15\n15½\n", 1)
	got := unified("f.go", a, b)
	want := `--- a/f.go
+++ b/f.go
@@ -1,5 +1,5 @@
 1
-2
+two
 3
 4
 5
@@ -13,4 +13,5 @@
 13
 14
 15
+15½
 16
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestImport(t *testing.T) {
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"httpfromscratch/step1_parse/request\"\n)\n"
	tests := []struct {
		path, want string
	}{
		{path: "bufio", want: "import (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n\n"},
		{path: "strings", want: "\t\"os\"\n\t\"strings\"\n\n"},
		{path: "os", want: "\t\"fmt\"\n\t\"os\"\n\n"},
		{path: "httpfromscratch/step2_response/response", want: "\n\t\"httpfromscratch/step1_parse/request\"\n\t\"httpfromscratch/step2_response/response\"\n)"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			got, err := Import{File: "main.go", Path: tt.path}.apply(src)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant it to contain\n%s", got, tt.want)
			}
		})
	}
}

// TestEditKeepsCRLF: a Windows checkout with core.autocrlf has CRLF line
// ends; the answers, written with LF, still apply, and the file keeps CRLF.
func TestEditKeepsCRLF(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.go")
	if err := os.WriteFile(path, []byte("func f() {\r\n\treturn\r\n}\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	x := &exercise{dir: dir, log: io.Discard}
	if err := (Replace{File: "a.go", Old: "{\n\treturn\n}", New: "{\n\tprintln()\n}"}).run(x); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := "func f() {\r\n\tprintln()\r\n}\r\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestWant(t *testing.T) {
	out := "ok\r\n--- FAIL: TestX (0.00s)\r\n"
	if err := want(out, []string{`^--- FAIL: TestX \(0.00s\)$`}, []string{`PASS`}); err != nil {
		t.Error(err)
	}
	if err := want(out, []string{`PASS`}, nil); err == nil || err.Error() != "missing: PASS" {
		t.Errorf("got %v, want missing: PASS", err)
	}
}

// TestBoxesAreInTheREADMEs: each "Write it yourself" box is in its step's
// section of both READMEs, quoting the runner's Test and each Body as they
// are, and every box the READMEs show is one the runner checks.
func TestBoxesAreInTheREADMEs(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	for readme, marker := range map[string]string{"README.md": "**Write it yourself.**", "README.zh-CN.md": "**自己写一遍**"} {
		b, err := os.ReadFile(filepath.Join(root, readme))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		if len(boxes) != 8 {
			t.Errorf("the runner has %d boxes, want one for each of the tutorial's 8 steps", len(boxes))
		}
		if got := strings.Count(text, marker); got != len(boxes) {
			t.Errorf("%s shows %d boxes (%s), the runner checks %d", readme, got, marker, len(boxes))
		}
		for _, box := range boxes {
			section := stepSection(text, box.Step)
			if !strings.Contains(section, marker) {
				t.Errorf("%s: step %d's section has no %s box", readme, box.Step, marker)
				continue
			}
			for _, quoted := range append([]string{box.Test}, bodies(box)...) {
				if !strings.Contains(section, quoted) {
					t.Errorf("%s: step %d's box does not quote, as the runner has it:\n%s", readme, box.Step, quoted)
				}
			}
		}
	}
}

// stepSection is the text of "### Step n" up to the next heading of its
// level or above.
func stepSection(text string, n int) string {
	start := strings.Index(text, fmt.Sprintf("\n### Step %d ", n))
	if start < 0 {
		return ""
	}
	rest := text[start+1:]
	if end := strings.Index(rest[1:], "\n## "); end >= 0 {
		rest = rest[:end+1]
	}
	if end := strings.Index(rest[1:], "\n### "); end >= 0 {
		rest = rest[:end+1]
	}
	return rest
}

func bodies(b Box) []string {
	var s []string
	for _, e := range b.Empty {
		s = append(s, strings.TrimSpace(e.Body))
	}
	return s
}
