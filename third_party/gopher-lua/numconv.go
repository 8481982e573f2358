package lua

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Number <-> string conversion as Lua 5.1 on Linux does it: numbers print
// with C's "%.14g" (LUA_NUMBER_FMT), strings convert with luaO_str2d
// (strtod, then hexadecimal), and tonumber with a base uses strtoul.

// formatNumber writes f as "%.14g": 1e+15, 0.1, 100, inf, -inf, -0, and
// nan or -nan after the sign bit, as glibc's printf does.
func formatNumber(f float64) string {
	if f > -1e14 && f < 1e14 && f == math.Trunc(f) {
		if f == 0 && math.Signbit(f) {
			return "-0"
		}
		return strconv.FormatInt(int64(f), 10)
	}
	var sign string
	if math.Signbit(f) {
		sign = "-"
	}
	switch {
	case math.IsInf(f, 0):
		return sign + "inf"
	case f != f:
		return sign + "nan"
	}
	return sign + formatFloatDigits(math.Abs(f), 'g', 14, false)
}

var errNotNumber = errors.New("not a number")

// str2number converts s as 5.1's luaO_str2d does with glibc's strtod:
// surrounding white space, a sign, decimal with optional fraction and
// exponent, hexadecimal (also with a binary exponent), inf, infinity and
// nan; anything left over makes it not a number. As for C, s ends at its
// first '\0'.
func str2number(s string) (float64, error) {
	s = strings.TrimFunc(cString(s), func(r rune) bool { return r < 128 && isSpace(byte(r)) })
	body, neg := s, false
	if body != "" && (body[0] == '+' || body[0] == '-') {
		neg = body[0] == '-'
		body = body[1:]
	}
	f, ok := parseUnsignedNumber(body)
	if !ok {
		return 0, errNotNumber
	}
	if neg {
		f = -f
	}
	return f, nil
}

// parseUnsignedNumber converts a whole unsigned numeral: decimal,
// hexadecimal, inf/infinity or nan (with an optional "(chars)").
func parseUnsignedNumber(s string) (float64, bool) {
	lower := strings.ToLower(s)
	switch {
	case lower == "inf" || lower == "infinity":
		return math.Inf(1), true
	case lower == "nan" || strings.HasPrefix(lower, "nan(") && strings.HasSuffix(lower, ")") && isNanChars(lower[4:len(lower)-1]):
		return math.NaN(), true
	case strings.HasPrefix(lower, "0x"):
		return parseHexNumber(lower[2:])
	}
	i := 0
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j == len(s) || !isDigit(s[j]) {
			return 0, false // "1e": strtod stops before the 'e', which is left over
		}
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		i = j
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) { // out of range is ±inf or 0, as strtod
		return 0, false
	}
	return f, true
}

func isNanChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// parseHexNumber converts the part after "0x": hex digits with an optional
// fraction and an optional binary exponent ("p-3").
func parseHexNumber(s string) (float64, bool) {
	i, digits := 0, 0
	for i < len(s) && isXDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isXDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0, false
	}
	mant, exp := s[:i], "p0"
	if i < len(s) && s[i] == 'p' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j == len(s) || !isDigit(s[j]) {
			return 0, false
		}
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		exp, i = s[i:j], j
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat("0x"+mant+exp, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true
}

// strtoul converts s in base (2-36) as C's strtoul does for tonumber:
// leading white space, a sign (a '-' negates the unsigned result), "0x"
// allowed in base 16, saturation at the largest value; ok is false when
// no digit was read or something other than white space follows.
func strtoul(s string, base int) (uint64, bool) {
	s = cString(s)
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if base == 16 && i+2 < len(s) && s[i] == '0' && s[i+1]|0x20 == 'x' && digitValue(s[i+2]) < 16 {
		i += 2
	}
	var n uint64
	overflow, digits := false, 0
	for ; i < len(s); i++ {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		digits++
		if n > (math.MaxUint64-uint64(d))/uint64(base) {
			overflow = true
		}
		n = n*uint64(base) + uint64(d)
	}
	if digits == 0 {
		return 0, false
	}
	for ; i < len(s); i++ {
		if !isSpace(s[i]) {
			return 0, false
		}
	}
	switch {
	case overflow:
		n = math.MaxUint64
	case neg:
		n = -n
	}
	return n, true
}

// digitValue is c's value as a digit of bases up to 36, or 36 and more.
func digitValue(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case isAlpha(c):
		return int(c|0x20-'a') + 10
	}
	return 99
}
