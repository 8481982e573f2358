// Package parse reads Lua 5.1 source into gopher-lua's syntax tree.
//
// The parser is a recursive descent that follows the structure of Lua
// 5.1's lparser.c (chunk, statement, exprstat, subexpr with 5.1's operator
// priorities, check_match), so that what it accepts and the errors it
// raises, with their lines and tokens, are 5.1's. The tree it builds, and
// the lines recorded in it, are the ones gopher-lua's compiler was written
// for (they were its goyacc grammar's).
package parse

import (
	"fmt"
	"io"

	"github.com/yuin/gopher-lua/ast"
)

// EOF was the line of an error at the end of the input. Errors now always
// carry their line; (*Error).AtEOF tells an error at the end.
const EOF = -1

// Error is a syntax error as Lua 5.1 reports it.
type Error struct {
	// Pos is where 5.1 reports the error: Source is the chunk's name,
	// Line the line the lexer was on, Column the column of the token.
	Pos ast.Position
	// Message is 5.1's message without position or token
	// ("unexpected symbol", "'end' expected (to close 'if' at line 2)").
	Message string
	// Token is the token as 5.1 shows it after "near" (a name, numeral
	// or string as written, "<eof>" at the end), or "" when 5.1 shows none.
	Token string
}

// Error is 5.1's text: "chunkid:line: message near 'token'".
func (e *Error) Error() string {
	src := shortSrc(e.Pos.Source)
	if e.Token == "" {
		return fmt.Sprintf("%s:%d: %s", src, e.Pos.Line, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s near '%s'", src, e.Pos.Line, e.Message, e.Token)
}

// AtEOF reports whether the error is at the end of the input, as lua.c's
// incomplete() decides it (the message ends in '<eof>'): more input could
// complete the chunk.
func (e *Error) AtEOF() bool {
	msg := e.Error()
	const eof = "'<eof>'"
	return len(msg) >= len(eof) && msg[len(msg)-len(eof):] == eof
}

// shortSrc is the chunk's name as 5.1's syntax errors show it (luaO_chunkid
// into llex.c's MAXSRC bytes), for the names gopher-lua gives chunks: a
// file's path, "=name" or "@file", or a [string "..."] made already.
func shortSrc(name string) string {
	const idSize = 80 // llex.c's MAXSRC
	for i := 0; i < len(name); i++ {
		if name[i] == 0 {
			name = name[:i] // a C string
			break
		}
	}
	switch {
	case len(name) > 0 && name[0] == '=':
		s := name[1:]
		if len(s) > idSize-1 {
			s = s[:idSize-1]
		}
		return s
	case len(name) > 9 && name[:9] == `[string "`:
		return name
	case len(name) > 0 && name[0] == '@':
		name = name[1:]
	}
	if max := idSize - len(" '...' ") - 1; len(name) > max {
		return "..." + name[len(name)-max:]
	}
	return name
}

// Parse reads a whole chunk named name, as loadstring called from a main
// chunk reads it (which matters only for 5.1's limit on nesting).
func Parse(reader io.Reader, name string) (chunk []ast.Stmt, err error) {
	return ParseAtLevel(reader, name, loadstringLevel)
}

// ParseAtLevel is Parse where 5.1's count of nested C calls (nCcalls) is
// cCalls when the parser starts: 1 for a script lua.c runs, 2 for
// loadstring called by that script. 5.1's limit of 200 on syntax nesting
// and on the variables of one assignment counts from it.
func ParseAtLevel(reader io.Reader, name string, cCalls int) (chunk []ast.Stmt, err error) {
	src, err := io.ReadAll(reader)
	if err != nil {
		return nil, err
	}
	p := &parser{lx: lexer{src: src, line: 1, source: name}, level: cCalls}
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			chunk, err = nil, pe
		}
	}()
	return p.mainChunk(), nil
}

