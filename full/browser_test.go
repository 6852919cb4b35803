package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive: Debian's package, or another build
// on the PATH.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI is set and Chromium is missing: .ci/run installs it (apt-get install chromium)")
	}
	t.Skip("Chromium is not installed (apt-get install chromium); CI runs this test")
	return ""
}

// browser is a headless Chromium whose user reads the languages in
// acceptLanguage (its Accept-Language: the flag, not the machine's LANG,
// decides it), with the helpers the tests drive it with.
type browser struct {
	t   *testing.T
	ctx context.Context
}

func newBrowser(t *testing.T, acceptLanguage string) *browser {
	t.Helper()
	exe := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // CI runs as root
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("accept-lang", acceptLanguage),
		// Nothing but this server: no update checks, no sync, no QUIC.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second) // a hang fails, not blocks
	t.Cleanup(cancel)
	return &browser{t, ctx}
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *browser) eval(what, js string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func (b *browser) titles() []string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#tasks .title")].map(e => e.textContent)`))
	if err != nil {
		b.t.Fatalf("reading the list: %v", err)
	}
	return v
}

// loaded waits until the page has loaded the task list n times: every
// action ends by loading it again.
func loaded(n int) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`Number(document.body.dataset.loaded) >= `+strconv.Itoa(n), chromedp.WithPollingInterval(10*time.Millisecond))
}

// text is the text of the element with id.
func (b *browser) text(id string) string {
	b.t.Helper()
	return b.eval("reading #"+id, `document.getElementById("`+id+`").textContent`)
}

// reloadList clicks the page's "load the list again" button and waits
// for the list to be loaded once more.
func (b *browser) reloadList() {
	b.t.Helper()
	n, err := strconv.Atoi(b.eval("counting the list's loads", `document.body.dataset.loaded`))
	if err != nil {
		b.t.Fatal(err)
	}
	b.do("loading the list again", chromedp.Click(chromedp.ID("reload")), loaded(n+1))
}

// listWords are what the panel says of the list's answers, in one
// language: the labels of its rows, and the sentences the tests look for.
type listWords struct {
	arrived, chunks, noBody, notModified, pageArrived string
	compressed                                        *regexp.Regexp // its two numbers: bytes arrived, bytes decompressed
}

var (
	listWordsEn = listWords{
		arrived: "arrived", chunks: "chunks", noBody: "none: a 304 has no body",
		notModified: "304 Not Modified: the list has not changed since ETag ",
		pageArrived: "Its answer came compressed (Content-Encoding: gzip): ",
		compressed:  regexp.MustCompile(`arrived(\d+) bytes of gzip, (\d+) bytes once decompressed`),
	}
	listWordsZh = listWords{
		arrived: "收到的字节", chunks: "分块", noBody: "无:304 没有响应体",
		notModified: "304 Not Modified:自 ETag ",
		pageArrived: "它的响应经过压缩(Content-Encoding: gzip):",
		compressed:  regexp.MustCompile(`收到的字节(\d+) 字节 gzip 压缩数据,解压后 (\d+) 字节`),
	}
)

