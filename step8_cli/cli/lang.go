package cli

import "strings"

// Language is the language of the checker's report: lang, when the
// command line gives one (-lang en or -lang zh); else the locale, the
// first of LC_ALL, LC_MESSAGES and LANG that is set (POSIX's order), a
// value starting "zh" (zh_CN.UTF-8, zh_TW, zh) being Chinese and any other
// (en_US.UTF-8, C) English; else, where none is set, the system's
// language (Windows sets none of them: lang_windows.go asks Windows).
// Main calls it with os.Getenv; the checker itself never reads the
// environment.
func Language(lang string, getenv func(string) string) string {
	if lang != "" {
		return lang
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return systemLanguage()
}
