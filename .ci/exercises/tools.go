package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// tools finds, once each, what an exercise needs beyond Go.
type tools struct {
	pyOnce sync.Once
	py     []string
	pyErr  error

	raceOnce sync.Once
	raceErr  error
}

// python is the command that runs Python 3: python3 on Linux and macOS;
// on Windows the python.org installer gives python and the launcher
// py -3, and "python3" may be the Store's stand-in that only says how to
// install it, so each is asked for its version.
func (t *tools) python() ([]string, error) {
	t.pyOnce.Do(func() {
		for _, py := range [][]string{{"python3"}, {"python"}, {"py", "-3"}} {
			out, err := exec.Command(py[0], append(py[1:len(py):len(py)], "--version")...).CombinedOutput()
			if err == nil && strings.HasPrefix(string(out), "Python 3") {
				t.py = py
				return
			}
		}
		t.pyErr = errors.New("python3 is not installed (tried python3, python and py -3)")
	})
	return t.py, t.pyErr
}

// race says why go test -race cannot run here, if it cannot: it needs cgo,
// so a C compiler (on Windows too, where Go does not bring one), and a
// platform the race detector supports.
func (t *tools) race() error {
	t.raceOnce.Do(func() {
		out, err := exec.Command("go", "env", "CGO_ENABLED", "CC").Output()
		if err != nil {
			t.raceErr = fmt.Errorf("go env: %v", err)
			return
		}
		env := strings.Fields(string(out))
		supported := []string{"linux/amd64", "linux/arm64", "linux/ppc64le", "linux/s390x", "linux/loong64",
			"darwin/amd64", "darwin/arm64", "freebsd/amd64", "netbsd/amd64", "windows/amd64"}
		switch platform := runtime.GOOS + "/" + runtime.GOARCH; {
		case !slices.Contains(supported, platform):
			t.raceErr = fmt.Errorf("go test -race does not run on %s", platform)
		case len(env) < 2 || env[0] != "1":
			t.raceErr = errors.New("go test -race needs cgo: a C compiler (gcc or clang) on the PATH, and CGO_ENABLED=1")
		case runtime.GOOS == "darwin" && exec.Command("xcode-select", "-p").Run() != nil:
			// /usr/bin/clang is there without the tools, and only offers
			// to install them.
			t.raceErr = errors.New("go test -race needs cgo: install the Xcode Command Line Tools (xcode-select --install)")
		default:
			if _, err := exec.LookPath(env[1]); err != nil {
				t.raceErr = fmt.Errorf("go test -race needs cgo: the C compiler %s is not on the PATH", env[1])
			}
		}
	})
	return t.raceErr
}

// missing says what exercise e needs that this machine lacks, or "".
// It reads the commands: python3, $TUTORIAL_PY, go test -race.
func (t *tools) missing(e Exercise) string {
	for _, s := range e.Steps {
		var line string
		switch s := s.(type) {
		case Run:
			line = s.Cmd
		case Start:
			line = s.Cmd
		default:
			continue
		}
		words := strings.Fields(line)
		if slices.ContainsFunc(words, func(w string) bool { return strings.Contains(w, "$TUTORIAL_PY") }) &&
			os.Getenv("TUTORIAL_PY") == "" {
			return "TUTORIAL_PY is not set (save the tutorial's last listing and point TUTORIAL_PY at it)"
		}
		if words[0] == "python3" {
			if _, err := t.python(); err != nil {
				return err.Error()
			}
		}
		if words[0] == "go" && slices.Contains(words, "-race") {
			if err := t.race(); err != nil {
				return err.Error()
			}
		}
	}
	return ""
}

// files lists the module's files as git would commit them: tracked ones
// and new ones not ignored (so an exercise runs on what a learner has,
// before it is committed). Without git (a downloaded zip), every file but
// .git's.
func files(ctx context.Context, root string) ([]string, error) {
	if _, err := exec.LookPath("git"); err == nil {
		cmd := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
		cmd.Dir = root
		if out, err := cmd.Output(); err == nil {
			return strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00"), nil
		}
	}
	var list []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			list = append(list, filepath.ToSlash(rel))
		}
		return nil
	})
	return list, err
}

// copyModule copies the files into dir, keeping their modes; a file
// listed but gone (deleted, not yet committed) is left out.
func copyModule(root, dir string, list []string) error {
	for _, rel := range list {
		src := filepath.Join(root, filepath.FromSlash(rel))
		info, err := os.Lstat(src)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

var moduleLine = regexp.MustCompile(`(?m)^module\s+httpfromscratch\s*$`)

// moduleRoot is the directory of this module's go.mod, from the current
// directory up: the runner works from the root or from .ci/exercises.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && moduleLine.Match(b) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the httpfromscratch module (no go.mod saying module httpfromscratch)")
		}
		dir = parent
	}
}
