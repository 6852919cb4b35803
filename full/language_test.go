package main

import (
	"context"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"httpfromscratch/step8_cli/cli"
)

// TestThePageNegotiatesItsLanguage asks for / over TCP with the
// Accept-Language a browser sends: Chinese first gets the Chinese page,
// anything else the English one, each with Vary: Accept-Language (and
// Accept-Encoding); HEAD gets the fields GET does.
func TestThePageNegotiatesItsLanguage(t *testing.T) {
	addr, _, _ := start(t)
	c := dial(t, addr)
	tests := []struct {
		name   string
		fields string
		lang   string
		says   string
	}{
		{name: "Chinese first", fields: "Accept-Language: zh-CN,zh;q=0.9\r\n", lang: "zh-CN", says: "<h2>任务</h2>"},
		{name: "English first, Chinese after", fields: "Accept-Language: en-US,en;q=0.9,zh;q=0.8\r\n", lang: "en", says: "<h2>Tasks</h2>"},
		{name: "Chinese refused", fields: "Accept-Language: zh;q=0\r\n", lang: "en", says: "<h2>Tasks</h2>"},
		{name: "en", fields: "Accept-Language: en\r\n", lang: "en", says: "<h2>Tasks</h2>"},
		{name: "no Accept-Language", fields: "", lang: "en", says: "<h2>Tasks</h2>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			get := c.send("GET / HTTP/1.1\r\nHost: localhost\r\n"+tt.fields+"\r\n", "GET")
			body := string(get.Body)
			if get.Status != 200 || !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, tt.says) {
				t.Errorf("%d, want 200 and the page in %s:\n%s", get.Status, tt.lang, body)
			}
			if v := get.Get("Vary"); v != "Accept-Language, Accept-Encoding" {
				t.Errorf("Vary: %q, want Accept-Language, Accept-Encoding (the page is gzipped for a client that asks)", v)
			}
			if cl := get.Get("Content-Language"); cl != tt.lang {
				t.Errorf("Content-Language: %q, want %q", cl, tt.lang)
			}
			head := c.send("HEAD / HTTP/1.1\r\nHost: localhost\r\n"+tt.fields+"\r\n", "HEAD")
			if diff := cmp.Diff(get.Fields, head.Fields); head.Status != get.Status || diff != "" {
				t.Errorf("HEAD: %d, GET %d; fields (-GET +HEAD):\n%s", head.Status, get.Status, diff)
			}
		})
	}
}

// TestCurlGetsTheChinesePage runs the README's command.
func TestCurlGetsTheChinesePage(t *testing.T) {
	addr, _, _ := start(t)
	out := curl(t, "-H", "Accept-Language: zh-CN,zh;q=0.9", "http://"+addr+"/")
	for _, want := range []string{"< Vary: Accept-Language", "< Content-Language: zh-CN", `<html lang="zh-CN">`, "<h2>任务</h2>"} {
		if !strings.Contains(out, want) {
			t.Errorf("curl's output lacks %q:\n%s", want, out)
		}
	}
	if out := curl(t, "http://"+addr+"/"); !strings.Contains(out, `<html lang="en">`) || !strings.Contains(out, "< Vary: Accept-Language") {
		t.Errorf("without Accept-Language, curl gets:\n%s", out)
	}
}

// TestCheckModeInChinese runs -mode check -lang zh -v against the finished
// server: the heading, the group titles, the checks and the count are
// Chinese, and so are the labels of every exchange shown; no English
// sentence is left but in the bytes.
func TestCheckModeInChinese(t *testing.T) {
	addr, _, _ := start(t)
	host, port, _ := net.SplitHostPort(addr)
	o, err := cli.Parse("full", []string{"-mode", "check", "-lang", "zh", "-v", "-host", host, "-port", port})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	failed, err := runCheck(context.Background(), &out, o, false)
	report := out.String()
	if failed || err != nil {
		t.Fatalf("failed %v, err %v:\n%s", failed, err, report)
	}
	lines := strings.Split(strings.TrimRight(report, "\n"), "\n")
	if want := "按本模块讲的内容检查 http://" + addr + "。"; lines[0] != want {
		t.Errorf("the heading is %q, want %q", lines[0], want)
	}
	if last := lines[len(lines)-1]; !regexp.MustCompile(`^\d+ 项通过,0 项失败,1 项跳过$`).MatchString(last) {
		t.Errorf("the last line is %q, want the count in Chinese", last)
	}
	for _, want := range []string{"第 1-2 步,parse_request 和 build_response", "第 4 步,路由表 + dispatch", "第 7 步,demo_client", "> 请求行         GET /health HTTP/1.1\\r\\n", "< 状态行         HTTP/1.1 200 OK\\r\\n", "< 响应体         {"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	wire := regexp.MustCompile(`^ *(?:\[\d+\] )?[<>] (\S+)`) // a label, then the bytes
	english := regexp.MustCompile(`[A-Za-z][A-Za-z'-]*(?: +[A-Za-z][A-Za-z'-]*){2,}`)
	for _, line := range lines {
		if m := wire.FindStringSubmatch(line); m != nil {
			// The bytes stay as they are; the label is Chinese.
			if r := []rune(m[1])[0]; r < 0x2E80 && !strings.HasPrefix(m[1], "...") {
				t.Errorf("an exchange's label is not Chinese: %q", line)
			}
			continue
		}
		line = regexp.MustCompile(`"[^"]*"`).ReplaceAllString(line, `""`) // quoted: bytes
		if s := english.FindString(line); s != "" {
			t.Errorf("English left: %q in %q", s, line)
		}
	}
}
