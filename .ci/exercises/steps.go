package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// An Exercise is the answer to one "Try it": steps done in order in a fresh
// copy of the module.
type Exercise struct {
	Name  string // what -answer and the name patterns match: stepN-what
	Try   string // the README's Try it, in short
	Steps []Step
}

// A Step is one thing an exercise does: a change to a file, a command, a
// request, or a check of what they printed. Each one can also tell itself,
// for -answer.
type Step interface {
	run(x *exercise) error
	tell(t *teller)
}

// The changes. Each one is made to the file's text with LF line ends, and
// the file keeps the line ends it had (a Windows checkout with
// core.autocrlf has CRLF).

// Replace replaces Old with New in File (a path with "/", from the
// module's root). Old must occur exactly once: a change to the code that
// moves it fails the exercise loudly, instead of changing something else.
type Replace struct {
	File, Old, New string
}

// Append adds Text at the end of File.
type Append struct {
	File, Text string
}

// Import adds an import of Path to File, in the import group where its
// kind goes (the standard library's, or the one of paths with the same
// first element), in order; nothing when File imports it already.
type Import struct {
	File, Path string
}

// The commands. A command is a string split at spaces; then $PORT (the
// port of the server the last Start started) and environment variables
// ($TUTORIAL_PY) are expanded, so a path with spaces stays one word. "bin/NAME" is a command
// that a Build step built; "python3" is Python 3 however it is installed
// (python3, python, or the Windows launcher py -3).

// Build builds the command in package Pkg ("./full") into bin/, outside the
// module's copy: "go build -o bin/ ./full" (go adds .exe on Windows). The
// later steps run it as bin/full.
type Build struct {
	Pkg string
}

// Run runs Cmd in the module's copy and checks what it prints, standard
// output and standard error together, as a terminal shows them.
type Run struct {
	Cmd     string
	Fails   bool          // it must exit with a status other than 0 (a test that goes red)
	Exit    int           // when not 0: the exit status it must give
	Want    []string      // regular expressions: each must match a line of the output
	WantNot []string      // regular expressions: no line may match
	Times   int           // run it this many times (once when 0); Want and WantNot see every output
	Keep    string        // keep the outputs under this name, for a Check
	Timeout time.Duration // 10 minutes when 0
}

// Start starts the server Cmd in the background on a free port, $PORT,
// and waits until GET /health answers on 127.0.0.1:$PORT. One server runs
// at a time; it is stopped at the end of the exercise, whatever happens.
type Start struct {
	Cmd string
}

// Stop stops the server as Ctrl+C does (os.Interrupt; Windows cannot send
// that to another process, so there it is killed), and waits until it is
// gone.
type Stop struct{}

// Kill kills the server at once, as kill -9 does: none of its code runs on
// the way out (on Windows, taskkill /F, which is TerminateProcess).
type Kill struct{}

// Request sends one request to the server on $PORT, as curl does (the
// runner uses Go's client, so curl is not needed), and checks the answer:
// its body, or with Head (curl -i) the status line, the header fields and
// the body.
type Request struct {
	Method  string // GET, or POST when Body is set (as curl -d)
	Path    string
	Host    string // a Host header field instead of 127.0.0.1:$PORT
	Body    string
	Head    bool
	Want    []string
	WantNot []string
}

// Check checks the outputs kept by Run steps, in Go, where patterns cannot
// say it. What says it in words.
type Check struct {
	What string
	Func func(kept map[string][]string) error
}

// exercise is one run of an Exercise.
type exercise struct {
	ctx    context.Context
	root   string // the module, as the repository has it
	dir    string // the module's copy
	bin    string // where Build puts commands
	port   string
	log    io.Writer
	server *server
	kept   map[string][]string
	tools  *tools
}

func (s Replace) run(x *exercise) error { return x.edit(s.File, s.apply) }
func (s Append) run(x *exercise) error  { return x.edit(s.File, s.apply) }
func (s Import) run(x *exercise) error  { return x.edit(s.File, s.apply) }

func (s Replace) apply(text string) (string, error) {
	if n := strings.Count(text, s.Old); n != 1 {
		return "", fmt.Errorf("%s: the text to change occurs %d times, want once:\n%s", s.File, n, s.Old)
	}
	return strings.Replace(text, s.Old, s.New, 1), nil
}

func (s Append) apply(text string) (string, error) {
	return text + s.Text, nil
}

// importLine matches a line of an import block: a tab, a quoted path.
var importLine = regexp.MustCompile(`^\t"([^"]+)"$`)

