package crmsim

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// lenient normalises what real Zoho clients put on the wire before any CRM
// handler sees it, so every handler gets the same tolerance without
// repeating it:
//   - /crm/v2.1/… and /crm/v3/… to /crm/v8/… are served by the handlers of
//     /crm/v2/…, which ask versionOf(r) where the versions differ;
//   - the query string is re-parsed forgivingly (see lenientQuery);
//   - a POST/PUT/PATCH body with no Content-Type, or labelled as a form,
//     whose first byte is '{' or '[' is labelled application/json (zcrmsdk
//     0.0.20 and 1.1.0 send JSON bodies without the header; curl's
//     `-d @record.json`, as in Zoho's own samples, labels them as a form).
func lenient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if v, p, ok := splitVersion(r.URL.Path); ok {
			r = withVersion(r, v)
			r.URL.Path, r.URL.RawPath = p, ""
		}
		r.URL.RawQuery = lenientQuery(r.URL.RawQuery).Encode()
		if unlabelledJSON(r.Header.Get("Content-Type")) && r.Body != nil && r.Body != http.NoBody && hasBody(r.Method) {
			br := bufio.NewReader(r.Body)
			if looksLikeJSON(br) {
				r.Header.Set("Content-Type", "application/json")
			}
			r.Body = struct {
				io.Reader
				io.Closer
			}{br, r.Body}
		}
		next.ServeHTTP(w, r)
	})
}

// unlabelledJSON reports whether a body with Content-Type ct may be JSON
// that its client did not label: none at all, or curl's form default.
func unlabelledJSON(ct string) bool {
	if ct == "" {
		return true
	}
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/x-www-form-urlencoded"
}

func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// looksLikeJSON peeks past leading white space for an object or array.
func looksLikeJSON(br *bufio.Reader) bool {
	for n := 1; n <= 64; n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// versionPrefix matches the API version segment of a CRM path: v2, v2.1, v3…
var versionPrefix = regexp.MustCompile(`^/crm/(v[0-9]+(\.[0-9]+)?)/`)

// splitVersion maps /crm/vN[.M]/rest to the version it names and
// /crm/v2/rest, the paths the handlers are registered on. ok is false for
// a path with no version Zoho serves; it then stays as it is and ends in
// INVALID_URL_PATTERN.
func splitVersion(path string) (apiVersion, string, bool) {
	m := versionPrefix.FindStringSubmatchIndex(path)
	if m == nil {
		return apiVersion{}, "", false
	}
	v, ok := parseAPIVersion(path[m[2]:m[3]])
	if !ok {
		return apiVersion{}, "", false
	}
	return v, "/crm/v2/" + path[m[1]:], true
}

// lenientQuery parses a raw query the way Zoho tolerates it:
//   - empty segments (a trailing '&', '&&') are skipped, as are pairs with
//     no name;
//   - values are split on the first '=' only, so "criteria=(a:equals:b=c)"
//     keeps its '=';
//   - a value that is not valid percent-encoding (zcrmsdk 0.0.20 encodes
//     nothing: "word=100%") is taken literally instead of being dropped;
//   - ';' is an ordinary character (net/url would reject the whole query);
//   - module=undefined, which zcrmsdk 0.0.20 sends when a call has no
//     module, is dropped, so the call means what its author meant.
func lenientQuery(raw string) url.Values {
	v := url.Values{}
	for _, seg := range strings.Split(raw, "&") {
		if seg == "" {
			continue
		}
		k, val, _ := strings.Cut(seg, "=")
		k, val = unescapeLoosely(k), unescapeLoosely(val)
		if k == "" || (k == "module" && val == "undefined") {
			continue
		}
		v.Add(k, val)
	}
	return v
}

func unescapeLoosely(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return strings.ReplaceAll(s, "+", " ")
}

// errNotJSON is returned by decodeJSONBody for a body in another format.
var errNotJSON = errors.New("body is not JSON")

// maxJSONBody caps what decodeJSONBody reads; Zoho's own cap on a
// 100-record write is far below it.
const maxJSONBody = 32 << 20

// decodeJSONBody decodes a request's JSON body into v. It accepts the
// Content-Types real clients send with JSON (none at all, application/json,
// text/plain) and refuses form and multipart bodies. Numbers decode as
// json.Number so 19-digit ids and amounts are not rounded. Record handlers
// call this for every JSON body; answer a non-nil error with writeBodyError.
func decodeJSONBody(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if mt != "application/json" && mt != "text/plain" && !strings.HasSuffix(mt, "+json") {
			return errNotJSON
		}
	}
	if r.Body == nil {
		return io.EOF
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody))
	dec.UseNumber()
	return dec.Decode(v)
}

// writeBodyError answers a body decodeJSONBody could not read, with the
// code Zoho gives for a missing or malformed body.
func writeBodyError(w http.ResponseWriter, err error) {
	if errors.Is(err, io.EOF) {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "body is empty", nil)
		return
	}
	writeError(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", map[string]any{"expected_data_type": "jsonobject"})
}
