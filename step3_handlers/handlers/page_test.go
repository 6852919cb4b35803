package handlers

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"httpfromscratch/step1_parse/request"
)

// TestPageLanguage reads Accept-Language as RFC 9110 §12.5.4 does.
func TestPageLanguage(t *testing.T) {
	tests := []struct {
		name   string
		accept string
		want   string
	}{
		{name: "no Accept-Language", accept: "", want: "en"},
		{name: "a Chinese browser", accept: "zh-CN,zh;q=0.9,en;q=0.8", want: "zh"},
		{name: "an English browser that reads Chinese too", accept: "en-US,en;q=0.9,zh;q=0.8", want: "en"},
		{name: "Chinese refused", accept: "zh;q=0", want: "en"},
		{name: "Chinese alone", accept: "zh", want: "zh"},
		{name: "zh-CN alone", accept: "zh-CN", want: "zh"},
		{name: "a Taiwanese browser", accept: "zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7", want: "zh"},
		{name: "zh-TW alone: Chinese all the same", accept: "zh-TW", want: "zh"},
		{name: "the most specific range decides", accept: "zh-CN;q=0,zh;q=1,en;q=0.5", want: "en"},
		{name: "a weight after the order", accept: "en;q=0.5,zh;q=0.6", want: "zh"},
		{name: "a tie is English", accept: "zh,en", want: "en"},
		{name: "anything: English", accept: "*", want: "en"},
		{name: "Chinese over anything", accept: "zh,*;q=0.1", want: "zh"},
		{name: "neither: English", accept: "fr-FR,fr;q=0.9", want: "en"},
		{name: "French, then Chinese", accept: "fr,zh;q=0.5", want: "zh"},
		{name: "case and spaces", accept: " ZH-cn ; Q=0.9 , EN ; q=0.8", want: "zh"},
		{name: "a weight that is not one is ignored", accept: "zh;q=2,en;q=0.1", want: "en"},
		{name: "a prefix of a word is not a prefix of a tag", accept: "z,zhx", want: "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pageLanguage(tt.accept); got != tt.want {
				t.Errorf("Accept-Language: %s: got %q, want %q", tt.accept, got, tt.want)
			}
		})
	}
}

func pageFor(t *testing.T, fields string) (*request.Request, string) {
	t.Helper()
	req, err := request.Parse([]byte("GET / HTTP/1.1\r\nHost: localhost\r\n" + fields + "\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	return req, string(Page(req).Body)
}

// TestPageInEachLanguage: the page in each language has its words and
// its lang, says Content-Language and Vary: Accept-Language, and runs
// the one script its policy names.
func TestPageInEachLanguage(t *testing.T) {
	tests := []struct {
		name, fields, lang, says string
	}{
		{name: "English", fields: "", lang: "en", says: "<h2>Tasks</h2>"},
		{name: "Chinese", fields: "Accept-Language: zh-CN,zh;q=0.9,en;q=0.8\r\n", lang: "zh-CN", says: "<h2>任务</h2>"},
		{name: "Chinese, the list on two lines", fields: "Accept-Language: en;q=0.1\r\nAccept-Language: zh\r\n", lang: "zh-CN", says: `data-request-line="请求行"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, body := pageFor(t, tt.fields)
			r := Page(req)
			if got := r.Fields.Get("Content-Language"); got != tt.lang {
				t.Errorf("Content-Language %q, want %q", got, tt.lang)
			}
			if got := r.Fields.Get("Vary"); got != "Accept-Language" {
				t.Errorf("Vary %q, want Accept-Language", got)
			}
			if !strings.Contains(body, `<html lang="`+tt.lang+`">`) || !strings.Contains(body, tt.says) {
				t.Errorf("the page lacks lang %q or %q:\n%s", tt.lang, tt.says, body)
			}
			if left := regexp.MustCompile(`\{\{[a-z-]+\}\}`).FindString(body); left != "" {
				t.Errorf("%s is left in the page", left)
			}
			policy := r.Fields.Get("Content-Security-Policy")
			for _, tag := range []string{"script", "style"} {
				if hash := inlineHash(body, tag); !strings.Contains(policy, tag+"-src "+hash) {
					t.Errorf("the page's <%s> hashes to %s; the policy says %s", tag, hash, policy)
				}
			}
		})
	}
}

// wordHoles are the {name}s the page's script fills in a word: a
// translation must keep them all.
var wordHoles = map[string][]string{
	"bytes":              {"{n}"},
	"page-arrived":       {"{coding}", "{enc}", "{dec}"},
	"page-arrived-plain": {"{dec}"},
	"compressed":         {"{coding}", "{enc}", "{dec}"},
	"list-sent":          {"{tag}"},
	"list-changed":       {"{tag}"},
	"list-same":          {"{tag}"},
}

// TestPageWords: every language has every word page.html leaves room
// for, none empty, and nothing page.html does not use; and each keeps
// the {name}s its script fills in.
func TestPageWords(t *testing.T) {
	var slots []string
	for _, m := range regexp.MustCompile(`\{\{([a-z-]+)\}\}`).FindAllStringSubmatch(pageHTML, -1) {
		if "{{"+m[1]+"}}" != requestSlot && !slices.Contains(slots, m[1]) {
			slots = append(slots, m[1])
		}
	}
	for lang, words := range pageWords {
		for _, slot := range slots {
			if strings.TrimSpace(words[slot]) == "" {
				t.Errorf("%s: no word for {{%s}}", lang, slot)
			}
		}
		for name := range words {
			if !slices.Contains(slots, name) {
				t.Errorf("%s: page.html has no {{%s}}", lang, name)
			}
		}
		for name, holes := range wordHoles {
			for _, hole := range holes {
				if !strings.Contains(words[name], hole) {
					t.Errorf("%s: {{%s}}, %q, has no %s for the script to fill", lang, name, words[name], hole)
				}
			}
		}
	}
	if len(pageWords) != 2 || pageWords["en"] == nil || pageWords["zh"] == nil {
		t.Errorf("languages: %d, want en and zh", len(pageWords))
	}
}

// TestTheScriptIsTheSameInEveryLanguage: the words are in the HTML, never
// in the script or the style, so one hash names them in every language.
func TestTheScriptIsTheSameInEveryLanguage(t *testing.T) {
	for _, tag := range []string{"script", "style"} {
		if inlineHash(pages["en"], tag) != inlineHash(pages["zh"], tag) || inlineHash(pages["en"], tag) != inlineHash(pageHTML, tag) {
			t.Errorf("the <%s> differs between languages", tag)
		}
	}
}

// TestPageIsNeverCached: the page quotes the request that asked for it,
// so no copy of it may answer another: Cache-Control: no-store, and no
// ETag that an If-None-Match could name (a 304 would show an old request).
func TestPageIsNeverCached(t *testing.T) {
	req, _ := pageFor(t, "If-None-Match: *\r\n")
	r := Page(req)
	if r.Status != 200 || r.Fields.Get("Cache-Control") != "no-store" || r.Fields.Count("ETag") != 0 {
		t.Errorf("GET / with If-None-Match: * = %d, fields %q; want 200, Cache-Control: no-store and no ETag", r.Status, r.Fields)
	}
}