// seeTheListOnTheWire checks what the panel shows of the list's answers,
// as the page's script receives them. A reload with nothing changed
// sends the list's ETag as If-None-Match and shows the server's 304 (not
// a 200 out of the browser's cache), keeping the list; a list grown past
// the server's 1 KiB threshold comes gzipped and chunked, and the panel
// shows Content-Encoding, Transfer-Encoding and the bytes that arrived;
// the page's own answer was gzipped too.
func seeTheListOnTheWire(t *testing.T, b *browser, addr string, log *syncBuffer, say listWords) {
	t.Helper()
	api := dial(t, addr)
	notModified := func() {
		t.Helper()
		shown := b.titles()
		b.reloadList()
		resp, status, sent := b.text("list-response"), b.text("list-status"), b.text("list-sent")
		for _, want := range []string{`HTTP/1.1 304 Not Modified\r\n`, `etag: W/"`, "vary: Accept-Encoding", say.noBody} {
			if !strings.Contains(resp, want) {
				t.Errorf("after a reload with nothing changed, the list's answer lacks %q:\n%s", want, resp)
			}
		}
		if strings.Contains(resp, "content-encoding") {
			t.Errorf("a 304 came compressed:\n%s", resp)
		}
		_, tag, _ := strings.Cut(sent, "If-None-Match: ")
		if !strings.HasPrefix(tag, `W/"`) || !strings.Contains(status, say.notModified+tag) {
			t.Errorf("the page sent %q and says %q; want the 304 of ETag %s", sent, status, tag)
		}
		if got := b.titles(); strings.Join(got, "|") != strings.Join(shown, "|") {
			t.Errorf("after a 304 the list shows %q, want the list it showed, %q", got, shown)
		}
		log.waitFor(t, "GET /tasks 304")
	}
	notModified()

	// Thirty tasks more take the list past 1 KiB: gzip, and chunked.
	before := len(b.titles())
	for i := range 30 {
		if r := api.do("POST", "/tasks", `{"title":"a task to make the list long, number `+strconv.Itoa(i)+`"}`); r.Status != 201 {
			t.Fatalf("POST /tasks: %d %s", r.Status, r.Body)
		}
	}
	identity := api.do("GET", "/tasks", "") // no Accept-Encoding: the list as it is
	b.reloadList()
	if got := len(b.titles()); got != before+30 {
		t.Errorf("after thirty tasks more, the list shows %d, want %d", got, before+30)
	}
	resp := b.text("list-response")
	for _, want := range []string{`HTTP/1.1 200 OK\r\n`, `content-encoding: gzip\r\n`, `transfer-encoding: chunked\r\n`, "vary: Accept-Encoding", say.chunks, "go run ./full -trace"} {
		if !strings.Contains(resp, want) {
			t.Errorf("the gzipped list's answer lacks %q:\n%s", want, resp)
		}
	}
	if strings.Contains(resp, "content-length") {
		t.Errorf("a chunked answer with a Content-Length:\n%s", resp)
	}
	if m := say.compressed.FindStringSubmatch(resp); m == nil {
		t.Errorf("the panel does not say what arrived (%s):\n%s", say.compressed, resp)
	} else if enc, _ := strconv.Atoi(m[1]); m[2] != strconv.Itoa(len(identity.Body)) || enc <= 0 || enc >= len(identity.Body) {
		t.Errorf("the panel says %s bytes arrived, %s once decompressed; want fewer, and the list's %d", m[1], m[2], len(identity.Body))
	}
	notModified()

	if page := b.text("page-arrived"); !strings.Contains(page, say.pageArrived) {
		t.Errorf("the page's own answer: %q, want %q", page, say.pageArrived)
	}
}

