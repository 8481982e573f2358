package repl

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/script"
)

// Limits that keep printed values readable.
const (
	maxItems  = 20 // array elements shown before "... (N more)"
	maxDepth  = 6  // nesting shown before "{...}"
	lineWidth = 72 // a table that fits on a line this wide stays on one

	// DefaultWidth is the width lists of records are fitted to when the
	// output's width is not known.
	DefaultWidth = 100
)

// Format renders v for the console: strings quoted, crm.null as null,
// tables with sorted keys ("id" first, so records lead with their id),
// arrays compact and cut after maxItems with a count of the rest, nested
// tables indented, cycles marked.
//
// An array of records prints as crm.print_table prints it, with the
// columns that identify records first and as many as fit in width. A
// __tostring runs under ctx and cannot raise or hang the session
// (script.Describe).
func Format(ctx context.Context, L *lua.LState, v lua.LValue, width int) string {
	if t, ok := v.(*lua.LTable); ok {
		if text, ok := luabind.FormatRecords(L, t, width); ok {
			return strings.TrimSuffix(text, "\n")
		}
	}
	f := formatter{ctx: ctx, L: L, null: luabind.Null(L), seen: map[*lua.LTable]bool{}}
	return f.value(v, 0)
}

type formatter struct {
	ctx  context.Context
	L    *lua.LState
	null *lua.LUserData
	seen map[*lua.LTable]bool
}

func (f *formatter) value(v lua.LValue, depth int) string {
	switch x := v.(type) {
	case lua.LString:
		return strconv.Quote(string(x))
	case *lua.LUserData:
		if x == f.null {
			return "null"
		}
	case *lua.LTable:
		return f.table(x, depth)
	}
	return script.Describe(f.ctx, f.L, v, "value")
}

func (f *formatter) table(t *lua.LTable, depth int) string {
	if f.seen[t] {
		return "<cycle>"
	}
	if depth >= maxDepth {
		return "{...}"
	}
	f.seen[t] = true
	defer delete(f.seen, t)

	var ints []int
	var strs []string
	var others []lua.LValue
	t.ForEach(func(k, _ lua.LValue) {
		switch x := k.(type) {
		case lua.LString:
			strs = append(strs, string(x))
		case lua.LNumber:
			if float64(x) == float64(int(x)) {
				ints = append(ints, int(x))
				return
			}
			others = append(others, k)
		default:
			others = append(others, k)
		}
	})
	sort.Ints(ints)
	sort.Slice(strs, func(i, j int) bool {
		if (strs[i] == "id") != (strs[j] == "id") {
			return strs[i] == "id"
		}
		return strs[i] < strs[j]
	})
	var items []string
	n := len(ints)
	isArray := len(strs) == 0 && len(others) == 0 && n > 0 && ints[0] == 1 && ints[n-1] == n
	if isArray {
		for i := 1; i <= n && i <= maxItems; i++ {
			items = append(items, f.value(t.RawGetInt(i), depth+1))
		}
		if n > maxItems {
			items = append(items, fmt.Sprintf("... (%d more)", n-maxItems))
		}
	} else {
		for _, i := range ints {
			items = append(items, fmt.Sprintf("[%d] = %s", i, f.value(t.RawGetInt(i), depth+1)))
		}
		for _, k := range strs {
			key := k
			if !isName(k) {
				key = "[" + strconv.Quote(k) + "]"
			}
			items = append(items, key+" = "+f.value(t.RawGetString(k), depth+1))
		}
		for _, k := range others {
			items = append(items, "["+script.Describe(f.ctx, f.L, k, "key")+"] = "+f.value(t.RawGet(k), depth+1))
		}
	}
	if len(items) == 0 {
		return "{}"
	}
	inline := "{ " + strings.Join(items, ", ") + " }"
	if len(inline)+depth*2 <= lineWidth && !strings.Contains(inline, "\n") {
		return inline
	}
	pad := strings.Repeat("  ", depth+1)
	var b strings.Builder
	b.WriteString("{\n")
	if isArray && !strings.Contains(strings.Join(items, ""), "{") {
		// Arrays of plain values fill lines instead of taking one each.
		line := pad
		for _, it := range items {
			if line != pad && len(line)+len(it)+1 > lineWidth {
				b.WriteString(strings.TrimSuffix(line, " ") + "\n")
				line = pad
			}
			line += it + ", "
		}
		b.WriteString(strings.TrimSuffix(line, " ") + "\n")
		items = nil
	}
	for _, it := range items {
		b.WriteString(pad)
		b.WriteString(it)
		b.WriteString(",\n")
	}
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString("}")
	return b.String()
}
