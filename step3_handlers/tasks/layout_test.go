package tasks

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestStorageKnowsNoHTTP: the store packages (this one, its storetest,
// and sqlitestore) import nothing of HTTP, tests included: not the
// handlers, nor step 1's request or step 2's response. Handlers use a
// store; a store never uses a handler.
func TestStorageKnowsNoHTTP(t *testing.T) {
	for _, dir := range []string{".", "storetest", filepath.Join("..", "sqlitestore")} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s (%v)", dir, err)
		}
		for _, path := range files {
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p := strings.Trim(imp.Path.Value, `"`)
				for _, http := range []string{"step3_handlers/handlers", "step1_parse/", "step2_response/", "net/http"} {
					if strings.Contains(p, http) {
						t.Errorf("%s imports %s: storage does not know HTTP", path, p)
					}
				}
			}
		}
	}
}
