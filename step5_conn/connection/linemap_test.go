package connection

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The package documentation maps the tutorial's handle_connection to Go,
// a line each: the Python, then after two spaces the Go that does it. A
// learner trusts the first file they open most, so these tests hold the
// map to the code: every function it names exists and runs for a request,
// and every file it names is where it says.

// TestLineMapNamesFunctionsHandleReaches: in the Go side of the map,
//   - c.name is a method of conn, and name( or a camelCase word a function
//     of this package, each reached from Handle;
//   - cfg.X, cfg.Log.X and req.X name something Handle's code uses (a
//     field of Config or of the request, a method of accesslog or step
//     1), pkg.X( a function of another package that it calls;
//   - a name of these right before "(file.go)" is declared in that file.
func TestLineMapNamesFunctionsHandleReaches(t *testing.T) {
	pkg := parsePackage(t)
	reached := pkg.reachedFrom("Handle")
	rows := lineMap(t, pkg.doc)
	if len(rows) < 8 {
		t.Fatalf("found %d lines in the line map, want one for each line of handle_connection:\n%s", len(rows), pkg.doc)
	}
	var (
		method   = regexp.MustCompile(`\bc\.([A-Za-z]\w*)`)
		outside  = regexp.MustCompile(`\b(?:cfg\.Log|cfg|req)\.([A-Za-z]\w*)|\b[a-z]\w*\.([A-Z]\w*)\(`)
		call     = regexp.MustCompile(`(?:^|[^.\w])([a-z]\w*)\(`)
		camel    = regexp.MustCompile(`(?:^|[^.\w])([a-z]+[A-Z]\w*)\b`)
		declared = regexp.MustCompile(`\b([A-Za-z]\w*)(?:\([^)]*\))? \((\w+\.go)\)`)
	)
	for _, row := range rows {
		var names []string
		for _, re := range []*regexp.Regexp{method, call, camel} {
			for _, m := range re.FindAllStringSubmatch(row.goSide, -1) {
				name, as := m[1], strings.Trim(m[0], " (")
				names = append(names, name)
				if _, ok := pkg.funcs[name]; !ok {
					t.Errorf("%q names %s, which is no function of this package", row.python, as)
				} else if !reached[name] {
					t.Errorf("%q names %s, which Handle does not reach: Handle or readRequest (connection.go) is to call it, or a function that does", row.python, as)
				}
			}
		}
		for _, m := range outside.FindAllStringSubmatch(row.goSide, -1) {
			as := strings.TrimSuffix(m[0], "(")
			if m[1] != "" && !pkg.usedBy(reached, m[1]) {
				t.Errorf("%q names %s, which nothing Handle reaches uses", row.python, as)
			}
			if m[2] != "" && !pkg.calledBy(reached, m[2]) {
				t.Errorf("%q names %s, which nothing Handle reaches calls", row.python, as)
			}
		}
		for _, m := range declared.FindAllStringSubmatch(row.goSide, -1) {
			if !slices.Contains(names, m[1]) {
				continue // a word of the prose, "batched (output_batch.go)"
			}
			if files := pkg.funcs[m[1]]; !slices.Contains(files, m[2]) {
				t.Errorf("%q says %s is in %s; it is declared in %v", row.python, m[1], m[2], files)
			}
		}
	}
}

// TestWhatHTTPAddsNamesFunctionsHandleReaches: the paragraph after the
// line map, the calls HTTP/1.1 adds to the tutorial's loop, names
// functions that Handle reaches, each in the file it says.
func TestWhatHTTPAddsNamesFunctionsHandleReaches(t *testing.T) {
	pkg := parsePackage(t)
	reached := pkg.reachedFrom("Handle")
	_, para, ok := strings.Cut(pkg.doc, "What HTTP/1.1 adds to that loop")
	if !ok {
		t.Fatal(`the package documentation has no paragraph "What HTTP/1.1 adds to that loop"`)
	}
	para, _, _ = strings.Cut(para, "\n\n")
	named := regexp.MustCompile(`(?:c\.)?([a-z]\w*) \((\w+\.go)\)`).FindAllStringSubmatch(para, -1)
	if len(named) < 5 {
		t.Fatalf("the paragraph names %d functions with their files, want the five calls:\n%s", len(named), para)
	}
	for _, m := range named {
		switch files := pkg.funcs[m[1]]; {
		case files == nil:
			t.Errorf("the paragraph names %s, which is no function of this package", m[1])
		case !reached[m[1]]:
			t.Errorf("the paragraph names %s, which Handle does not reach", m[1])
		case !slices.Contains(files, m[2]):
			t.Errorf("the paragraph says %s is in %s; it is declared in %v", m[1], m[2], files)
		}
	}
}

