package main

import "strings"

// shellQuote quotes s for /bin/sh, for the command line the emulator runs its trainer with.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
