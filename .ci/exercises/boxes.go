package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A Box is a "Write it yourself" box of README.md and README.zh-CN.md: the
// function (or two) of a step whose body is the tutorial's logic, the body
// to paste in its place, the first test to run and what its first failure
// shows. The hardening and speed devices the function calls stay written:
// the learner writes the tutorial's function, the module keeps the rest.
//
// Each box is also an exercise, stepN-write-it: with the functions emptied
// the test must fail showing First (checked, not just "fails"); with them
// restored, as the repository has them, it must pass. The READMEs quote
// Test and each Body as they are here (TestBoxesAreInTheREADMEs).
type Box struct {
	Step  int
	Empty []Empty  // the functions to empty, each with the body to paste
	Test  string   // the first test to run: go test -run ... -timeout 30s ./...
	First []string // regular expressions: lines the test prints when it first fails
}

// Empty replaces the body of the function Func in File with Body. Func is
// "Name" for a function, "Type.Name" for a method.
type Empty struct {
	File string
	Func string
	Body string
}

// Restore puts File back as the repository has it: the answer to a box is
// the function as it was.
type Restore struct {
	File string
}

// exercise is b as an exercise the runner runs.
func (b Box) exercise() Exercise {
	var funcs, files []string
	e := Exercise{Name: fmt.Sprintf("step%d-write-it", b.Step)}
	for _, em := range b.Empty {
		e.Steps = append(e.Steps, em)
		funcs = append(funcs, em.Func)
		if !slices.Contains(files, em.File) {
			files = append(files, em.File)
		}
	}
	e.Try = fmt.Sprintf("Write it yourself: empty %s, run the first test, write it again until it passes", strings.Join(funcs, " and "))
	e.Steps = append(e.Steps, Run{Cmd: b.Test, Fails: true, Want: b.First})
	for _, f := range files {
		e.Steps = append(e.Steps, Restore{File: f})
	}
	e.Steps = append(e.Steps, Run{Cmd: b.Test})
	return e
}

func (s Empty) run(x *exercise) error { return x.edit(s.File, s.apply) }

// apply replaces the body of s.Func, between its braces, with s.Body
// indented one tab.
func (s Empty) apply(text string) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, s.File, text, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	typ, name, isMethod := strings.Cut(s.Func, ".")
	if !isMethod {
		typ, name = "", s.Func
	}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != name || fn.Body == nil || receiver(fn) != typ {
			continue
		}
		open, end := fset.Position(fn.Body.Lbrace).Offset, fset.Position(fn.Body.Rbrace).Offset
		body := "\t" + strings.ReplaceAll(strings.TrimSpace(s.Body), "\n", "\n\t")
		return text[:open+1] + "\n" + body + "\n" + text[end:], nil
	}
	return "", fmt.Errorf("%s: no func %s to empty", s.File, s.Func)
}

// receiver is the type name of fn's receiver, "" for a function.
func receiver(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return ""
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func (s Restore) run(x *exercise) error {
	b, err := os.ReadFile(filepath.Join(x.root, filepath.FromSlash(s.File)))
	if err != nil {
		return err
	}
	fmt.Fprintf(x.log, "restored %s\n", s.File)
	return os.WriteFile(filepath.Join(x.dir, filepath.FromSlash(s.File)), b, 0o644)
}

func (s Empty) tell(t *teller) {
	t.change(s.File, s.apply, fmt.Sprintf("   empty %s: its body becomes\n\n%s\n", s.Func, quote(s.Body)))
}

func (s Restore) tell(t *teller) {
	t.say("Write the function again until the test passes (one answer: %s as the repository has it, git checkout %s).\n", s.File, s.File)
}

// boxes are the READMEs' "Write it yourself" boxes, one a step, in order.
var boxes = slices.Concat(boxes1to4, boxes5to6, boxes7to8)

func init() {
	for _, b := range boxes {
		exercises = append(exercises, b.exercise())
	}
}
