package repl

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Complete completes the dotted name before pos by walking the tables it
// names from the globals: "crm.rec" gives head "crm." and "records",
// "crm.records." lists the functions in crm.records. A completion is the
// name alone, never with a "." or "(" after it: people type what comes
// next out of habit, and an inserted dot would double theirs ("crm..").
func Complete(L *lua.LState, line string, pos int) (head string, completions []string, tail string) {
	if pos > len(line) {
		pos = len(line)
	}
	start := pos
	for start > 0 && isNameByte(line[start-1]) {
		start--
	}
	word := line[start:pos]
	if word == "" || word[0] == '.' || (word[0] >= '0' && word[0] <= '9') {
		return line[:pos], nil, line[pos:]
	}
	cut := strings.LastIndexAny(word, ".:")
	path, partial := "", word
	if cut >= 0 {
		path, partial = word[:cut], word[cut+1:]
	}
	var v lua.LValue = L.G.Global
	if path != "" {
		for _, name := range strings.Split(path, ".") {
			if v = field(L, v, name); v == lua.LNil {
				return line[:pos], nil, line[pos:]
			}
		}
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		return line[:pos], nil, line[pos:]
	}
	t.ForEach(func(k, _ lua.LValue) {
		name, ok := k.(lua.LString)
		if !ok || !isName(string(name)) || !strings.HasPrefix(string(name), partial) {
			return
		}
		completions = append(completions, string(name))
	})
	sort.Strings(completions)
	return line[:start+cut+1], completions, line[pos:]
}

// field reads t[name] without running metamethods other than an __index
// table (so completion never runs Lua code).
func field(L *lua.LState, v lua.LValue, name string) lua.LValue {
	for depth := 0; depth < 8; depth++ {
		t, ok := v.(*lua.LTable)
		if !ok {
			return lua.LNil
		}
		if f := t.RawGetString(name); f != lua.LNil {
			return f
		}
		mt, ok := t.Metatable.(*lua.LTable)
		if !ok {
			return lua.LNil
		}
		v = mt.RawGetString("__index")
	}
	return lua.LNil
}

func isNameByte(c byte) bool {
	return c == '_' || c == '.' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) || s[i] == '.' || s[i] == ':' {
			return false
		}
	}
	return !isKeyword(s)
}

func isKeyword(s string) bool {
	switch s {
	case "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "if", "in",
		"local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while":
		return true
	}
	return false
}
