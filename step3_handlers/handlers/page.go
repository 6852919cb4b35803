package handlers

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"strings"

	"httpfromscratch/step1_parse/request"
	"httpfromscratch/step2_response/response"
)

// page.html is the page at /: the task list with add, tick and delete
// through the JSON API, and a panel that shows the raw requests the
// browser sends, labelled as `full -trace` labels them. One file, its
// style and its script inside it, no framework, no build step.
//
//go:embed page.html
var pageHTML string

// requestSlot is where Page puts the request the browser sent for the
// page, base64-encoded: an HTML parser would turn its CRLFs into LFs.
const requestSlot = "{{request}}"

// pagePolicy lets the page load nothing but from this server, and run no
// inline code but its own <script> and <style>, named by their SHA-256:
// a title that somehow became HTML could still run nothing.
var pagePolicy = "default-src 'none'; connect-src 'self'; img-src 'self'; " +
	"script-src " + inlineHash("script") + "; style-src " + inlineHash("style") +
	"; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Page answers GET / with the page, carrying the request that asked for it.
func Page(req *request.Request) *response.Response {
	body := strings.Replace(pageHTML, requestSlot, base64.StdEncoding.EncodeToString([]byte(asGet(req))), 1)
	return &response.Response{
		Status: 200,
		Type:   "text/html; charset=utf-8",
		Fields: request.Fields{
			{Name: "Content-Security-Policy", Value: pagePolicy},
			{Name: "X-Content-Type-Options", Value: "nosniff"},
		},
		Body: []byte(body),
	}
}

// inlineHash is the CSP source of the page's one <tag> element.
func inlineHash(tag string) string {
	_, rest, _ := strings.Cut(pageHTML, "<"+tag+">")
	code, _, _ := strings.Cut(rest, "</"+tag+">")
	sum := sha256.Sum256([]byte(code))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}
