package lua

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// This file is os.date, os.time and os.difftime as Lua 5.1 has them on a
// C library with C89's strftime (plus the common POSIX and glibc
// conversions, which 5.1 passes through to the C library unchecked).

// osDate is os.date([format [, time]]): format starting with '!' uses UTC;
// "*t" returns a table, anything else is formatted like strftime.
func osDate(L *LState) int {
	format := L.OptString(1, "%c")
	t := time.Now()
	if L.Get(2) != LNil {
		t = time.Unix(int64(L.CheckNumber(2)), 0)
	}
	utc := strings.HasPrefix(format, "!")
	if utc {
		format = format[1:]
		t = t.UTC()
	} else {
		t = t.Local()
	}
	if !dateRepresentable(t) { // gmtime/localtime fail: the year overflows an int
		L.Push(LNil)
		return 1
	}
	if format == "*t" {
		L.Push(dateTable(L, t))
		return 1
	}
	L.Push(LString(strftimeC(t, format, utc)))
	return 1
}

// dateRepresentable tells whether C's struct tm can hold t's year.
func dateRepresentable(t time.Time) bool {
	y := int64(t.Year()) - 1900
	return y >= math.MinInt32 && y <= math.MaxInt32
}

// dateTable is os.date("*t")'s table.
func dateTable(L *LState, t time.Time) *LTable {
	tb := L.CreateTable(0, 9)
	tb.RawSetString("sec", LNumber(t.Second()))
	tb.RawSetString("min", LNumber(t.Minute()))
	tb.RawSetString("hour", LNumber(t.Hour()))
	tb.RawSetString("day", LNumber(t.Day()))
	tb.RawSetString("month", LNumber(t.Month()))
	tb.RawSetString("year", LNumber(t.Year()))
	tb.RawSetString("wday", LNumber(t.Weekday()+1))
	tb.RawSetString("yday", LNumber(t.YearDay()))
	tb.RawSetString("isdst", LBool(t.IsDST()))
	return tb
}

var (
	cDayNames   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	cMonthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// strftimeC formats t as C's strftime does in the "C" locale. Like Lua
// 5.1, it hands each '%' and the one character after it to strftime: a
// conversion it does not know is copied as is, and a '%' at the end
// stands for itself. utc says t came from gmtime, whose zone is "GMT".
func strftimeC(t time.Time, format string, utc bool) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		strftimeConv(&b, t, format[i], utc)
	}
	return b.String()
}

// pad writes n in decimal, at least width digits, padded with fill.
func pad(b *strings.Builder, n, width int, fill byte) {
	s := strconv.Itoa(n)
	for k := len(s); k < width; k++ {
		b.WriteByte(fill)
	}
	b.WriteString(s)
}

