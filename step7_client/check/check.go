// Package check runs the checklist of what this module teaches against any
// HTTP server that is already running: the tutorial's own Python server,
// yours, or full. It is the client side's other half, beside step 7's
// demo client: the demo shows the API working; the checklist shows, rule
// by rule, what a server gets right and what it does not, and for each
// failure the bytes that prove it and a command that reproduces it.
//
//	go run ./full -mode check -host 127.0.0.1 -port 8001
//	go run ./full -mode check -port 8001 -step 4   what the tutorial's steps 1 to 4 teach (steps.go)
//
// It speaks raw bytes over TCP, one connection per check, so it can send
// what a well-behaved client never would (a bare LF, a request in pieces,
// a pipeline) and see exactly what comes back. It trusts nothing it
// reads: every check is bounded in time and every answer in size
// (limits.go), so a server that hangs, dribbles or sends without end
// fails that check, never the run; and every byte the server sent that
// reaches the terminal is escaped.
//
// It says what it finds in English or, for a learner who comes from the
// Chinese tutorial, in Chinese, in the tutorial's words (messages.go):
// Options.Lang, which the command line chooses. The bytes, the check
// names and the commands are the same in both.
package check

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/fatih/color"

	"httpfromscratch/step5_conn/terminal"
)

// Run runs the checks o selects against the server at o.Addr, printing a
// line per check, grouped by tutorial step, and for each failure what was
// sent, what came back, why it matters and how to reproduce it, in
// o.Lang. With o.Step it runs the groups of steps 1 to o.Step only and
// stops after the first with a failure, saying what to read next (or,
// when all pass, what comes next). It returns how many passed, failed and
// were skipped; an error only when the server cannot be reached at all,
// or o.Step is not a step.
func Run(ctx context.Context, w io.Writer, o Options) (Result, error) {
	o = o.withDefaults()
	say := o.Lang.say
	if o.Step < 0 || o.Step > LastStep {
		return Result{}, fmt.Errorf("step %d: want 1 to %d, or 0 for every group", o.Step, LastStep)
	}
	t := &target{opts: o}
	if nc, err := t.dial(ctx); err != nil {
		return Result{}, fmt.Errorf("%s: %w", say("unreach", o.Addr), err)
	} else {
		nc.Close()
	}
	var res Result
	through := 0 // the last tutorial step whose group ran
	for _, g := range groups {
		if o.Step > 0 && (g.first == 0 || g.first > o.Step) {
			break // -step N: the groups of steps 1 to N only
		}
		var selected []check
		for _, c := range checklist {
			// The name, or what the report calls the check in o.Lang.
			if c.group == g.id && (o.Only == nil || o.Only.MatchString(c.name()) || o.Only.MatchString(say(c.id))) {
				selected = append(selected, c)
			}
		}
		// A step the wire cannot see still says so, unless -only chose
		// some checks: then only their groups are shown.
		if len(selected) > 0 || (o.Only == nil && !g.hasChecks()) {
			fmt.Fprintf(w, "\n%s\n", o.heading(g))
		}
		failed := res.Failed
		for _, c := range selected {
			o.runOne(ctx, w, t, c, &res)
		}
		through = g.last
		if o.Step > 0 && res.Failed > failed {
			fmt.Fprintf(w, "\n%s\n", o.stopped(g))
			break
		}
	}
	if o.Step > 0 && res.Failed == 0 {
		fmt.Fprintf(w, "\n%s\n", o.next(through))
	}
	fmt.Fprintf(w, "\n%s\n", say("summary", res.Passed, res.Failed, res.Skipped))
	return res, nil
}

