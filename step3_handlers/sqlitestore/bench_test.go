package sqlitestore

import (
	"path/filepath"
	"testing"

	"httpfromscratch/step3_handlers/tasks"
)

// BenchmarkAdd: POST's work in the store, one writer at a time and many
// at once (what group commits are for), in memory and in SQLite.
func BenchmarkAdd(b *testing.B) {
	stores := []struct {
		name string
		open func(b *testing.B) tasks.TaskStore
	}{
		{"memory", func(*testing.B) tasks.TaskStore { s := tasks.NewStore(); s.Max = 1 << 30; return s }},
		{"sqlite", func(b *testing.B) tasks.TaskStore {
			s, err := Open(filepath.Join(b.TempDir(), "tasks.db"), 1<<30)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { s.Close() })
			return s
		}},
	}
	for _, st := range stores {
		b.Run(st.name+"/one_writer", func(b *testing.B) {
			s := st.open(b)
			for b.Loop() {
				if _, err := s.Add("bench", false); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(st.name+"/64_writers", func(b *testing.B) {
			s := st.open(b)
			b.SetParallelism(32) // 64 goroutines on 2 CPUs
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := s.Add("bench", false); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
