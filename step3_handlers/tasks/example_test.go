package tasks_test

import (
	"fmt"

	"httpfromscratch/step3_handlers/tasks"
)

// The store in memory: the tutorial's _tasks with its two tasks, ids that
// are never reused, and a limit.
func ExampleStore() {
	s := tasks.NewStore()
	s.Delete(2, nil)
	t, err := s.Add("ids are never reused", false)
	fmt.Println(t.ID, s.Len(), err)
	s.Max = 2
	_, err = s.Add("one too many", false)
	fmt.Println(err)
	// Output:
	// 3 2 <nil>
	// the store is full: it holds 2 tasks, its limit
}

// A snapshot is the list as it was when it was taken; each task comes
// with the length of its JSON, which a list's Content-Length sums.
func ExampleSnapshot_All() {
	s := tasks.NewStore()
	snap := s.Snapshot()
	s.Update(1, nil, func(t *tasks.Task) { t.Done = true }) // after the snapshot: not in it
	for t, size := range snap.All() {
		fmt.Printf("%d %s\n", size, tasks.AppendJSON(nil, t))
	}
	// Output:
	// 47 {"id":1,"title":"阅读 HTTP RFC","done":false}
	// 54 {"id":2,"title":"手写 socket 服务器","done":true}
}

// LoadStore fills a store with tasks kept elsewhere (sqlitestore reads
// them from its file); the next id is the one kept with them, so an id
// deleted before a restart is not given again.
func ExampleLoadStore() {
	s, err := tasks.LoadStore([]tasks.Task{{ID: 2, Title: "kept"}}, 5)
	if err != nil {
		panic(err)
	}
	t, _ := s.Add("after a restart", false)
	fmt.Println(s.Len(), t.ID)
	// Output:
	// 2 5
}
