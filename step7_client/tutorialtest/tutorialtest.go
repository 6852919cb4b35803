// Package tutorialtest finds the tutorial's own Python server for the
// tests that run it: the tutorial's last listing, which a learner saves
// as a file themselves (it is not part of this repository) and names
// with the environment variable TUTORIAL_PY. It is test code, like
// net/http/httptest: only tests import it.
package tutorialtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Var is the environment variable that names the tutorial's listing.
const Var = "TUTORIAL_PY"

// Script returns a Python 3 and the path of the tutorial's server. It
// skips the test, saying what to set, when TUTORIAL_PY is not set or no
// Python 3 is found; under CI (CI set) those fail instead. A TUTORIAL_PY
// naming no file fails: that is a mistake, not a choice.
//
// Python 3 is python3 on Linux and macOS, often only python on Windows
// (python.org's installer), where a "python" may also be the Microsoft
// Store's stand-in that installs nothing: one that does not say "Python 3"
// is passed over. The tutorial prints 🚀 and Chinese, which Python on
// Windows cannot write to a pipe in the locale's encoding: PYTHONUTF8=1
// makes it write UTF-8 everywhere (t.Setenv: the test must not be
// parallel).
func Script(t testing.TB) (python, script string) {
	t.Helper()
	skip := t.Skip
	if os.Getenv("CI") != "" {
		skip = t.Fatal
	}
	script = os.Getenv(Var)
	if script == "" {
		skip("the tutorial's Python server is needed: save the tutorial's last listing (the complete server) as a file and set " + Var + " to its path")
	}
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("%s=%s: %v", Var, script, err)
	}
	python = findPython3()
	if python == "" {
		skip("Python 3 is needed to run the tutorial's server (" + Var + "): neither python3 nor python on PATH says \"Python 3\"")
	}
	t.Setenv("PYTHONUTF8", "1")
	return python, script
}

// findPython3 is the path of python3, else of python, when it is Python 3.
func findPython3() string {
	for _, name := range []string{"python3", "python"} {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if out, err := exec.Command(path, "--version").CombinedOutput(); err == nil && strings.HasPrefix(string(out), "Python 3") {
			return path
		}
	}
	return ""
}
