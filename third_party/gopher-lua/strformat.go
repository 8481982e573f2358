package lua

import (
	"math"
	"strconv"
	"strings"
)

// string.format as Lua 5.1.5's str_format: each conversion is what C's
// sprintf gives for the specification 5.1 accepts (flags "-+ #0", at most
// two digits of width and of precision), integers converted from the
// number as a C cast does, and everything else "invalid option".

const formatFlags = "-+ #0"

// formatSpec is one parsed conversion specification.
type formatSpec struct {
	minus, plus, space, alt, zero bool
	width                         int
	prec                          int // -1 when absent
}

func strFormat(L *LState) int {
	fs := L.CheckString(1)
	top := L.GetTop()
	arg := 1
	var b strings.Builder
	for i := 0; i < len(fs); {
		if fs[i] != '%' {
			b.WriteByte(fs[i])
			i++
			continue
		}
		i++
		if i < len(fs) && fs[i] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		if arg++; arg > top {
			L.ArgError(arg, "no value")
		}
		var spec formatSpec
		i = scanFormat(L, fs, i, &spec)
		var conv byte
		if i < len(fs) {
			conv = fs[i]
		}
		i++
		switch conv {
		case 'c':
			item := spec.pad("", string([]byte{byte(cInt64(float64(L.CheckNumber(arg))))}), false)
			b.WriteString(cString(item)) // sprintf's result ends at a '\0'
		case 'd', 'i':
			b.WriteString(spec.formatInt(cInt64(float64(L.CheckNumber(arg)))))
		case 'o', 'u', 'x', 'X':
			b.WriteString(spec.formatUnsigned(cUint64(float64(L.CheckNumber(arg))), conv))
		case 'e', 'E', 'f', 'g', 'G':
			b.WriteString(spec.formatFloat(float64(L.CheckNumber(arg)), conv))
		case 'q':
			addQuoted(&b, L.CheckString(arg))
		case 's':
			s := L.CheckString(arg)
			if spec.prec < 0 && len(s) >= 100 {
				b.WriteString(s) // 5.1 keeps a long string whole, '\0's included
				continue
			}
			s = cString(s)
			if spec.prec >= 0 && len(s) > spec.prec {
				s = s[:spec.prec]
			}
			b.WriteString(spec.pad("", s, false))
		default:
			if conv == 0 { // 5.1's message drops a '\0' option
				L.RaiseError("invalid option '%s' to 'format'", "%")
			}
			L.RaiseError("invalid option '%%%c' to 'format'", conv)
		}
		L.checkAlloc(b.Len(), "string.format")
	}
	L.Push(LString(b.String()))
	return 1
}

// scanFormat parses the flags, width and precision that start at fs[i]
// into spec and returns the index of the conversion character.
func scanFormat(L *LState, fs string, i int, spec *formatSpec) int {
	start := i
	for i < len(fs) && strings.IndexByte(formatFlags, fs[i]) >= 0 {
		switch fs[i] {
		case '-':
			spec.minus = true
		case '+':
			spec.plus = true
		case ' ':
			spec.space = true
		case '#':
			spec.alt = true
		case '0':
			spec.zero = true
		}
		i++
	}
	if i-start > len(formatFlags) {
		L.RaiseError("invalid format (repeated flags)")
	}
	digits := func() (int, bool) {
		n, seen := 0, false
		for k := 0; k < 2 && i < len(fs) && isDigit(fs[i]); k++ {
			n, seen = n*10+int(fs[i]-'0'), true
			i++
		}
		return n, seen
	}
	spec.width, _ = digits()
	spec.prec = -1
	if i < len(fs) && fs[i] == '.' {
		i++
		spec.prec, _ = digits()
	}
	if i < len(fs) && isDigit(fs[i]) {
		L.RaiseError("invalid format (width or precision too long)")
	}
	return i
}

// cInt64 converts f to an integer as the C cast on x86-64 does: toward
// zero, with NaN and out-of-range values giving the "integer indefinite".
func cInt64(f float64) int64 {
	if f != f || f >= 1<<63 || f < -(1<<63) {
		return math.MinInt64
	}
	return int64(f)
}

// cUint64 converts f to an unsigned integer as gcc's code for the C cast
// does on x86-64 (negative values wrap, large ones come from f - 2^63).
func cUint64(f float64) uint64 {
	if !(f >= 1<<63) {
		return uint64(cInt64(f))
	}
	return uint64(cInt64(f-(1<<63))) ^ (1 << 63)
}