func hour12(h int) int {
	if h%12 == 0 {
		return 12
	}
	return h % 12
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func strftimeConv(b *strings.Builder, t time.Time, c byte, utc bool) {
	wday, yday := int(t.Weekday()), t.YearDay()-1
	switch c {
	case 'a':
		b.WriteString(cDayNames[wday][:3])
	case 'A':
		b.WriteString(cDayNames[wday])
	case 'b', 'h':
		b.WriteString(cMonthNames[t.Month()-1][:3])
	case 'B':
		b.WriteString(cMonthNames[t.Month()-1])
	case 'c': // "%a %b %e %H:%M:%S %Y"
		for _, k := range []byte("a b e H:M:S Y") {
			if k == ' ' || k == ':' {
				b.WriteByte(k)
			} else {
				strftimeConv(b, t, k, utc)
			}
		}
	case 'C':
		pad(b, floorDiv(t.Year(), 100), 2, '0')
	case 'd':
		pad(b, t.Day(), 2, '0')
	case 'D', 'x': // "%m/%d/%y"
		pad(b, int(t.Month()), 2, '0')
		b.WriteByte('/')
		pad(b, t.Day(), 2, '0')
		b.WriteByte('/')
		strftimeConv(b, t, 'y', utc)
	case 'e':
		pad(b, t.Day(), 2, ' ')
	case 'F':
		pad(b, t.Year(), 4, '0')
		b.WriteByte('-')
		pad(b, int(t.Month()), 2, '0')
		b.WriteByte('-')
		pad(b, t.Day(), 2, '0')
	case 'g':
		y, _ := t.ISOWeek()
		pad(b, (y%100+100)%100, 2, '0')
	case 'G':
		y, _ := t.ISOWeek()
		b.WriteString(strconv.Itoa(y))
	case 'H':
		pad(b, t.Hour(), 2, '0')
	case 'I':
		pad(b, hour12(t.Hour()), 2, '0')
	case 'j':
		pad(b, yday+1, 3, '0')
	case 'k':
		pad(b, t.Hour(), 2, ' ')
	case 'l':
		pad(b, hour12(t.Hour()), 2, ' ')
	case 'm':
		pad(b, int(t.Month()), 2, '0')
	case 'M':
		pad(b, t.Minute(), 2, '0')
	case 'n':
		b.WriteByte('\n')
	case 'p':
		if t.Hour() < 12 {
			b.WriteString("AM")
		} else {
			b.WriteString("PM")
		}
	case 'P':
		if t.Hour() < 12 {
			b.WriteString("am")
		} else {
			b.WriteString("pm")
		}
	case 'r': // "%I:%M:%S %p"
		pad(b, hour12(t.Hour()), 2, '0')
		b.WriteByte(':')
		pad(b, t.Minute(), 2, '0')
		b.WriteByte(':')
		pad(b, t.Second(), 2, '0')
		b.WriteByte(' ')
		strftimeConv(b, t, 'p', utc)
	case 'R':
		pad(b, t.Hour(), 2, '0')
		b.WriteByte(':')
		pad(b, t.Minute(), 2, '0')
	case 's':
		b.WriteString(strconv.FormatInt(t.Unix(), 10))
	case 'S':
		pad(b, t.Second(), 2, '0')
	case 't':
		b.WriteByte('\t')
	case 'T', 'X': // "%H:%M:%S"
		pad(b, t.Hour(), 2, '0')
		b.WriteByte(':')
		pad(b, t.Minute(), 2, '0')
		b.WriteByte(':')
		pad(b, t.Second(), 2, '0')
	case 'u':
		pad(b, (wday+6)%7+1, 1, '0')
	case 'U': // weeks starting on Sunday; days before the first Sunday are week 0
		pad(b, (yday+7-wday)/7, 2, '0')
	case 'V':
		_, w := t.ISOWeek()
		pad(b, w, 2, '0')
	case 'w':
		pad(b, wday, 1, '0')
	case 'W': // weeks starting on Monday
		pad(b, (yday+7-(wday+6)%7)/7, 2, '0')
	case 'y':
		pad(b, (t.Year()%100+100)%100, 2, '0')
	case 'Y':
		b.WriteString(strconv.Itoa(t.Year()))
	case 'z':
		_, off := t.Zone()
		sign := byte('+')
		if off < 0 {
			sign, off = '-', -off
		}
		b.WriteByte(sign)
		pad(b, off/3600*100+off%3600/60, 4, '0')
	case 'Z':
		if utc {
			b.WriteString("GMT")
		} else {
			name, _ := t.Zone()
			b.WriteString(name)
		}
	case '%':
		b.WriteByte('%')
	default:
		b.WriteByte('%')
		b.WriteByte(c)
	}
}

// osTime is os.time([t]): now, or the local time the table t describes,
// normalised as mktime does (month 13 is January of the next year, day 0
// the last day of the month before). It is nil where mktime returns -1.
func osTime(L *LState) int {
	if L.Get(1) == LNil {
		L.Push(LNumber(time.Now().Unix()))
		return 1
	}
	tb := L.CheckTable(1)
	sec := dateField(L, tb, "sec", 0)
	min := dateField(L, tb, "min", 0)
	hour := dateField(L, tb, "hour", 12)
	day := dateField(L, tb, "day", -1)
	month := dateField(L, tb, "month", -1)
	year := dateField(L, tb, "year", -1)
	t := time.Date(year, time.Month(month), day, hour, min, sec, 0, time.Local)
	unix := t.Unix()
	// isdst set says which offset the fields are in: mktime moves the
	// result by the hour when it is not what the zone has at that time.
	if isdst := L.GetField(tb, "isdst"); isdst != LNil {
		switch want := LVAsBool(isdst); {
		case want && !t.IsDST():
			unix -= 3600
		case !want && t.IsDST():
			unix += 3600
		}
	}
	if unix == -1 {
		L.Push(LNil)
		return 1
	}
	L.Push(LNumber(unix))
	return 1
}

// dateField is t[key] as an integer (a number or a numeric string), or
// def when it is not a number; a field without default (def < 0) must be
// there.
func dateField(L *LState, tb *LTable, key string, def int) int {
	switch v := L.GetField(tb, key).(type) {
	case LNumber:
		return int(v)
	case LString:
		if n, ok := dateFieldNumber(string(v)); ok {
			return int(n)
		}
	}
	if def < 0 {
		L.RaiseError("field '%s' missing in date table", key)
	}
	return def
}

// dateFieldNumber reads a numeric string as C's strtod does: leading
// zeros are decimal ("0002006" is 2006), 0x is hexadecimal.
func dateFieldNumber(s string) (LNumber, bool) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimLeft(s, "+-")
	if !strings.HasPrefix(body, "0x") && !strings.HasPrefix(body, "0X") {
		if trimmed := strings.TrimLeft(body, "0"); trimmed != body {
			if trimmed == "" || trimmed[0] == '.' || trimmed[0] == 'e' || trimmed[0] == 'E' {
				trimmed = "0" + trimmed
			}
			body = trimmed
		}
	}
	n, err := parseNumber(body)
	if err != nil {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

// osDiffTime is os.difftime(t2 [, t1]): t2 - t1 in seconds, each taken as
// a whole time_t.
func osDiffTime(L *LState) int {
	t2 := int64(L.CheckNumber(1))
	t1 := int64(0)
	if L.Get(2) != LNil {
		t1 = int64(L.CheckNumber(2))
	}
	L.Push(LNumber(float64(t2 - t1)))
	return 1
}