// loadstringLevel is 5.1's nCcalls in loadstring called from a main chunk
// that lua.c runs.
const loadstringLevel = 2

// funcState is what the parser knows of a function being read: enough of
// lparser.c's FuncState to raise 5.1's errors (vararg, break, and the
// limits on locals and upvalues, which need 5.1's scoping of names).
type funcState struct {
	prev   *funcState
	line   int // where 5.1 says the function is defined; 0 for the main chunk
	vararg bool
	loops  int // breakable blocks open in this function
	// vars are the function's locals in scope, then the ones declared but
	// not yet in scope (`local x = x` reads the outer x); nactive counts
	// the first.
	vars    []string
	nactive int
	upvals  []upval
}

// upval is an upvalue as 5.1 tells them apart: the enclosing function's
// local or upvalue number index.
type upval struct {
	fromLocal bool
	index     int
}

// LUAI_MAXVARS and LUAI_MAXUPVALUES.
const (
	maxVars     = 200
	maxUpvalues = 60
)

type parser struct {
	lx       lexer
	t        token // the current token
	ahead    token
	hasAhead bool
	lastLine int // 5.1's lastline: the line of the last token taken
	level    int // 5.1's nCcalls
	fs       *funcState
}

func (p *parser) next() {
	p.lastLine = p.lx.line
	if p.hasAhead {
		p.t, p.hasAhead = p.ahead, false
		return
	}
	p.lx.lex(&p.t)
}

func (p *parser) lookahead() {
	p.lx.lex(&p.ahead)
	p.hasAhead = true
}

// syntaxError is luaX_syntaxerror: msg near the current token.
func (p *parser) syntaxError(msg string) {
	if p.t.typ == 0 {
		p.lx.errorAt(msg, "") // a NUL character: 5.1 shows no token
	}
	p.lx.errorAt(msg, p.t.text())
}

func (p *parser) errorExpected(tok int) {
	p.syntaxError("'" + token2str(tok) + "' expected")
}

func (p *parser) testNext(tok int) bool {
	if p.t.typ == tok {
		p.next()
		return true
	}
	return false
}

func (p *parser) check(tok int) {
	if p.t.typ != tok {
		p.errorExpected(tok)
	}
}

func (p *parser) checkNext(tok int) {
	p.check(tok)
	p.next()
}

// checkMatch takes what, which closes who opened at line where.
func (p *parser) checkMatch(what, who, where int) {
	if p.testNext(what) {
		return
	}
	if where == p.lx.line {
		p.errorExpected(what)
	}
	p.syntaxError(fmt.Sprintf("'%s' expected (to close '%s' at line %d)", token2str(what), token2str(who), where))
}

func (p *parser) checkName() token {
	p.check(tkName)
	t := p.t
	p.next()
	return t
}

func (p *parser) enterLevel() {
	if p.level++; p.level > maxCCalls {
		p.lx.lexError("chunk has too many syntax levels", 0)
	}
}

func (p *parser) leaveLevel() { p.level-- }

func blockFollow(tok int) bool {
	switch tok {
	case tkElse, tkElseif, tkEnd, tkUntil, tkEOS:
		return true
	}
	return false
}

func (p *parser) mainChunk() []ast.Stmt {
	p.fs = &funcState{vararg: true}
	p.next()
	stmts := p.chunk()
	p.check(tkEOS)
	return stmts
}

// block is a chunk in a scope of its own.
func (p *parser) block() []ast.Stmt {
	n := p.fs.nactive
	stmts := p.chunk()
	p.closeScope(n)
	return stmts
}

// closeScope ends the scope of the locals declared after the first n.
func (p *parser) closeScope(n int) {
	p.fs.nactive = n
	p.fs.vars = p.fs.vars[:n]
}

// newLocal declares name, the n-th of a declaration (5.1's new_localvar),
// to come into scope with activate.
func (p *parser) newLocal(name string, n int) {
	fs := p.fs
	if fs.nactive+n+1 > maxVars {
		p.limitError(maxVars, "local variables")
	}
	fs.vars = append(fs.vars[:fs.nactive+n], name)
}

