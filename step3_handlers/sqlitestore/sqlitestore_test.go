package sqlitestore

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"httpfromscratch/step3_handlers/tasks"
	"httpfromscratch/step3_handlers/tasks/storetest"
)

// openTemp opens a store in a new file of the test's own.
func openTemp(t *testing.T, maxTasks int) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "tasks.db"), maxTasks)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStoreRules: the same tests as the list in memory passes.
func TestStoreRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, limit int) tasks.TaskStore { return openTemp(t, limit) })
}

// TestTasksSurviveAReopen: what was committed is there after a reopen,
// and ids go on after the highest ever given, a deleted one included.
func TestTasksSurviveAReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tasks.db")
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Add("three", false)
	s.Add("four", true)
	s.Update(1, nil, func(t *tasks.Task) { t.Done = true })
	s.Delete(4, nil) // the highest id, gone
	s.Close()

	s, err = Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var got []tasks.Task
	for id := 1; id <= 4; id++ {
		if task, ok := s.Get(id); ok {
			got = append(got, task)
		}
	}
	want := []tasks.Task{{ID: 1, Title: "阅读 HTTP RFC", Done: true}, {ID: 2, Title: "手写 socket 服务器", Done: true}, {ID: 3, Title: "three"}}
	if len(got) != len(want) || s.Len() != 3 {
		t.Fatalf("after reopening: %v (Len %d), want %v", got, s.Len(), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("task %d: %v, want %v", i, got[i], want[i])
		}
	}
	if task, _ := s.Add("five", false); task.ID != 5 {
		t.Errorf("id after reopening: %d, want 5 (4 was given, and deleted)", task.ID)
	}
}

// TestBadDatabases: each is refused at Open, saying why, and never
// changed.
func TestBadDatabases(t *testing.T) {
	dir := t.TempDir()
	notSQLite := filepath.Join(dir, "notes.txt")
	os.WriteFile(notSQLite, []byte(strings.Repeat("not a database\n", 100)), 0o644)
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE accounts (name TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, tc := range []struct{ name, path, want string }{
		{"not SQLite", notSQLite, "not a SQLite database"},
		{"another program's", other, "not this server's mark"},
		{"no such directory", filepath.Join(dir, "missing", "tasks.db"), "cannot be opened"},
		{"a directory", dir, "cannot be opened"},
	} {
		before, _ := os.ReadFile(tc.path)
		s, err := Open(tc.path, 0)
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: %v; want it to say %q and name the file", tc.name, err, tc.want)
		}
		if after, _ := os.ReadFile(tc.path); string(after) != string(before) {
			t.Errorf("%s: the file was changed", tc.name)
		}
	}
}

// TestASecondServerOnTheFileIsRefused: the first holds the file; a
// second one opening it fails at its start.
func TestASecondServerOnTheFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tasks.db")
	first, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if second, err := Open(path, 0); err == nil {
		second.Close()
		t.Fatal("a second store opened the same file")
	} else if !strings.Contains(err.Error(), "in use") {
		t.Errorf("second open: %v; want it to say the file is in use", err)
	}
}

// TestAFullDiskIsErrFullAndChangesNothing: SQLite's "database or disk is
// full" (here a page limit on the file, the same error a full disk gives)
// is ErrFull (which the handlers answer 507), and the change is absent
// from memory and file alike.
func TestAFullDiskIsErrFullAndChangesNothing(t *testing.T) {
	s := openTemp(t, 0)
	var pages int
	if err := s.db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`PRAGMA max_page_count = ` + strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 900)
	var full bool
	for range 50 { // until the file's pages are used up
		_, err := s.Add(big, false)
		if errors.Is(err, tasks.ErrFull) {
			full = true
			if !strings.Contains(err.Error(), "no room") {
				t.Errorf("got %q, want it to say there is no room", err)
			}
			break
		}
		if err != nil {
			t.Fatalf("Add: %v", err)
		}
	}
	if !full {
		t.Fatal("the database never filled up")
	}
	var rows int
	s.db.QueryRow(`SELECT count(*) FROM tasks`).Scan(&rows)
	if rows != s.Len() {
		t.Errorf("%d tasks in the file, %d in memory: a half-made change", rows, s.Len())
	}
	if _, err := s.Add(big, false); !errors.Is(err, tasks.ErrFull) {
		t.Errorf("Add on a full database: %v, want ErrFull", err)
	}
}

// TestSettings: the settings open.go promises are the ones in force.
func TestSettings(t *testing.T) {
	s := openTemp(t, 0)
	for _, tc := range []struct{ pragma, want string }{
		{"journal_mode", "wal"}, {"synchronous", "2"}, {"locking_mode", "exclusive"}, {"busy_timeout", "1000"},
	} {
		var got string
		if err := s.db.QueryRow(`PRAGMA ` + tc.pragma).Scan(&got); err != nil || got != tc.want {
			t.Errorf("PRAGMA %s = %q (%v), want %q", tc.pragma, got, err, tc.want)
		}
	}
}

// TestAReadOnlyDatabaseIsRefused: a file the server may read but not
// write fails at Open, not at the first POST. Root may write any file, so
// as root (CI) the open runs in a copy of this test binary as the user
// nobody. On Windows, chmod 0o444 sets the file's read-only attribute,
// which refuses the open for writing just the same.
func TestAReadOnlyDatabaseIsRefused(t *testing.T) {
	if path := os.Getenv("SQLITESTORE_OPEN_READONLY"); path != "" { // the child
		s, err := Open(path, 0)
		if err == nil {
			s.Close()
			t.Fatal("opened a database it may not write")
		}
		fmt.Println("refused:", err)
		return
	}
	dir, err := os.MkdirTemp("", "readonly")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.RemoveAll(dir) })
	path := filepath.Join(dir, "tasks.db")
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	os.Chmod(path, 0o444)
	os.Chmod(dir, 0o555)

	var out []byte
	if os.Geteuid() != 0 {
		s, err := Open(path, 0)
		if err == nil {
			s.Close()
			t.Fatal("opened a database it may not write")
		}
		out = []byte("refused: " + err.Error())
	} else {
		bin := filepath.Join(dir, "sqlitestore.test")
		os.Chmod(dir, 0o755)
		if err := copyFile(os.Args[0], bin); err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, 0o555)
		cmd := exec.Command(bin, "-test.run=^TestAReadOnlyDatabaseIsRefused$", "-test.v")
		cmd.Env = append(os.Environ(), "SQLITESTORE_OPEN_READONLY="+path)
		asNobody(t, cmd)
		if out, err = cmd.CombinedOutput(); err != nil {
			t.Fatalf("as nobody: %v\n%s", err, out)
		}
	}
	if !strings.Contains(string(out), "refused: -db "+path+": the database cannot be") {
		t.Errorf("the refusal does not say the file cannot be written:\n%s", out)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the file was changed")
	}
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}
