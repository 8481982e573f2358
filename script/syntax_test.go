package script_test

import (
	"errors"
	"testing"

	"github.com/zcrmrun/zcrmrun/script"
)

// Syntax errors read as lua5.1 prints them, and a chunk is incomplete
// exactly when the message ends in '<eof>', as lua.c's REPL decides
// whether to ask for another line.
func TestSyntaxErrorsAreLua51s(t *testing.T) {
	for _, c := range []struct {
		src, msg   string
		incomplete bool
	}{
		{"if x then", "s.lua:1: 'end' expected near '<eof>'", true},
		{"if x then\n  y = 1\n", "s.lua:3: 'end' expected (to close 'if' at line 1) near '<eof>'", true},
		{"f(1,\n2", "s.lua:2: ')' expected (to close '(' at line 1) near '<eof>'", true},
		{"s = [[a", "s.lua:1: unfinished long string near '<eof>'", true},
		{"s = 'a", "s.lua:1: unfinished string near '<eof>'", true},
		{"--[[ open", "s.lua:1: unfinished long comment near '<eof>'", true},
		{"x = ", "s.lua:1: unexpected symbol near '<eof>'", true},
		{"s = 'a\nb'", "s.lua:1: unfinished string near ''a'", false},
		{"x = 1 +* 2", "s.lua:1: unexpected symbol near '*'", false},
		{"x = 3..2", "s.lua:1: malformed number near '3..2'", false},
		{"local goto = 1\nreturn goto", "", false},
		{"return 1 end", "s.lua:1: '<eof>' expected near 'end'", false},
		{"x = (1\n\n}", "s.lua:3: ')' expected (to close '(' at line 1) near '}'", false},
	} {
		_, err := script.CompileString(c.src, "s.lua")
		if c.msg == "" {
			if err != nil {
				t.Errorf("%q: %v", c.src, err)
			}
			continue
		}
		var se *script.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: not a syntax error: %v", c.src, err)
			continue
		}
		if se.Error() != c.msg || se.Incomplete() != c.incomplete {
			t.Errorf("%q: got %q (incomplete %v), want %q (%v)", c.src, se.Error(), se.Incomplete(), c.msg, c.incomplete)
		}
	}
}

// 5.1's limit on syntax nesting counts from lua.c's depth for a script
// (one C call), one less than loadstring's in a main chunk.
func TestScriptNestingLimit(t *testing.T) {
	nest := func(n int) string {
		s := "return "
		for i := 0; i < n; i++ {
			s += "("
		}
		s += "1"
		for i := 0; i < n; i++ {
			s += ")"
		}
		return s
	}
	if _, err := script.CompileString(nest(197), "s.lua"); err != nil {
		t.Fatalf("197 levels: %v", err)
	}
	_, err := script.CompileString(nest(198), "s.lua")
	if err == nil || err.Error() != "s.lua:1: chunk has too many syntax levels" {
		t.Fatalf("198 levels: %v", err)
	}
}
