// Command names checks that every Go name, file and test the READMEs give
// exists: a learner who reads "readHead (head_arena.go)" or "go test -run
// TestParseRejects" and finds nothing stops trusting the guide. Run from
// the module's root (.ci/run does):
//
//	go run ./.ci/names
//
// It prints each name that is missing, with the README and line, and
// exits 1 if there is one. What it checks:
//   - a test, benchmark, fuzz target or example (TestX, BenchmarkX, FuzzX,
//     ExampleX), in prose or in a command: declared in a _test.go file;
//   - a file name in backquotes (x.go, dir/x.go, x.sh, x.lua): a path from
//     the root or the README's directory, or a bare name some file has;
//   - a Go name in backquotes: pkg.Name, where pkg is a package of this
//     module, declared in it; Type.Name, x.Name and Name() declared in the
//     module (a field, a method, a function); a camelCase name (readHead)
//     declared in the module (or, camelCase, used by the page's script).
//     Standard-library names (net.Pipe) and
//     words that are also HTTP's (Host, Allow) are not checked.
package main

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

var readmes = []string{"README.md", "README.zh-CN.md", "full/README.md"}

// elsewhere are names the READMEs give that another module declares: the
// net/http client's, the system's.
var elsewhere = map[string]bool{
	"resp.StatusCode":        true, // net/http's Response, in step 7's client
	"RawConn.Read":           true, // syscall's
	"syscall.RawConn.Read":   true,
	"setDeadlineImpl":        true, // the runtime's, in the profile
	"poll_runtime_pollReset": true,
	"socketpair()":           true, // Python's, in the tutorial
	"tasks.db":               true, // the file -db makes
	"server.allowedHosts":    true, // Vite's setting
	"close.lua":              true, // a script full/compare.sh writes
	"transferSize":           true, // the browser's Resource Timing
}

func main() {
	m, err := load(".")
	if err != nil {
		fmt.Fprintln(os.Stderr, "names:", err)
		os.Exit(2)
	}
	missing := 0
	for _, readme := range readmes {
		for _, p := range m.check(readme) {
			fmt.Println(p)
			missing++
		}
	}
	if missing > 0 {
		fmt.Printf("%d names in the READMEs that the code does not have\n", missing)
		os.Exit(1)
	}
	fmt.Printf("every test, file and Go name in %s exists\n", strings.Join(readmes, ", "))
}

// module is what the code declares.
type module struct {
	files    map[string]bool            // every file, by path from the root
	bases    map[string]bool            // and by its base name
	names    map[string]bool            // every declared name: functions, methods, types, fields, constants, variables
	pkgNames map[string]map[string]bool // a package's name → what it declares at top level and as methods
	tests    map[string]bool            // Test, Benchmark, Fuzz and Example functions
}

func load(root string) (*module, error) {
	m := &module{files: map[string]bool{}, bases: map[string]bool{}, names: map[string]bool{},
		pkgNames: map[string]map[string]bool{}, tests: map[string]bool{}}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		path = filepath.ToSlash(path)
		m.files[path] = true
		m.bases[d.Name()] = true
		if strings.HasSuffix(path, ".html") {
			// The page's script: a camelCase name the READMEs quote from
			// it (encodedBodySize) is the browser's, used there.
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, w := range camelWord.FindAllString(string(b), -1) {
				m.names[w] = true
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		m.declare(f, strings.HasSuffix(path, "_test.go"))
		return nil
	})
	return m, err
}

func (m *module) declare(f *ast.File, test bool) {
	pkg := m.pkgNames[f.Name.Name]
	if pkg == nil {
		pkg = map[string]bool{}
		m.pkgNames[f.Name.Name] = pkg
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			m.names[d.Name.Name] = true
			pkg[d.Name.Name] = true
			if test && d.Recv == nil {
				m.tests[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					m.names[s.Name.Name] = true
					pkg[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						m.names[n.Name] = true
						pkg[n.Name] = true
					}
				}
			}
		}
	}
	// Fields and interface methods, wherever they are declared.
	ast.Inspect(f, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FieldList); ok {
			for _, field := range fl.List {
				for _, name := range field.Names {
					m.names[name.Name] = true
				}
			}
		}
		return true
	})
}

var (
	quoted    = regexp.MustCompile("`([^`\n]+)`")
	testName  = regexp.MustCompile(`\b(?:Test|Benchmark|Fuzz|Example)[A-Z_]\w*`)
	fileName  = regexp.MustCompile(`^[\w./-]*\w\.(?:go|sh|lua|py|mod)$`)
	goName    = regexp.MustCompile(`^(?:([A-Za-z]\w*)\.)?([A-Za-z]\w*)(\(\))?$`)
	camel     = regexp.MustCompile(`^[a-z]+[A-Z]\w*$`)
	camelWord = regexp.MustCompile(`\b[a-z]+[A-Z]\w*\b`)
)

// check returns what readme names that the module lacks.
func (m *module) check(readme string) []string {
	f, err := os.Open(readme)
	if err != nil {
		return []string{err.Error()}
	}
	defer f.Close()
	var missing []string
	say := func(line int, format string, args ...any) {
		missing = append(missing, fmt.Sprintf("%s:%d: %s", readme, line, fmt.Sprintf(format, args...)))
	}
	dir := filepath.ToSlash(filepath.Dir(readme))
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		for _, t := range testName.FindAllString(text, -1) {
			if !m.tests[t] && !strings.HasSuffix(t, "_") {
				say(line, "no test function %s", t)
			}
		}
		for _, q := range quoted.FindAllStringSubmatch(text, -1) {
			word := q[1]
			switch {
			case elsewhere[word]:
			case fileName.MatchString(word):
				if !m.hasFile(word, dir) {
					say(line, "no file %s", word)
				}
			case goName.MatchString(word):
				g := goName.FindStringSubmatch(word)
				qual, name, call := g[1], g[2], g[3] != ""
				if testName.MatchString(name) {
					continue // checked above
				}
				if why := m.goName(qual, name, call); why != "" {
					say(line, "%s: %s", word, why)
				}
			}
		}
	}
	return missing
}

// hasFile reports whether name is a file: a path from the root or from
// dir, the end of a path ("tasks/store.go"), or a bare name some file has.
func (m *module) hasFile(name, dir string) bool {
	if m.files[name] || m.files[dir+"/"+name] || !strings.Contains(name, "/") && m.bases[name] {
		return true
	}
	for f := range m.files {
		if strings.HasSuffix(f, "/"+name) {
			return true
		}
	}
	return false
}

// goName says what is wrong with qual.name, or "" when it exists or is
// not this module's to check.
func (m *module) goName(qual, name string, call bool) string {
	if pkg, ok := m.pkgNames[qual]; ok && qual != "" && qual != "main" {
		if !pkg[name] {
			return "package " + qual + " declares no " + name
		}
		return ""
	}
	if qual != "" && (std[qual] || !call && strings.ToLower(name) == name) {
		return "" // net.Pipe; d.do or a host name (evil.example): not told apart, not checked
	}
	if qual != "" || call || camel.MatchString(name) {
		if !m.names[name] {
			return "nothing in the module is named " + name
		}
	}
	return ""
}

// std are the standard library's packages the READMEs name.
var std = map[string]bool{"net": true, "http": true, "bufio": true, "json": true, "strings": true,
	"strconv": true, "time": true, "io": true, "runtime": true, "utf8": true, "syscall": true,
	"os": true, "errors": true, "fmt": true, "bytes": true, "gzip": true, "sync": true, "context": true,
	"urllib": true, "textproto": true, "sql": true, "url": true, "flag": true}
