package main

import (
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"httpfromscratch/step3_handlers/sqlitestore"
)

// TestATakenPortLeavesNoNewDatabase: `full -db tasks.db` while another
// server holds the port fails, saying so, and removes the database file
// it made; a database that was there before is kept, tasks and all.
func TestATakenPortLeavesNoNewDatabase(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0") // the other server
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	port := strconv.Itoa(taken.Addr().(*net.TCPAddr).Port)

	// runIn runs full -port <taken> -db tasks.db in dir (a relative
	// path, so that a space in the temporary directory's name cannot
	// split FULL_ARGS) and expects it to fail at the listen.
	runIn := func(t *testing.T, dir string) {
		t.Helper()
		bin, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-test.run=^$")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "FULL_RUN_MAIN=1", "FULL_ARGS=-port "+port+" -db tasks.db", "NO_COLOR=1")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "listen tcp") {
			t.Fatalf("exit: %v, want status 1 and the failed listen\n%s", err, out)
		}
	}

	t.Run("a new file is removed", func(t *testing.T) {
		dir := t.TempDir()
		runIn(t, dir)
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("left behind: %v", entries)
		}
	})

	t.Run("a file that was there is kept", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "tasks.db")
		s, err := sqlitestore.Open(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		s.Add("kept", false)
		s.Close()
		runIn(t, dir)
		s, err = sqlitestore.Open(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if task, ok := s.Get(3); !ok || task.Title != "kept" {
			t.Errorf("task 3 after the failed start: %v %v, want \"kept\"", task, ok)
		}
	})
}
