package crmsim

import (
	"fmt"
	"strconv"
	"strings"
)

// Search limits. Zoho documents at most 10 criteria (zoho-api.md §4.3);
// the search pages name no limit on in's values, so the emulator takes
// COQL's 50 (§4.4). The nesting and length bounds are the emulator's own:
// far past any criteria that 10 comparisons need, they stop one request
// from costing the emulator more than a legitimate search could.
const (
	maxCriteria       = 10
	maxCriteriaIn     = 50
	maxCriteriaDepth  = 100
	maxSearchValueLen = 64 << 10 // bytes of criteria, email, phone or word
)

// criterion is a node of a parsed search criteria expression: either a
// comparison (field, op, values) or an and/or of sub-expressions.
type criterion struct {
	field, op string
	values    []string
	folded    []string // values in lower case, folded once at parse time
	join      string   // "and" or "or" when this node combines subs
	subs      []*criterion
}

// criteriaError is a criteria the emulator refuses, with Zoho's details.
type criteriaError struct {
	reason  string
	details map[string]any
}

func (e *criteriaError) Error() string { return e.reason }

var searchOperators = map[string]bool{
	"equals": true, "not_equal": true, "starts_with": true, "in": true, "between": true,
	"greater_than": true, "greater_equal": true, "less_than": true, "less_equal": true,
}

// parseCriteria parses Zoho's criteria grammar,
// ((Field:op:value)and(Field:op:value)), where \ escapes ( ) , and \ in
// values. and and or may not be mixed at one level without brackets.
// It works in one pass and stops at the first limit passed (the 11th
// criterion, the 51st in value, brackets 100 deep), so a hostile criteria
// costs no more than the limit.
func parseCriteria(s string, m *moduleSpec) (*criterion, error) {
	p := &criteriaParser{s: s, m: m}
	c, err := p.expr()
	if err == nil && p.pos < len(p.s) {
		err = p.fail("unexpected text after the criteria")
	}
	return c, err
}

type criteriaParser struct {
	s     string
	pos   int
	m     *moduleSpec
	count int
	depth int
}

func limitPassed(what string, limit int) error {
	return &criteriaError{what, map[string]any{"limit": limit}}
}

func (p *criteriaParser) fail(reason string) error {
	return &criteriaError{reason, map[string]any{"reason": reason, "index": p.pos}}
}

func (p *criteriaParser) skipSpace() {
	for p.pos < len(p.s) && p.s[p.pos] == ' ' {
		p.pos++
	}
}

// expr := term (("and"|"or") term)*
func (p *criteriaParser) expr() (*criterion, error) {
	first, err := p.term()
	if err != nil {
		return nil, err
	}
	node := &criterion{subs: []*criterion{first}}
	for {
		p.skipSpace()
		var join string
		switch {
		case p.keyword("and"):
			join = "and"
		case p.keyword("or"):
			join = "or"
		default:
			if len(node.subs) == 1 {
				return first, nil
			}
			return node, nil
		}
		if node.join != "" && node.join != join {
			return nil, p.fail("and and or mixed without brackets")
		}
		node.join = join
		p.pos += len(join)
		p.skipSpace()
		t, err := p.term()
		if err != nil {
			return nil, err
		}
		node.subs = append(node.subs, t)
	}
}

// keyword reports whether the text at pos starts with w, in any case.
func (p *criteriaParser) keyword(w string) bool {
	return len(p.s)-p.pos >= len(w) && strings.EqualFold(p.s[p.pos:p.pos+len(w)], w)
}

// term := "(" (expr | field ":" op ":" value) ")"
func (p *criteriaParser) term() (*criterion, error) {
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != '(' {
		return nil, p.fail("expected (")
	}
	if p.depth++; p.depth > maxCriteriaDepth {
		return nil, limitPassed("brackets nested too deep", maxCriteriaDepth)
	}
	defer func() { p.depth-- }()
	p.pos++
	p.skipSpace()
	var c *criterion
	var err error
	if p.pos < len(p.s) && p.s[p.pos] == '(' {
		c, err = p.expr()
	} else {
		c, err = p.comparison()
	}
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos >= len(p.s) || p.s[p.pos] != ')' {
		return nil, p.fail("expected )")
	}
	p.pos++
	return c, nil
}

