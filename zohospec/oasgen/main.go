// Command oasgen derives zohospec's compact description from Zoho's
// OpenAPI files (a checkout of github.com/zoho/crm-oas):
//
//	go run ./zohospec/oasgen -oas ~/crm-oas/v8.0 [-commit SHA] [-o zohospec/v8.json]
//
// It reads the files of the operations zcrmrun and crmsim implement
// (files below), follows their $refs into other files of the folder, and
// writes the operations and the schemas they reach. Only facts are kept:
// paths, methods, parameters, status codes, keys, types and enums.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/zcrmrun/zcrmrun/zohospec"
)

// files are the OAS files whose operations zcrmrun's client or the
// emulator implement.
var files = []string{
	"record.json", "record_count.json", "coql.json", "notes.json", "attachments.json", "related_records.json",
	"tags.json", "users.json", "org.json", "modules.json", "fields.json", "layouts.json", "convert_lead.json",
	"notifications.json", "files.json", "bulk_read.json", "bulk_write.json",
}

func main() {
	dir := flag.String("oas", "", "the v8.0 folder of a crm-oas checkout")
	commit := flag.String("commit", "", "the crm-oas commit the folder is at, recorded as the source")
	out := flag.String("o", "zohospec/v8.json", "where to write the description")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "oasgen: -oas DIR is required (the v8.0 folder of github.com/zoho/crm-oas)")
		os.Exit(2)
	}
	spec, err := generate(*dir, *commit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "oasgen:", err)
		os.Exit(1)
	}
	b, err := json.MarshalIndent(spec, "", " ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "oasgen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "oasgen:", err)
		os.Exit(1)
	}
}

type doc = map[string]any

type generator struct {
	dir     string
	docs    map[string]doc
	schemas map[string]*zohospec.Schema
	pending []string // schema refs still to convert
}

func generate(dir, commit string) (*zohospec.Spec, error) {
	g := &generator{dir: dir, docs: map[string]doc{}, schemas: map[string]*zohospec.Schema{}}
	src := "github.com/zoho/crm-oas v8.0"
	if commit != "" {
		src += " at " + commit
	}
	spec := &zohospec.Spec{Source: src, Schemas: g.schemas}
	for _, f := range files {
		d, err := g.load(f)
		if err != nil {
			return nil, err
		}
		paths, _ := d["paths"].(doc)
		for _, p := range sortedKeys(paths) {
			item, _ := paths[p].(doc)
			for _, m := range []string{"get", "post", "put", "patch", "delete"} {
				raw, ok := item[m].(doc)
				if !ok {
					continue
				}
				op, err := g.operation(f, strings.ToUpper(m), p, raw, item)
				if err != nil {
					return nil, fmt.Errorf("%s %s %s: %w", f, m, p, err)
				}
				spec.Operations = append(spec.Operations, op)
			}
		}
	}
	for len(g.pending) > 0 {
		ref := g.pending[0]
		g.pending = g.pending[1:]
		if g.schemas[ref] != nil {
			continue
		}
		file, name, _ := strings.Cut(ref, "#")
		d, err := g.load(file)
		if err != nil {
			return nil, err
		}
		raw, ok := dig(d, "components", "schemas", name).(doc)
		if !ok {
			fmt.Fprintf(os.Stderr, "oasgen: %s: no schema %q (a dangling ref); it checks nothing\n", file, name)
			g.schemas[ref] = &zohospec.Schema{}
			continue
		}
		g.schemas[ref] = &zohospec.Schema{} // placeholder against cycles
		g.schemas[ref] = g.schema(file, raw)
	}
	return spec, nil
}

