package luabind

import (
	"fmt"
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
	recs := L.CheckTable(1)
	fields := stringList(L, L.Get(2), call, "fields (argument #2)", false)
	w := b.m.Stdout
	if w == nil {
		w = os.Stdout
	}
	io.WriteString(w, b.formatTable(recs, fields))
	return 0
}

func (b *stateValues) formatTable(recs *lua.LTable, fields []string) string {
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

// FormatRecords renders t as crm.print_table does, for the REPL, when t is
// a non-empty array of records (tables with a string id); ok is false for
// anything else. Columns are id and then the first record's other fields
// in name order, at most maxColumns of them, with a last line naming how
// many were left out.
func FormatRecords(L *lua.LState, t *lua.LTable, maxColumns int) (text string, ok bool) {
	n := t.Len()
	if n == 0 {
		return "", false
	}
	count := 0
	t.ForEach(func(lua.LValue, lua.LValue) { count++ })
	if count != n {
		return "", false // not a pure array
	}
	for i := 1; i <= n; i++ {
		rec, isTable := t.RawGetInt(i).(*lua.LTable)
		if !isTable {
			return "", false
		}
		if _, hasID := rec.RawGetString("id").(lua.LString); !hasID {
			return "", false
		}
	}
	fields := []string{"id"}
	for _, k := range sortedKeys(t.RawGetInt(1).(*lua.LTable)) {
		if k != "id" {
			fields = append(fields, k)
		}
	}
	left := 0
	if maxColumns > 0 && len(fields) > maxColumns {
		fields, left = fields[:maxColumns], len(fields)-maxColumns
	}
	text = valuesOf(L).formatTable(t, fields)
	if left > 0 {
		text += fmt.Sprintf("(%d more fields; crm.print_table(t, {fields...}) picks the columns)\n", left)
	}
	return text, true
}
