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
		"-trace", "-only", "-v", "-slow", "-allow-remote"} {
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