// TestPackageDocNamesEveryFile: the package documentation names every
// file of the package (the idea, the hardening, the speed devices), and
// no file that is not there.
func TestPackageDocNamesEveryFile(t *testing.T) {
	pkg := parsePackage(t)
	named := map[string]bool{}
	for _, f := range regexp.MustCompile(`\b\w+\.go\b`).FindAllString(pkg.doc, -1) {
		named[f] = true
		if _, err := os.Stat(f); err != nil {
			t.Errorf("the package documentation names %s, which is not in the package", f)
		}
	}
	for _, f := range pkg.files {
		if !named[f] && f != "connection.go" {
			t.Errorf("the package documentation does not say what %s is for", f)
		}
	}
}

// row is one line of the line map.
type row struct{ python, goSide string }

// lineMap finds the line map in the package documentation: the indented
// lines after the paragraph that introduces it.
func lineMap(t *testing.T, doc string) []row {
	t.Helper()
	_, after, ok := strings.Cut(doc, "The tutorial's handle_connection, and the Go")
	if !ok {
		t.Fatal("the package documentation has no line map")
	}
	var rows []row
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "\t") {
			if len(rows) > 0 {
				break // the end of the indented block
			}
			continue
		}
		python, goSide, ok := strings.Cut(strings.TrimPrefix(line, "\t"), "  ")
		if !ok {
			t.Errorf("line map line %q has no two spaces between the Python and the Go", line)
			continue
		}
		rows = append(rows, row{python: python, goSide: strings.TrimSpace(goSide)})
	}
	return rows
}

// goPackage is this package's source, without its tests.
type goPackage struct {
	doc   string              // the package documentation
	files []string            // the names of its .go files
	funcs map[string][]string // function and method names, and the files declaring them
	calls map[string][]string // the names each function calls, by function name
	uses  map[string][]string // the names each function selects, x.name, called or not
}

func parsePackage(t *testing.T) *goPackage {
	t.Helper()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	pkg := &goPackage{funcs: map[string][]string{}, calls: map[string][]string{}, uses: map[string][]string{}}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		pkg.files = append(pkg.files, name)
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Doc != nil {
			pkg.doc += f.Doc.Text()
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			pkg.funcs[fn.Name.Name] = append(pkg.funcs[fn.Name.Name], name)
			ast.Inspect(fn, func(n ast.Node) bool {
				if s, ok := n.(*ast.SelectorExpr); ok {
					pkg.uses[fn.Name.Name] = append(pkg.uses[fn.Name.Name], s.Sel.Name)
				}
				if c, ok := n.(*ast.CallExpr); ok {
					switch f := c.Fun.(type) {
					case *ast.Ident:
						pkg.calls[fn.Name.Name] = append(pkg.calls[fn.Name.Name], f.Name)
					case *ast.SelectorExpr:
						pkg.calls[fn.Name.Name] = append(pkg.calls[fn.Name.Name], f.Sel.Name)
					}
				}
				return true
			})
		}
	}
	return pkg
}

// reachedFrom is the functions of the package that root calls, directly
// or through others. Methods are known by name alone, which may count a
// few too many as reached, never too few.
func (p *goPackage) reachedFrom(root string) map[string]bool {
	reached := map[string]bool{root: true}
	for todo := []string{root}; len(todo) > 0; {
		fn := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, callee := range p.calls[fn] {
			if _, ours := p.funcs[callee]; ours && !reached[callee] {
				reached[callee] = true
				todo = append(todo, callee)
			}
		}
	}
	return reached
}

// calledBy reports whether one of the reached functions calls name.
func (p *goPackage) calledBy(reached map[string]bool, name string) bool {
	return anyHas(reached, p.calls, name)
}

// usedBy reports whether one of the reached functions selects name.
func (p *goPackage) usedBy(reached map[string]bool, name string) bool {
	return anyHas(reached, p.uses, name)
}

func anyHas(reached map[string]bool, names map[string][]string, name string) bool {
	for fn := range reached {
		if slices.Contains(names[fn], name) {
			return true
		}
	}
	return false
}