// activate brings the n locals declared last into scope.
func (p *parser) activate(n int) { p.fs.nactive += n }

func (p *parser) limitError(limit int, what string) {
	p.lx.lexError(fmt.Sprintf("%s has more than %d %s", p.funcWhat(), limit, what), 0)
}

// resolve finds name as 5.1's singlevar does, counting the upvalues the
// functions between its declaration and here need.
func (p *parser) resolve(name string) {
	p.resolveIn(p.fs, name)
}

// resolveIn returns whether name is a local of fs or of an enclosing
// function, and which (fromLocal, index) it is in fs.
func (p *parser) resolveIn(fs *funcState, name string) (found bool, v upval) {
	if fs == nil {
		return false, v
	}
	for i := fs.nactive - 1; i >= 0; i-- {
		if fs.vars[i] == name {
			return true, upval{fromLocal: true, index: i}
		}
	}
	found, outer := p.resolveIn(fs.prev, name)
	if !found {
		return false, v
	}
	for i, u := range fs.upvals {
		if u == outer {
			return true, upval{index: i}
		}
	}
	if len(fs.upvals)+1 > maxUpvalues {
		saved := p.fs
		p.fs = fs
		p.limitError(maxUpvalues, "upvalues")
		p.fs = saved
	}
	fs.upvals = append(fs.upvals, outer)
	return true, upval{index: len(fs.upvals) - 1}
}

// chunk is 5.1's chunk: statements up to a block's end.
func (p *parser) chunk() []ast.Stmt {
	p.enterLevel()
	stmts := []ast.Stmt{}
	for !blockFollow(p.t.typ) {
		st, last := p.statement()
		// the compiler places code a statement ends with (a loop's jump
		// back, a chunk's final return) on this line, as 5.1 codes it at
		// the line of the last token read
		st.SetLastLine(p.lastLine)
		stmts = append(stmts, st)
		p.testNext(';')
		if last {
			break
		}
	}
	p.leaveLevel()
	return stmts
}

// loopBlock is a block break may leave.
func (p *parser) loopBlock() []ast.Stmt {
	p.fs.loops++
	stmts := p.block()
	p.fs.loops--
	return stmts
}

// statement reads one statement; last is true for return and break,
// which must end their block.
func (p *parser) statement() (st ast.Stmt, last bool) {
	line := p.lx.line
	start := p.t.line
	switch p.t.typ {
	case tkIf:
		return p.ifStat(line), false
	case tkWhile:
		p.next()
		cond := p.expr()
		p.checkNext(tkDo)
		body := p.loopBlock()
		end := p.t.line
		p.checkMatch(tkEnd, tkWhile, line)
		st := &ast.WhileStmt{Condition: cond, Stmts: body}
		st.SetLine(start)
		st.SetLastLine(end)
		return st, false
	case tkDo:
		p.next()
		body := p.block()
		end := p.t.line
		p.checkMatch(tkEnd, tkDo, line)
		st := &ast.DoBlockStmt{Stmts: body}
		st.SetLine(start)
		st.SetLastLine(end)
		return st, false
	case tkFor:
		return p.forStat(line), false
	case tkRepeat:
		p.next()
		n := p.fs.nactive
		p.fs.loops++
		body := p.chunk()
		p.checkMatch(tkUntil, tkRepeat, line)
		cond := p.expr() // in the scope of the body's locals
		p.fs.loops--
		p.closeScope(n)
		st := &ast.RepeatStmt{Condition: cond, Stmts: body}
		st.SetLine(start)
		st.SetLastLine(cond.Line())
		return st, false
	case tkFunction:
		p.next()
		name := p.funcName()
		fn := p.body(line, name.Method != "")
		st := &ast.FuncDefStmt{Name: name, Func: fn}
		st.SetLine(start)
		st.SetLastLine(fn.LastLine())
		return st, false
	case tkLocal:
		p.next()
		if p.testNext(tkFunction) {
			name := p.checkName()
			p.newLocal(name.str, 0)
			p.activate(1)
			fn := p.body(p.lx.line, false)
			st := &ast.LocalAssignStmt{Names: []string{name.str}, Exprs: []ast.Expr{fn}, LocalFunction: true}
			st.SetLine(start)
			st.SetLastLine(fn.LastLine())
			return st, false
		}
		var names []string
		for {
			name := p.checkName().str
			p.newLocal(name, len(names))
			names = append(names, name)
			if !p.testNext(',') {
				break
			}
		}
		exprs := []ast.Expr{}
		if p.testNext('=') {
			exprs = p.exprList()
		}
		p.activate(len(names))
		st := &ast.LocalAssignStmt{Names: names, Exprs: exprs}
		st.SetLine(start)
		return st, false
	case tkReturn:
		p.next()
		var exprs []ast.Expr
		if !blockFollow(p.t.typ) && p.t.typ != ';' {
			exprs = p.exprList()
		}
		st := &ast.ReturnStmt{Exprs: exprs}
		st.SetLine(start)
		return st, true
	case tkBreak:
		p.next()
		if p.fs.loops == 0 {
			p.syntaxError("no loop to break")
		}
		st := &ast.BreakStmt{}
		st.SetLine(start)
		return st, true
	}
	return p.exprStat(), false
}

