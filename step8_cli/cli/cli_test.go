package cli

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
)

func fakes(t *testing.T) Funcs {
	return Funcs{
		RunServer: func(Options) error { return nil },
		RunDemo:   func(Options) error { return errors.New("connection refused") },
	}
}

func TestBadFlags(t *testing.T) {
	tests := []struct {
		args    string
		mention string
	}{
		{"-mode browser", "-mode"},
		{"-port 70000", "-port 70000"},
		{"-port -1", "-port -1"},
		{"-port abc", "-port"},
		{"-mode demo -port 0", "-port 0"},
		{"-host=", "-host"},
		{"-max-body 0", "-max-body"},
		{"-max-request-line 10", "-max-request-line"},
		{"-max-header-bytes 1", "-max-header-bytes"},
		{"-max-conns 0", "-max-conns"},
		{"-max-body-memory 1000", "-max-body-memory"},
		{"-max-title 0", "-max-title"},
		{"-max-tasks -5", "-max-tasks"},
		{"-mode check -host 8.8.8.8", "-allow-remote"},
		{"-mode check -host example.com", "-allow-remote"},
		{"-mode check -port 0", "-port 0"},
		{"-mode check -only (", "-only"},
		{"-mode check -lang fr", "-lang"},
		{"-mode check -step 9", "-step"},
		{"-mode check -step 0", "-step"},
		{"-mode check -step -1", "-step"},
		{"-mode check -step x", "-step"},
		{"-mode check -step 4.5", "-step"},
		{"-mode check -step Beyond", "-step"},
		{"-idle-timeout 0s", "-idle-timeout"},
		{"-header-timeout -1s", "-header-timeout"},
		{"-shutdown-timeout soon", "-shutdown-timeout"},
		{"-allowed-hosts example.com:8000", "without a port"},
		{"-allowed-hosts a,,b", "-allowed-hosts"},
		{"-nope", "-nope"},
		{"extra", `"extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main("full", strings.Fields(tt.args), &stdout, &stderr, fakes(t))
			if code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.mention) {
				t.Errorf("stderr %q, want it to name %q", stderr.String(), tt.mention)
			}
			if stdout.Len() != 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
		})
	}
}

func TestHelpListsEveryFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main("full", []string{"-h"}, &stdout, &stderr, fakes(t)); code != 0 {
		t.Fatalf("exit status %d, want 0", code)
	}
	for _, flag := range []string{"-mode", "-host", "-allowed-hosts", "-port", "-max-request-line", "-max-header-bytes", "-max-body", "-max-body-memory", "-max-title", "-max-tasks",
		"-max-conns", "-idle-timeout", "-header-timeout", "-body-timeout", "-write-timeout", "-shutdown-timeout",
		"-trace", "-only", "-step", "-v", "-slow", "-allow-remote", "-lang"} {
		if !regexp.MustCompile(`(?m)^  ` + flag + `\b`).MatchString(stdout.String()) {
			t.Errorf("-h does not list %s", flag)
		}
	}
}

func TestCheckExitStatus(t *testing.T) {
	for _, tt := range []struct {
		name   string
		failed bool
		err    error
		want   int
	}{{"all passed", false, nil, 0}, {"a check failed", true, nil, 1}, {"unreachable", false, errors.New("cannot reach 127.0.0.1:8001: connection refused"), 2}} {
		f := fakes(t)
		f.RunCheck = func(Options) (bool, error) { return tt.failed, tt.err }
		var stdout, stderr bytes.Buffer
		if code := Main("full", []string{"-mode", "check", "-port", "8001", "-allow-remote", "-host", "10.0.0.1"}, &stdout, &stderr, f); code != tt.want {
			t.Errorf("%s: exit status %d, want %d", tt.name, code, tt.want)
		}
	}
}

// TestStep: -step takes a tutorial step, 1 to 8, or beyond, which is
// the whole checklist, as no -step is; Main hands it to the checklist.
func TestStep(t *testing.T) {
	for _, tt := range []struct {
		args string
		want int
	}{{"", 0}, {"-step 1", 1}, {"-step 4", 4}, {"-step=8", 8}, {"-step beyond", 0}, {"-step 3 -step beyond", 0}} {
		var got *Options
		f := fakes(t)
		f.RunCheck = func(o Options) (bool, error) { got = &o; return false, nil }
		var stdout, stderr bytes.Buffer
		code := Main("full", append([]string{"-mode", "check"}, strings.Fields(tt.args)...), &stdout, &stderr, f)
		if code != 0 || got == nil || got.Step != tt.want {
			t.Errorf("%q: exit status %d (%s), RunCheck given %+v, want 0 and step %d", tt.args, code, stderr.String(), got, tt.want)
		}
	}
	_, err := Parse("full", []string{"-mode", "check", "-step", "9"})
	if err == nil || !strings.Contains(err.Error(), "-step") || !strings.Contains(err.Error(), "1 to 8, or beyond") {
		t.Errorf("-step 9: %v, want an error naming -step and what it takes", err)
	}
}

// TestLanguage: -lang first, then the locale, LC_ALL before LC_MESSAGES
// before LANG, the first one set deciding.
func TestLanguage(t *testing.T) {
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want string
	}{
		{name: "-lang zh", flag: "zh", env: map[string]string{"LANG": "en_US.UTF-8"}, want: "zh"},
		{name: "-lang en over a Chinese locale", flag: "en", env: map[string]string{"LC_ALL": "zh_CN.UTF-8"}, want: "en"},
		{name: "LANG zh_CN.UTF-8", env: map[string]string{"LANG": "zh_CN.UTF-8"}, want: "zh"},
		{name: "LANG zh_TW", env: map[string]string{"LANG": "zh_TW"}, want: "zh"},
		{name: "LANG en_US.UTF-8", env: map[string]string{"LANG": "en_US.UTF-8"}, want: "en"},
		{name: "LC_MESSAGES before LANG", env: map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, want: "zh"},
		{name: "LC_ALL before LC_MESSAGES", env: map[string]string{"LC_ALL": "C", "LC_MESSAGES": "zh_CN.UTF-8"}, want: "en"},
		{name: "an empty LC_ALL is unset", env: map[string]string{"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, want: "zh"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Language(tt.flag, func(name string) string { return tt.env[name] }); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("no locale: the system's language", func(t *testing.T) {
		if got := Language("", func(string) string { return "" }); got != systemLanguage() {
			t.Errorf("got %q, want the system's %q", got, systemLanguage())
		}
	})
}

// TestMainPassesTheLanguage: Main reads the locale for -mode check, and
// -lang overrides it.
func TestMainPassesTheLanguage(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "zh_CN.UTF-8")
	for _, tt := range []struct {
		args string
		want string
	}{{"-mode check", "zh"}, {"-mode check -lang en", "en"}} {
		var got string
		f := fakes(t)
		f.RunCheck = func(o Options) (bool, error) { got = o.Lang; return false, nil }
		var stdout, stderr bytes.Buffer
		if code := Main("full", strings.Fields(tt.args), &stdout, &stderr, f); code != 0 || got != tt.want {
			t.Errorf("%s with LANG=zh_CN.UTF-8: exit status %d, language %q, want 0 and %q", tt.args, code, got, tt.want)
		}
	}
}

func TestRunErrorExits1(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main("full", []string{"-mode", "demo"}, &stdout, &stderr, fakes(t)); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "connection refused") {
		t.Errorf("stderr %q, want the error", stderr.String())
	}
}

func TestAllowedHosts(t *testing.T) {
	o, err := Parse("full", []string{"-allowed-hosts", "tasks.lan, .example.com", "-allowed-hosts", "all"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(o.AllowedHosts, " "), "tasks.lan .example.com all"; got != want {
		t.Errorf("AllowedHosts %q, want %q", got, want)
	}
}

// TestDefaults pins the defaults the README names.
func TestDefaults(t *testing.T) {
	o, err := Parse("full", nil)
	if err != nil {
		t.Fatal(err)
	}
	if o.Mode != "server" || o.Host != "127.0.0.1" || o.Port != 8000 || o.AllowedHosts != nil {
		t.Errorf("mode, host, port, allowed hosts: %s %s %d %q", o.Mode, o.Host, o.Port, o.AllowedHosts)
	}
	if o.Limits.RequestLine != 8<<10 || o.Limits.HeaderBytes != 16<<10 || o.Limits.Body != 1<<20 || o.MaxConns != 10000 {
		t.Errorf("limits: %+v, max-conns %d", o.Limits, o.MaxConns)
	}
	if o.Timeouts.Header <= 0 || o.Timeouts.Idle <= 0 || o.ShutdownTimeout <= 0 {
		t.Errorf("timeouts: %+v, shutdown %v", o.Timeouts, o.ShutdownTimeout)
	}
}
