package crmsim

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
)

// Zoho's authorization-code flow (zoho-api.md §2.1): a browser opens
// GET /oauth/v2/auth?client_id=&response_type=code&scope=&redirect_uri=
// [&access_type=&prompt=&state=], the user accepts on a consent page, and
// Accounts redirects to redirect_uri?code=<grant>&location=<dc>&
// accounts-server=<url>[&state=]. The emulator shows the same steps: a
// consent page whose form posts back to /oauth/v2/auth, then the
// redirect. The grant code is the one the self-client console mints.

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>crmsim: authorize {{.ClientID}}</title></head>
<body>
<h1>crmsim (Zoho CRM emulator)</h1>
<p>The client <code>{{.ClientID}}</code> asks for access to: <code>{{.Scope}}</code>.</p>
<form method="post" action="/oauth/v2/auth">
{{range $k, $v := .Params}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<label>Grant access as <select name="user">{{range .Users}}<option value="{{.ID}}">{{.Name}} &lt;{{.Email}}&gt;</option>{{end}}</select></label>
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="reject">Reject</button>
</form>
</body></html>
`))

type consentUser struct{ ID, Name, Email string }

// handleAuthorize serves both steps: GET shows the consent page, POST
// (the page's form) redirects with a grant code, or with error=
// access_denied when the user rejects.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		authorizeError(w, "the request could not be read")
		return
	}
	clientID, scope, redirect := r.Form.Get("client_id"), r.Form.Get("scope"), r.Form.Get("redirect_uri")
	if r.Form.Get("response_type") != "code" {
		authorizeError(w, "response_type must be code")
		return
	}
	target, err := url.Parse(redirect)
	if redirect == "" || err != nil || (target.Scheme != "http" && target.Scheme != "https") || target.Host == "" {
		authorizeError(w, "Invalid Redirect Uri: redirect_uri must be an absolute http(s) URL")
		return
	}
	if scope == "" {
		authorizeError(w, "scope is missing")
		return
	}
	s.mu.Lock()
	_, known := s.accounts.clients[clientID]
	var users []consentUser
	for _, u := range s.crm.users {
		if u.active {
			users = append(users, consentUser{ID: u.id, Name: u.fullName, Email: u.email})
		}
	}
	s.mu.Unlock()
	if !known {
		authorizeError(w, "Invalid Client: no client has the id "+clientID)
		return
	}
	if r.Method == http.MethodGet {
		params := map[string]string{}
		for _, k := range []string{"client_id", "response_type", "scope", "redirect_uri", "access_type", "prompt", "state"} {
			if v := r.Form.Get(k); v != "" {
				params[k] = v
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		consentPage.Execute(w, map[string]any{"ClientID": clientID, "Scope": scope, "Params": params, "Users": users})
		return
	}
	q := target.Query()
	if st := r.Form.Get("state"); st != "" {
		q.Set("state", st)
	}
	if r.Form.Get("decision") != "accept" {
		q.Set("error", "access_denied")
	} else {
		code, err := s.GrantCode(clientID, r.Form.Get("user"), strings.ReplaceAll(scope, " ", ","))
		if err != nil {
			authorizeError(w, err.Error())
			return
		}
		q.Set("code", code)
		q.Set("location", "us")
		q.Set("accounts-server", s.URL())
	}
	target.RawQuery = q.Encode()
	http.Redirect(w, r, target.String(), http.StatusFound)
}

// authorizeError is the page a browser sees for a request Accounts
// refuses: nothing is redirected, as Zoho shows its error page in place.
func authorizeError(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	w.Write([]byte(msg + "\n"))
}