// runOne runs check c, prints its line (and for a failure, its
// exchange and what to do), and counts it in res.
func (o Options) runOne(ctx context.Context, w io.Writer, t *target, c check, res *Result) {
	say := o.Lang.say
	ok, bad := terminal.Paint(color.FgGreen, o.Colour), terminal.Paint(color.FgRed, o.Colour)
	if c.slow && !o.Slow {
		res.Skipped++
		fmt.Fprintf(w, "  -  %s\n", say("skipped", say(c.id)))
		return
	}
	// The check's deadline is fixed as it starts; nothing it does
	// waits past it, however the server dribbles its bytes.
	cctx, cancel := context.WithTimeout(ctx, o.bound(c))
	defer cancel()
	deadline, _ := cctx.Deadline()
	ex := &exchange{target: t, ctx: cctx, deadline: deadline}
	err := c.run(ex)
	ex.closeAll()
	var s *skipped
	switch {
	case err == nil:
		res.Passed++
		fmt.Fprintf(w, "  %s %s\n", ok.Sprint("✔"), say(c.id))
		if o.Verbose {
			ex.print(w, "      ")
		}
		return
	case errors.As(err, &s):
		// The server lacks what the check looks at, and says so: no fault,
		// but the line says why, and where the README teaches it.
		res.Skipped++
		fmt.Fprintf(w, "  -  %s\n", say(c.id))
		fmt.Fprintf(w, "      %s\n", terminal.Visible(say("skipped-why", s.in(o.Lang), say(c.section)), 0))
		if o.Verbose {
			ex.print(w, "      ")
		}
		return
	}
	res.Failed++
	fmt.Fprintf(w, "  %s %s\n", bad.Sprint("✘"), say(c.id))
	if say(c.id) != c.name() {
		fmt.Fprintf(w, "      %s\n", say("name", c.name()))
	}
	// The error quotes the server escaped already; escaping it whole
	// again is the last guard of the terminal, and changes nothing else.
	fmt.Fprintf(w, "      %s\n", terminal.Visible(said(err, o.Lang), 0))
	ex.print(w, "      ")
	why := say("why", say(c.id+".why"))
	if c.section != "" {
		why += say("pointer", say(c.section))
	}
	fmt.Fprintf(w, "      %s\n", why)
	if c.repro != "" {
		fmt.Fprintf(w, "      %s\n", say("try", o.repro(c, ex.id)))
	}
	if strings.Contains(c.repro, "| nc ") {
		fmt.Fprintf(w, "      %s\n", say("try-go", o.only(c)))
	}
}

// Heading is the line that says, before the report, which server is
// checked: full prints it.
func Heading(o Options) string {
	return o.Lang.say("heading", o.Addr)
}

// Options select the checks and how they run.
type Options struct {
	Addr    string         // host:port of the server under test
	Only    *regexp.Regexp // run only the checks whose name matches; nil runs all
	Verbose bool           // show every exchange, not only the failures'
	Slow    bool           // also run the checks that take the server's own timeout
	Colour  bool           // paint ✔ and ✘
	Timeout time.Duration  // how long one answer may take; 0 means 2s. A check may take 4 times as long
	Lang    Lang           // the language of the report: English ("" too) or Chinese
	// Step, from 1 to LastStep, runs the checks of the tutorial's steps 1
	// to Step only, in order, and stops after the first step with a
	// failure; 0 runs every group, beyond the tutorial included, without
	// stopping.
	Step int
	// Dial connects to the server; nil dials TCP to Addr. Tests dial an
	// in-memory listener with it.
	Dial func(ctx context.Context) (net.Conn, error)

	slowBound time.Duration // how long the slow check waits; 0 means 70s. Tests shorten it.
}

// Result counts the checks.
type Result struct{ Passed, Failed, Skipped int }

func (o Options) withDefaults() Options {
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	if o.slowBound <= 0 {
		o.slowBound = 70 * time.Second // the server's own header timeout, a minute at most, with room
	}
	if o.Dial == nil {
		addr := o.Addr
		o.Dial = func(ctx context.Context) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "tcp", addr)
		}
	}
	return o
}

