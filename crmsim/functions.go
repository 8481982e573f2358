package crmsim

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"
)

// demoFunction is a built-in stand-in for a Deluge function: it gets the
// arguments and the org state (s.mu held) and returns the output value.
type demoFunction func(c *crmState, args map[string]any) (any, error)

// demoFunctions are the functions the emulator can execute.
var demoFunctions = map[string]demoFunction{
	// echo returns its arguments as a JSON map.
	"echo": func(_ *crmState, args map[string]any) (any, error) { return args, nil },
	// greet says hello to the "name" argument.
	"greet": func(_ *crmState, args map[string]any) (any, error) {
		name, _ := args["name"].(string)
		if name == "" {
			return nil, fmt.Errorf("argument name is missing")
		}
		return "Hello, " + name + "!", nil
	},
	// count_records counts the records of the "module" argument.
	"count_records": func(c *crmState, args map[string]any) (any, error) {
		name, _ := args["module"].(string)
		m := c.module(name)
		if m == nil {
			return nil, fmt.Errorf("no module %q", name)
		}
		return len(m.records), nil
	},
}

func (s *Server) routeFunctions(mux *http.ServeMux) {
	mux.HandleFunc("GET /crm/v2/functions/{name}/actions/execute", s.handleFunction)
	mux.HandleFunc("POST /crm/v2/functions/{name}/actions/execute", s.handleFunction)
}

// functionArgs gathers arguments the ways callers send them: query
// parameters, an "arguments" parameter holding JSON, and a JSON body
// (either {"arguments": {...}} or the arguments object itself).
func functionArgs(r *http.Request) (map[string]any, error) {
	args := map[string]any{}
	for k, vs := range r.URL.Query() {
		if k != "auth_type" && k != "zapikey" && k != "arguments" && len(vs) > 0 {
			args[k] = vs[0]
		}
	}
	addJSON := func(raw string) error {
		var obj map[string]any
		if err := json.Unmarshal([]byte(raw), &obj); err != nil {
			return err
		}
		if inner, ok := obj["arguments"].(map[string]any); ok && len(obj) == 1 {
			obj = inner
		}
		for k, v := range obj {
			args[k] = v
		}
		return nil
	}
	if a := r.URL.Query().Get("arguments"); a != "" {
		if err := addJSON(a); err != nil {
			return nil, err
		}
	}
	if r.Method != http.MethodPost {
		return args, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		if a := r.PostForm.Get("arguments"); a != "" {
			return args, addJSON(a)
		}
		return args, nil
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || strings.TrimSpace(string(raw)) == "" {
		return args, err
	}
	return args, addJSON(string(raw))
}

func (s *Server) handleFunction(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("auth_type") != "oauth" {
		writeError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", map[string]any{"param_name": "auth_type"})
		return
	}
	name := r.PathValue("name")
	fn, ok := demoFunctions[name]
	if !ok {
		known := make([]string, 0, len(demoFunctions))
		for k := range demoFunctions {
			known = append(known, k)
		}
		sort.Strings(known)
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "function not found", map[string]any{"api_name": name, "available": known})
		return
	}
	args, err := functionArgs(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "arguments must be a JSON object", map[string]any{"param_name": "arguments"})
		return
	}
	s.mu.Lock()
	out, err := fn(s.crm, args)
	s.mu.Unlock()
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"code": "failure_in_execution", "details": map[string]any{"output": err.Error(), "output_type": "string", "id": userFrom(r.Context())}, "message": "function execution failed", "status": "error"})
		return
	}
	output, typ := "", "string"
	switch v := out.(type) {
	case string:
		output = v
	case int:
		output, typ = fmt.Sprint(v), "number"
	default:
		b, _ := json.Marshal(v)
		output, typ = string(b), "map"
	}
	writeJSON(w, http.StatusOK, map[string]any{"code": "success", "details": map[string]any{"output": output, "output_type": typ, "id": userFrom(r.Context())}, "message": "function executed successfully"})
}