// TestPageInABrowser drives the page at / in a real headless Chromium: the
// seed tasks show, a task is added, ticked and deleted through the page,
// each change checked through the API; a title made of HTML shows as text
// and runs nothing; the panel shows the request the browser sent; and a
// task changed elsewhere, before the page reads it or between that read
// and the PATCH (If-Match, 412), is shown again, never overwritten.
// SCREENSHOT=path saves a picture of the page (the README's).
func TestPageInABrowser(t *testing.T) {
	b := newBrowser(t, "en-US,en")
	ctx, do, eval, titles := b.ctx, b.do, b.eval, b.titles
	addr, log, _ := start(t)
	base := "http://" + addr
	api := dial(t, addr)

	task := func(id string) map[string]any {
		t.Helper()
		r := api.do("GET", "/tasks/"+id, "")
		var out struct{ Task map[string]any }
		json.Unmarshal(r.Body, &out)
		return out.Task
	}

	do("loading the page", chromedp.Navigate(base+"/"), loaded(1))
	if got, want := titles(), []string{"阅读 HTTP RFC", "手写 socket 服务器"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("the list shows %q, want the two seed tasks %q", got, want)
	}
	panel := eval("reading the panel", `document.getElementById("page-request").textContent`)
	if lang := eval("reading the page's language", `document.documentElement.lang`); lang != "en" {
		t.Errorf("<html lang=%q>, want en", lang)
	}
	for _, want := range []string{`request line`, `GET / HTTP/1.1\r\n`, `Host: ` + addr + `\r\n`, `Accept-Language: en-US,en;q=0.9\r\n`, `empty line`} {
		if !strings.Contains(panel, want) {
			t.Errorf("the raw-request panel lacks %q:\n%s", want, panel)
		}
	}

	do("adding a task", chromedp.SendKeys(chromedp.ID("title"), "写博客"), chromedp.Click(chromedp.ID("add-button")), loaded(2))
	if got := titles(); len(got) != 3 || got[2] != "写博客" {
		t.Fatalf("after adding: %q", got)
	}
	if task("3")["title"] != "写博客" {
		t.Errorf("the API does not have task 3: %v", task("3"))
	}
	last := eval("reading the last request", `document.getElementById("last-request").textContent`)
	if !strings.Contains(last, `POST /echo HTTP/1.1\r\n`) || !strings.Contains(last, `{"title":"写博客"}`) {
		t.Errorf("the last-request panel:\n%s", last)
	}

	do("ticking it", chromedp.Click(chromedp.CSS(`#tasks li[data-id="3"] input`)), loaded(3))
	if task("3")["done"] != true {
		t.Errorf("after ticking, the API says %v", task("3"))
	}

	do("deleting it", chromedp.Click(chromedp.CSS(`#tasks li[data-id="3"] button`)), loaded(4))
	if got := titles(); len(got) != 2 {
		t.Errorf("after deleting: %q", got)
	}
	if r := api.do("GET", "/tasks/3", ""); r.Status != 404 {
		t.Errorf("after deleting, GET /tasks/3 is %d", r.Status)
	}

	const xss = `<img src=x onerror="document.title='pwned'">`
	do("adding a title made of HTML", chromedp.SendKeys(chromedp.ID("title"), xss), chromedp.Click(chromedp.ID("add-button")), loaded(5))
	if got := titles(); len(got) != 3 || got[2] != xss {
		t.Errorf("the HTML title shows as %q, want it as text", got)
	}
	if title := eval("reading the title", `document.title`); title == "pwned" {
		t.Error("the title ran as HTML: document.title is pwned")
	}
	if images := eval("counting images", `String(document.querySelectorAll("#tasks img").length)`); images != "0" {
		t.Errorf("the list holds %s images: the title became HTML", images)
	}

	// Another tab changes task 1 after this page showed it. Ticking it
	// here reads the task first, finds it changed, and shows the list
	// again instead of overwriting the change.
	message := func() string { return eval("reading the message", `document.getElementById("error").textContent`) }
	if r := api.do("PATCH", "/tasks/1", `{"title":"changed in another tab"}`); r.Status != 200 {
		t.Fatalf("PATCH /tasks/1 from another tab: %d %s", r.Status, r.Body)
	}
	do("ticking a task changed elsewhere", chromedp.Click(chromedp.CSS(`#tasks li[data-id="1"] input`)), loaded(6))
	if msg := message(); !strings.Contains(msg, "changed or deleted elsewhere") {
		t.Errorf("after ticking a task changed elsewhere, the page says %q", msg)
	}
	if got := task("1"); got["title"] != "changed in another tab" || got["done"] != false {
		t.Errorf("the page overwrote a change made elsewhere: task 1 is %v", got)
	}
	if got := titles(); len(got) == 0 || got[0] != "changed in another tab" {
		t.Errorf("the list was not shown again: %q", got)
	}

	// Now the change comes between the page's read of task 1 and its
	// PATCH: a request slipped in just before the PATCH leaves. The PATCH
	// carries the ETag the page read as If-Match, and the server refuses
	// it: 412, and the page says so.
	eval("slipping a change in before the page's next PATCH", `(() => {
		const fetch0 = window.fetch;
		window.fetch = async (path, init) => {
			if (init && init.method === "PATCH" && init.headers["If-Match"]) {
				window.fetch = fetch0;
				await fetch0(path, {method: "PATCH", headers: {"Content-Type": "application/json"}, body: '{"title":"changed in between"}'});
			}
			return fetch0(path, init);
		};
		return "";
	})()`)
	do("ticking it while it changes", chromedp.Click(chromedp.CSS(`#tasks li[data-id="1"] input`)), loaded(7))
	if msg := message(); !strings.Contains(msg, "changed or deleted elsewhere") {
		t.Errorf("after a 412, the page says %q", msg)
	}
	if resp := eval("reading the last response", `document.getElementById("last-response").textContent`); !strings.Contains(resp, "HTTP/1.1 412") {
		t.Errorf("the last response is not the 412:\n%s", resp)
	}
	if req := eval("reading the last request", `document.getElementById("last-request").textContent`); !strings.Contains(strings.ToLower(req), `if-match: "`) {
		t.Errorf("the PATCH did not carry If-Match:\n%s", req)
	}
	if got := task("1"); got["title"] != "changed in between" || got["done"] != false {
		t.Errorf("the PATCH overwrote the change made in between: task 1 is %v", got)
	}

	seeTheListOnTheWire(t, b, addr, log, listWordsEn)
	if path := os.Getenv("SCREENSHOT"); path != "" {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("taking a screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Clean(path), png, 0o644); err != nil {
			t.Error(err)
		}
	}

	// Another origin: a page on another port of 127.0.0.1, as any web
	// site the learner visits could be, tries to plant tasks with a form
	// that submits itself (text/plain, so its body is JSON) and with a
	// no-cors fetch. CORS would stop it reading the answers, not sending
	// them: the server must refuse both (403), and create nothing.
	evil := hostilePage(t, base)
	do("a page of another origin sends a no-cors fetch", chromedp.Navigate(evil+"/fetch"))
	log.waitFor(t, "POST /tasks?via=fetch 403")
	do("a page of another origin submits a form", chromedp.Navigate(evil+"/form"))
	log.waitFor(t, "POST /tasks?via=form 403")
	if r := api.do("GET", "/tasks", ""); strings.Contains(string(r.Body), "planted") {
		t.Errorf("another origin planted a task:\n%s", r.Body)
	}
}

