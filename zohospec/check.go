package zohospec

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// CheckResponse lists how a reply departs from what op documents: a
// status op does not list, or a body (decoded with json.Number; nil when
// empty) that fits none of the schemas documented for that status. A
// JSON null is accepted anywhere: Zoho's files mark few fields nullable,
// yet its replies carry null for every empty field.
//
// Most operations of record.json list only 200, whose schema joins the
// reply and API_Exception; Zoho's status table (zoho-api.md §3.1) has
// 201, 204, 207, 400 and the rest for every operation. A status from that
// table which op does not list is accepted when the body fits one of the
// schemas op documents for any status.
func (s *Spec) CheckResponse(op *Operation, status int, body any) []string {
	alts, ok := op.Responses[strconv.Itoa(status)]
	if !ok && statusTable[status] {
		ok = true
		alts = nil
		for _, a := range op.Responses {
			alts = append(alts, a...)
		}
	}
	if !ok {
		var documented []string
		for k := range op.Responses {
			documented = append(documented, k)
		}
		sort.Strings(documented)
		return []string{fmt.Sprintf("%s %s (%s, %s): HTTP %d is not documented (documented: %s)",
			op.Method, op.Path, op.ID, op.File, status, strings.Join(documented, ", "))}
	}
	if len(alts) == 0 || body == nil {
		return nil // documented without a schema, or an empty reply
	}
	probs := s.best(body, alts, "body", 0)
	for i, p := range probs {
		probs[i] = fmt.Sprintf("%s %s (%s, %s) HTTP %d: %s", op.Method, op.Path, op.ID, op.File, status, p)
	}
	return probs
}

// statusTable is Zoho's HTTP status table for the CRM API (zoho-api.md
// §3.1, from Zoho's REST API docs and SDK constants).
var statusTable = map[int]bool{200: true, 201: true, 202: true, 204: true, 207: true, 304: true, 400: true, 401: true,
	403: true, 404: true, 405: true, 412: true, 413: true, 415: true, 429: true, 500: true}

// CheckReply checks a reply against every operation Match gave: nil
// when it fits one of them, else the problems found against the first.
//
// An operation that documents the status without a schema (record_count.
// json's 200) is used only when no other documents one.
func (s *Spec) CheckReply(ops []*Operation, status int, body any) []string {
	var withSchema []*Operation
	for _, op := range ops {
		if len(op.Responses[strconv.Itoa(status)]) > 0 {
			withSchema = append(withSchema, op)
		}
	}
	if len(withSchema) > 0 {
		ops = withSchema
	}
	var first []string
	for i, op := range ops {
		p := s.CheckResponse(op, status, body)
		if len(p) == 0 {
			return nil
		}
		if i == 0 {
			first = p
		}
	}
	return first
}

// CheckRequest lists how a request departs from op: query parameters op
// does not know, required ones missing, values not of their type or enum,
// and a JSON body (nil when none) that does not fit op's request schema.
func (s *Spec) CheckRequest(op *Operation, query url.Values, body any) []string {
	var probs []string
	known := map[string]Param{}
	for _, p := range op.Params {
		if p.In == "query" {
			known[p.Name] = p
		}
	}
	for name, vals := range query {
		p, ok := known[name]
		if !ok {
			probs = append(probs, fmt.Sprintf("query parameter %q is not documented", name))
			continue
		}
		for _, v := range vals {
			if msg := scalarProblem(p.Type, p.Enum, v); msg != "" {
				probs = append(probs, fmt.Sprintf("query parameter %s=%q: %s", name, v, msg))
			}
		}
	}
	for _, p := range op.Params {
		if p.In == "query" && p.Required && query.Get(p.Name) == "" {
			probs = append(probs, fmt.Sprintf("required query parameter %q is missing", p.Name))
		}
	}
	if body != nil && op.Request != nil {
		probs = append(probs, s.check(body, op.Request, "request body", 0)...)
	}
	for i, p := range probs {
		probs[i] = fmt.Sprintf("%s %s (%s, %s): %s", op.Method, op.Path, op.ID, op.File, p)
	}
	return probs
}

