package parse

import (
	"fmt"
	"strings"

	"github.com/yuin/gopher-lua/ast"
)

// The lexer follows Lua 5.1's llex.c: the same tokens, the same numerals
// (read_numeral then a strtod check), the same string escapes, long
// brackets with LUA_COMPAT_LSTR 1, and the same line counting, so that
// the line and the token text of an error are the ones lua5.1 shows.

// Token kinds: a single-character token is its byte; the others follow
// from firstReserved, in the order of 5.1's luaX_tokens.
const (
	firstReserved = 257 + iota
	tkBreak
	tkDo
	tkElse
	tkElseif
	tkEnd
	tkFalse
	tkFor
	tkFunction
	tkIf
	tkIn
	tkLocal
	tkNil
	tkNot
	tkOr
	tkRepeat
	tkReturn
	tkThen
	tkTrue
	tkUntil
	tkWhile
	tkConcat
	tkDots
	tkEq
	tkGe
	tkLe
	tkNe
	tkNumber
	tkName
	tkString
	tkEOS
)

const tkAnd = firstReserved

// tokenNames are 5.1's luaX_tokens.
var tokenNames = [...]string{
	"and", "break", "do", "else", "elseif",
	"end", "false", "for", "function", "if",
	"in", "local", "nil", "not", "or", "repeat",
	"return", "then", "true", "until", "while",
	"..", "...", "==", ">=", "<=", "~=",
	"<number>", "<name>", "<string>", "<eof>",
}

var reserved = func() map[string]int {
	m := make(map[string]int, tkWhile-firstReserved+1)
	for t := firstReserved; t <= tkWhile; t++ {
		m[tokenNames[t-firstReserved]] = t
	}
	return m
}()

// eoz is the end of the input, as a character.
const eoz = -1

// maxCCalls is LUAI_MAXCCALLS, which bounds 5.1's syntax nesting.
const maxCCalls = 200

type token struct {
	typ  int
	str  string // a name, a string's value, a numeral's text
	line int    // where the token starts: the line the AST records
	col  int
	// sep is a string's delimiter for its text in messages: -1 for a
	// quoted string (quote), else the level of the long bracket.
	sep   int
	quote byte
}

type lexer struct {
	src       []byte
	pos       int // index of the current character
	line      int // 5.1's linenumber: the line the lexer is on
	lineStart int // index where that line starts, for columns
	source    string
	buf       []byte // 5.1's buffer: the text of the token being read
}

func (lx *lexer) current() int {
	if lx.pos < len(lx.src) {
		return int(lx.src[lx.pos])
	}
	return eoz
}

func (lx *lexer) advance() { lx.pos++ }

func (lx *lexer) save(c int) { lx.buf = append(lx.buf, byte(c)) }

func (lx *lexer) saveAndNext() {
	lx.buf = append(lx.buf, lx.src[lx.pos])
	lx.pos++
}

func isNewline(c int) bool { return c == '\n' || c == '\r' }

// incLine skips "\n", "\r", "\n\r" or "\r\n" and counts one line.
func (lx *lexer) incLine() {
	old := lx.current()
	lx.advance()
	if c := lx.current(); isNewline(c) && c != old {
		lx.advance()
	}
	lx.line++
	lx.lineStart = lx.pos
}

func (lx *lexer) column() int { return lx.pos - lx.lineStart + 1 }

// errorAt raises a syntax error on the lexer's line: 5.1's luaX_lexerror,
// where near is the token's text, or "" for none.
func (lx *lexer) errorAt(msg, near string) {
	if i := strings.IndexByte(near, 0); i >= 0 {
		near = near[:i] // 5.1 prints the token as a C string
	}
	panic(&Error{Pos: ast.Position{Source: lx.source, Line: lx.line, Column: lx.column()}, Message: msg, Token: near})
}

// lexError is luaX_lexerror for a token of kind tok (0: no token shown).
func (lx *lexer) lexError(msg string, tok int) {
	switch tok {
	case 0:
		lx.errorAt(msg, "")
	case tkName, tkString, tkNumber:
		lx.errorAt(msg, string(lx.buf))
	default:
		lx.errorAt(msg, token2str(tok))
	}
}

