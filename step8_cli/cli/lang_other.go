//go:build !windows

package cli

// systemLanguage is the language where no locale variable is set. On
// Linux and macOS a terminal sets LANG (macOS's Terminal from the system's
// language, by default); without it, English.
func systemLanguage() string { return "en" }