func (p *parser) ifStat(line int) ast.Stmt {
	top := &ast.IfStmt{}
	top.SetLine(p.t.line)
	p.next()
	top.Condition = p.expr()
	p.checkNext(tkThen)
	top.Then = p.block()
	cur := top
	for p.t.typ == tkElseif {
		st := &ast.IfStmt{}
		st.SetLine(p.t.line)
		p.next()
		st.Condition = p.expr()
		p.checkNext(tkThen)
		st.Then = p.block()
		cur.Else = []ast.Stmt{st}
		cur = st
	}
	if p.testNext(tkElse) {
		cur.Else = p.block()
	}
	top.SetLastLine(p.t.line)
	p.checkMatch(tkEnd, tkIf, line)
	return top
}

func (p *parser) forStat(line int) ast.Stmt {
	start := p.t.line
	outer := p.fs.nactive
	p.next()
	name := p.checkName().str
	var st ast.Stmt
	switch p.t.typ {
	case '=':
		p.newLocal("(for index)", 0)
		p.newLocal("(for limit)", 1)
		p.newLocal("(for step)", 2)
		p.newLocal(name, 3)
		p.next()
		f := &ast.NumberForStmt{Name: name}
		f.Init = p.expr()
		p.checkNext(',')
		f.Limit = p.expr()
		if p.testNext(',') {
			f.Step = p.expr()
		}
		f.Stmts = p.forBody(1)
		st = f
	case ',', tkIn:
		p.newLocal("(for generator)", 0)
		p.newLocal("(for state)", 1)
		p.newLocal("(for control)", 2)
		p.newLocal(name, 3)
		f := &ast.GenericForStmt{Names: []string{name}}
		for p.testNext(',') {
			n := p.checkName().str
			p.newLocal(n, len(f.Names)+3)
			f.Names = append(f.Names, n)
		}
		p.checkNext(tkIn)
		f.Exprs = p.exprList()
		f.Stmts = p.forBody(len(f.Names))
		st = f
	default:
		p.syntaxError("'=' or 'in' expected")
	}
	p.closeScope(outer)
	st.SetLine(start)
	st.SetLastLine(p.t.line)
	p.checkMatch(tkEnd, tkFor, line)
	return st
}

// forBody reads `do block` of a for loop with nvars variables, after
// its three hidden locals.
func (p *parser) forBody(nvars int) []ast.Stmt {
	p.activate(3)
	p.checkNext(tkDo)
	p.activate(nvars)
	return p.loopBlock()
}

