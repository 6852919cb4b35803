package handlers

import (
	"fmt"
	"testing"
	"time"

	"httpfromscratch/step3_handlers/tasks"
)

// TestHealthIsBuiltOnceASecond: Health's answer says the second and the
// number of tasks as they are, through changes of either, including a
// count that comes back to one seen before (a stale answer would show
// it); within one second and count it is the same answer, built once.
func TestHealthIsBuiltOnceASecond(t *testing.T) {
	now := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	h := New(tasks.NewStore(), func() time.Time { return now })
	check := func(step string, n int) {
		t.Helper()
		want := fmt.Sprintf(`{"status":"ok","time":%q,"tasks_count":%d}`, now.Format(time.DateTime), n)
		if got := string(h.Health().Body); got != want {
			t.Errorf("%s: got %s, want %s", step, got, want)
		}
	}
	check("first", 2)
	first := h.Health()
	now = now.Add(900 * time.Millisecond) // the same second
	if h.Health() != first {
		t.Error("the same second and count built a new answer")
	}
	now = now.Add(100 * time.Millisecond)
	check("next second", 2)
	h.Store.Add("one more", false)
	check("a task added", 3)
	h.Store.Delete(3, nil)
	check("back to two tasks", 2)
}
