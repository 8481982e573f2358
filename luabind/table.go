package luabind

import (
	"io"
	"os"
	"strings"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"
)

// maxCellWidth keeps one long Description from pushing every other
// column off the screen.
const maxCellWidth = 40

// printTable is crm.print_table(records, fields)
//
// Prints records as aligned columns on stdout: a header row, a rule, one
// line per record. fields picks and orders the columns (default: id, then
// the first record's other fields in name order). Lookups show their name,
// crm.null shows empty, long cells are cut with "…".
func (b *binding) printTable(L *lua.LState) int {
	const call = "crm.print_table"
	recs := checkTable(L, 1, call, "records", false)
	fields := stringList(L, L.Get(2), call, "fields (argument #2)", false)
	w := b.m.Stdout
	if w == nil {
		w = os.Stdout
	}
	io.WriteString(w, b.formatTable(recs, fields))
	return 0
}

func (b *binding) formatTable(recs *lua.LTable, fields []string) string {
	n := recs.Len()
	if n == 0 {
		return "(no records)\n"
	}
	if len(fields) == 0 {
		if first, ok := recs.RawGetInt(1).(*lua.LTable); ok {
			fields = append(fields, "id")
			for _, k := range sortedKeys(first) {
				if k != "id" {
					fields = append(fields, k)
				}
			}
		}
	}
	rows := make([][]string, 0, n+1)
	rows = append(rows, fields)
	for i := 1; i <= n; i++ {
		row := make([]string, len(fields))
		if rec, ok := recs.RawGetInt(i).(*lua.LTable); ok {
			for j, f := range fields {
				row[j] = clip(strings.ReplaceAll(b.cellText(rec.RawGetString(f)), "\n", " "))
			}
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(fields))
	for _, row := range rows {
		for j, c := range row {
			widths[j] = max(widths[j], utf8.RuneCountInString(c))
		}
	}
	var sb strings.Builder
	line := func(cells []string) {
		for j, c := range cells {
			if j > 0 {
				sb.WriteString("  ")
			}
			sb.WriteString(c)
			if j < len(cells)-1 {
				sb.WriteString(strings.Repeat(" ", widths[j]-utf8.RuneCountInString(c)))
			}
		}
		sb.WriteByte('\n')
	}
	line(rows[0])
	rule := make([]string, len(widths))
	for j, w := range widths {
		rule[j] = strings.Repeat("-", w)
	}
	line(rule)
	for _, row := range rows[1:] {
		line(row)
	}
	return sb.String()
}

func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxCellWidth {
		return s
	}
	r := []rune(s)
	return string(r[:maxCellWidth-1]) + "…"
}
