package check

import "fmt"

// This file maps the checklist to the tutorial's steps. Each check
// belongs to one group, and a group to one or two of the tutorial's eight
// steps: what the wire can see of them. -step N runs the groups of steps
// 1 to N in order and stops at the first with a failure, saying what to
// read next; without -step every group runs.

// group is a heading of the report: the checks of one or two tutorial
// steps, or of what lies beyond the tutorial.
type group struct {
	id          string   // its heading: a message id
	first, last int      // the tutorial steps it covers; 0 for beyond the tutorial
	sections    []string // the README sections of those steps: message ids
	titles      []string // the tutorial's own titles of those steps, verbatim, in every language
}

// The groups, in the tutorial's order: message ids.
const (
	steps12 = "group.steps1-2"
	step3   = "group.step3"
	step4   = "group.step4"
	step5   = "group.step5"
	step6   = "group.step6"
	step7   = "group.step7"
	step8   = "group.step8"
	beyond  = "group.beyond"
)

// LastStep is the tutorial's last step: -step takes 1 to LastStep.
const LastStep = 8

// groups is every group in the order the report prints them. Steps 1 and
// 2 are one group: over a socket, parse_request is seen only through the
// answer build_response makes. Steps 7 and 8 are the client and the
// command line, which the wire cannot see: step 7 has no check, and step
// 8 has the tutorial's closing exercise.
var groups = []group{
	{id: steps12, first: 1, last: 2, sections: []string{"section.step1", "section.step2"}, titles: []string{
		"Step 1:用 parse_request 把原始字节流拆成五元组",
		"Step 2:用 build_response 把状态码和字典拼成合法响应报文"}},
	{id: step3, first: 3, last: 3, sections: []string{"section.step3"}, titles: []string{
		"Step 3:用 handle_health / handle_tasks 实现路由处理器"}},
	{id: step4, first: 4, last: 4, sections: []string{"section.step4"}, titles: []string{
		"Step 4:用路由表字典 + dispatch 实现 O(1) URL 分发"}},
	{id: step5, first: 5, last: 5, sections: []string{"section.step5"}, titles: []string{
		"Step 5:用 handle_connection 在独立线程里处理一个 TCP 连接"}},
	{id: step6, first: 6, last: 6, sections: []string{"section.step6"}, titles: []string{
		"Step 6:用 run_server 启动主循环,每个连接分配一个守护线程"}},
	{id: step7, first: 7, last: 7, sections: []string{"section.step7"}, titles: []string{
		"Step 7:用 demo_client 发真实 HTTP 请求,测试 GET/POST/404 全流程"}},
	{id: step8, first: 8, last: 8, sections: []string{"section.step8"}, titles: []string{
		"Step 8:用 main 做 server/demo 两种模式的 CLI 总入口",
		"挑战:给服务器加一个 DELETE /tasks/<id> 路由,支持按 ID 删除任务"}}, // the closing exercise, after 小结 (its sentence without the 。)
	{id: beyond},
}

// groupOf returns the group that covers tutorial step n.
func groupOf(n int) group {
	for _, g := range groups {
		if g.first <= n && n <= g.last {
			return g
		}
	}
	panic(fmt.Sprintf("no group covers step %d", n)) // groups covers 1 to LastStep: a test pins it
}

// label names g's steps in l: "step 4", "steps 1-2".
func (g group) label(l Lang) string {
	if g.first == g.last {
		return l.say("step-n", g.first)
	}
	return l.say("steps-n", g.first, g.last)
}

// reading is what to read for g in l: its README sections, then its
// titles in the tutorial.
func (g group) reading(l Lang) (sections, titles string) {
	var s, t []string
	for _, id := range g.sections {
		s = append(s, l.say(id))
	}
	for _, title := range g.titles {
		t = append(t, `"`+title+`"`)
	}
	return l.and(s), l.and(t)
}

// and joins items as l lists them: "a and b", "a 和 b".
func (l Lang) and(items []string) string {
	if len(items) == 0 {
		return ""
	}
	out := items[0]
	for _, item := range items[1:] {
		out = l.say("and", out, item)
	}
	return out
}

// stopped is the line after a group with a failure, under -step: where
// the run stopped and what to read.
func (o Options) stopped(g group) string {
	sections, titles := g.reading(o.Lang)
	return o.Lang.say("stopped", g.label(o.Lang), sections, titles)
}

// next is the line when every check of steps 1 to last passed, under
// -step: what comes next, and the command that checks it.
func (o Options) next(last int) string {
	if last >= LastStep {
		return o.Lang.say("all-pass-beyond", LastStep, o.Lang.say("section.beyond"), o.command()+" -step beyond")
	}
	g := groupOf(last + 1)
	sections, titles := g.reading(o.Lang)
	return o.Lang.say("all-pass", last, g.label(o.Lang), sections, titles, o.command()+fmt.Sprintf(" -step %d", last+1))
}

// heading is g's heading in o.Lang, its target filled in.
func (o Options) heading(g group) string {
	return o.fill(o.Lang.say(g.id))
}

// hasChecks reports whether any check belongs to g: step 7 has none.
func (g group) hasChecks() bool {
	for _, c := range checklist {
		if c.group == g.id {
			return true
		}
	}
	return false
}
