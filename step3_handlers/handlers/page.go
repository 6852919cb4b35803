package handlers

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// page.html is the page at /: the task list with add, tick and delete
// through the JSON API, and a panel that shows the raw requests the
// browser sends, labelled as `full -trace` labels them. One file, its
// style and its script inside it, no framework, no build step. What it
// says is left as {{name}}, filled from pageWords (page_words.go) in the
// language the browser asks for (language.go).
//
//go:embed page.html
var pageHTML string

// requestSlot is where Page puts the request the browser sent for the
// page, base64-encoded: an HTML parser would turn its CRLFs into LFs.
const requestSlot = "{{request}}"

// pages is the page in each language, its words filled in once, at start.
var pages = map[string]string{}

func init() {
	for lang, words := range pageWords {
		page := pageHTML
		for name, text := range words {
			page = strings.ReplaceAll(page, "{{"+name+"}}", html.EscapeString(text))
		}
		pages[lang] = page
	}
}

// pagePolicy lets the page load nothing but from this server, and run no
// inline code but its own <script> and <style>, named by their SHA-256:
// a title that somehow became HTML could still run nothing. The words of
// each language are in the HTML, never in the script or the style, so
// one policy names the script of every language's page.
var pagePolicy = "default-src 'none'; connect-src 'self'; img-src 'self'; " +
	"script-src " + inlineHash(pageHTML, "script") + "; style-src " + inlineHash(pageHTML, "style") +
	"; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Page answers GET / with the page, in the language the request's
// Accept-Language prefers (English unless it is Chinese), carrying the
// request that asked for it. Vary tells a cache that the answer depends
// on Accept-Language: content negotiation (RFC 9110 §12.5.4). It has no
// ETag, and Cache-Control: no-store: it quotes the very request that
// asked for it, so no copy of it answers another.
func Page(req *request.Request) *response.Response {
	lang := pageLanguage(acceptLanguage(req))
	body := strings.Replace(pages[lang], requestSlot, base64.StdEncoding.EncodeToString([]byte(asGet(req))), 1)
	return &response.Response{
		Status: 200,
		Type:   "text/html; charset=utf-8",
		Fields: request.Fields{
			{Name: "Content-Language", Value: pageWords[lang]["lang"]},
			{Name: "Vary", Value: "Accept-Language"},
			{Name: "Cache-Control", Value: "no-store"},
			{Name: "Content-Security-Policy", Value: pagePolicy},
			{Name: "X-Content-Type-Options", Value: "nosniff"},
		},
		Body: []byte(body),
	}
}

// inlineHash is the CSP source of page's one <tag> element.
func inlineHash(page, tag string) string {
	_, rest, _ := strings.Cut(page, "<"+tag+">")
	code, _, _ := strings.Cut(rest, "</"+tag+">")
	sum := sha256.Sum256([]byte(code))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
