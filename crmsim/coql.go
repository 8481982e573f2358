package crmsim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// COQL limits (zoho-api.md §4.4, v2 and v3 pages).
const (
	coqlMaxRows      = 200   // rows per call
	coqlMaxTotal     = 10000 // offset + limit
	coqlMaxColumns   = 50
	coqlMaxCriteria  = 25
	coqlMaxInValues  = 50
	coqlMaxRelations = 2 // lookups followed (joins)

	// The emulator's own bounds, checked before the work they bound: far
	// past what a query within Zoho's limits needs (25 criteria nest 25
	// deep), they keep one query from exhausting the stack or memory.
	coqlMaxDepth  = 100
	coqlMaxLength = 256 << 10 // bytes of select_query
)

func coqlLimit(message string, limit int) *coqlError {
	return &coqlError{Code: "LIMIT_EXCEEDED", Message: message, Details: map[string]any{"limit": limit}}
}

// coqlQuery is a parsed select statement.
type coqlQuery struct {
	Fields  []string
	Module  string
	Where   coqlExpr // nil without a where clause
	OrderBy []coqlOrder
	Offset  int
	Limit   int // 0 when the query has no limit clause
}

type coqlOrder struct {
	Field string
	Desc  bool
}

// coqlExpr is a *coqlBool or a *coqlCond.
type coqlExpr interface{ coqlString() string }

// coqlBool joins two criteria; Zoho demands brackets for more than two
// conditions, so a chain never has more than one operator per level.
type coqlBool struct {
	Op          string // and, or
	Left, Right coqlExpr
}

// coqlCond is one comparison. Op is one of = != > < >= <= "is null"
// "is not null" between "not between" in "not in" like "not like".
type coqlCond struct {
	Field  string
	Op     string
	Values []coqlValue
}

type coqlValue struct {
	Kind byte // 's' string, 'n' number, 'b' boolean
	Text string
}

// coqlError is a parse or validation failure in Zoho's terms.
type coqlError struct {
	Code    string
	Message string
	Details map[string]any
}

func (e *coqlError) Error() string { return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Details) }

// syntaxError is Zoho's SYNTAX_ERROR; v8.0/coql.json's Parse_Error_Details
// require the line and column (1-based) of the token near the fault.
func syntaxError(near string, src []rune, at int) *coqlError {
	line, col := 1, 1
	for _, r := range src[:min(at, len(src))] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &coqlError{Code: "SYNTAX_ERROR", Message: "error occured while parsing the query",
		Details: map[string]any{"near": near, "line": line, "column": col}}
}

type coqlToken struct {
	kind byte // 'i' identifier or keyword, 'n' number, 's' string, 'p' punctuation/operator, 0 end
	text string
	at   int // index of its first rune in the query
}

// lexCOQL splits a query into tokens. Strings are single-quoted; a quote
// inside is doubled or escaped with a backslash.
func lexCOQL(q string) ([]coqlToken, *coqlError) {
	var toks []coqlToken
	rs := []rune(q)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '\'':
			var sb strings.Builder
			j := i + 1
			closed := false
			for j < len(rs) {
				if rs[j] == '\\' && j+1 < len(rs) {
					sb.WriteRune(rs[j+1])
					j += 2
					continue
				}
				if rs[j] == '\'' {
					if j+1 < len(rs) && rs[j+1] == '\'' {
						sb.WriteRune('\'')
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				sb.WriteRune(rs[j])
				j++
			}
			if !closed {
				return nil, syntaxError(string(rs[i:min(len(rs), i+20)]), rs, i)
			}
			toks = append(toks, coqlToken{'s', sb.String(), i})
			i = j
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(rs) && rs[i+1] >= '0' && rs[i+1] <= '9':
			j := i + 1
			for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || rs[j] == '.') {
				j++
			}
			toks = append(toks, coqlToken{'n', string(rs[i:j]), i})
			i = j
		case unicode.IsLetter(c) || c == '_' || c == '$':
			j := i + 1
			for j < len(rs) && (unicode.IsLetter(rs[j]) || unicode.IsDigit(rs[j]) || rs[j] == '_' || rs[j] == '$' || rs[j] == '.') {
				j++
			}
			toks = append(toks, coqlToken{'i', string(rs[i:j]), i})
			i = j
		case c == '(' || c == ')' || c == ',' || c == '=':
			toks = append(toks, coqlToken{'p', string(c), i})
			i++
		case c == '!' || c == '<' || c == '>':
			op := string(c)
			if i+1 < len(rs) && (rs[i+1] == '=' || c == '<' && rs[i+1] == '>') {
				op += string(rs[i+1])
			}
			if op == "!" {
				return nil, syntaxError("!", rs, i)
			}
			start := i
			i += len(op)
			if op == "<>" {
				op = "!="
			}
			toks = append(toks, coqlToken{'p', op, start})
		default:
			return nil, syntaxError(string(c), rs, i)
		}
	}
	return toks, nil
}

