// Package zohospec holds facts about Zoho CRM's API taken from Zoho's own
// OpenAPI files (github.com/zoho/crm-oas), in a compact form the tests of
// the client and the emulator check wire traffic against: each operation's
// method, path, parameters and the keys and types of its request and
// response bodies, with the OAS file each came from.
//
// The description (v8.json) is generated, never edited: `go run
// ./zohospec/oasgen -oas DIR` rewrites it from a checkout of crm-oas's
// v8.0 folder, so a diff shows where Zoho changed its spec.
package zohospec

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
)

// Spec is one API version's description.
type Spec struct {
	Source     string             `json:"source"`
	Operations []*Operation       `json:"operations"`
	Schemas    map[string]*Schema `json:"schemas"` // by "file.json#Name"
}

// Operation is one method on one path template.
type Operation struct {
	ID        string               `json:"id"`   // Zoho's operationId
	File      string               `json:"file"` // the OAS file, e.g. record.json
	Method    string               `json:"method"`
	Path      string               `json:"path"` // /crm/v8/{module_api_name}/{id}
	Params    []Param              `json:"params,omitempty"`
	Request   *Schema              `json:"request,omitempty"`
	Responses map[string][]*Schema `json:"responses"` // by status; alternatives
}

// Param is a query, path or header parameter.
type Param struct {
	Name     string   `json:"name"`
	In       string   `json:"in"`
	Required bool     `json:"required,omitempty"`
	Type     string   `json:"type,omitempty"`
	Enum     []string `json:"enum,omitempty"`
}

// Schema is a JSON Schema reduced to what the checks use. Ref names an
// entry of Spec.Schemas; OneOf and AllOf hold alternatives and parts.
type Schema struct {
	Ref      string             `json:"ref,omitempty"`
	Type     string             `json:"type,omitempty"`
	Format   string             `json:"format,omitempty"`
	Enum     []string           `json:"enum,omitempty"`
	Props    map[string]*Schema `json:"props,omitempty"`
	Required []string           `json:"required,omitempty"`
	Open     bool               `json:"open,omitempty"` // additionalProperties: keys beyond Props are allowed
	Items    *Schema            `json:"items,omitempty"`
	OneOf    []*Schema          `json:"one_of,omitempty"`
	AllOf    []*Schema          `json:"all_of,omitempty"`
}

//go:embed v8.json
var v8JSON []byte

// V8 is the description of /crm/v8.
func V8() (*Spec, error) {
	var s Spec
	if err := json.Unmarshal(v8JSON, &s); err != nil {
		return nil, fmt.Errorf("zohospec: v8.json: %w", err)
	}
	return &s, nil
}

// Match returns the operations for method on a concrete path such as
// /crm/v8/Leads/123: those whose template matches with the most literal
// segments (actions/count beats {id}/{related}). Several remain where
// Zoho's templates differ only in a placeholder's name ({id} and
// {external_field_value}).
func (s *Spec) Match(method, path string) []*Operation {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var best []*Operation
	bestLiterals := -1
	for _, op := range s.Operations {
		if op.Method != method {
			continue
		}
		tsegs := strings.Split(strings.Trim(op.Path, "/"), "/")
		if len(tsegs) != len(segs) {
			continue
		}
		literals, ok := 0, true
		for i, t := range tsegs {
			if strings.HasPrefix(t, "{") {
				continue
			}
			if t != segs[i] {
				ok = false
				break
			}
			literals++
		}
		switch {
		case !ok:
		case literals > bestLiterals:
			best, bestLiterals = []*Operation{op}, literals
		case literals == bestLiterals:
			best = append(best, op)
		}
	}
	return best
}
