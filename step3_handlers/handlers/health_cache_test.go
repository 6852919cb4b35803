package handlers

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCachedHealthIsHealth: the cached answer is Health's, byte for byte,
// through changes of the second and of the number of tasks, including a
// count that comes back to one seen before (a stale answer would show it).
func TestCachedHealthIsHealth(t *testing.T) {
	now := time.Date(2026, 4, 17, 22, 54, 12, 0, time.UTC)
	h := New(NewStore(), func() time.Time { return now })
	check := func(step string) {
		t.Helper()
		if diff := cmp.Diff(string(h.Health().Body), string(h.CachedHealth().Body)); diff != "" {
			t.Errorf("%s: cached answer differs from Health (-want +got):\n%s", step, diff)
		}
	}
	check("first")
	first := h.CachedHealth()
	now = now.Add(900 * time.Millisecond) // the same second
	if h.CachedHealth() != first {
		t.Error("the same second and count built a new answer")
	}
	now = now.Add(100 * time.Millisecond)
	check("next second")
	h.Store.Add("one more", false)
	check("a task added")
	h.Store.Delete(3)
	check("back to two tasks")
}
