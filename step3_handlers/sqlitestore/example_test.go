package sqlitestore_test

import (
	"fmt"
	"os"
	"path/filepath"

	"httpfromscratch/step3_handlers/sqlitestore"
	"httpfromscratch/step3_handlers/tasks"
)

// A new file starts with the tutorial's two tasks; what is committed is
// there after a restart, and ids go on after the highest ever given. A
// change after Close is refused with tasks.ErrClosed.
func ExampleOpen() {
	dir, err := os.MkdirTemp("", "sqlitestore-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tasks.db")

	s, err := sqlitestore.Open(path, 0)
	if err != nil {
		panic(err)
	}
	s.Add("survives a restart", false)
	s.Update(1, nil, func(t *tasks.Task) { t.Done = true })
	s.Delete(2, nil)
	s.Close()

	s, err = sqlitestore.Open(path, 0) // the server started again
	if err != nil {
		panic(err)
	}
	for t := range s.Snapshot().All() {
		fmt.Printf("%d %q done=%v\n", t.ID, t.Title, t.Done)
	}
	t, _ := s.Add("after the restart", false)
	fmt.Println("next id:", t.ID)
	s.Close()
	_, err = s.Add("too late", false)
	fmt.Println(err)
	// Output:
	// 1 "阅读 HTTP RFC" done=true
	// 3 "survives a restart" done=false
	// next id: 4
	// the store is closed: the server is stopping
}