// funcName reads `name {'.' name} [':' name]`.
func (p *parser) funcName() *ast.FuncName {
	first := p.checkName()
	p.resolve(first.str)
	var fn ast.Expr = &ast.IdentExpr{Value: first.str}
	fn.SetLine(first.line)
	for p.t.typ == '.' {
		p.next()
		n := p.checkName()
		key := &ast.StringExpr{Value: n.str}
		key.SetLine(n.line)
		get := &ast.AttrGetExpr{Object: fn, Key: key}
		get.SetLine(n.line)
		fn = get
	}
	if p.t.typ == ':' {
		p.next()
		n := p.checkName()
		return &ast.FuncName{Receiver: fn, Method: n.str}
	}
	return &ast.FuncName{Func: fn}
}

// body reads `(parlist) block end` of a function whose definition 5.1
// places at line; a method has self.
func (p *parser) body(line int, method bool) *ast.FunctionExpr {
	fn := &ast.FunctionExpr{ParList: &ast.ParList{Names: []string{}}}
	fn.SetLine(p.t.line)
	outer := p.fs
	p.fs = &funcState{prev: outer, line: line}
	p.checkNext('(')
	if method {
		p.newLocal("self", 0)
		p.activate(1)
	}
	nparams := 0
	if p.t.typ != ')' {
		for {
			switch p.t.typ {
			case tkName:
				name := p.checkName().str
				p.newLocal(name, nparams)
				nparams++
				fn.ParList.Names = append(fn.ParList.Names, name)
			case tkDots:
				p.next()
				p.newLocal("arg", nparams) // LUA_COMPAT_VARARG
				nparams++
				fn.ParList.HasVargs = true
			default:
				p.syntaxError("<name> or '...' expected")
			}
			if fn.ParList.HasVargs || !p.testNext(',') {
				break
			}
		}
	}
	p.fs.vararg = fn.ParList.HasVargs
	p.activate(nparams)
	p.checkNext(')')
	fn.Stmts = p.chunk()
	fn.SetLastLine(p.t.line)
	p.checkMatch(tkEnd, tkFunction, line)
	p.fs = outer
	return fn
}

func (p *parser) exprList() []ast.Expr {
	list := []ast.Expr{p.expr()}
	for p.testNext(',') {
		list = append(list, p.expr())
	}
	return list
}

// Kinds of primary expression, which decide what a statement may be.
const (
	kindValue = iota // a parenthesized expression
	kindVar          // a name or an indexed value: assignable
	kindCall
)

func (p *parser) exprStat() ast.Stmt {
	e, kind := p.primaryExp()
	if kind == kindCall {
		st := &ast.FuncCallStmt{Expr: e}
		st.SetLine(e.Line())
		return st
	}
	lhs := []ast.Expr{e}
	for {
		if kind != kindVar {
			p.syntaxError("syntax error")
		}
		if !p.testNext(',') {
			break
		}
		e, kind = p.primaryExp()
		if n := len(lhs); n > maxCCalls-p.level {
			p.lx.lexError(fmt.Sprintf("%s has more than %d variables in assignment", p.funcWhat(), maxCCalls-p.level), 0)
		}
		lhs = append(lhs, e)
	}
	p.checkNext('=')
	st := &ast.AssignStmt{Lhs: lhs, Rhs: p.exprList()}
	st.SetLine(lhs[0].Line())
	return st
}

// funcWhat names the function being parsed as 5.1's errorlimit does.
func (p *parser) funcWhat() string {
	if p.fs.line == 0 {
		return "main function"
	}
	return fmt.Sprintf("function at line %d", p.fs.line)
}

