package crm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
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

// Client calls the Zoho CRM v2 API. It is safe for concurrent use: every
// call passes one gate that bounds calls in flight (and heavy calls
// separately) to Zoho's limits, so no caller can exceed them.
type Client struct {
	creds   Credentials
	http    *http.Client
	baseURL string // explicit API domain; overrides the token's api_domain
	timeout time.Duration
	retry   RetryPolicy
	gate    *gate
	meter   *Meter
	dryRun  *DryRun // nil: writes are sent

	batchConcurrency int // chunks of one batch call in flight at once
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

// WithTimeout bounds each attempt of a call (default 60s).
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithConcurrency bounds calls in flight (Zoho's per-user limit for the
// org's edition: 5 free … 25 ultimate) and heavy calls (Zoho's shared
// sub-limit, 10 in every edition).
func WithConcurrency(calls, heavy int) Option {
	return func(c *Client) { c.gate = newGate(calls, heavy) }
}

// WithBatchConcurrency sets how many requests of one batch call (a create
// of 250 records is three) may be in flight at once; default
// DefaultBatchConcurrency. WithConcurrency still bounds all calls.
func WithBatchConcurrency(n int) Option {
	return func(c *Client) { c.batchConcurrency = max(n, 1) }
}

// DefaultBatchConcurrency is Zoho's smallest per-user concurrency limit
// (the free edition's), so one batch never fills a paid org's allowance.
const DefaultBatchConcurrency = 5

// Default limits: a Standard edition's 10 concurrent calls is the safe
// floor for paid orgs; heavy calls share Zoho's sub-limit of 10.
const (
	DefaultConcurrency      = 10
	DefaultHeavyConcurrency = 10
	DefaultTimeout          = 60 * time.Second
)

// NewClient returns a client that authorises calls with creds.
func NewClient(creds Credentials, opts ...Option) *Client {
	c := &Client{creds: creds, http: http.DefaultClient, timeout: DefaultTimeout, batchConcurrency: DefaultBatchConcurrency}
	for _, o := range opts {
		o(c)
	}
	if c.gate == nil {
		c.gate = newGate(DefaultConcurrency, DefaultHeavyConcurrency)
	}
	if c.meter == nil {
		c.meter = NewMeter(0)
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

	// Idempotent marks a POST that is safe to repeat (upsert). GET, PUT
	// and DELETE are always treated as idempotent.
	Idempotent bool
	// Heavy marks calls in Zoho's sub-concurrency group (sorted or cvid
	// lists, writes of more than 10 records, convert, COQL).
	Heavy bool
	// Credits is the call's cost in API credits; 0 means 1.
	Credits int
	// Binary marks a call whose reply is a file (a download), so a 2xx
	// body that is not JSON is not a bad reply.
	Binary bool

	// decode, when set, reads a 2xx body with content as it arrives
	// instead of buffering it (list pages); the Response then has no Body.
	decode func(io.Reader) error
}

// Payload is a request body sent as it is, such as a multipart upload,
// instead of being marshalled as JSON.
type Payload struct {
	ContentType string
	Data        []byte
}

func (r Request) idempotent() bool { return r.Method != http.MethodPost || r.Idempotent }

// Response is a raw reply. Body is fully read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte

	streamed bool // the body went to Request.decode and is not kept
	// retriedApplied: an earlier attempt of the request may have been
	// applied (its reply was lost) before this one was answered, so the
	// answer may describe the state that attempt left.
	retriedApplied bool
}

// Do sends req and returns the reply for any 2xx or 304 status; other
// statuses become *Error. 401 INVALID_TOKEN renews the token once; 429,
// 5xx and transport failures are retried by the retry policy, and only
// where repeating the call cannot apply it twice.
func (c *Client) Do(ctx context.Context, req Request) (*Response, error) {
	return c.do(ctx, req, false)
}

// Raw sends req like Do, with the same token renewal and retries, but
// returns the final reply whatever its status; only failures that left no
// complete reply are errors.
//
// A call that is not idempotent and whose reply may hide an applied
// change (5xx, a lost or damaged reply) is an *OutcomeUnknownError even
// here: handing back a 502 page as a reply would invite a blind resend.
func (c *Client) Raw(ctx context.Context, req Request) (*Response, error) {
	req.Binary = true // any reply body is the caller's to read
	return c.do(ctx, req, true)
}

func (c *Client) do(ctx context.Context, req Request, raw bool) (*Response, error) {
	var body []byte
	ctype := "application/json"
	if p, ok := req.Body.(Payload); ok {
		body, ctype = p.Data, p.ContentType
	} else if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return nil, fmt.Errorf("encoding request body: %w", err)
		}
		body = b
	}
	cost := price(req, body)
	if c.dryRun != nil && writes(req) {
		return c.dryRun.answer(ctx, c, req, body, cost), nil
	}
	release, err := c.gate.acquire(ctx, req.Heavy)
	if err != nil {
		return nil, err
	}
	defer release()
	if err := c.meter.spend(req, cost); err != nil {
		return nil, err
	}

	start := time.Now()
	renewed := false
	maybeApplied := false // by an earlier attempt
	for attempt := 1; ; attempt++ {
		acc, err := c.creds.Access(ctx)
		if err != nil {
			return nil, err
		}
		resp, sent, err := c.send(ctx, acc, req, body, ctype)
		if err == nil && resp.Status == http.StatusUnauthorized && !renewed {
			if e := decodeError(resp); e.Code == "INVALID_TOKEN" {
				renewed = true
				if _, err := c.creds.Renew(ctx, acc.Token); err != nil {
					return nil, err
				}
				attempt--
				continue
			}
		}
		verdict := c.retry.judge(req, resp, sent, err)
		if verdict.retry && attempt < c.retry.attempts() && ctx.Err() == nil {
			delay := c.retry.delay(attempt, resp)
			if time.Since(start)+delay <= c.retry.maxElapsed() {
				maybeApplied = maybeApplied || verdict.maybeApplied
				c.meter.retries.Add(1)
				if resp != nil && resp.Status == http.StatusTooManyRequests {
					c.meter.throttled.Add(1)
					c.gate.throttle()
				}
				select {
				case <-time.After(delay):
					continue
				case <-ctx.Done():
					return nil, settle(req, maybeApplied, ctx.Err())
				}
			}
		}
		if resp != nil && resp.Status == http.StatusTooManyRequests {
			c.meter.throttled.Add(1)
		}
		if resp != nil {
			resp.retriedApplied = maybeApplied
		}
		var unknown *OutcomeUnknownError
		if raw && err == nil && !errors.As(verdict.err, &unknown) {
			return resp, nil
		}
		if verdict.err != nil {
			return nil, settle(req, maybeApplied || verdict.maybeApplied, verdict.err)
		}
		if resp.Status >= 300 && resp.Status != http.StatusNotModified {
			e := decodeError(resp)
			e.locate(req)
			// The last attempt's answer is a failure, but an earlier one
			// (or this one, a gateway page) may have applied the write.
			return nil, settle(req, maybeApplied || verdict.maybeApplied, e)
		}
		return resp, nil
	}
}