// pad lays out sign (or prefix) and digits in the width: left-justified
// with '-', zero-filled between them when zeroFill, else right-justified.
func (spec *formatSpec) pad(sign, digits string, zeroFill bool) string {
	n := len(sign) + len(digits)
	if n >= spec.width {
		return sign + digits
	}
	fill := spec.width - n
	switch {
	case spec.minus:
		return sign + digits + strings.Repeat(" ", fill)
	case zeroFill:
		return sign + strings.Repeat("0", fill) + digits
	default:
		return strings.Repeat(" ", fill) + sign + digits
	}
}

// signOf is the sign a signed conversion writes before a value.
func (spec *formatSpec) signOf(negative bool) string {
	switch {
	case negative:
		return "-"
	case spec.plus:
		return "+"
	case spec.space:
		return " "
	}
	return ""
}

// withPrecision applies an integer conversion's precision: the minimum
// number of digits, where precision 0 writes no digit for the value 0.
func (spec *formatSpec) withPrecision(digits string) string {
	if spec.prec == 0 && digits == "0" {
		return ""
	}
	if len(digits) < spec.prec {
		digits = strings.Repeat("0", spec.prec-len(digits)) + digits
	}
	return digits
}

func (spec *formatSpec) formatInt(v int64) string {
	u := uint64(v)
	if v < 0 {
		u = -u
	}
	digits := spec.withPrecision(strconv.FormatUint(u, 10))
	return spec.pad(spec.signOf(v < 0), digits, spec.zero && spec.prec < 0)
}

func (spec *formatSpec) formatUnsigned(v uint64, conv byte) string {
	var digits, prefix string
	switch conv {
	case 'o':
		digits = spec.withPrecision(strconv.FormatUint(v, 8))
		if spec.alt && !strings.HasPrefix(digits, "0") {
			digits = "0" + digits
		}
	case 'u':
		digits = spec.withPrecision(strconv.FormatUint(v, 10))
	case 'x', 'X':
		digits = spec.withPrecision(strconv.FormatUint(v, 16))
		if spec.alt && v != 0 {
			prefix = "0x"
		}
		if conv == 'X' {
			digits, prefix = strings.ToUpper(digits), strings.ToUpper(prefix)
		}
	}
	return spec.pad(prefix, digits, spec.zero && spec.prec < 0)
}

func (spec *formatSpec) formatFloat(f float64, conv byte) string {
	sign := spec.signOf(math.Signbit(f))
	var digits string
	switch {
	case math.IsInf(f, 0):
		digits = "inf"
	case f != f:
		digits = "nan"
	default:
		prec := spec.prec
		if prec < 0 {
			prec = 6
		}
		digits = formatFloatDigits(math.Abs(f), conv|0x20, prec, spec.alt)
	}
	if conv == 'E' || conv == 'G' {
		digits = strings.ToUpper(digits)
	}
	finite := !math.IsInf(f, 0) && f == f
	return spec.pad(sign, digits, spec.zero && finite)
}

// formatFloatDigits writes a finite, non-negative f as C's %e, %f or %g
// (conv) with precision prec; alt is the '#' flag.
func formatFloatDigits(f float64, conv byte, prec int, alt bool) string {
	switch conv {
	case 'e':
		s := strconv.FormatFloat(f, 'e', prec, 64)
		if alt && prec == 0 {
			s = strings.Replace(s, "e", ".e", 1)
		}
		return s
	case 'f':
		s := strconv.FormatFloat(f, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
		return s
	}
	// %g: %e or %f depending on the exponent, precision counting digits
	if prec == 0 {
		prec = 1
	}
	e := strconv.FormatFloat(f, 'e', prec-1, 64)
	x, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	var s, exp string
	if x < prec && x >= -4 {
		s = strconv.FormatFloat(f, 'f', prec-1-x, 64)
	} else {
		k := strings.IndexByte(e, 'e')
		s, exp = e[:k], e[k:]
	}
	if alt {
		if !strings.Contains(s, ".") {
			s += "."
		}
	} else if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + exp
}

// addQuoted writes s as %q does in 5.1: in double quotes, with '"', '\\'
// and newline escaped by a backslash, '\r' as \r and '\0' as \000, so
// that Lua reads the same string back.
func addQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\000`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