// bound is how long check c may take in all. An answer must come within
// o.Timeout of being asked for; a check reads a few (five at most, each
// quick from a server that works), and the task list, read as a stream,
// may take the rest. The slow check waits for the server's own header
// timeout instead.
func (o Options) bound(c check) time.Duration {
	if c.slow {
		return o.slowBound
	}
	return 4 * o.Timeout
}

// host is what the checks send in Host: the authority they dial, so
// that a server that answers only to its own names serves them.
func (o Options) host() string {
	if o.Addr == "" {
		return "localhost" // a Dial of its own and no address: a name every server of this module serves
	}
	return o.Addr
}

// fill puts the target in a command: {addr} is host:port, for curl;
// {nc} is "host port", for nc.
func (o Options) fill(command string) string {
	host, port, err := net.SplitHostPort(o.Addr)
	if err != nil {
		host, port = o.Addr, ""
	}
	return strings.NewReplacer("{addr}", o.Addr, "{nc}", host+" "+port).Replace(command)
}

// repro is c's command for o's target and the task it worked on (id; 1
// when it made none), with what to look for in its output, in o.Lang.
func (o Options) repro(c check, id int) string {
	command := strings.ReplaceAll(o.fill(c.repro), "{id}", strconv.Itoa(max(id, 1)))
	if _, ok := english[c.id+".try"]; ok {
		return o.Lang.say("try-note", command, o.Lang.say(c.id+".try"))
	}
	return command
}

// only is the checker's own command that runs c alone and shows its
// bytes: what a printf | nc line does, where there is no nc (PowerShell).
func (o Options) only(c check) string {
	slow := ""
	if c.slow {
		slow = " -slow"
	}
	return o.command() + slow + " -only '" + regexp.QuoteMeta(c.name()) + "' -v"
}

// command is the checker's command line for o's target.
func (o Options) command() string {
	target := ""
	if host, port, err := net.SplitHostPort(o.Addr); err == nil {
		if host != "127.0.0.1" {
			target = " -host " + host
		}
		target += " -port " + port
	}
	return "go run ./full -mode check" + target
}

// Loopback reports whether host is this machine. The checker sends
// malformed and slow traffic: pointing it at a server you do not own
// needs -allow-remote.
func Loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// check is one row of the checklist. What it says, in each language, is
// in messages.go under its id: its name (what -only matches), id.why (why
// it matters, in one sentence) and id.try (what its command shows).
type check struct {
	id      string // its messages' key
	group   string // the group of tutorial steps it belongs to (steps.go): a message id
	section string // the README section that teaches it, for checks beyond the tutorial: a message id
	repro   string // a command that reproduces it, the target in {addr} or {nc}
	slow    bool   // takes the server's own timeout: only with -slow
	// run returns nil when the server passes; a failure (fail) when it
	// does not; skip(...) when it lacks what the check looks at.
	run func(ex *exchange) error
}

// name is what a server should do, in a line: the check's name in the
// report, and what -only matches, in every language.
func (c check) name() string { return english[c.id] }

// target is the server under test.
type target struct {
	opts Options
}

func (t *target) dial(ctx context.Context) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, t.opts.Timeout)
	defer cancel()
	return t.opts.Dial(ctx)
}

// skipped is what a check returns when the server lacks what it looks
// at: a server that never compresses has no gzip to check, one that sends
// no ETag no 304 to earn. The tutorial teaches neither, so its server is
// not failed for them: Run counts the check in Result.Skipped and prints
// why, in the report's language.
type skipped struct{ why *failure }

// skip returns a skipped check, its reason the message id with args for
// its verbs, as fail's.
func skip(id string, args ...any) error {
	return &skipped{&failure{id: id, args: args}}
}

func (s *skipped) Error() string    { return "skipped: " + s.why.Error() }
func (s *skipped) in(l Lang) string { return s.why.in(l) }

// errClosed: the server closed the connection instead of answering.
var errClosed = fail("closed")
