package check

import (
	"bufio"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"httpfromscratch/step5_conn/connection"
	"httpfromscratch/step6_server/server"
	"httpfromscratch/step7_client/tutorialtest"
)

// TestEveryMessageInEveryLanguage: the two tables hold the same ids,
// no message is empty, and each language's format takes the same verbs
// in the same order, so that the same arguments fill both.
func TestEveryMessageInEveryLanguage(t *testing.T) {
	for id, en := range english {
		zh, ok := chinese[id]
		switch {
		case !ok:
			t.Errorf("%q has no Chinese", id)
		case strings.TrimSpace(zh) == "" || strings.TrimSpace(en) == "":
			t.Errorf("%q: English %q, Chinese %q: a message is empty", id, en, zh)
		case !slices.Equal(verbs(en), verbs(zh)):
			t.Errorf("%q: English %q takes %q, Chinese %q takes %q", id, en, verbs(en), zh, verbs(zh))
		}
	}
	for id := range chinese {
		if _, ok := english[id]; !ok {
			t.Errorf("%q is Chinese only: every message starts in English", id)
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(?:\.[0-9]+)?[a-zA-Z%]`)

func verbs(format string) []string {
	var vs []string
	for _, v := range verb.FindAllString(format, -1) {
		if v != "%%" {
			vs = append(vs, v)
		}
	}
	return vs
}

// TestEveryIDSaidHasAMessage reads this package's code: every literal id
// given to fail, skip and say, and every check's id, group and section, is in
// the tables; and every check has a line on why it matters.
func TestEveryIDSaidHasAMessage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			name := ""
			switch fun := call.Fun.(type) {
			case *ast.Ident:
				name = fun.Name
			case *ast.SelectorExpr:
				name = fun.Sel.Name
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if (name == "fail" || name == "skip" || name == "say") && ok && lit.Kind == token.STRING {
				id, _ := strconv.Unquote(lit.Value)
				if _, ok := english[id]; !ok {
					t.Errorf("%s: %s(%s): no such message", fset.Position(call.Pos()), name, lit.Value)
				}
			}
			return true
		})
	}
	for _, c := range checklist {
		for _, id := range []string{c.id, c.id + ".why", c.group} {
			if _, ok := english[id]; !ok {
				t.Errorf("check %q: no message %q", c.id, id)
			}
		}
		if _, ok := english[c.section]; c.section != "" && !ok {
			t.Errorf("check %q: no message %q", c.id, c.section)
		}
		if !slices.ContainsFunc(groups, func(g group) bool { return g.id == c.group }) {
			t.Errorf("check %q: group %q is not in groups", c.id, c.group)
		}
	}
	for _, g := range groups {
		for _, id := range append([]string{g.id}, g.sections...) {
			if _, ok := english[id]; !ok {
				t.Errorf("group %q: no message %q", g.id, id)
			}
		}
	}
}

// TestTheGroupsFollowTheTutorial: the groups cover steps 1 to LastStep,
// each once, in order, then what lies beyond; each step's group names
// that step's README section and its title as the tutorial writes it
// (README.zh-CN.md's table of the steps quotes the titles verbatim).
func TestTheGroupsFollowTheTutorial(t *testing.T) {
	b, err := os.ReadFile("../../README.zh-CN.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	next := 1
	for _, g := range groups {
		if g.first == 0 {
			if next != LastStep+1 || g.id != beyond {
				t.Errorf("group %q covers no step, after step %d: want only the last group, beyond, after step %d", g.id, next-1, LastStep)
			}
			continue
		}
		if g.first != next || g.last < g.first {
			t.Errorf("group %q covers steps %d-%d, want it to start at step %d", g.id, g.first, g.last, next)
		}
		for n := g.first; n <= g.last; n++ {
			if groupOf(n).id != g.id {
				t.Errorf("groupOf(%d) = %q, want %q", n, groupOf(n).id, g.id)
			}
			section := fmt.Sprintf("section.step%d", n)
			if !slices.Contains(g.sections, section) {
				t.Errorf("group %q lacks %s", g.id, section)
			}
			title := fmt.Sprintf("| Step %d:", n)
			i := slices.IndexFunc(g.titles, func(s string) bool { return strings.HasPrefix(s, title[2:]) })
			if i < 0 || !strings.Contains(readme, "| "+g.titles[i]+" |") {
				t.Errorf("group %q: no title of step %d as README.zh-CN.md's table has it: %q", g.id, n, g.titles)
			}
		}
		next = g.last + 1
	}
	if next != LastStep+1 {
		t.Errorf("the groups end at step %d, want %d", next-1, LastStep)
	}
}

// TestThePointersNameRealSections: a pointer names a section the README
// it names has: a heading, or in README.zh-CN.md's list of the hardening,
// a bullet. A Chinese pointer names README.zh-CN.md; an English one the
// module's README.md for a tutorial step, full/README.md for the rest.
func TestThePointersNameRealSections(t *testing.T) {
	readmes := map[Lang][]string{English: {"README.md", "full/README.md"}, Chinese: {"README.zh-CN.md"}}
	// `README "Heading"`, `README: "Heading"` or `README "Heading":bullet`.
	pointer := regexp.MustCompile(`([\w./-]+\.md):? "([^"]+)"(?::(.+))?`)
	for lang, paths := range readmes {
		for id := range english {
			if !strings.HasPrefix(id, "section.") && id != "group.beyond" {
				continue
			}
			m := pointer.FindStringSubmatch(lang.say(id))
			if m == nil || !slices.Contains(paths, m[1]) {
				t.Errorf("%s %s: %q names no section of %q", lang, id, lang.say(id), paths)
				continue
			}
			path, heading, bullet := m[1], m[2], m[3]
			if step := strings.HasPrefix(id, "section.step"); lang == English && step != (path == "README.md") {
				t.Errorf("%s %s: %q points into %s", lang, id, lang.say(id), path)
			}
			b, err := os.ReadFile("../../" + path)
			if err != nil {
				t.Fatal(err)
			}
			readme := string(b)
			if !regexp.MustCompile(`(?m)^(#+ |\*\*)` + regexp.QuoteMeta(heading) + `(\*\*|$)`).MatchString(readme) {
				t.Errorf("%s %s: %s has no section %q", lang, id, path, heading)
			}
			if bullet != "" && !strings.Contains(readme, "\n- "+bullet) {
				t.Errorf("%s %s: %s has no item %q", lang, id, path, bullet)
			}
		}
	}
}