type coqlParser struct {
	src      []rune // the query, for error positions
	toks     []coqlToken
	pos      int
	criteria int
	depth    int
}

func (p *coqlParser) peek() coqlToken {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return coqlToken{}
}

// near names where parsing failed: the current token, or the last one at
// the end of the query.
func (p *coqlParser) near() *coqlError {
	if p.pos < len(p.toks) {
		return syntaxError(p.toks[p.pos].text, p.src, p.toks[p.pos].at)
	}
	if len(p.toks) > 0 {
		return syntaxError(p.toks[len(p.toks)-1].text, p.src, p.toks[len(p.toks)-1].at)
	}
	return syntaxError("", p.src, 0)
}

func (p *coqlParser) keyword(words ...string) bool {
	t := p.peek()
	if t.kind != 'i' {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

func (p *coqlParser) expectKeyword(w string) *coqlError {
	if !p.keyword(w) {
		return p.near()
	}
	p.pos++
	return nil
}

func (p *coqlParser) punct(s string) bool {
	t := p.peek()
	if t.kind == 'p' && t.text == s {
		p.pos++
		return true
	}
	return false
}

var coqlReserved = map[string]bool{"select": true, "from": true, "where": true, "order": true, "by": true, "limit": true,
	"offset": true, "and": true, "or": true, "is": true, "not": true, "null": true, "between": true, "in": true, "like": true,
	"asc": true, "desc": true}

func (p *coqlParser) ident() (string, *coqlError) {
	t := p.peek()
	if t.kind != 'i' || coqlReserved[strings.ToLower(t.text)] || strings.HasSuffix(t.text, ".") || strings.Contains(t.text, "..") {
		return "", p.near()
	}
	p.pos++
	return t.text, nil
}

func (p *coqlParser) integer() (int, *coqlError) {
	t := p.peek()
	n, err := strconv.Atoi(t.text)
	if t.kind != 'n' || err != nil || n < 0 {
		return 0, p.near()
	}
	p.pos++
	return n, nil
}

// parseCOQL parses select <fields> from <module> [where <criteria>]
// [order by f [asc|desc], ...] [limit [offset,] n | limit n offset m].
func parseCOQL(q string) (*coqlQuery, *coqlError) {
	if len(q) > coqlMaxLength {
		return nil, coqlLimit("query length limit exceeded", coqlMaxLength)
	}
	toks, err := lexCOQL(q)
	if err != nil {
		return nil, err
	}
	p := &coqlParser{src: []rune(q), toks: toks}
	out := &coqlQuery{}
	if err := p.expectKeyword("select"); err != nil {
		return nil, err
	}
	for {
		f, err := p.ident()
		if err != nil {
			return nil, err
		}
		if out.Fields = append(out.Fields, f); len(out.Fields) > coqlMaxColumns {
			return nil, coqlLimit("select columns limit exceeded", coqlMaxColumns)
		}
		if !p.punct(",") {
			break
		}
	}
	if err := p.expectKeyword("from"); err != nil {
		return nil, err
	}
	if out.Module, err = p.ident(); err != nil {
		return nil, err
	}
	if p.keyword("where") {
		p.pos++
		if out.Where, err = p.expr(); err != nil {
			return nil, err
		}
	}
	if p.keyword("order") {
		p.pos++
		if err := p.expectKeyword("by"); err != nil {
			return nil, err
		}
		for {
			f, err := p.ident()
			if err != nil {
				return nil, err
			}
			o := coqlOrder{Field: f}
			if p.keyword("asc", "desc") {
				o.Desc = strings.EqualFold(p.peek().text, "desc")
				p.pos++
			}
			out.OrderBy = append(out.OrderBy, o)
			if !p.punct(",") {
				break
			}
		}
	}
	if p.keyword("limit") {
		p.pos++
		n, err := p.integer()
		if err != nil {
			return nil, err
		}
		switch {
		case p.punct(","):
			out.Offset = n
			if out.Limit, err = p.integer(); err != nil {
				return nil, err
			}
		case p.keyword("offset"):
			p.pos++
			out.Limit = n
			if out.Offset, err = p.integer(); err != nil {
				return nil, err
			}
		default:
			out.Limit = n
		}
		if out.Limit == 0 {
			return nil, syntaxError("0", p.src, p.toks[p.pos-1].at)
		}
	}
	if p.pos < len(p.toks) {
		return nil, p.near()
	}
	return out, nil
}

// expr parses "operand [and|or operand]"; a third operand at the same level
// is a syntax error, as Zoho wants criteria fully bracketed.
func (p *coqlParser) expr() (coqlExpr, *coqlError) {
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	if !p.keyword("and", "or") {
		return left, nil
	}
	op := strings.ToLower(p.peek().text)
	p.pos++
	right, err := p.operand()
	if err != nil {
		return nil, err
	}
	if p.keyword("and", "or") {
		return nil, p.near()
	}
	return &coqlBool{Op: op, Left: left, Right: right}, nil
}

func (p *coqlParser) operand() (coqlExpr, *coqlError) {
	if p.punct("(") {
		if p.depth++; p.depth > coqlMaxDepth {
			return nil, coqlLimit("brackets nested too deep", coqlMaxDepth)
		}
		defer func() { p.depth-- }()
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.punct(")") {
			return nil, p.near()
		}
		return e, nil
	}
	return p.condition()
}

func (p *coqlParser) value() (coqlValue, *coqlError) {
	t := p.peek()
	switch {
	case t.kind == 's':
		p.pos++
		return coqlValue{'s', t.text}, nil
	case t.kind == 'n':
		if _, err := strconv.ParseFloat(t.text, 64); err != nil {
			return coqlValue{}, p.near()
		}
		p.pos++
		return coqlValue{'n', t.text}, nil
	case p.keyword("true", "false"):
		p.pos++
		return coqlValue{'b', strings.ToLower(t.text)}, nil
	}
	return coqlValue{}, p.near()
}

func (p *coqlParser) condition() (coqlExpr, *coqlError) {
	field, err := p.ident()
	if err != nil {
		return nil, err
	}
	p.criteria++
	if p.criteria > coqlMaxCriteria {
		return nil, coqlLimit("criteria limit exceeded", coqlMaxCriteria)
	}
	c := &coqlCond{Field: field}
	t := p.peek()
	switch {
	case t.kind == 'p' && strings.ContainsAny(t.text, "=<>"):
		p.pos++
		c.Op = t.text
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		c.Values = []coqlValue{v}
		return c, nil
	case p.keyword("is"):
		p.pos++
		c.Op = "is null"
		if p.keyword("not") {
			p.pos++
			c.Op = "is not null"
		}
		if err := p.expectKeyword("null"); err != nil {
			return nil, err
		}
		return c, nil
	}
	not := ""
	if p.keyword("not") {
		p.pos++
		not = "not "
	}
	switch {
	case p.keyword("between"):
		p.pos++
		c.Op = not + "between"
		lo, err := p.value()
		if err != nil {
			return nil, err
		}
		if err := p.expectKeyword("and"); err != nil {
			return nil, err
		}
		hi, err := p.value()
		if err != nil {
			return nil, err
		}
		c.Values = []coqlValue{lo, hi}
	case p.keyword("in"):
		p.pos++
		c.Op = not + "in"
		if !p.punct("(") {
			return nil, p.near()
		}
		for {
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			c.Values = append(c.Values, v)
			if !p.punct(",") {
				break
			}
		}
		if !p.punct(")") {
			return nil, p.near()
		}
		if len(c.Values) > coqlMaxInValues {
			return nil, &coqlError{Code: "LIMIT_EXCEEDED", Message: "in operator values limit exceeded", Details: map[string]any{"limit": coqlMaxInValues, "column_name": field}}
		}
	case p.keyword("like"):
		p.pos++
		c.Op = not + "like"
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if v.Kind != 's' {
			p.pos--
			return nil, p.near()
		}
		c.Values = []coqlValue{v}
	default:
		return nil, p.near()
	}
	return c, nil
}

// String writes the query back in canonical form; parsing the result
// gives the same query (the fuzz target checks this).
func (q *coqlQuery) String() string {
	var sb strings.Builder
	sb.WriteString("select " + strings.Join(q.Fields, ", ") + " from " + q.Module)
	if q.Where != nil {
		sb.WriteString(" where " + q.Where.coqlString())
	}
	for i, o := range q.OrderBy {
		if i == 0 {
			sb.WriteString(" order by ")
		} else {
			sb.WriteString(", ")
		}
		sb.WriteString(o.Field)
		if o.Desc {
			sb.WriteString(" desc")
		} else {
			sb.WriteString(" asc")
		}
	}
	if q.Limit > 0 {
		fmt.Fprintf(&sb, " limit %d, %d", q.Offset, q.Limit)
	}
	return sb.String()
}

func (b *coqlBool) coqlString() string {
	return "(" + b.Left.coqlString() + " " + b.Op + " " + b.Right.coqlString() + ")"
}

func (c *coqlCond) coqlString() string {
	vs := make([]string, len(c.Values))
	for i, v := range c.Values {
		vs[i] = v.String()
	}
	switch c.Op {
	case "is null", "is not null":
		return c.Field + " " + c.Op
	case "between", "not between":
		return c.Field + " " + c.Op + " " + vs[0] + " and " + vs[1]
	case "in", "not in":
		return c.Field + " " + c.Op + " (" + strings.Join(vs, ", ") + ")"
	}
	return c.Field + " " + c.Op + " " + vs[0]
}

func (v coqlValue) String() string {
	if v.Kind == 's' {
		return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(v.Text) + "'"
	}
	return v.Text
}