func (s Import) apply(text string) (string, error) {
	lines := strings.SplitAfter(text, "\n")
	start := slices.Index(lines, "import (\n")
	if start < 0 {
		return "", fmt.Errorf("%s: no import ( ... ) block to add %q to", s.File, s.Path)
	}
	// The block's groups, each a list of line numbers; a blank line
	// separates them.
	var groups [][]int
	group := []int{}
	for i := start + 1; i < len(lines) && lines[i] != ")\n"; i++ {
		if lines[i] == "\n" {
			groups, group = append(groups, group), []int{}
			continue
		}
		if m := importLine.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n")); m != nil && m[1] == s.Path {
			return text, nil
		}
		group = append(group, i)
	}
	groups = append(groups, group)
	// The group whose paths start as s.Path does ("httpfromscratch/"),
	// else, for a path without a dot in its first element, the standard
	// library's: the first.
	first := func(path string) string { p, _, _ := strings.Cut(path, "/"); return p }
	chosen := -1
	for g, group := range groups {
		for _, i := range group {
			if m := importLine.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n")); m != nil && first(m[1]) == first(s.Path) {
				chosen = g
			}
		}
	}
	if chosen < 0 && !strings.Contains(first(s.Path), ".") {
		chosen = 0
	}
	if chosen < 0 || len(groups[chosen]) == 0 {
		return "", fmt.Errorf("%s: no import group for %q", s.File, s.Path)
	}
	// In order: before the first path that sorts after it.
	at := groups[chosen][len(groups[chosen])-1] + 1
	for _, i := range groups[chosen] {
		if m := importLine.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n")); m != nil && m[1] > s.Path {
			at = i
			break
		}
	}
	lines = slices.Insert(lines, at, "\t\""+s.Path+"\"\n")
	return strings.Join(lines, ""), nil
}

// edit changes one file of the copy, keeping its line ends.
func (x *exercise) edit(file string, change func(string) (string, error)) error {
	path := filepath.Join(x.dir, filepath.FromSlash(file))
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	text := string(b)
	crlf := strings.Contains(text, "\r\n")
	text, err = change(strings.ReplaceAll(text, "\r\n", "\n"))
	if err != nil {
		return err
	}
	if crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	fmt.Fprintf(x.log, "changed %s\n", file)
	return os.WriteFile(path, []byte(text), 0o644)
}

func (s Build) run(x *exercise) error {
	if err := os.MkdirAll(x.bin, 0o755); err != nil {
		return err
	}
	// An existing directory as -o: go writes the command into it, named
	// after the package, with .exe on Windows. (Words, not a line to
	// split: the temporary directory's path may have spaces.)
	words := []string{"go", "build", "-o", x.bin + string(filepath.Separator), s.Pkg}
	_, err := x.command(x.ctx, 10*time.Minute, "go build -o bin/ "+s.Pkg, words, Run{})
	return err
}

func (s Run) run(x *exercise) error {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	var outs []string
	for range max(s.Times, 1) {
		out, err := x.command(x.ctx, timeout, s.Cmd, x.words(s.Cmd), s)
		if err != nil {
			return err
		}
		outs = append(outs, out)
	}
	if s.Keep != "" {
		x.kept[s.Keep] = outs
	}
	return want(strings.Join(outs, "\n"), s.Want, s.WantNot)
}

// command runs one command, and returns what it printed. The exit status
// must be what r says. line is the command as the log shows it.
func (x *exercise) command(ctx context.Context, timeout time.Duration, line string, words []string, r Run) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd, err := x.cmd(ctx, words)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	fmt.Fprintf(x.log, "$ %s\n", line)
	err = cmd.Run()
	fmt.Fprint(x.log, out.String())
	if ctx.Err() != nil {
		return "", fmt.Errorf("%s: stopped after %v (%v)", line, timeout, context.Cause(ctx))
	}
	status := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		status = ee.ExitCode()
	} else if err != nil {
		return "", fmt.Errorf("%s: %v", line, err)
	}
	switch {
	case r.Exit != 0 && status != r.Exit:
		return "", fmt.Errorf("exit status %d, want %d: %s", status, r.Exit, line)
	case r.Fails && status == 0:
		return "", fmt.Errorf("passed, but the exercise says it fails: %s", line)
	case !r.Fails && r.Exit == 0 && status != 0:
		return "", fmt.Errorf("failed (exit status %d): %s", status, line)
	}
	return out.String(), nil
}

// words splits a command line at spaces, then expands $PORT and the
// environment's variables in each word.
func (x *exercise) words(line string) []string {
	words := strings.Fields(line)
	for i, w := range words {
		words[i] = os.Expand(w, x.getenv)
	}
	return words
}