// TestTheReportInChinese runs the checklist in Chinese against servers
// that pass and fail it: no English sentence is left but the check names,
// the bytes shown, quoted and the commands; the last line is the count,
// in Chinese.
func TestTheReportInChinese(t *testing.T) {
	t.Run("our server, every exchange shown", func(t *testing.T) {
		ln := server.NewPipeListener()
		ours(t, ln, connection.Timeouts{})
		_, out, _ := run(t, Options{Addr: "pipe", Lang: Chinese, Verbose: true, Dial: func(ctx context.Context) (net.Conn, error) { return ln.DialContext(ctx, "", "") }})
		assertChinese(t, out)
	})
	t.Run("a server that hangs", func(t *testing.T) {
		addr := broken(t, func(nc net.Conn, br *bufio.Reader, _ string) { io.Copy(io.Discard, br) })
		res, out, _ := run(t, Options{Addr: addr, Lang: Chinese, Timeout: 100 * time.Millisecond})
		if res.Failed == 0 || !strings.Contains(out, chinese["hangs"]) {
			t.Errorf("%+v, want every check failed, saying %q:\n%s", res, chinese["hangs"], out)
		}
		assertChinese(t, out)
	})
	t.Run("the tutorial's server", func(t *testing.T) {
		python, script := tutorialtest.Script(t)
		addr := startPython(t, python, script)
		res, out, failed := run(t, Options{Addr: addr, Lang: Chinese, Timeout: time.Second})
		if res.Failed == 0 || len(failed) != res.Failed {
			t.Errorf("%+v, failed %q:\n%s", res, failed, out)
		}
		for _, want := range []string{"> 请求行         GET /health HTTP/1.1\\r\\n", "< 状态行         HTTP/1.1 200 OK\\r\\n", "< 响应体         {", "为什么重要:", "README.zh-CN.md \"教程没讲的加固\":长连接和流水线", "检查名(-only 匹配它):keep-alive: a second request"} {
			if !strings.Contains(out, want) {
				t.Errorf("the report lacks %q:\n%s", want, out)
			}
		}
		assertChinese(t, out)
	})
}

// english3 is three English words in a row: a sentence, or most of one.
var english3 = regexp.MustCompile(`[A-Za-z][A-Za-z'-]*(?: +[A-Za-z][A-Za-z'-]*){2,}`)

// assertChinese fails t when the report out says a sentence in English
// outside what stays as it is in every language: the bytes on the wire
// (the exchanges' lines, what a message quotes), the check names, and the
// commands.
func assertChinese(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^\d+ 项通过,\d+ 项失败,\d+ 项跳过$`).MatchString(last) {
		t.Errorf("the last line %q is not the count in Chinese", last)
	}
	wire := regexp.MustCompile(`^ *(\[\d+\] )?[<>] `)
	quoted := regexp.MustCompile(`"[^"]*"`)
	for _, line := range lines {
		switch {
		case wire.MatchString(line):
			// The bytes stay; their label is said.
			part := line[len(wire.FindString(line)):]
			for _, label := range traceLabels {
				if strings.HasPrefix(part, label+" ") {
					t.Errorf("an English label: %q", line)
				}
			}
			continue
		case strings.Contains(line, "检查名(-only 匹配它):"):
			continue
		case strings.Contains(line, "试一试:"), strings.Contains(line, "没有 nc 时"):
			_, note, _ := strings.Cut(line, "   # ") // the command stays; its note is said
			line = note
		}
		if s := english3.FindString(quoted.ReplaceAllString(line, `""`)); s != "" {
			t.Errorf("English left: %q in\n%s", s, line)
		}
	}
}
