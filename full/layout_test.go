package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStepsImportOnlyEarlierSteps guards the layout: a step builds on the
// steps before it by importing them, never on a later one; and the server
// side (steps 1 to 6, and full itself) is written on net.Conn bytes, so
// none of its non-test files imports net/http (step 7's client may). A
// package named like net/http/httptest (requesttest) is test code: it may
// use net/http as an oracle, and only test files may import it.
func TestStepsImportOnlyEarlierSteps(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "step*"))
	if err != nil || len(dirs) != 8 {
		t.Fatalf("found step directories %v (%v), want 8", dirs, err)
	}
	dirs = append(dirs, filepath.Join("..", "full"))
	for _, dir := range dirs {
		step := filepath.Base(dir) // "step5_conn", or "full" (after every step)
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				p := strings.Trim(imp.Path.Value, `"`)
				if dep, ok := strings.CutPrefix(p, "httpfromscratch/"); ok {
					depStep, _, _ := strings.Cut(dep, "/")
					if step != "full" && depStep > step {
						t.Errorf("%s imports %s, a later step", path, p)
					}
				}
				isTest := strings.HasSuffix(path, "_test.go") || strings.HasSuffix(filepath.Dir(path), "test")
				if p == "net/http" && !isTest && step != "step7_client" {
					t.Errorf("%s imports net/http: the server side is written on net.Conn", path)
				}
				if strings.HasSuffix(p, "test") && strings.HasPrefix(p, "httpfromscratch/") && !isTest {
					t.Errorf("%s imports the test helper %s", path, p)
				}
			}
			return nil
		})
	}
}