// cmd makes the command: "python3" and "bin/NAME" are found as the
// comment on Build and Run says; the command runs in the module's copy.
func (x *exercise) cmd(ctx context.Context, words []string) (*exec.Cmd, error) {
	name, args := words[0], words[1:]
	switch {
	case name == "python3":
		py, err := x.tools.python()
		if err != nil {
			return nil, err
		}
		name, args = py[0], append(py[1:len(py):len(py)], args...)
	case strings.HasPrefix(name, "bin/"):
		name = filepath.Join(x.bin, strings.TrimPrefix(name, "bin/")+exe)
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = x.dir
	if words[0] == "python3" {
		// Python writes to a file or a pipe in the locale's encoding,
		// which on Windows cannot encode the tutorial's emoji and Chinese:
		// UTF-8 mode makes it UTF-8 everywhere.
		cmd.Env = append(os.Environ(), "PYTHONUTF8=1")
	}
	inGroup(cmd)
	cmd.Cancel = func() error { return killTree(cmd.Process) }
	cmd.WaitDelay = 5 * time.Second // for a child that outlives it holding its output
	return cmd, nil
}

func (x *exercise) getenv(name string) string {
	if name == "PORT" {
		return x.port
	}
	return os.Getenv(name)
}

// server is a command started in the background.
type server struct {
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed when it has exited
}

func (s Start) run(x *exercise) error {
	if x.server != nil {
		return errors.New("a server is running already: stop it first")
	}
	// The server lives until Stop, Kill or the end of the exercise; its
	// own context only ends with the runner's (Ctrl+C).
	port, err := freePort()
	if err != nil {
		return err
	}
	x.port = port // a new one each time: none is left in TIME_WAIT from the last server
	cmd, err := x.cmd(x.ctx, x.words(s.Cmd))
	if err != nil {
		return err
	}
	log, err := os.CreateTemp(filepath.Dir(x.dir), "server-*.log")
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = log, log
	fmt.Fprintf(x.log, "$ %s &\n", s.Cmd)
	if err := cmd.Start(); err != nil {
		log.Close()
		return err
	}
	srv := &server{cmd: cmd, log: log, done: make(chan struct{})}
	go func() { cmd.Wait(); close(srv.done) }()
	x.server = srv
	// Wait until it answers, as a learner waits for "listening on".
	url := "http://127.0.0.1:" + x.port + "/health"
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, _ := http.NewRequestWithContext(x.ctx, "GET", url, nil)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-srv.done:
			return fmt.Errorf("the server exited: %v", cmd.ProcessState) // what it printed is in the log
		case <-x.ctx.Done():
			return x.ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("GET /health did not answer in 60s")
		}
	}
}

func (s Stop) run(x *exercise) error { return x.stop(false) }
func (s Kill) run(x *exercise) error { return x.stop(true) }

// stop stops the server: at once (kill), or as Ctrl+C does, killing it
// after 10 seconds if it is still there.
func (x *exercise) stop(kill bool) error {
	srv := x.server
	if srv == nil {
		return errors.New("no server is running")
	}
	x.server = nil
	defer srv.log.Close()
	if kill || srv.cmd.Process.Signal(os.Interrupt) != nil {
		killTree(srv.cmd.Process)
	}
	select {
	case <-srv.done:
	case <-time.After(10 * time.Second):
		killTree(srv.cmd.Process)
		<-srv.done
	}
	fmt.Fprintf(x.log, "(server stopped)\n%s", srv.output())
	return nil
}

// output is what the server printed.
func (s *server) output() string {
	b, _ := os.ReadFile(s.log.Name())
	return string(b)
}

// client is curl: no proxy (127.0.0.1 is this machine), a new connection
// for each request, and no request that hangs.
var client = &http.Client{
	Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true},
	Timeout:   30 * time.Second,
}

func (s Request) run(x *exercise) error {
	url := "http://127.0.0.1:" + x.port + s.Path
	req, err := http.NewRequestWithContext(x.ctx, s.method(), url, strings.NewReader(s.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "*/*")
	if s.Body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded") // what curl -d sends
	}
	if s.Host != "" {
		req.Host = os.Expand(s.Host, x.getenv)
	}
	fmt.Fprintf(x.log, "$ %s\n", s.curl())
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out strings.Builder
	if s.Head {
		fmt.Fprintf(&out, "%s %s\n", resp.Proto, resp.Status)
		for _, name := range slices.Sorted(maps.Keys(resp.Header)) {
			for _, v := range resp.Header[name] {
				fmt.Fprintf(&out, "%s: %s\n", name, v)
			}
		}
		out.WriteString("\n")
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	out.Write(body)
	fmt.Fprintf(x.log, "%s\n", out.String())
	return want(out.String(), s.Want, s.WantNot)
}

func (s Request) method() string {
	switch {
	case s.Method != "":
		return s.Method
	case s.Body != "":
		return "POST"
	}
	return "GET"
}

func (s Check) run(x *exercise) error {
	fmt.Fprintf(x.log, "check: %s\n", s.What)
	return s.Func(x.kept)
}

// want checks out line by line, as grep -E does: each pattern of want must
// match a line, no pattern of wantNot may.
func want(out string, want, wantNot []string) error {
	lines := strings.Split(strings.ReplaceAll(out, "\r\n", "\n"), "\n")
	for _, p := range want {
		re := regexp.MustCompile(p)
		if !slices.ContainsFunc(lines, re.MatchString) {
			return fmt.Errorf("missing: %s", p)
		}
	}
	for _, p := range wantNot {
		re := regexp.MustCompile(p)
		if slices.ContainsFunc(lines, re.MatchString) {
			return fmt.Errorf("unexpected: %s", p)
		}
	}
	return nil
}
