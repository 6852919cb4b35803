package handlers

// pageWords are what the page at / says, in each language it is served
// in, keyed by the {{name}} that page.html leaves for them. Each is text:
// it is escaped for HTML when the page is built. The wire's labels are
// the tutorial's words in Chinese (请求行, 请求头, 空行, 请求体; 状态行,
// 响应头, 响应体). The JSON API's errors, which the page shows as they
// come, stay English: they are data a program reads.
var pageWords = map[string]map[string]string{
	"en": {
		"lang":           "en",
		"title":          "Tasks · HTTP from scratch",
		"heading":        "Tasks, served by a server written from scratch",
		"intro":          "Every request this page makes goes to the same server, over the JSON API. Start it with",
		"intro-trace":    "to watch the bytes from the server's side too.",
		"tasks":          "Tasks",
		"new-task":       "a new task",
		"title-label":    "title",
		"add":            "Add",
		"wire":           "On the wire",
		"page-request":   "The request your browser sent for this page",
		"last-action":    "The last action",
		"last-note":      "Add, tick or delete a task: its request is sent again to",
		"last-note-echo": ", which answers with the bytes it received.",
		"response":       "The answer: its status line and fields",
		"response-note":  "As the browser's fetch reports them: names in lower case, in its own order.",
		"request-line":   "request line",
		"status-line":    "status line",
		"request-field":  "field",
		"response-field": "field",
		"empty-line":     "empty line",
		"request-body":   "body",
		"response-body":  "body",
		"unfinished":     " (unfinished)",
		"bytes":          "{n} bytes",
		"done":           "done",
		"delete":         "Delete",
		"changed-elsewhere": "This task was changed or deleted elsewhere (in another tab, or by another client) " +
			"since the list was shown: nothing was overwritten, and the list is shown again as it is now.",
		"page-arrived": "Its answer came compressed (Content-Encoding: {coding}): {enc} bytes arrived, {dec} bytes once " +
			"decompressed. (The browser's Resource Timing says so: a script cannot read the fields of the answer that brought its own page.)",
		"page-arrived-plain": "Its answer came uncompressed: {dec} bytes.",
		"list":               "The list, as this page loads it",
		"list-note": "The page asks for the list itself: it sends the ETag of the list it shows as If-None-Match, " +
			"with fetch's cache: \"no-store\", so that the browser's cache neither answers nor hides the server's answer. " +
			"With cache: \"no-cache\" the browser would ask the same with its own copy's ETag, " +
			"and turn the server's 304 into the 200 it kept: the script would never see a 304.",
		"reload":          "Load the list again",
		"list-sent":       "GET /tasks, sent with If-None-Match: {tag}",
		"list-sent-first": "GET /tasks, the first time: no ETag to send yet",
		"list-changed":    "200 OK: the list, with ETag {tag}; the next load sends it back as If-None-Match.",
		"list-same": "304 Not Modified: the list has not changed since ETag {tag}. " +
			"No body came, and the page keeps the list it shows.",
		"no-body":    "none: a 304 has no body",
		"arrived":    "arrived",
		"compressed": "{enc} bytes of {coding}, {dec} bytes once decompressed",
		"chunks":     "chunks",
		"chunked": "Transfer-Encoding: chunked, and no Content-Length: the body came in chunks, each after its size in hex, " +
			"until a chunk of size 0. fetch hands a script the body joined and decompressed, so the chunks cannot be seen " +
			"from here: go run ./full -trace shows each one.",
	},
	"zh": {
		"lang":           "zh-CN",
		"title":          "任务 · 从零手写 HTTP",
		"heading":        "任务列表,由一个从零手写的服务器提供",
		"intro":          "这个页面发出的每个请求都通过 JSON API 发给同一个服务器。用",
		"intro-trace":    "启动它,还能从服务器那一边看到这些字节。",
		"tasks":          "任务",
		"new-task":       "新任务",
		"title-label":    "标题",
		"add":            "添加",
		"wire":           "连接上传输的字节",
		"page-request":   "浏览器为这个页面发出的请求",
		"last-action":    "最近一次操作",
		"last-note":      "添加、勾选或删除一个任务:它的请求会再发一次给",
		"last-note-echo": ",它把收到的字节原样返回。",
		"response":       "响应:状态行和响应头",
		"response-note":  "按浏览器的 fetch 给出的样子:头部名字是小写的,顺序也是浏览器自己的。",
		"request-line":   "请求行",
		"status-line":    "状态行",
		"request-field":  "请求头",
		"response-field": "响应头",
		"empty-line":     "空行",
		"request-body":   "请求体",
		"response-body":  "响应体",
		"unfinished":     "(未完)",
		"bytes":          "{n} 字节",
		"done":           "已完成",
		"delete":         "删除",
		"changed-elsewhere": "列表显示之后,这个任务已在别处(另一个标签页或别的客户端)被修改或删除:" +
			"没有覆盖它,列表已按服务器上现在的样子重新显示。",
		"page-arrived": "它的响应经过压缩(Content-Encoding: {coding}):收到 {enc} 字节,解压后 {dec} 字节。" +
			"(这是浏览器的 Resource Timing 告诉我们的:脚本读不到带来它自己这个页面的那个响应的响应头。)",
		"page-arrived-plain": "它的响应没有压缩:{dec} 字节。",
		"list":               "任务列表:这个页面自己加载它",
		"list-note": "页面自己请求任务列表:把当前显示的列表的 ETag 放进 If-None-Match," +
			"并让 fetch 用 cache: \"no-store\",这样浏览器的缓存既不替服务器回答,也不把服务器的响应藏起来。" +
			"若用 cache: \"no-cache\",浏览器会带上它自己缓存那份的 ETag 问同样的问题," +
			"却把服务器的 304 换成它保存的 200:脚本永远看不到 304。",
		"reload":          "重新加载列表",
		"list-sent":       "GET /tasks,请求头带 If-None-Match: {tag}",
		"list-sent-first": "GET /tasks,第一次:还没有 ETag 可发",
		"list-changed":    "200 OK:列表本身,ETag 是 {tag};下次加载时把它放进 If-None-Match 发回去。",
		"list-same": "304 Not Modified:自 ETag {tag} 以来列表没有变化。" +
			"没有响应体,页面继续显示它已有的列表。",
		"no-body":    "无:304 没有响应体",
		"arrived":    "收到的字节",
		"compressed": "{enc} 字节 {coding} 压缩数据,解压后 {dec} 字节",
		"chunks":     "分块",
		"chunked": "Transfer-Encoding: chunked,没有 Content-Length:响应体分成若干块发来,每块前面是它的十六进制大小," +
			"直到一个大小为 0 的块。fetch 交给脚本的是拼好并解压后的响应体,所以这里看不到块与块的边界:" +
			"go run ./full -trace 能显示每一块。",
	},
}
