package crm

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// FunctionReply is what executing a Zoho CRM function answers.
type FunctionReply struct {
	Code    string         `json:"code"`
	Message string         `json:"message"`
	Details map[string]any `json:"details"` // output, output_type, id
}

// Output is details.output: the function's return value as text.
func (r FunctionReply) Output() string {
	s, _ := r.Details["output"].(string)
	return s
}

// ExecuteFunction runs a function with OAuth authentication
// (/functions/{name}/actions/execute?auth_type=oauth). args travel as the
// JSON "arguments" parameter: in the query for GET, in a form body for
// POST. method is GET or POST; empty means POST.
func (c *Client) ExecuteFunction(ctx context.Context, name string, args map[string]any, method string) (FunctionReply, error) {
	if method == "" {
		method = http.MethodPost
	}
	if method != http.MethodGet && method != http.MethodPost {
		return FunctionReply{}, fmt.Errorf("method must be GET or POST, got %q", method)
	}
	q := url.Values{"auth_type": {"oauth"}}
	req := Request{Method: method, Path: "/functions/" + url.PathEscape(name) + "/actions/execute", Query: q}
	if len(args) > 0 {
		b, err := json.Marshal(args)
		if err != nil {
			return FunctionReply{}, fmt.Errorf("encoding arguments: %w", err)
		}
		if method == http.MethodGet {
			q.Set("arguments", string(b))
		} else {
			form := url.Values{"arguments": {string(b)}}.Encode()
			req.Body = Payload{ContentType: "application/x-www-form-urlencoded", Data: []byte(form)}
		}
	}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return FunctionReply{}, err
	}
	var r FunctionReply
	if err := decodeJSON(resp, &r); err != nil {
		return FunctionReply{}, err
	}
	if r.Details == nil {
		r.Details = map[string]any{}
	}
	return r, nil
}