func (p *criteriaParser) comparison() (*criterion, error) {
	// The raw comparison runs to the first unescaped ')'.
	var raw strings.Builder
	for ; p.pos < len(p.s) && p.s[p.pos] != ')'; p.pos++ {
		if p.s[p.pos] == '\\' && p.pos+1 < len(p.s) {
			raw.WriteByte(p.s[p.pos])
			p.pos++
		}
		raw.WriteByte(p.s[p.pos])
	}
	parts := strings.SplitN(raw.String(), ":", 3)
	if len(parts) != 3 {
		return nil, p.fail("a criterion must read (field:operator:value)")
	}
	field, op := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	if !searchOperators[op] {
		return nil, &criteriaError{"invalid operator found", map[string]any{"operator": op}}
	}
	if p.m.fieldByName[field] == nil {
		return nil, &criteriaError{"invalid field found", map[string]any{"api_name": field}}
	}
	if p.count++; p.count > maxCriteria {
		return nil, limitPassed("too many criteria", maxCriteria)
	}
	c := &criterion{field: field, op: op, values: []string{unescape(parts[2])}}
	if op == "in" || op == "between" {
		c.values = splitEscaped(parts[2])
	}
	switch {
	case op == "between" && len(c.values) != 2:
		return nil, &criteriaError{"between needs two values", map[string]any{"operator": op}}
	case len(c.values) > maxCriteriaIn:
		return nil, limitPassed("too many values for in", maxCriteriaIn)
	}
	c.folded = make([]string, len(c.values))
	for i, v := range c.values {
		c.folded[i] = strings.ToLower(v)
	}
	return c, nil
}

// splitEscaped splits on unescaped commas and unescapes each part.
func splitEscaped(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case s[i] == ',':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	return append(out, cur.String())
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// match evaluates the criterion against a record.
func (c *criterion) match(rec record) bool {
	if c.join != "" {
		for _, sub := range c.subs {
			ok := sub.match(rec)
			if c.join == "and" && !ok {
				return false
			}
			if c.join == "or" && ok {
				return true
			}
		}
		return c.join == "and"
	}
	v := rec[c.field]
	want := c.folded
	switch c.op {
	case "equals":
		return criterionCompare(v, want[0]) == 0
	case "not_equal":
		return criterionCompare(v, want[0]) != 0
	case "starts_with":
		return strings.HasPrefix(strings.ToLower(criterionText(v)), want[0])
	case "in":
		for _, x := range want {
			if criterionCompare(v, x) == 0 {
				return true
			}
		}
		return false
	case "between":
		return v != nil && criterionCompare(v, want[0]) >= 0 && criterionCompare(v, want[1]) <= 0
	case "greater_than":
		return v != nil && criterionCompare(v, want[0]) > 0
	case "greater_equal":
		return v != nil && criterionCompare(v, want[0]) >= 0
	case "less_than":
		return v != nil && criterionCompare(v, want[0]) < 0
	case "less_equal":
		return v != nil && criterionCompare(v, want[0]) <= 0
	}
	return false
}

// criterionText is a field value as search compares it: lookups by name,
// numbers in decimal.
func criterionText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case map[string]any:
		return asString(x["name"])
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// criterionCompare compares a field value with a criteria value already in
// lower case: numerically when both are numbers, else as case-insensitive
// text. A lookup also equals its id.
func criterionCompare(v any, want string) int {
	if m, ok := v.(map[string]any); ok && m["id"] == want {
		return 0
	}
	if f, ok := number(v); ok {
		if w, err := strconv.ParseFloat(want, 64); err == nil {
			switch {
			case f < w:
				return -1
			case f > w:
				return 1
			}
			return 0
		}
	}
	if v == nil && want == "null" {
		return 0
	}
	return strings.Compare(strings.ToLower(criterionText(v)), want)
}
