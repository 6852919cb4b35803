package handlers

import (
	"strconv"
	"strings"

	"httpfromscratch/step1_parse/request"
)

// This file chooses the page's language: content negotiation, which is
// HTTP too (RFC 9110 §12.5.4). A browser says which languages its user
// reads, most wanted first, each with a weight q from 0 to 1 (1 when not
// given; 0 means "not this one"):
//
//	Accept-Language: zh-CN,zh;q=0.9,en;q=0.8   → the Chinese page
//	Accept-Language: en-US,en;q=0.9,zh;q=0.8   → the English page
//	Accept-Language: zh;q=0                    → English: Chinese refused
//	(no Accept-Language)                       → English
//
// The page exists as en and zh-CN. Each gets the weight of the most
// specific range that names it: the tag itself or a prefix of it (zh for
// zh-CN, RFC 4647 basic filtering), then another tag of the same language
// (zh-TW, zh-Hant: Chinese all the same), then "*". Chinese is served when
// it weighs more than English; English on a tie, and when neither is
// wanted. The answer says Vary: Accept-Language, so that a cache keeps one
// copy per language.

// acceptLanguage is the request's Accept-Language, its field lines
// joined, as a list spread over several lines is one list (RFC 9110 §5.3).
func acceptLanguage(req *request.Request) string {
	var values []string
	for v := range req.Fields.Values("Accept-Language") {
		values = append(values, v)
	}
	return strings.Join(values, ",")
}

// pageLanguage is "zh" when accept prefers Chinese to English, else "en".
func pageLanguage(accept string) string {
	if weight(accept, "zh-cn") > weight(accept, "en") {
		return "zh"
	}
	return "en"
}

// weight is the q that accept gives tag (lower case): that of the most
// specific range matching it, 0 when none does.
func weight(accept, tag string) float64 {
	primary, _, _ := strings.Cut(tag, "-")
	best, q := -1, 0.0
	for _, element := range strings.Split(accept, ",") {
		lr, params, _ := strings.Cut(element, ";")
		lr = strings.ToLower(strings.TrimSpace(lr))
		w, ok := qvalue(params)
		if lr == "" || !ok {
			continue // an empty element, or a weight that is not one
		}
		var specific int
		switch lrPrimary, _, _ := strings.Cut(lr, "-"); {
		case lr == tag || strings.HasPrefix(tag, lr+"-"):
			specific = 2 + strings.Count(lr, "-") // zh-cn is more specific than zh
		case lrPrimary == primary:
			specific = 1 // zh-tw, for the zh-CN page
		case lr == "*":
			specific = 0
		default:
			continue // another language
		}
		if specific > best || specific == best && w > q {
			best, q = specific, w
		}
	}
	return q
}

// qvalue reads the weight among an element's parameters, ";q=0.8": 1
// when there is none; not ok when it is not a number from 0 to 1.
func qvalue(params string) (float64, bool) {
	for _, p := range strings.Split(params, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(strings.TrimSpace(name), "q") {
			continue
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || !(w >= 0 && w <= 1) {
			return 0, false
		}
		return w, true
	}
	return 1, true
}
