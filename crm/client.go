package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Access is what a request needs to be authorised and routed.
type Access struct {
	Token     string // access token
	APIDomain string // e.g. https://www.zohoapis.com; may be empty
}

// Credentials supplies access tokens. Renew is called once when Zoho says
// the token it was given is invalid; it should mint a new one unless the
// stale one was already replaced.
type Credentials interface {
	Access(ctx context.Context) (Access, error)
	Renew(ctx context.Context, stale string) (Access, error)
}

// Client calls the Zoho CRM v2 API. It is safe for concurrent use.
type Client struct {
	creds   Credentials
	http    *http.Client
	baseURL string // explicit API domain; overrides the token's api_domain
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client used for every call.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithAPIDomain pins the API domain (scheme and host, such as
// https://www.zohoapis.eu), overriding the api_domain of the tokens.
func WithAPIDomain(u string) Option {
	return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") }
}

// NewClient returns a client that authorises calls with creds.
func NewClient(creds Credentials, opts ...Option) *Client {
	c := &Client{creds: creds, http: http.DefaultClient}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Request is one call, relative to /crm/v2.
type Request struct {
	Method string
	Path   string     // e.g. "/Leads" or "/settings/modules"
	Query  url.Values // encoded with url.Values.Encode: never raw
	Header http.Header
	Body   any // marshalled as JSON when non-nil
}

// Response is a raw reply. Body is fully read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends req and returns the reply for any 2xx or 304 status; other
// statuses become *Error. On 401 INVALID_TOKEN it renews the token once
// and retries.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	resp, err := c.Raw(ctx, req)
	if err != nil {
		return nil, err
	}
	if resp.Status >= 300 && resp.Status != http.StatusNotModified {
		return nil, decodeError(resp)
	}
	return resp, nil
}

// Payload is a request body sent as it is, such as a multipart upload,
// instead of being marshalled as JSON.
type Payload struct {
	ContentType string
	Data        []byte
}

// Raw sends req and returns the reply whatever its status, renewing the
// token once on 401 INVALID_TOKEN like Do. Only transport failures and
// token problems are errors.
func (c *Client) Raw(ctx context.Context, req Request) (*Response, error) {
	acc, err := c.creds.Access(ctx)
	if err != nil {
		return nil, err
	}
	resp, err := c.send(ctx, acc, req)
	if err != nil {
		return nil, err
	}
	if resp.Status == http.StatusUnauthorized {
		if e := decodeError(resp); e.Code == "INVALID_TOKEN" {
			if acc, err = c.creds.Renew(ctx, acc.Token); err != nil {
				return nil, err
			}
			if resp, err = c.send(ctx, acc, req); err != nil {
				return nil, err
			}
		}
	}
	return resp, nil
}

func (c *Client) send(ctx context.Context, acc Access, req Request) (*Response, error) {
	base := c.baseURL
	if base == "" {
		base = strings.TrimRight(acc.APIDomain, "/")
	}
	if base == "" {
		return nil, errors.New("no API domain: set [api] url in the config")
	}
	u := base + "/crm/v2" + req.Path
	if len(req.Query) > 0 {
		u += "?" + req.Query.Encode()
	}
	var body io.Reader
	contentType := "application/json"
	if p, ok := req.Body.(Payload); ok {
		body, contentType = bytes.NewReader(p.Data), p.ContentType
	} else if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, fmt.Errorf("encoding request body: %w", err)
		}
		body = bytes.NewReader(b)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, u, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	if body != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", contentType)
	}
	hr.Header.Set("Authorization", "Zoho-oauthtoken "+acc.Token)
	hr.Header.Set("Accept", "application/json")
	r, err := c.http.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.Path, err)
	}
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: reading reply (HTTP %d): %w", req.Method, req.Path, r.StatusCode, err)
	}
	return &Response{Status: r.StatusCode, Header: r.Header, Body: b}, nil
}

// decodeError reads Zoho's error envelope; a body that is not one still
// yields an Error naming the status and the start of the body.
func decodeError(resp *Response) *Error {
	var env struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details"`
	}
	d := json.NewDecoder(bytes.NewReader(resp.Body))
	d.UseNumber()
	if err := d.Decode(&env); err == nil && env.Code != "" {
		if env.Details == nil {
			env.Details = map[string]any{}
		}
		return &Error{Status: resp.Status, Code: env.Code, Message: env.Message, Details: env.Details}
	}
	snippet := string(resp.Body)
	if len(snippet) > 120 {
		snippet = snippet[:120] + "..."
	}
	return &Error{Status: resp.Status, Code: "UNEXPECTED_RESPONSE", Message: fmt.Sprintf("unexpected reply %q", snippet), Details: map[string]any{}}
}

// decodeJSON decodes a body keeping numbers as json.Number.
func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("decoding reply: %w", err)
	}
	return nil
}