// primaryExp reads a name or a parenthesized expression and the fields,
// indexes, method calls and calls after it.
func (p *parser) primaryExp() (ast.Expr, int) {
	var e ast.Expr
	var kind int
	switch p.t.typ {
	case '(':
		line, parenLine := p.lx.line, p.t.line
		p.next()
		inner, call := p.subexpr(0)
		p.checkMatch(')', '(', line)
		switch {
		case call:
			inner.(*ast.FuncCallExpr).AdjustRet = true
		default:
			if dots, ok := inner.(*ast.Comma3Expr); ok {
				dots.AdjustRet = true
			}
			inner.SetLine(parenLine)
		}
		e, kind = inner, kindValue
	case tkName:
		id := &ast.IdentExpr{Value: p.t.str}
		id.SetLine(p.t.line)
		p.next()
		p.resolve(id.Value)
		e, kind = id, kindVar
	default:
		p.syntaxError("unexpected symbol")
	}
	for {
		switch p.t.typ {
		case '.':
			p.next()
			n := p.checkName()
			key := &ast.StringExpr{Value: n.str}
			key.SetLine(n.line)
			get := &ast.AttrGetExpr{Object: e, Key: key}
			get.SetLine(e.Line())
			e, kind = get, kindVar
		case '[':
			p.next()
			key := p.expr()
			p.checkNext(']')
			get := &ast.AttrGetExpr{Object: e, Key: key}
			get.SetLine(e.Line())
			e, kind = get, kindVar
		case ':':
			p.next()
			n := p.checkName()
			call := &ast.FuncCallExpr{Method: n.str, Receiver: e, Args: p.funcArgs()}
			call.SetLine(e.Line())
			e, kind = call, kindCall
		case '(', tkString, '{':
			call := &ast.FuncCallExpr{Func: e, Args: p.funcArgs()}
			call.SetLine(e.Line())
			e, kind = call, kindCall
		default:
			return e, kind
		}
	}
}

func (p *parser) funcArgs() []ast.Expr {
	switch p.t.typ {
	case '(':
		line := p.lx.line
		if line != p.lastLine {
			p.syntaxError("ambiguous syntax (function call x new statement)")
		}
		p.next()
		args := []ast.Expr{}
		if p.t.typ != ')' {
			args = p.exprList()
		}
		p.checkMatch(')', '(', line)
		return args
	case '{':
		return []ast.Expr{p.constructor()}
	case tkString:
		s := &ast.StringExpr{Value: p.t.str}
		s.SetLine(p.t.line)
		p.next()
		return []ast.Expr{s}
	}
	p.syntaxError("function arguments expected")
	return nil
}

func (p *parser) constructor() ast.Expr {
	line := p.lx.line
	tbl := &ast.TableExpr{Fields: []*ast.Field{}}
	tbl.SetLine(p.t.line)
	p.checkNext('{')
	for p.t.typ != '}' {
		switch p.t.typ {
		case tkName:
			p.lookahead()
			if p.ahead.typ != '=' {
				tbl.Fields = append(tbl.Fields, &ast.Field{Value: p.expr()})
				break
			}
			n := p.checkName()
			key := &ast.StringExpr{Value: n.str}
			key.SetLine(n.line)
			p.checkNext('=')
			tbl.Fields = append(tbl.Fields, &ast.Field{Key: key, Value: p.expr()})
		case '[':
			p.next()
			key := p.expr()
			p.checkNext(']')
			p.checkNext('=')
			tbl.Fields = append(tbl.Fields, &ast.Field{Key: key, Value: p.expr()})
		default:
			tbl.Fields = append(tbl.Fields, &ast.Field{Value: p.expr()})
		}
		if !p.testNext(',') && !p.testNext(';') {
			break
		}
	}
	p.checkMatch('}', '{', line)
	return tbl
}

func (p *parser) expr() ast.Expr {
	e, _ := p.subexpr(0)
	return e
}

// Binary operators and their 5.1 priorities: left, right (right
// associative when right < left).
type binOp struct {
	left, right int
	op          string
}