// token2str is luaX_token2str.
func token2str(tok int) string {
	if tok < firstReserved {
		if tok < 32 || tok == 127 {
			return fmt.Sprintf("char(%d)", tok)
		}
		return string([]byte{byte(tok)})
	}
	return tokenNames[tok-firstReserved]
}

// text is the token as 5.1's txtToken shows it: the source text of a
// name, numeral or string (after escapes), else its name.
func (t *token) text() string {
	switch t.typ {
	case tkName, tkNumber:
		return t.str
	case tkString:
		if t.sep < 0 {
			q := string([]byte{t.quote})
			return q + t.str + q
		}
		eq := strings.Repeat("=", t.sep)
		return "[" + eq + "[" + t.str + "]" + eq + "]"
	}
	return token2str(t.typ)
}

func isDecimal(c int) bool { return '0' <= c && c <= '9' }

func isAlpha(c int) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isAlnum(c int) bool { return isAlpha(c) || isDecimal(c) }

func isSpace(c int) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// skipSep reads a long bracket's "[==" or "]==": its level when the same
// bracket follows, else -1 - the number of '='.
func (lx *lexer) skipSep() int {
	count := 0
	s := lx.current()
	lx.saveAndNext()
	for lx.current() == '=' {
		lx.saveAndNext()
		count++
	}
	if lx.current() == s {
		return count
	}
	return -count - 1
}

// readLongString reads a long string into t, or skips a long comment when
// t is nil.
func (lx *lexer) readLongString(t *token, sep int) {
	lx.saveAndNext() // the second '['
	if isNewline(lx.current()) {
		lx.incLine() // a first newline is not part of the string
	}
	for {
		switch c := lx.current(); c {
		case eoz:
			if t != nil {
				lx.lexError("unfinished long string", tkEOS)
			}
			lx.lexError("unfinished long comment", tkEOS)
		case '[':
			// LUA_COMPAT_LSTR 1, 5.1's default build.
			if lx.skipSep() == sep {
				lx.saveAndNext()
				if sep == 0 {
					lx.lexError("nesting of [[...]] is deprecated", '[')
				}
			}
		case ']':
			if lx.skipSep() == sep {
				lx.saveAndNext()
				if t != nil {
					t.str = string(lx.buf[2+sep : len(lx.buf)-2-sep])
					t.sep = sep
				}
				return
			}
		case '\n', '\r':
			lx.save('\n')
			lx.incLine()
			if t == nil {
				lx.buf = lx.buf[:0]
			}
		default:
			if t != nil {
				lx.saveAndNext()
			} else {
				lx.advance()
			}
		}
	}
}

func (lx *lexer) readString(t *token, del int) {
	lx.saveAndNext()
	for lx.current() != del {
		switch lx.current() {
		case eoz:
			lx.lexError("unfinished string", tkEOS)
		case '\n', '\r':
			lx.lexError("unfinished string", tkString)
		case '\\':
			lx.advance() // the '\' is not saved
			c := lx.current()
			switch c {
			case 'a':
				c = '\a'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'v':
				c = '\v'
			case '\n', '\r':
				lx.save('\n')
				lx.incLine()
				continue
			case eoz:
				continue // "unfinished string" on the next round
			default:
				if !isDecimal(c) {
					lx.saveAndNext() // \\, \", \' and any other character
					continue
				}
				v := 0
				for i := 0; i < 3 && isDecimal(lx.current()); i++ {
					v = 10*v + lx.current() - '0'
					lx.advance()
				}
				if v > 255 {
					lx.lexError("escape sequence too large", tkString)
				}
				lx.save(v)
				continue
			}
			lx.save(c)
			lx.advance()
		default:
			lx.saveAndNext()
		}
	}
	lx.saveAndNext()
	t.str = string(lx.buf[1 : len(lx.buf)-1])
	t.sep, t.quote = -1, byte(del)
}

// readNumeral is 5.1's read_numeral: digits and dots, an exponent with
// its sign, then any letters, digits and '_', checked as luaO_str2d
// checks them.
func (lx *lexer) readNumeral(t *token) {
	for {
		lx.saveAndNext()
		if c := lx.current(); !isDecimal(c) && c != '.' {
			break
		}
	}
	if c := lx.current(); c == 'e' || c == 'E' {
		lx.saveAndNext()
		if c := lx.current(); c == '+' || c == '-' {
			lx.saveAndNext()
		}
	}
	for c := lx.current(); isAlnum(c) || c == '_'; c = lx.current() {
		lx.saveAndNext()
	}
	if !validNumeral(lx.buf) {
		lx.lexError("malformed number", tkNumber)
	}
	t.str = string(lx.buf)
}

