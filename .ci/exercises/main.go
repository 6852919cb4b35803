// Command exercises checks that every "Try it" of README.md and
// README.zh-CN.md still does what it promises, on Linux, macOS and
// Windows: each exercise's change is made in a scratch copy of the module,
// the commands it names are run, and what they must show is checked.
// These are answers: a learner who is stuck reads one with -answer, or in
// exercises.go.
//
// From the module's root, in any shell:
//
//	go run ./.ci/exercises              # all of them
//	go run ./.ci/exercises step3        # those whose name matches (a regular expression)
//	go run ./.ci/exercises -list        # their names, and the Try it each answers
//	go run ./.ci/exercises -answer step3-no-lock
//	                                    # one answer: the change as a diff, the commands
//	go run ./.ci/exercises -v step4     # and the log of each one, not only of a failure
//
// It prints one line per exercise (ok, FAIL with the last lines of its
// log, or skip with what the machine lacks), then "N passed, M failed,
// K skipped", and exits 1 when M > 0. Beyond Go it needs only git (to
// list the module's files; without it, every file is copied), Python 3
// and TUTORIAL_PY for the one exercise with the tutorial's server, and a C
// compiler for the one with go test -race: an exercise that needs what the
// machine lacks is skipped, saying what. With CI set, as .ci/run sets it,
// a skip is a failure: CI runs every answer.
//
// The directory starts with a dot, so go test ./... and go vet ./... leave
// it out; it is one package main with no imports from the module, and
// "go run ./.ci/exercises" runs it (an import path element may not start
// with a dot, but nothing imports a command).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("exercises", flag.ContinueOnError)
	flags.SetOutput(stderr)
	answerName := flags.String("answer", "", "print the answer to the exercise `NAME` (or the one a pattern matches): the change as a unified diff, the commands, what they must show")
	list := flags.Bool("list", false, "list the exercises: name and Try it")
	verbose := flags.Bool("v", false, "print each exercise's log, not only a failing one's")
	flags.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./.ci/exercises [-v] [PATTERN ...]\n       go run ./.ci/exercises -list\n       go run ./.ci/exercises -answer NAME\n\n")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(stderr, "exercises:", err)
		return 2
	}

	if *answerName != "" {
		chosen, err := choose([]string{"^" + regexp.QuoteMeta(*answerName) + "$"})
		if err == nil && len(chosen) == 0 {
			chosen, err = choose([]string{*answerName})
		}
		switch {
		case err != nil:
			fmt.Fprintln(stderr, "exercises:", err)
			return 2
		case len(chosen) != 1:
			fmt.Fprintf(stderr, "exercises: -answer %s matches %d exercises; name one:\n", *answerName, len(chosen))
			for _, e := range chosen {
				fmt.Fprintln(stderr, "  "+e.Name)
			}
			if len(chosen) == 0 {
				fmt.Fprintln(stderr, "  (go run ./.ci/exercises -list names them all)")
			}
			return 2
		}
		answer(stdout, root, chosen[0])
		return 0
	}
	chosen, err := choose(flags.Args())
	if err != nil {
		fmt.Fprintln(stderr, "exercises:", err)
		return 2
	}
	if len(chosen) == 0 {
		fmt.Fprintf(stderr, "exercises: no exercise matches %s (go run ./.ci/exercises -list names them)\n", strings.Join(flags.Args(), " "))
		return 2
	}
	if *list {
		for _, e := range chosen {
			fmt.Fprintf(stdout, "%-40s %s\n", e.Name, e.Try)
		}
		return 0
	}

	// A relative TUTORIAL_PY is relative to here, not to the copy the
	// commands run in.
	if py := os.Getenv("TUTORIAL_PY"); py != "" && !filepath.IsAbs(py) {
		if abs, err := filepath.Abs(py); err == nil {
			os.Setenv("TUTORIAL_PY", abs)
		}
	}
	// Ctrl+C stops the running commands and servers, and the copy is
	// removed.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	scratch, err := os.MkdirTemp("", "exercises-")
	if err != nil {
		fmt.Fprintln(stderr, "exercises:", err)
		return 2
	}
	defer removeAll(scratch)
	paths, err := files(ctx, root)
	if err != nil {
		fmt.Fprintln(stderr, "exercises: listing the module's files:", err)
		return 2
	}

	ci := os.Getenv("CI") != ""
	t := &tools{}
	passed, failed, skipped := 0, 0, 0
	for _, e := range chosen {
		if why := t.missing(e); why != "" {
			if ci {
				fmt.Fprintf(stdout, "FAIL  %s: %s (CI is set: every answer must run)\n", e.Name, why)
				failed++
			} else {
				fmt.Fprintf(stdout, "skip  %s: %s\n", e.Name, why)
				skipped++
			}
			continue
		}
		var log bytes.Buffer
		err := runExercise(ctx, e, root, scratch, paths, t, &log)
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "exercises: interrupted")
			return 130
		}
		if err == nil {
			fmt.Fprintf(stdout, "ok    %s\n", e.Name)
			passed++
		} else {
			fmt.Fprintf(stdout, "FAIL  %s\n", e.Name)
			failed++
		}
		show := ""
		if log.Len() > 0 {
			show = tail(log.String(), 20)
		}
		if *verbose {
			show = log.String()
		}
		if err != nil {
			show += tail(err.Error(), 20) + "\n"
		}
		if err != nil || *verbose {
			fmt.Fprint(stdout, indent(show, "      "))
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 {
		return 1
	}
	return 0
}

// choose returns the exercises whose name matches one of the patterns,
// every one when there are none.
func choose(patterns []string) ([]Exercise, error) {
	if len(patterns) == 0 {
		return exercises, nil
	}
	var res []*regexp.Regexp
	for _, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, err
		}
		res = append(res, re)
	}
	var chosen []Exercise
	for _, e := range exercises {
		for _, re := range res {
			if re.MatchString(e.Name) {
				chosen = append(chosen, e)
				break
			}
		}
	}
	return chosen, nil
}

// runExercise does e's steps in a fresh copy of the module, in
// scratch/m, with its commands built into scratch/bin.
func runExercise(ctx context.Context, e Exercise, root, scratch string, list []string, t *tools, log io.Writer) (err error) {
	dir, bin := filepath.Join(scratch, "m"), filepath.Join(scratch, "bin")
	for _, d := range []string{dir, bin} {
		if err := removeAll(d); err != nil {
			return err
		}
	}
	if err := copyModule(root, dir, list); err != nil {
		return err
	}
	x := &exercise{ctx: ctx, root: root, dir: dir, bin: bin, log: log, kept: map[string][]string{}, tools: t}
	defer func() {
		if x.server != nil {
			x.stop(true)
		}
	}()
	for _, s := range e.Steps {
		if err := s.run(x); err != nil {
			return err
		}
	}
	return nil
}

// removeAll removes dir, trying again for a few seconds: on Windows a
// file stays locked for a moment after the process that had it open ends
// (and while a virus scanner reads a new .exe).
func removeAll(dir string) error {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return err
}

// freePort asks the system for a port no one listens on.
func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port), nil
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(len(lines)-n, 0):], "\n") + "\n"
}

func indent(s, prefix string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return ""
	}
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix) + "\n"
}