func binary(tok int) (binOp, bool) {
	switch tok {
	case '+':
		return binOp{6, 6, "+"}, true
	case '-':
		return binOp{6, 6, "-"}, true
	case '*':
		return binOp{7, 7, "*"}, true
	case '/':
		return binOp{7, 7, "/"}, true
	case '%':
		return binOp{7, 7, "%"}, true
	case '^':
		return binOp{10, 9, "^"}, true
	case tkConcat:
		return binOp{5, 4, ".."}, true
	case tkEq:
		return binOp{3, 3, "=="}, true
	case tkNe:
		return binOp{3, 3, "~="}, true
	case '<':
		return binOp{3, 3, "<"}, true
	case tkLe:
		return binOp{3, 3, "<="}, true
	case '>':
		return binOp{3, 3, ">"}, true
	case tkGe:
		return binOp{3, 3, ">="}, true
	case tkAnd:
		return binOp{2, 2, "and"}, true
	case tkOr:
		return binOp{1, 1, "or"}, true
	}
	return binOp{}, false
}

const unaryPriority = 8

// subexpr reads an expression whose binary operators bind tighter than
// limit; call is true when it is a bare function call (which parentheses
// cut to one value).
func (p *parser) subexpr(limit int) (e ast.Expr, call bool) {
	p.enterLevel()
	switch p.t.typ {
	case tkNot, '-', '#':
		op := p.t.typ
		p.next()
		operand, _ := p.subexpr(unaryPriority)
		switch op {
		case tkNot:
			e = &ast.UnaryNotOpExpr{Expr: operand}
		case '-':
			e = &ast.UnaryMinusOpExpr{Expr: operand}
		default:
			e = &ast.UnaryLenOpExpr{Expr: operand}
		}
		e.SetLine(operand.Line())
	default:
		e, call = p.simpleExp()
	}
	for {
		op, ok := binary(p.t.typ)
		if !ok || op.left <= limit {
			break
		}
		p.next()
		rhs, _ := p.subexpr(op.right)
		e = binaryExpr(op.op, e, rhs)
		call = false
	}
	p.leaveLevel()
	return e, call
}

func binaryExpr(op string, lhs, rhs ast.Expr) ast.Expr {
	var e ast.Expr
	switch op {
	case "and", "or":
		e = &ast.LogicalOpExpr{Lhs: lhs, Operator: op, Rhs: rhs}
	case "==", "~=", "<", "<=", ">", ">=":
		e = &ast.RelationalOpExpr{Lhs: lhs, Operator: op, Rhs: rhs}
	case "..":
		e = &ast.StringConcatOpExpr{Lhs: lhs, Rhs: rhs}
	default:
		e = &ast.ArithmeticOpExpr{Lhs: lhs, Operator: op, Rhs: rhs}
	}
	e.SetLine(lhs.Line())
	return e
}

func (p *parser) simpleExp() (ast.Expr, bool) {
	var e ast.Expr
	switch p.t.typ {
	case tkNumber:
		e = &ast.NumberExpr{Value: p.t.str}
	case tkString:
		e = &ast.StringExpr{Value: p.t.str}
	case tkNil:
		e = &ast.NilExpr{}
	case tkTrue:
		e = &ast.TrueExpr{}
	case tkFalse:
		e = &ast.FalseExpr{}
	case tkDots:
		if !p.fs.vararg {
			p.syntaxError("cannot use '...' outside a vararg function")
		}
		e = &ast.Comma3Expr{}
	case '{':
		return p.constructor(), false
	case tkFunction:
		start := p.t.line
		p.next()
		body := p.body(p.lx.line, false)
		fn := &ast.FunctionExpr{ParList: body.ParList, Stmts: body.Stmts}
		fn.SetLine(start)
		fn.SetLastLine(body.LastLine())
		return fn, false
	default:
		e, kind := p.primaryExp()
		return e, kind == kindCall
	}
	e.SetLine(p.t.line)
	p.next()
	return e, false
}
