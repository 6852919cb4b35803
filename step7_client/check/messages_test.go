package check

import (
	"bufio"
	"context"
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
// given to fail and say, and every check's id, group and section, is in
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
			if (name == "fail" || name == "say") && ok && lit.Kind == token.STRING {
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
	}
}

// TestThePointersNameRealSections: a check's pointer names a section the
// README of its language has: a heading, or in README.zh-CN.md's list of
// the hardening, a bullet.
func TestThePointersNameRealSections(t *testing.T) {
	readmes := map[Lang]string{English: "../../full/README.md", Chinese: "../../README.zh-CN.md"}
	for lang, path := range readmes {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		readme := string(b)
		for id := range english {
			if !strings.HasPrefix(id, "section.") && id != "group.beyond" {
				continue
			}
			// `README "Heading"` or `README "Heading":bullet`.
			m := regexp.MustCompile(`"(.+)"(?::(.+))?`).FindStringSubmatch(lang.say(id))
			if m == nil {
				t.Errorf("%s %s: %q names no section", lang, id, lang.say(id))
				continue
			}
			heading, bullet := m[1], m[2]
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
