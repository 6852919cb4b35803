package request

import "strings"

// SplitTarget returns the path and the query of a request target, the
// tutorial's path.split("?")[0] done once for every step:
//
//	"/tasks?status=done"                  -> "/tasks", "status=done"
//	"http://localhost:8000/tasks?x=1"     -> "/tasks", "x=1"
//	"http://localhost:8000"               -> "/", ""
//
// It takes the absolute form too, which RFC 9112 §3.2.2 says a server
// must accept (proxies send it). "*" stays "*".
func SplitTarget(target string) (path, query string) {
	if i := strings.Index(target, "://"); !strings.HasPrefix(target, "/") && i > 0 {
		rest := target[i+3:]
		if j := strings.IndexAny(rest, "/?"); j >= 0 {
			target = rest[j:]
		} else {
			target = "/"
		}
		if strings.HasPrefix(target, "?") {
			target = "/" + target
		}
	}
	path, query, _ = strings.Cut(target, "?")
	return path, query
}
