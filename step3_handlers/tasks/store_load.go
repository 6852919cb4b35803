package tasks

import "fmt"

// What a store that keeps the tasks elsewhere (the SQLite store of full
// -db) needs of this one, which it keeps in memory for every read: to be
// filled with the tasks kept, and to know the id the next Add gives
// before the add is made, so that it is written to the database first.
// (The limit it reads as any caller may: Max, and CheckRoom in limits.go.)

// LoadStore returns a store holding the tasks kept (in id order) whose
// next Add gives nextID: ids are never reused, even of tasks deleted
// before a restart.
func LoadStore(kept []Task, nextID int) (*Store, error) {
	s := &Store{nextID: nextID}
	for i, t := range kept {
		if t.ID <= 0 || t.ID >= nextID || i > 0 && t.ID <= kept[i-1].ID {
			return nil, fmt.Errorf("task id %d out of order (the next id is %d)", t.ID, nextID)
		}
		s.tasks.append(t)
	}
	return s, nil
}

// NextID returns the id the next Add will give.
func (s *Store) NextID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nextID
}
