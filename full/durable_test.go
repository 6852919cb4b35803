package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// startFull runs the real server (this test binary, as main) with args,
// and returns it and its address once it listens. Its output is read to
// the end in the background, so that its log never blocks it.
func startFull(t *testing.T, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd, addr, rest := spawnFull(t, args...)
	go func() {
		for rest.Scan() { // what it prints after, read so that it never blocks
		}
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, addr
}

// spawnFull starts the real server (this test binary running full's main)
// on a free port, and returns it, the address its first line names, and
// the rest of what it prints.
func spawnFull(t *testing.T, args ...string) (*exec.Cmd, string, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FULL_RUN_MAIN=1", "FULL_ARGS="+strings.Join(append([]string{"-port", "0"}, args...), "\n"), "NO_COLOR=1")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	lines.Scan()
	m := regexp.MustCompile(`http://(\S+)`).FindStringSubmatch(lines.Text())
	if m == nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("first line %q names no address", lines.Text())
	}
	return cmd, m[1], lines
}

// TestKilledServerLosesNoAcknowledgedChange kills a real `full -db`
// process with SIGKILL while clients create, change and delete tasks over
// TCP, starts it again on the same file, and finds every change that was
// answered 201, 200 or 204; a change in flight when it died is whole or
// absent; and ids go on after the highest ever given.
func TestKilledServerLosesNoAcknowledgedChange(t *testing.T) {
	db := filepath.Join(t.TempDir(), "tasks.db")
	cmd, addr := startFull(t, "-db", db)
	base := "http://" + addr

	// What each worker was told, and what it had in flight.
	type task struct {
		title     string
		done      bool
		deleted   bool
		maybeDone bool // a PATCH was in flight
		maybeGone bool // a DELETE was in flight
	}
	var (
		mu      sync.Mutex
		tasks   = map[int]*task{}     // by id, acknowledged
		pending = map[string]bool{}   // titles whose POST was in flight
		maxID   atomic.Int64          // the highest id a 201 gave
		acked   atomic.Int64          // answered changes so far
		killed  = make(chan struct{}) // closed once the server is killed
		enough  = make(chan struct{}, 1)
	)
	client := &http.Client{Timeout: 5 * time.Second}
	do := func(method, path, body string) (int, []byte, error) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	ack := func() {
		if acked.Add(1) == 400 {
			enough <- struct{}{}
		}
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				title := fmt.Sprintf("worker %d task %d 写", w, i)
				mu.Lock()
				pending[title] = true
				mu.Unlock()
				status, body, err := do("POST", "/tasks", fmt.Sprintf(`{"title":%q}`, title))
				if err != nil {
					return // killed, with this POST in flight: it stays pending
				}
				var b struct{ Task struct{ ID int } }
				if status != 201 || json.Unmarshal(body, &b) != nil {
					t.Errorf("POST: %d %s", status, body)
					return
				}
				id := b.Task.ID
				mu.Lock()
				delete(pending, title)
				tasks[id] = &task{title: title}
				mu.Unlock()
				for old := maxID.Load(); int64(id) > old && !maxID.CompareAndSwap(old, int64(id)); old = maxID.Load() {
				}
				ack()
				switch i % 3 {
				case 1: // change it
					mu.Lock()
					tasks[id].maybeDone = true
					mu.Unlock()
					status, body, err := do("PATCH", fmt.Sprintf("/tasks/%d", id), `{"done":true}`)
					if err != nil {
						return
					}
					if status != 200 {
						t.Errorf("PATCH: %d %s", status, body)
						return
					}
					mu.Lock()
					tasks[id].done, tasks[id].maybeDone = true, false
					mu.Unlock()
					ack()
				case 2: // delete it
					mu.Lock()
					tasks[id].maybeGone = true
					mu.Unlock()
					status, body, err := do("DELETE", fmt.Sprintf("/tasks/%d", id), "")
					if err != nil {
						return
					}
					if status != 204 {
						t.Errorf("DELETE: %d %s", status, body)
						return
					}
					mu.Lock()
					tasks[id].deleted, tasks[id].maybeGone = true, false
					mu.Unlock()
					ack()
				}
				select {
				case <-killed:
					return
				default:
				}
			}
		})
	}
	select {
	case <-enough:
	case <-time.After(30 * time.Second):
		t.Fatal("400 changes were not answered in 30 s")
	}
	cmd.Process.Signal(os.Kill) // kill -9: no shutdown, no flush, nothing
	close(killed)
	cmd.Wait()
	wg.Wait()

	_, addr = startFull(t, "-db", db)
	base = "http://" + addr
	status, body, err := do("GET", "/tasks", "")
	if err != nil || status != 200 {
		t.Fatalf("GET /tasks after the restart: %d %s %v", status, body, err)
	}
	var list struct {
		Tasks []struct {
			ID    int
			Title string
			Done  bool
		}
		Total int
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	found := map[int]bool{}
	for _, got := range list.Tasks {
		found[got.ID] = true
		if got.ID <= 2 {
			continue // the tutorial's
		}
		want, ok := tasks[got.ID]
		switch {
		case !ok && pending[got.Title] && !got.Done:
			// a POST in flight when the server died, kept whole
		case !ok:
			t.Errorf("task %d %q was never acknowledged, nor in flight", got.ID, got.Title)
		case want.deleted:
			t.Errorf("task %d was deleted (204) and is back", got.ID)
		case got.Title != want.title:
			t.Errorf("task %d: title %q, want %q", got.ID, got.Title, want.title)
		case got.Done != want.done && !want.maybeDone:
			t.Errorf("task %d: done %v, want %v", got.ID, got.Done, want.done)
		}
	}
	lost := 0
	for id, want := range tasks {
		if !found[id] && !want.deleted && !want.maybeGone {
			lost++
			t.Errorf("task %d %q was acknowledged (201) and is gone", id, want.title)
		}
	}
	if !found[1] || !found[2] || list.Total != len(list.Tasks) {
		t.Errorf("the tutorial's tasks, or total %d for %d listed", list.Total, len(list.Tasks))
	}
	t.Logf("%d changes answered before the kill; %d tasks kept, %d lost", acked.Load(), len(list.Tasks), lost)

	// Ids go on after the highest ever given, a deleted one or one in
	// flight included.
	status, body, _ = do("POST", "/tasks", `{"title":"after the restart"}`)
	var b struct{ Task struct{ ID int } }
	json.Unmarshal(body, &b)
	highest := int(maxID.Load())
	for _, got := range list.Tasks {
		highest = max(highest, got.ID)
	}
	if status != 201 || b.Task.ID <= highest {
		t.Errorf("POST after the restart: %d, id %d; want an id above %d", status, b.Task.ID, highest)
	}
}

// TestABadDatabaseStopsTheStart: `full -db` on a file that is not a
// SQLite database says so, naming it, and exits 1 without serving.
func TestABadDatabaseStopsTheStart(t *testing.T) {
	notes := filepath.Join(t.TempDir(), "notes.txt")
	os.WriteFile(notes, []byte(strings.Repeat("my notes, not a database\n", 50)), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "FULL_RUN_MAIN=1", "FULL_ARGS=-port\n0\n-db\n"+notes, "NO_COLOR=1")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1\n%s", err, out)
	}
	if want := "-db " + notes + ": not a tasks database: the file is not a SQLite database"; !strings.Contains(string(out), want) || strings.Contains(string(out), "listening") {
		t.Errorf("output:\n%s\nwant it to say %q, and not to serve", out, want)
	}
}