// settle is the error of a call that ends with err: a write that one of
// its attempts may have applied (an idempotent one, retried after a lost
// reply, then stopped by its retry limits or the caller) is an
// OutcomeUnknownError, never a plain failure.
func settle(req Request, maybeApplied bool, err error) error {
	var unknown *OutcomeUnknownError
	if !maybeApplied || req.Method == http.MethodGet || errors.As(err, &unknown) {
		return err
	}
	return &OutcomeUnknownError{Method: req.Method, Path: req.Path, Err: err}
}

// send makes one attempt. sent reports whether the whole request reached
// the connection: a request that never did cannot have been applied.
func (c *Client) send(ctx context.Context, acc Access, req Request, body []byte, ctype string) (resp *Response, sent bool, err error) {
	base := c.baseURL
	if base == "" {
		base = strings.TrimRight(acc.APIDomain, "/")
	}
	if base == "" {
		return nil, false, errors.New("no API domain: set [api] url in the config")
	}
	u := base + "/crm/v2" + req.Path
	if len(req.Query) > 0 {
		u += "?" + req.Query.Encode()
	}
	parent := ctx
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, c.timeout, &NoReplyError{After: c.timeout})
		defer cancel()
	}
	// abandoned names the per-attempt timeout instead of Go's "context
	// deadline exceeded" when it, not the caller, ended the attempt.
	abandoned := func(err error) error {
		if parent.Err() == nil && ctx.Err() != nil {
			return context.Cause(ctx)
		}
		return err
	}
	var wrote atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(i httptrace.WroteRequestInfo) { wrote.Store(i.Err == nil) },
	})
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, u, rd)
	if err != nil {
		return nil, false, err
	}
	for k, vs := range req.Header {
		hr.Header[k] = vs
	}
	if body != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", ctype)
	}
	hr.Header.Set("Authorization", "Zoho-oauthtoken "+acc.Token)
	hr.Header.Set("Accept", "application/json")
	r, err := c.http.Do(hr)
	if err != nil {
		return nil, wrote.Load(), &TransportError{Method: req.Method, Path: req.Path, Err: abandoned(stripURL(err))}
	}
	defer r.Body.Close()
	if req.decode != nil && r.StatusCode >= 200 && r.StatusCode < 300 && r.StatusCode != http.StatusNoContent {
		resp, sent, err := c.stream(req, r)
		if be, ok := err.(*BadReplyError); ok {
			be.Err = abandoned(be.Err)
		}
		return resp, sent, err
	}
	b, err := io.ReadAll(r.Body)
	resp = &Response{Status: r.StatusCode, Header: r.Header, Body: b}
	if err != nil {
		return resp, true, &BadReplyError{Method: req.Method, Path: req.Path, Status: r.StatusCode, Body: b, Err: abandoned(err)}
	}
	return resp, true, nil
}

