//go:build windows

package cli

import "syscall"

// systemLanguage is the user's display language, for Windows, where
// LC_ALL, LC_MESSAGES and LANG are usually unset: kernel32's
// GetUserDefaultUILanguage, called through the standard library's
// syscall package (no cgo). It returns a LANGID, whose low ten bits are
// the primary language: LANG_CHINESE, 0x04, for zh-CN, zh-TW, zh-HK...
func systemLanguage() string {
	proc := syscall.NewLazyDLL("kernel32.dll").NewProc("GetUserDefaultUILanguage")
	if proc.Find() != nil {
		return "en"
	}
	id, _, _ := proc.Call()
	if id&0x3ff == 0x04 {
		return "zh"
	}
	return "en"
}