// scalarProblem checks a query value against a parameter's type and enum.
func scalarProblem(typ string, enum []string, v string) string {
	switch typ {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return "not an integer"
		}
	case "boolean":
		if v != "true" && v != "false" {
			return "not a boolean"
		}
	}
	if len(enum) > 0 && !slices.Contains(enum, v) {
		return fmt.Sprintf("not one of %v", enum)
	}
	return ""
}

// best returns nil when v fits one of alts, else the problems of the
// alternative that came closest.
//
// The closest is, first, one that knows every key of an object v (so an
// org with one wrong field is judged as an org, not as an error reply),
// then the one with the fewest problems.
func (s *Spec) best(v any, alts []*Schema, at string, depth int) []string {
	var closest []string
	closestKnows := false
	for i, a := range alts {
		p := s.check(v, a, at, depth)
		if len(p) == 0 {
			return nil
		}
		knows := s.knowsKeys(v, a)
		if i == 0 || (knows && !closestKnows) || (knows == closestKnows && len(p) < len(closest)) {
			closest, closestKnows = p, knows
		}
	}
	return closest
}

// knowsKeys reports whether sc lists every key of the object v.
func (s *Spec) knowsKeys(v any, sc *Schema) bool {
	obj, ok := v.(map[string]any)
	for ok && sc != nil && sc.Ref != "" {
		sc = s.Schemas[sc.Ref]
	}
	if !ok || sc == nil || len(sc.Props) == 0 {
		return false
	}
	for k := range obj {
		if _, ok := sc.Props[k]; !ok {
			return false
		}
	}
	return true
}

func (s *Spec) check(v any, sc *Schema, at string, depth int) []string {
	if sc == nil || v == nil || depth > 16 {
		return nil
	}
	if sc.Ref != "" {
		return s.check(v, s.Schemas[sc.Ref], at, depth+1)
	}
	if len(sc.OneOf) > 0 {
		return s.best(v, sc.OneOf, at, depth+1)
	}
	var probs []string
	for _, part := range sc.AllOf {
		probs = append(probs, s.check(v, part, at, depth+1)...)
	}
	typ := sc.Type
	if typ == "" && len(sc.Props) > 0 {
		typ = "object"
	}
	switch typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return append(probs, fmt.Sprintf("%s: %s, want an object", at, kindOf(v)))
		}
		for _, k := range sc.Required {
			if _, ok := obj[k]; !ok {
				probs = append(probs, fmt.Sprintf("%s: required key %q is missing", at, k))
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := sc.Props[k]; ok {
				probs = append(probs, s.check(obj[k], ps, at+"."+k, depth+1)...)
			} else if !sc.Open && len(sc.Props) > 0 && len(sc.AllOf) == 0 {
				probs = append(probs, fmt.Sprintf("%s: key %q is not documented", at, k))
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return append(probs, fmt.Sprintf("%s: %s, want an array", at, kindOf(v)))
		}
		for i, x := range arr {
			if i == 20 {
				break // the shape of a page shows in its first records
			}
			probs = append(probs, s.check(x, sc.Items, fmt.Sprintf("%s[%d]", at, i), depth+1)...)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			return append(probs, fmt.Sprintf("%s: %s, want a string", at, kindOf(v)))
		}
		// Messages are not held to their enums: Zoho's own examples and
		// schemas disagree on them ("the module name given seems to be
		// invalid" in examples, capitalised in API_Exception's enum).
		if len(sc.Enum) > 0 && !slices.Contains(sc.Enum, str) && !strings.HasSuffix(at, ".message") {
			probs = append(probs, fmt.Sprintf("%s: %q is not one of the documented values", at, str))
		}
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			return append(probs, fmt.Sprintf("%s: %s, want a %s", at, kindOf(v), typ))
		}
		if _, err := n.Int64(); typ == "integer" && err != nil {
			probs = append(probs, fmt.Sprintf("%s: %s is not an integer", at, n))
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return append(probs, fmt.Sprintf("%s: %s, want a boolean", at, kindOf(v)))
		}
	}
	return probs
}

func kindOf(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return fmt.Sprintf("the string %q", x)
	case json.Number:
		return "the number " + x.String()
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%T", v)
}