// stream hands a 2xx body to req.decode as it arrives. A body that does
// not decode is a BadReplyError showing its start, as a buffered one is.
func (c *Client) stream(req Request, r *http.Response) (*Response, bool, error) {
	head := &prefix{max: 512}
	err := req.decode(io.TeeReader(r.Body, head))
	// Drain what the decoder left (trailing space) so the connection is reused.
	io.Copy(io.Discard, io.LimitReader(r.Body, 4<<10))
	resp := &Response{Status: r.StatusCode, Header: r.Header, streamed: true}
	if err != nil {
		resp.Body = head.b
		return resp, true, &BadReplyError{Method: req.Method, Path: req.Path, Status: r.StatusCode, Body: head.b, Err: err}
	}
	return resp, true, nil
}

// prefix keeps the first max bytes written to it.
type prefix struct {
	b   []byte
	max int
}

func (p *prefix) Write(b []byte) (int, error) {
	if n := p.max - len(p.b); n > 0 {
		p.b = append(p.b, b[:min(n, len(b))]...)
	}
	return len(b), nil
}

// stripURL drops the URL from *url.Error: it repeats what the error's
// context already names, and query strings may carry customer data.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
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
	return &Error{Status: resp.Status, Code: "UNEXPECTED_RESPONSE", Message: "the reply is not Zoho's error JSON: " + snippet(resp.Body), Details: map[string]any{}}
}

func snippet(b []byte) string {
	s := strings.ToValidUTF8(string(b), "?")
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// decodeJSON decodes a 2xx body keeping numbers as json.Number; a body that
// is not JSON (a proxy's HTML page, a cut-off reply) is a BadReplyError.
func decodeJSON(resp *Response, v any) error {
	d := json.NewDecoder(bytes.NewReader(resp.Body))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return &BadReplyError{Status: resp.Status, Body: resp.Body, Err: err}
	}
	return nil
}
