package sqlitestore

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"modernc.org/sqlite"

	"httpfromscratch/step3_handlers/tasks"
)

// The settings, and what survives what:
//
//   - journal_mode WAL: a commit appends to the write-ahead log, one
//     write, instead of rewriting pages of the database in place. It is
//     kept in the file, so it is set once the file is known to be ours
//     (prepare): opening another program's database changes nothing in it.
//   - synchronous FULL: each commit waits until the log is on the disk
//     (fsync). A process killed (kill -9) loses no acknowledged change
//     with NORMAL already; FULL also keeps them through a crash of the
//     machine or a power cut, for one fsync a commit (commit.go).
//   - locking_mode EXCLUSIVE: the first write takes the file for good, so
//     a second server started on the same file fails at its start, rather
//     than both serving copies in memory that drift apart.
//   - busy_timeout 1 s: how long that second server waits before it says so.
//   - one connection: every change goes through the committer, and reads
//     come from memory; the database is read only at Open.
const pragmas = "_pragma=synchronous(FULL)&_pragma=locking_mode(EXCLUSIVE)&_pragma=busy_timeout(1000)"

// applicationID marks a SQLite file as this server's tasks ("tsks"), so
// that -db never takes some other program's database for ours.
const (
	applicationID = 0x74736b73
	schemaVersion = 1
)

const schema = `
CREATE TABLE tasks (
	id    INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	done  INTEGER NOT NULL CHECK (done IN (0, 1))
);
CREATE TABLE next_id (id INTEGER NOT NULL); -- one row: ids are never reused
`

// Open opens the tasks database at path, creating it with the tutorial's
// two tasks if it is new, and loads its tasks; maxTasks bounds how many
// it holds (0: tasks.DefaultMaxTasks). It fails, saying why, when the
// file cannot be opened or written, is not a SQLite database, or is some
// other program's.
func Open(path string, maxTasks int) (*Store, error) {
	s, err := open(path, maxTasks)
	if err != nil {
		return nil, fmt.Errorf("-db %s: %w", path, err)
	}
	return s, nil
}

func open(path string, maxTasks int) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := writable(abs); err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: pragmas}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	if s.mem, err = s.load(); err != nil {
		db.Close()
		return nil, err
	}
	s.mem.Max = maxTasks
	s.changes, s.quit, s.stopped = make(chan *change), make(chan struct{}), make(chan struct{})
	go s.committer() // from here on, the committer alone writes db and mem (Store)
	return s, nil
}

// prepare checks that the file is ours, or new, and makes a new one ours:
// the schema and the tutorial's two tasks, in one transaction. It writes
// either way, so that a file it may not write fails here, at start, and
// not at the first POST.
func (s *Store) prepare() error {
	var appID, version, tables int
	err := s.db.QueryRow(`SELECT (SELECT application_id FROM pragma_application_id), (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &tables)
	if err != nil {
		return startError(err)
	}
	switch {
	case appID == applicationID && version != schemaVersion:
		return fmt.Errorf("a tasks database of version %d; this server knows version %d", version, schemaVersion)
	case appID != applicationID && tables > 0:
		return fmt.Errorf("%w: it has %d tables and not this server's mark (application_id %#x)", errNotOurs, tables, appID)
	}
	if _, err := s.db.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		return startError(err)
	}
	return startError(s.commit(func(tx *sql.Tx) error {
		if appID == applicationID {
			_, err := tx.Exec(`UPDATE next_id SET id = id`) // a write that changes nothing
			return err
		}
		stmts := []string{
			schema,
			`INSERT INTO tasks (id, title, done) VALUES (1, '阅读 HTTP RFC', 0), (2, '手写 socket 服务器', 1)`, // the tutorial's _tasks
			`INSERT INTO next_id (id) VALUES (3)`,
			fmt.Sprintf(`PRAGMA application_id = %d`, applicationID),
			fmt.Sprintf(`PRAGMA user_version = %d`, schemaVersion),
		}
		for _, q := range stmts {
			if _, err := tx.Exec(q); err != nil {
				return err
			}
		}
		return nil
	}))
}

// load reads every task, in id order, and the next id into a step 3
// store in memory.
func (s *Store) load() (*tasks.Store, error) {
	var next int
	if err := s.db.QueryRow(`SELECT id FROM next_id`).Scan(&next); err != nil {
		return nil, startError(err)
	}
	rows, err := s.db.Query(`SELECT id, title, done FROM tasks ORDER BY id`)
	if err != nil {
		return nil, startError(err)
	}
	defer rows.Close()
	var kept []tasks.Task
	for rows.Next() {
		var t tasks.Task
		if err := rows.Scan(&t.ID, &t.Title, &t.Done); err != nil {
			return nil, startError(err)
		}
		kept = append(kept, t)
	}
	if err := rows.Err(); err != nil {
		return nil, startError(err)
	}
	return tasks.LoadStore(kept, next)
}

// writable refuses a database file, or the directory its write-ahead
// log goes in, that this process may not write, in those words: SQLite
// would call it a locking or I/O error, at the first write. It asks in a
// way that works on every system (access(2) is Unix only): it opens the
// file for writing, which changes nothing in it, and creates a file in
// the directory and removes it again. A path that does not exist, or is a
// directory, is left to SQLite, which says what is wrong with it.
func writable(path string) error {
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return cannotWrite(path, err)
		}
		f.Close()
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, filepath.Base(path)+".probe-*")
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return cannotWrite(dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// cannotWrite says that path cannot be written, and why: the reason the
// system gave (permission denied), without the name of the probe.
func cannotWrite(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("the database cannot be written: %s: %w", path, err)
}

// SQLite's result codes (https://sqlite.org/rescode.html), the primary
// ones: an extended code keeps its primary in its low byte.
const (
	codeBusy     = 5
	codeReadOnly = 8
	codeFull     = 13
	codeCantOpen = 14
	codeNotADB   = 26
)

func code(err error) int {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() & 0xff
	}
	return 0
}

func isFull(err error) bool { return code(err) == codeFull }

// startError says what a failure at start means for the person who
// passed -db.
func startError(err error) error {
	switch code(err) {
	case 0:
		return err
	case codeNotADB:
		return fmt.Errorf("%w: the file is not a SQLite database (%v)", errNotOurs, err)
	case codeReadOnly:
		return fmt.Errorf("the database cannot be written: %v", err)
	case codeCantOpen:
		return fmt.Errorf("the database cannot be opened (does its directory exist?): %v", err)
	case codeBusy:
		return fmt.Errorf("the database is in use (another server on the same file?): %v", err)
	}
	return err
}