// TestPageInABrowserInChinese: a browser whose user reads Chinese first
// gets the page in Chinese (content negotiation by Accept-Language), its
// labels the tutorial's words, and its script runs under the same
// Content-Security-Policy: the list loads, and a task is added through it.
func TestPageInABrowserInChinese(t *testing.T) {
	b := newBrowser(t, "zh-CN,zh,en")
	addr, log, _ := start(t)
	b.do("loading the page", chromedp.Navigate("http://"+addr+"/"), loaded(1))
	if lang := b.eval("reading the page's language", `document.documentElement.lang`); lang != "zh-CN" {
		t.Errorf("<html lang=%q>, want zh-CN", lang)
	}
	if h := b.eval("reading the heading", `document.querySelector("h2").textContent`); h != "任务" {
		t.Errorf("the list's heading is %q, want 任务", h)
	}
	if got := b.titles(); strings.Join(got, "|") != "阅读 HTTP RFC|手写 socket 服务器" {
		t.Errorf("the list shows %q, want the two seed tasks", got)
	}
	panel := b.eval("reading the panel", `document.getElementById("page-request").textContent`)
	for _, want := range []string{"请求行", `GET / HTTP/1.1\r\n`, "请求头", "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8" + `\r\n`, "空行"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the raw-request panel lacks %q:\n%s", want, panel)
		}
	}
	if strings.Contains(panel, "request line") {
		t.Errorf("the panel labels in English:\n%s", panel)
	}

	b.do("adding a task", chromedp.SendKeys(chromedp.ID("title"), "写博客"), chromedp.Click(chromedp.ID("add-button")), loaded(2))
	if got := b.titles(); len(got) != 3 || got[2] != "写博客" {
		t.Fatalf("after adding: %q", got)
	}
	for id, wants := range map[string][]string{
		"last-title":    {"最近一次操作: POST /tasks"},
		"last-request":  {"请求行", `POST /echo HTTP/1.1\r\n`, "请求头", "空行", "请求体", `{"title":"写博客"} (21 字节)`},
		"last-response": {"状态行", `HTTP/1.1 201 Created\r\n`, "响应头", "响应体"},
	} {
		text := b.eval("reading #"+id, `document.getElementById("`+id+`").textContent`)
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("#%s lacks %q:\n%s", id, want, text)
			}
		}
	}
	if del := b.eval("reading a delete button", `document.querySelector("#tasks li button").textContent`); del != "删除" {
		t.Errorf("the delete button says %q, want 删除", del)
	}
	seeTheListOnTheWire(t, b, addr, log, listWordsZh)
}

// hostilePage serves, on another port, two pages that try to create a task
// on the server at base: /form (a form that submits itself) and /fetch.
func hostilePage(t *testing.T, base string) string {
	t.Helper()
	pages := map[string]string{
		// text/plain sends name=value: this one is {"title":"planted by a form="}.
		"/form": `<form id=f method=POST enctype=text/plain action="` + base + `/tasks?via=form">` +
			`<input type=hidden name='{"title":"planted by a form' value='"}'></form>` +
			`<script>document.getElementById("f").submit()</script>`,
		"/fetch": `<script>fetch("` + base + `/tasks?via=fetch", {method: "POST", mode: "no-cors", body: '{"title":"planted by fetch"}'})</script>`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, pages[r.URL.Path])
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
