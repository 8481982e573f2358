package luabind

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/zcrmrun/zcrmrun/english"
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
// anything else. The columns are the ones that tell a person which record
// a row is (id, then names, Email, Company, stage and status, Amount,
// Owner), then the first record's other fields in name order, leaving out
// Zoho's "$" system fields, as many as fit in width characters, with a
// last line naming how many were left out.
func FormatRecords(L *lua.LState, t *lua.LTable, width int) (text string, ok bool) {
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
	b := valuesOf(L)
	candidates, system := recordColumns(t.RawGetInt(1).(*lua.LTable))
	var fields []string
	used := 0
	for _, f := range candidates {
		w := utf8.RuneCountInString(f)
		for i := 1; i <= n; i++ {
			rec := t.RawGetInt(i).(*lua.LTable)
			w = max(w, utf8.RuneCountInString(clip(strings.ReplaceAll(b.cellText(rec.RawGetString(f)), "\n", " "))))
		}
		if len(fields) > 0 {
			w += 2 // the gap before the column
		}
		if len(fields) > 1 && used+w > width {
			continue // a narrower column further on may still fit
		}
		fields = append(fields, f)
		used += w
	}
	text = b.formatTable(t, fields)
	if left := len(candidates) + len(system) - len(fields); left > 0 {
		text += fmt.Sprintf("(%s; crm.print_table(t, {fields...}) picks the columns)\n", english.Count(left, "more field"))
	}
	return text, true
}

// recordColumns orders rec's fields for a record list: id, the fields
// that identify a record, then the rest by name; Zoho's "$" fields are
// returned apart.
func recordColumns(rec *lua.LTable) (cols, system []string) {
	keys := sortedKeys(rec)
	has := map[string]bool{}
	for _, k := range keys {
		has[k] = true
	}
	cols = []string{"id"}
	for _, k := range []string{"Full_Name", "First_Name", "Last_Name", "Name", "Account_Name", "Deal_Name",
		"Subject", "Product_Name", "Email", "Company", "Stage", "Lead_Status", "Amount", "Owner"} {
		if has[k] && !(has["Full_Name"] && (k == "First_Name" || k == "Last_Name")) {
			cols = append(cols, k)
		}
	}
	shown := map[string]bool{}
	for _, c := range cols {
		shown[c] = true
	}
	for _, k := range keys {
		switch {
		case shown[k]:
		case strings.HasPrefix(k, "$"):
			system = append(system, k)
		default:
			cols = append(cols, k)
		}
	}
	return cols, system
}
