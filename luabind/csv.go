package luabind

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/atomicfile"
	"github.com/zcrmrun/zcrmrun/crm"
)

// CSV is the `csv` Lua module: spreadsheet files in and out, built on
// encoding/csv. It has no dependencies; it is a struct for the loader
// pattern every zcrmrun module follows.
type CSV struct{}

// Loader builds the csv table; use it with L.PreloadModule("csv", CSV{}.Loader).
func (c CSV) Loader(L *lua.LState) int {
	L.Push(c.Open(L))
	return 1
}

// Open builds the csv table for L.
func (CSV) Open(L *lua.LState) *lua.LTable {
	v := valuesOf(L)
	return L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"read":  v.csvRead,
		"write": v.csvWrite,
	})
}

// csvRead is csv.read(path, opts) -> iterator of row, line
//
// Rows are tables keyed by the header row's names (or by opts.fields);
// with opts.header = false they are arrays. The iterator also returns the
// file line a row starts on, for reports of rejected rows. opts: delimiter
// (one character; default "," or ";" when the header has semicolons and no
// commas, as European Excel writes), header (default true), fields (names
// to use instead of the header row), trim (trim spaces around cells),
// lazy_quotes, encoding (default UTF-8; a byte-order mark decides). Text
// that is not in the encoding raises with path:line:column rather than
// becoming U+FFFD. Empty cells are "". A malformed line raises with
// path:line.
func (v *stateValues) csvRead(L *lua.LState) int {
	const call = "csv.read"
	path := checkName(L, 1, call, "path")
	o := v.options(L, 2, call)
	delim := o.String("delimiter")
	header := true
	if hv := o.get("header"); hv != lua.LNil {
		b, ok := hv.(lua.LBool)
		if !ok {
			o.fail("header", "true or false", hv)
		}
		header = bool(b)
	}
	fields := o.Strings("fields", false)
	trim := o.Bool("trim")
	lazy := o.Bool("lazy_quotes")
	te := encodingOption(L, o)
	o.Done()
	if delim != "" && len([]rune(delim)) != 1 {
		L.RaiseError("%s: option delimiter must be one character, got %q", call, delim)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		L.RaiseError("%s: %s", call, plainPathErr(err))
	}
	text, err := decodeText(data, te)
	if err != nil {
		L.RaiseError("%s: %s", call, fileErr(path, err))
	}
	if delim == "" {
		delim = sniffDelimiter(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = []rune(delim)[0]
	r.FieldsPerRecord = -1
	r.LazyQuotes = lazy
	r.TrimLeadingSpace = trim
	r.ReuseRecord = false

	if header && len(fields) == 0 {
		rec, err := r.Read()
		if err != nil && !errors.Is(err, io.EOF) {
			L.RaiseError("%s: %s", call, csvErr(path, err))
		}
		fields = rec
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
	}
	L.Push(L.NewFunction(func(L *lua.LState) int {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			L.RaiseError("%s: %s", call, csvErr(path, err))
		}
		line, _ := r.FieldPos(0)
		row := L.CreateTable(len(rec), len(fields))
		for i, cell := range rec {
			if trim {
				cell = strings.TrimSpace(cell)
			}
			if header && i < len(fields) && fields[i] != "" {
				row.RawSetString(fields[i], lua.LString(cell))
			} else if header {
				L.RaiseError("%s: %s:%d: cell %d has no column name in the header", call, path, line, i+1)
			} else {
				row.RawSetInt(i+1, lua.LString(cell))
			}
		}
		L.Push(row)
		L.Push(lua.LNumber(line))
		return 2
	}))
	return 1
}

// encodingOption reads opts.encoding.
func encodingOption(L *lua.LState, o *options) textEncoding {
	te, err := lookupEncoding(o.String("encoding"))
	if err != nil {
		L.RaiseError("%s: option encoding: %v", o.call, err)
	}
	return te
}

func sniffDelimiter(text string) string {
	first, _, _ := strings.Cut(text, "\n")
	switch {
	case strings.Contains(first, "\t") && !strings.Contains(first, ","):
		return "\t"
	case strings.Contains(first, ";") && !strings.Contains(first, ","):
		return ";"
	}
	return ","
}

func csvErr(path string, err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s:%d: %v", path, pe.StartLine, pe.Err)
	}
	return fmt.Sprintf("%s: %v", path, err)
}

func plainPathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// csvWrite is csv.write(path, rows, opts) -> count
//
// Writes rows (an array of tables) with a header row. opts: fields (the
// columns, in order; default every key of the first row, sorted),
// delimiter (default ","), bom (prefix a byte-order mark so Excel
// reads UTF-8), encoding (default UTF-8; "utf-16" writes its mark). A cell
// the encoding cannot hold raises naming its row and field. Cells: strings as they are, numbers without a trailing
// ".0", booleans as true/false, crm.null and missing fields as empty,
// lookups ({name=, id=}) as their name, arrays joined with "; ". The file
// is replaced atomically: a failed write leaves the old file intact.
func (v *stateValues) csvWrite(L *lua.LState) int {
	const call = "csv.write"
	path := checkName(L, 1, call, "path")
	rows := checkTable(L, 2, call, "rows", false)
	o := v.options(L, 3, call)
	fields := o.Strings("fields", false)
	delim := o.String("delimiter")
	bom := o.Bool("bom")
	te := encodingOption(L, o)
	o.Done()
	if bom && !te.unicode() {
		L.RaiseError("%s: option bom needs a Unicode encoding, not %s", call, te.name)
	}
	if delim == "" {
		delim = ","
	}
	if len([]rune(delim)) != 1 {
		L.RaiseError("%s: option delimiter must be one character, got %q", call, delim)
	}
	n := rows.Len()
	if len(fields) == 0 && n > 0 {
		first, ok := rows.RawGetInt(1).(*lua.LTable)
		if !ok {
			L.RaiseError("%s: rows[1] must be a table, got %s", call, rows.RawGetInt(1).Type())
		}
		fields = sortedKeys(first)
	}
	var buf bytes.Buffer
	if bom && te.name != "utf-16" { // "utf-16" writes its own
		buf.WriteString("\uFEFF")
	}
	w := csv.NewWriter(&buf)
	w.Comma = []rune(delim)[0]
	for _, f := range fields {
		if why := unencodable(f, te); why != "" {
			L.RaiseError("%s: %s: field name %q: %s", call, path, f, why)
		}
	}
	w.Write(fields)
	cells := make([]string, len(fields))
	for i := 1; i <= n; i++ {
		row, ok := rows.RawGetInt(i).(*lua.LTable)
		if !ok {
			L.RaiseError("%s: rows[%d] must be a table, got %s", call, i, rows.RawGetInt(i).Type())
		}
		for j, f := range fields {
			cells[j] = v.cellText(row.RawGetString(f))
			if why := unencodable(cells[j], te); why != "" {
				L.RaiseError("%s: %s: rows[%d].%s: %s", call, path, i, f, why)
			}
		}
		w.Write(cells)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		L.RaiseError("%s: %s: %v", call, path, err)
	}
	out, err := encodeText(buf.Bytes(), te)
	if err != nil {
		L.RaiseError("%s: %s: %v", call, path, err)
	}
	if err := atomicfile.Write(path, out, crm.DataFileMode); err != nil {
		L.RaiseError("%s: %v", call, err)
	}
	L.Push(lua.LNumber(n))
	return 1
}

func (v *stateValues) cellText(x lua.LValue) string {
	switch t := x.(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		return string(t)
	case lua.LNumber:
		f := float64(t)
		if f == float64(int64(f)) {
			return strconv.FormatInt(int64(f), 10)
		}
		return strconv.FormatFloat(f, 'f', -1, 64)
	case lua.LBool:
		return strconv.FormatBool(bool(t))
	case *lua.LUserData:
		if t == v.null {
			return ""
		}
	case *lua.LTable:
		if name, ok := t.RawGetString("name").(lua.LString); ok {
			return string(name)
		}
		if id, ok := t.RawGetString("id").(lua.LString); ok && t.Len() == 0 {
			return string(id) // a lookup without its name, as COQL returns it
		}
		if t.Len() > 0 {
			parts := make([]string, t.Len())
			for i := range parts {
				parts[i] = v.cellText(t.RawGetInt(i + 1))
			}
			return strings.Join(parts, "; ")
		}
		if k, _ := t.Next(lua.LNil); k == lua.LNil {
			return "" // an empty list (no tags) is an empty cell, like a missing one
		}
		if g, err := v.fromLua(t, 0); err == nil {
			b, _ := json.Marshal(g)
			return string(b)
		}
	}
	return x.String()
}
