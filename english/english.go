// Package english counts things in messages: "1 call", "2 calls", "1 retry",
// "3 retries". It is the one place zcrmrun's Go code forms plurals, so no
// message says "1 calls".
package english

import (
	"fmt"
	"strings"
)

// Count is n followed by noun, in the plural unless n is 1 or -1. The
// noun's last word takes the plural, so "API credit" becomes "API credits".
func Count[N ~int | ~int64](n N, noun string) string {
	if n == 1 || n == -1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %s", n, Plural(noun))
}

// Plural is the regular English plural of noun: -s, -es after s, x, z, ch
// and sh, -ies for a consonant before a final y. Nouns that form it
// otherwise keep their own word in the message.
func Plural(noun string) string {
	switch {
	case strings.HasSuffix(noun, "s"), strings.HasSuffix(noun, "x"), strings.HasSuffix(noun, "z"),
		strings.HasSuffix(noun, "ch"), strings.HasSuffix(noun, "sh"):
		return noun + "es"
	case len(noun) >= 2 && noun[len(noun)-1] == 'y' && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	}
	return noun + "s"
}
