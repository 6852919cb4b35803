package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// teller prints an exercise's answer: its changes as unified diffs made
// against the files as they are now, and its commands with what they must
// show, numbered in the order a learner does them.
type teller struct {
	w      io.Writer
	root   string
	files  map[string]string // each file as the steps told so far leave it
	before map[string]string // each file before the changes not yet printed
	order  []string          // the files of those changes, in order
	n      int               // steps printed
	stale  []string          // the changes that did not apply, as errors
}

// answer prints e's answer, and returns the changes that did not apply to
// the files as they are now.
func answer(w io.Writer, root string, e Exercise) []string {
	t := &teller{w: w, root: root, files: map[string]string{}, before: map[string]string{}}
	fmt.Fprintf(w, "%s: %s\n", e.Name, e.Try)
	for _, s := range e.Steps {
		if _, ok := s.(Start); ok {
			fmt.Fprintln(w, "\n$PORT is the server's port: 8000 in the README; the runner picks a free one each time it starts a server.")
			break
		}
	}
	for _, s := range e.Steps {
		s.tell(t)
	}
	t.flush()
	return t.stale
}

// change records one change to file; the diffs are printed together
// before the next command. A change that does not apply to the file as it
// is now (a learner has changed it already) is printed as text instead.
func (t *teller) change(file string, apply func(string) (string, error), asText string) {
	text, ok := t.files[file]
	if !ok {
		b, _ := os.ReadFile(filepath.Join(t.root, filepath.FromSlash(file))) // a new file starts empty
		text = strings.ReplaceAll(string(b), "\r\n", "\n")
		t.files[file] = text
	}
	changed, err := apply(text)
	if err != nil {
		t.stale = append(t.stale, err.Error())
		t.flush()
		t.say("Change %s (it differs from the repository's, so here is the change as text, not as a diff):\n\n%s\n", file, asText)
		return
	}
	if _, ok := t.before[file]; !ok {
		t.before[file] = text
		t.order = append(t.order, file)
	}
	t.files[file] = changed
}

// flush prints the changes recorded since the last command.
func (t *teller) flush() {
	if len(t.order) == 0 {
		return
	}
	order := t.order
	t.order = nil
	t.say("Change the code (from the module's root, git apply reads this diff):\n\n")
	for _, file := range order {
		fmt.Fprint(t.w, unified(file, t.before[file], t.files[file]))
		delete(t.before, file)
	}
}

// say prints the next numbered step.
func (t *teller) say(format string, args ...any) {
	t.flush()
	t.n++
	fmt.Fprintf(t.w, "\n%d. ", t.n)
	fmt.Fprintf(t.w, format, args...)
}

// patterns prints regular expressions, one a line.
func (t *teller) patterns(intro string, ps []string) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprintf(t.w, "   %s\n", intro)
	for _, p := range ps {
		fmt.Fprintf(t.w, "       %s\n", p)
	}
}

func quote(text string) string {
	return "   " + strings.ReplaceAll(text, "\n", "\n   ")
}

func (s Replace) tell(t *teller) {
	t.change(s.File, s.apply, "   replace\n\n"+quote(s.Old)+"\n\n   with\n\n"+quote(s.New)+"\n")
}

func (s Append) tell(t *teller) {
	t.change(s.File, s.apply, "   add at its end\n\n"+quote(s.Text)+"\n")
}

func (s Import) tell(t *teller) {
	t.change(s.File, s.apply, fmt.Sprintf("   import %q\n", s.Path))
}

func (s Build) tell(t *teller) {
	name := s.Pkg[strings.LastIndex(s.Pkg, "/")+1:]
	t.say("Build the command (go build -o a directory names it after the package, bin/%[1]s, bin\\%[1]s.exe on Windows):\n\n       go build -o bin/ %[2]s\n", name, s.Pkg)
}

func (s Run) tell(t *teller) {
	times := ""
	if s.Times > 1 {
		times = fmt.Sprintf(" (%d times)", s.Times)
	}
	t.say("Run%s:\n\n       %s\n\n", times, s.Cmd)
	switch {
	case s.Exit != 0:
		fmt.Fprintf(t.w, "   It must exit with status %d.\n", s.Exit)
	case s.Fails:
		fmt.Fprintln(t.w, "   It must fail.")
	default:
		fmt.Fprintln(t.w, "   It must pass.")
	}
	t.patterns("Its output has lines matching (regular expressions):", s.Want)
	t.patterns("and none matching:", s.WantNot)
}

func (s Start) tell(t *teller) {
	t.say("Start the server in another terminal (the runner starts it in the background), and wait until GET /health answers:\n\n       %s\n", s.Cmd)
}

func (s Stop) tell(t *teller) {
	t.say("Stop the server (Ctrl+C where it runs).\n")
}

func (s Kill) tell(t *teller) {
	t.say("Kill the server at once, so none of its code runs on the way out:\n\n       kill -9 PID                      (PowerShell: Stop-Process -Id PID -Force)\n")
}

func (s Request) tell(t *teller) {
	t.say("Send a request:\n\n       %s\n\n", s.curl())
	t.patterns("The answer has lines matching (regular expressions):", s.Want)
	t.patterns("and none matching:", s.WantNot)
}

func (s Check) tell(t *teller) {
	t.say("Check: %s.\n", s.What)
}

// curl is the request as a curl command line (in PowerShell, curl.exe).
func (s Request) curl() string {
	opts := "-s"
	if s.Head {
		opts = "-si"
	}
	if s.Method != "" && s.Method != (Request{Body: s.Body}).method() {
		opts += " -X " + s.Method
	}
	if s.Host != "" {
		opts += " -H 'Host: " + s.Host + "'"
	}
	if s.Body != "" {
		opts += " -d '" + s.Body + "'"
	}
	return "curl " + opts + " http://127.0.0.1:$PORT" + s.Path
}