func (g *generator) load(file string) (doc, error) {
	if d, ok := g.docs[file]; ok {
		return d, nil
	}
	b, err := os.ReadFile(filepath.Join(g.dir, file))
	if err != nil {
		return nil, err
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	g.docs[file] = d
	return d, nil
}

func (g *generator) operation(file, method, path string, raw, item doc) (*zohospec.Operation, error) {
	op := &zohospec.Operation{File: file, Method: method, Path: path, Responses: map[string][]*zohospec.Schema{}}
	op.ID, _ = raw["operationId"].(string)
	params := append(asList(item["parameters"]), asList(raw["parameters"])...)
	for _, p := range params {
		pd, err := g.resolveParam(file, p)
		if err != nil {
			// Zoho's files hold a few dangling refs (notes.json's
			// If-Modified-Since); say so and go on without it.
			fmt.Fprintf(os.Stderr, "oasgen: %s %s %s: skipping a parameter: %v\n", file, method, path, err)
			continue
		}
		param := zohospec.Param{}
		param.Name, _ = pd["name"].(string)
		param.In, _ = pd["in"].(string)
		param.Required, _ = pd["required"].(bool)
		if sc, ok := pd["schema"].(doc); ok {
			param.Type, _ = sc["type"].(string)
			param.Enum = strings_(sc["enum"])
		}
		op.Params = append(op.Params, param)
	}
	if rb, ok := raw["requestBody"].(doc); ok {
		if sc := jsonSchema(rb); sc != nil {
			op.Request = g.schema(file, sc)
		}
	}
	responses, _ := raw["responses"].(doc)
	for _, status := range sortedKeys(responses) {
		r, _ := responses[status].(doc)
		var alts []*zohospec.Schema
		if sc := jsonSchema(r); sc != nil {
			s := g.schema(file, sc)
			if len(s.OneOf) > 0 {
				alts = s.OneOf
			} else {
				alts = []*zohospec.Schema{s}
			}
		}
		op.Responses[status] = alts
	}
	return op, nil
}

// jsonSchema is the application/json schema of a request body or reply.
func jsonSchema(r doc) doc {
	sc, _ := dig(r, "content", "application/json", "schema").(doc)
	return sc
}

func (g *generator) resolveParam(file string, p any) (doc, error) {
	pd, _ := p.(doc)
	ref, ok := pd["$ref"].(string)
	if !ok {
		return pd, nil
	}
	f, name, err := splitRef(file, ref, "parameters")
	if err != nil {
		return nil, err
	}
	d, err := g.load(f)
	if err != nil {
		return nil, err
	}
	r, ok := dig(d, "components", "parameters", name).(doc)
	if !ok {
		return nil, fmt.Errorf("%s: no parameter %q", f, name)
	}
	return r, nil
}

// schema converts one JSON Schema node; named schemas become refs that
// generate converts once.
func (g *generator) schema(file string, raw doc) *zohospec.Schema {
	if ref, ok := raw["$ref"].(string); ok {
		f, name, err := splitRef(file, ref, "schemas")
		if err != nil {
			return &zohospec.Schema{} // a ref outside the folder: anything goes
		}
		key := f + "#" + name
		g.pending = append(g.pending, key)
		return &zohospec.Schema{Ref: key}
	}
	s := &zohospec.Schema{}
	s.Type, _ = raw["type"].(string)
	s.Format, _ = raw["format"].(string)
	s.Enum = strings_(raw["enum"])
	s.Required = strings_(raw["required"])
	if ap, ok := raw["additionalProperties"]; ok && ap != false {
		s.Open = true
	}
	if props, ok := raw["properties"].(doc); ok {
		s.Props = map[string]*zohospec.Schema{}
		for k, v := range props {
			if vd, ok := v.(doc); ok {
				s.Props[k] = g.schema(file, vd)
			}
		}
	}
	if items, ok := raw["items"].(doc); ok {
		s.Items = g.schema(file, items)
	}
	for _, key := range []string{"oneOf", "anyOf"} {
		for _, alt := range asList(raw[key]) {
			if ad, ok := alt.(doc); ok {
				s.OneOf = append(s.OneOf, g.schema(file, ad))
			}
		}
	}
	for _, part := range asList(raw["allOf"]) {
		if pd, ok := part.(doc); ok {
			s.AllOf = append(s.AllOf, g.schema(file, pd))
		}
	}
	return s
}

// splitRef maps "#/components/KIND/Name" and ".../v8.0/other.json#/
// components/KIND/Name" to the file and name.
func splitRef(file, ref, kind string) (string, string, error) {
	loc, frag, ok := strings.Cut(ref, "#")
	if !ok {
		return "", "", errors.New("ref without a fragment: " + ref)
	}
	if loc != "" {
		file = filepath.Base(loc)
	}
	name, ok := strings.CutPrefix(frag, "/components/"+kind+"/")
	if !ok {
		return "", "", fmt.Errorf("ref %s is not to components/%s", ref, kind)
	}
	return file, name, nil
}

func dig(d doc, keys ...string) any {
	var cur any = d
	for _, k := range keys {
		m, ok := cur.(doc)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

func asList(v any) []any { l, _ := v.([]any); return l }

func strings_(v any) []string {
	var out []string
	for _, x := range asList(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		} else if x != nil {
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}

func sortedKeys(d doc) []string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
