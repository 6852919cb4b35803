// Package tutorialtest finds the tutorial's own Python server for the
// tests that run it: the tutorial's last listing, which a learner saves
// as a file themselves (it is not part of this repository) and names
// with the environment variable TUTORIAL_PY. It is test code, like
// net/http/httptest: only tests import it.
package tutorialtest

import (
	"os"
	"os/exec"
	"testing"
)

// Var is the environment variable that names the tutorial's listing.
const Var = "TUTORIAL_PY"

// Script returns python3 and the path of the tutorial's server. It skips
// the test, saying what to set, when TUTORIAL_PY is not set or python3 is
// missing; under CI (CI set) those fail instead. A TUTORIAL_PY naming no
// file fails: that is a mistake, not a choice.
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
	python, err := exec.LookPath("python3")
	if err != nil {
		skip("python3 is needed to run the tutorial's server (" + Var + "): " + err.Error())
	}
	return python, script
}