// lex reads the next token into t: 5.1's llex.
func (lx *lexer) lex(t *token) {
	lx.buf = lx.buf[:0]
	for {
		t.line, t.col = lx.line, lx.column()
		c := lx.current()
		switch c {
		case '\n', '\r':
			lx.incLine()
			continue
		case '-':
			lx.advance()
			if lx.current() != '-' {
				t.typ = '-'
				return
			}
			lx.advance()
			if lx.current() == '[' {
				sep := lx.skipSep()
				lx.buf = lx.buf[:0]
				if sep >= 0 {
					lx.readLongString(nil, sep)
					lx.buf = lx.buf[:0]
					continue
				}
			}
			for c := lx.current(); !isNewline(c) && c != eoz; c = lx.current() {
				lx.advance()
			}
			continue
		case '[':
			sep := lx.skipSep()
			if sep >= 0 {
				lx.readLongString(t, sep)
				t.typ = tkString
				return
			}
			if sep != -1 {
				lx.lexError("invalid long string delimiter", tkString)
			}
			t.typ = '['
			return
		case '=':
			t.typ = lx.twoChar('=', tkEq)
			return
		case '<':
			t.typ = lx.twoChar('<', tkLe)
			return
		case '>':
			t.typ = lx.twoChar('>', tkGe)
			return
		case '~':
			t.typ = lx.twoChar('~', tkNe)
			return
		case '"', '\'':
			lx.readString(t, c)
			t.typ = tkString
			return
		case '.':
			lx.saveAndNext()
			if lx.current() == '.' {
				lx.saveAndNext()
				if lx.current() == '.' {
					lx.saveAndNext()
					t.typ = tkDots
					return
				}
				t.typ = tkConcat
				return
			}
			if !isDecimal(lx.current()) {
				t.typ = '.'
				return
			}
			lx.readNumeral(t)
			t.typ = tkNumber
			return
		case eoz:
			t.typ = tkEOS
			return
		}
		switch {
		case isSpace(c):
			lx.advance()
		case isDecimal(c):
			lx.readNumeral(t)
			t.typ = tkNumber
			return
		case isAlpha(c) || c == '_':
			start := lx.pos
			for c := lx.current(); isAlnum(c) || c == '_'; c = lx.current() {
				lx.advance()
			}
			word := lx.src[start:lx.pos]
			if typ, ok := reserved[string(word)]; ok { // no allocation for the lookup
				t.typ = typ
				return
			}
			lx.buf = append(lx.buf, word...)
			t.typ, t.str = tkName, string(word)
			return
		default:
			lx.advance()
			t.typ = c
			return
		}
	}
}

// twoChar reads c or c followed by '='.
func (lx *lexer) twoChar(c, withEq int) int {
	lx.advance()
	if lx.current() != '=' {
		return c
	}
	lx.advance()
	return withEq
}

// validNumeral is luaO_str2d on a numeral read_numeral read, which starts
// with a digit or '.' and holds no sign but the exponent's and no space:
// glibc's strtod must take all of it (decimal, or hexadecimal with an
// optional binary exponent), or strtoul in base 16 for "0x..."; the same
// rules as the engine's str2number (numconv.go), which the compiler uses
// for the value.
func validNumeral(b []byte) bool {
	s := string(b)
	if len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return validHex(strings.ToLower(s[2:]))
	}
	i, digits := 0, 0
	for i < len(s) && isDecimal(int(s[i])) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDecimal(int(s[i])) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j == len(s) || !isDecimal(int(s[j])) {
			return false
		}
		for j < len(s) && isDecimal(int(s[j])) {
			j++
		}
		i = j
	}
	return i == len(s)
}

func isXDigit(c byte) bool { return isDecimal(int(c)) || 'a' <= c && c <= 'f' }

func validHex(s string) bool {
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
		return false
	}
	if i < len(s) && s[i] == 'p' {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j == len(s) || !isDecimal(int(s[j])) {
			return false
		}
		for j < len(s) && isDecimal(int(s[j])) {
			j++
		}
		i = j
	}
	return i == len(s)
}
