package luabind

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

// functionsExecute is crm.functions.execute(name, args, opts) -> output, reply
//
// Runs a Zoho CRM function (auth_type=oauth). args is a table of
// arguments (or nil); opts.method is "GET" or "POST" (default). output is
// the function's return value as Zoho reports it (details.output, a
// string); reply is the whole reply {code=, message=, details=}.
func (b *binding) functionsExecute(L *lua.LState) int {
	const call = "crm.functions.execute"
	name := checkName(L, 1, call, "name")
	var args map[string]any
	if L.Get(2) != lua.LNil {
		args = b.objectArg(L, L.Get(2), call, "args (argument #2)")
	}
	o := b.options(L, 3, call)
	method := strings.ToUpper(o.String("method"))
	o.Done()
	if method != "" && method != http.MethodGet && method != http.MethodPost {
		L.RaiseError(`%s: option method must be "GET" or "POST", got %q`, call, method)
	}
	r, err := b.conn.CRM().ExecuteFunction(ctxOf(L), name, args, method)
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(lua.LString(r.Output()))
	L.Push(b.toLua(L, map[string]any{"code": r.Code, "message": r.Message, "details": r.Details}))
	return 2
}

// requestArgs are the fields of a raw request table, shared by
// crm.request and crm.API.
type requestArgs struct {
	params  lua.LValue
	headers lua.LValue
	body    lua.LValue
}

// buildRequest turns the params/headers/body of a request table into a
// crm.Request. A table body is sent as JSON, a string body as it is.
func (b *binding) buildRequest(L *lua.LState, call, method, path string, a requestArgs) crm.Request {
	req := crm.Request{Method: method, Path: path, Query: queryValues(L, a.params, call, "params"), Header: http.Header{}}
	for k, vs := range queryValues(L, a.headers, call, "headers") {
		req.Header[http.CanonicalHeaderKey(k)] = vs
	}
	switch x := a.body.(type) {
	case *lua.LNilType:
	case lua.LString:
		ct := "text/plain; charset=utf-8"
		if json.Valid([]byte(x)) {
			ct = "application/json"
		}
		req.Body = crm.Payload{ContentType: ct, Data: []byte(x)}
	default:
		v, err := b.fromLua(x, 0)
		if err != nil {
			L.RaiseError("%s: body: %v", call, err)
		}
		req.Body = v
	}
	return req
}

// request is crm.request{method=, path=, params=, headers=, body=} -> status, body, headers
//
// The escape hatch: any call relative to /crm/v2 (path "/Leads/123/Notes"),
// with the session's token. method defaults to "GET"; params is a table of
// query parameters (a value may be an array to repeat the parameter),
// encoded properly; headers a table of request headers; body a table
// (sent as JSON) or a string (sent as it is). Nothing is raised for HTTP
// statuses: status is the number, body the decoded JSON (or the raw text,
// or nil when empty), headers a table with lower-case names.
func (b *binding) request(L *lua.LState) int {
	const call = "crm.request"
	if L.Get(1).Type() != lua.LTTable {
		L.RaiseError("%s: takes one table {method=, path=, params=, headers=, body=}, got %s", call, L.Get(1).Type())
	}
	o := b.options(L, 1, call)
	method := strings.ToUpper(o.String("method"))
	path := o.String("path")
	a := requestArgs{params: o.get("params"), headers: o.get("headers"), body: o.get("body")}
	o.Done()
	if method == "" {
		method = http.MethodGet
	}
	if !strings.HasPrefix(path, "/") {
		L.RaiseError("%s: path must start with / and be relative to /crm/v2, got %q", call, path)
	}
	if strings.HasPrefix(path, "/crm/") {
		L.RaiseError("%s: path is relative to /crm/v2; drop the %q prefix", call, "/crm/v2")
	}
	resp, err := b.conn.CRM().Raw(ctxOf(L), b.buildRequest(L, call, method, path, a))
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(lua.LNumber(resp.Status))
	L.Push(b.replyBody(L, resp))
	L.Push(headersTable(L, resp.Header))
	return 3
}

// replyBody decodes a JSON reply; other replies stay text, empty ones nil.
func (b *binding) replyBody(L *lua.LState, resp *crm.Response) lua.LValue {
	if len(resp.Body) == 0 {
		return lua.LNil
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if strings.HasSuffix(ct, "json") {
		d := json.NewDecoder(bytes.NewReader(resp.Body))
		d.UseNumber()
		var v any
		if d.Decode(&v) == nil {
			return b.toLua(L, v)
		}
	}
	return lua.LString(resp.Body)
}
