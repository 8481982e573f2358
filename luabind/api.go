package luabind

import (
	"net/http"
	"net/url"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

// seedCall is one call of the seed SDK's crm.API (zcrmsdk 0.0.x): an HTTP
// method and a path template under /crm/v2. A trailing placeholder is
// optional and dropped with its slash when absent; the others are
// required.
type seedCall struct {
	method      string
	path        string
	moduleParam bool   // append module=<module> when a module is given
	deleted     string // type= of the deleted-records calls
	upload      bool   // send x_file_content as the multipart part "file"
	download    bool   // report the Content-Disposition file name
}

// seedAPI is the seed's 28 calls by group and name.
var seedAPI = map[string]map[string]seedCall{
	"MODULES": {
		"get":                          {method: http.MethodGet, path: "{module}/{id}"},
		"post":                         {method: http.MethodPost, path: "{module}/{id}"},
		"put":                          {method: http.MethodPut, path: "{module}/{id}"},
		"delete":                       {method: http.MethodDelete, path: "{module}/{id}"},
		"getAllDeletedRecords":         {method: http.MethodGet, path: "{module}/deleted", deleted: "all"},
		"getRecycleBinRecords":         {method: http.MethodGet, path: "{module}/deleted", deleted: "recycle"},
		"getPermanentlyDeletedRecords": {method: http.MethodGet, path: "{module}/deleted", deleted: "permanent"},
		"search":                       {method: http.MethodGet, path: "{module}/search"},
	},
	"SETTINGS": {
		"getFields":         {method: http.MethodGet, path: "settings/fields/{id}", moduleParam: true},
		"getLayouts":        {method: http.MethodGet, path: "settings/layouts/{id}", moduleParam: true},
		"getCustomViews":    {method: http.MethodGet, path: "settings/custom_views/{id}", moduleParam: true},
		"updateCustomViews": {method: http.MethodPut, path: "settings/custom_views/{id}", moduleParam: true},
		"getModules":        {method: http.MethodGet, path: "settings/modules/{module}"},
		"getRoles":          {method: http.MethodGet, path: "settings/roles/{id}", moduleParam: true},
		"getProfiles":       {method: http.MethodGet, path: "settings/profiles/{id}", moduleParam: true},
		"getRelatedLists":   {method: http.MethodGet, path: "settings/related_lists/{id}", moduleParam: true},
	},
	"ACTIONS": {
		"convert": {method: http.MethodPost, path: "Leads/{id}/actions/convert"},
	},
	"USERS": {
		"get": {method: http.MethodGet, path: "users/{id}"},
	},
	"ORG": {
		"get": {method: http.MethodGet, path: "org"},
	},
	"ATTACHMENTS": {
		"uploadFile":    {method: http.MethodPost, path: "{module}/{id}/Attachments", upload: true},
		"uploadLink":    {method: http.MethodPost, path: "{module}/{id}/Attachments"},
		"downloadFile":  {method: http.MethodGet, path: "{module}/{id}/Attachments/{relatedId}", download: true},
		"deleteFile":    {method: http.MethodDelete, path: "{module}/{id}/Attachments/{relatedId}"},
		"uploadPhoto":   {method: http.MethodPost, path: "{module}/{id}/photo", upload: true},
		"downloadPhoto": {method: http.MethodGet, path: "{module}/{id}/photo", download: true},
		"deletePhoto":   {method: http.MethodDelete, path: "{module}/{id}/photo"},
	},
	"FUNCTIONS": {
		"executeFunctionsInGet":  {method: http.MethodGet, path: "functions/{api_name}/actions/execute"},
		"executeFunctionsInPost": {method: http.MethodPost, path: "functions/{api_name}/actions/execute"},
	},
}

// apiTable builds crm.API with one function per seed call.
func (b *binding) apiTable(L *lua.LState) *lua.LTable {
	api := L.NewTable()
	for group, calls := range seedAPI {
		g := L.NewTable()
		for name, sc := range calls {
			g.RawSetString(name, L.NewFunction(b.seedFunc("crm.API."+group+"."+name, sc)))
		}
		api.RawSetString(group, g)
	}
	return api
}

// seedFunc is crm.API.<GROUP>.<name>(input) -> {statusCode=, headers=, body=, filename=}
//
// input has the seed's fields: module, id, api_name, relatedId, params,
// body, headers, and x_file_content (the bytes of an upload, a string)
// with x_file_name (its file name, default "file"). The reply comes back
// for any HTTP status, as the seed's did: body is the raw text, filename
// is set on downloads. Unlike the seed, values are URL-encoded, module=
// is only sent when a module is given, and the deleted-records type is
// always sent.
func (b *binding) seedFunc(call string, sc seedCall) lua.LGFunction {
	return func(L *lua.LState) int {
		if t := L.Get(1).Type(); t != lua.LTTable && t != lua.LTNil {
			L.RaiseError("%s: input (argument #1) must be a table, got %s", call, t)
		}
		o := b.options(L, 1, call)
		fields := map[string]string{}
		for _, k := range []string{"module", "id", "api_name", "relatedId"} {
			if v := o.get(k); v.Type() == lua.LTNumber {
				L.RaiseError("%s: input.%s must be a string: record ids pass 2^53 and a number loses digits, got number", call, k)
			}
			fields[k] = o.String(k)
		}
		a := requestArgs{params: o.get("params"), headers: o.get("headers"), body: o.get("body")}
		content, fileName := o.get("x_file_content"), o.String("x_file_name")
		o.Done()

		path, err := seedPath(sc.path, fields)
		if err != nil {
			L.RaiseError("%s: %s", call, err)
		}
		if sc.method != http.MethodPost && sc.method != http.MethodPut {
			a.body = lua.LNil // the seed sends bodies on POST and PUT only
		}
		req := b.buildRequest(L, call, sc.method, path, a)
		if sc.moduleParam && fields["module"] != "" {
			req.Query.Set("module", fields["module"])
		}
		if sc.deleted != "" && req.Query.Get("type") == "" {
			req.Query.Set("type", sc.deleted)
		}
		if fields["api_name"] != "" {
			req.Query.Set("auth_type", "oauth")
		}
		if sc.upload {
			data, ok := content.(lua.LString)
			if !ok {
				L.RaiseError("%s: input.x_file_content must be a string of the file's bytes, got %s", call, content.Type())
			}
			if fileName == "" {
				fileName = "file"
			}
			p, err := crm.MultipartFile(fileName, []byte(data))
			if err != nil {
				return b.raise(L, call, err)
			}
			req.Body = p
		}
		resp, err := b.conn.CRM().Raw(ctxOf(L), req)
		if err != nil {
			return b.raise(L, call, err)
		}
		t := L.CreateTable(0, 4)
		t.RawSetString("statusCode", lua.LNumber(resp.Status))
		t.RawSetString("headers", headersTable(L, resp.Header))
		t.RawSetString("body", lua.LString(resp.Body))
		if cd := resp.Header.Get("Content-Disposition"); sc.download && strings.Contains(cd, "attachment") {
			t.RawSetString("filename", lua.LString(crm.DispositionFilename(cd)))
		}
		L.Push(t)
		return 1
	}
}

// seedPath fills a path template; each value is path-escaped.
func seedPath(tmpl string, fields map[string]string) (string, error) {
	parts := strings.Split(tmpl, "/")
	out := make([]string, 0, len(parts))
	for i, p := range parts {
		name, ok := strings.CutPrefix(p, "{")
		if !ok {
			out = append(out, p)
			continue
		}
		name = strings.TrimSuffix(name, "}")
		v := fields[name]
		if v == "" {
			if i == len(parts)-1 {
				continue // an optional trailing {id} or {module}
			}
			return "", &missingField{name}
		}
		out = append(out, url.PathEscape(v))
	}
	return "/" + strings.Join(out, "/"), nil
}

type missingField struct{ name string }

func (e *missingField) Error() string { return "input." + e.name + " is missing" }
