package crm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Zoho's per-request limits on batch calls (zoho-api.md §4, §4.5).
const (
	MaxWriteRecords = 100 // records per insert/update/upsert/delete/mass update/link
	MaxTagRecords   = 500 // records per add_tags/remove_tags
)

// Result is the outcome of one record of a batch call, in the position of
// the record it answers: a record Zoho refused is a Result with Status
// "error", not a Go error. ID is the record's id (for a refused update or
// delete, the id that was sent; none for a refused insert).
type Result = Outcome

// WriteOptions are the body options of insert, update, upsert and mass
// update.
type WriteOptions struct {
	// Trigger lists the automations to run: workflow, approval, blueprint.
	// Nil sends nothing (Zoho runs them all); empty sends [] (none run).
	Trigger []string
	// DuplicateCheckFields (upsert only) are the fields that find the
	// record to update, in order; nil means the module's unique fields.
	DuplicateCheckFields []string
}

func (o WriteOptions) body(data []Record) map[string]any {
	b := map[string]any{"data": data}
	if o.Trigger != nil {
		b["trigger"] = o.Trigger
	}
	if o.DuplicateCheckFields != nil {
		b["duplicate_check_fields"] = o.DuplicateCheckFields
	}
	return b
}

// InsertRecords creates records (POST /{module}) in chunks of 100, sent
// concurrently up to the client's concurrency, and returns one Result per
// record in input order. A request-level failure (bad module, auth,
// network) is an error; chunks already answered may have been applied.
func (c *Client) InsertRecords(ctx context.Context, module string, recs []Record, o WriteOptions) ([]Result, error) {
	return c.writeRecords(ctx, Request{Method: http.MethodPost, Path: "/" + url.PathEscape(module)}, recs, o)
}

// UpdateRecords updates records by their "id" field (PUT /{module}), as
// InsertRecords does. A field set to nil is sent as null and cleared.
func (c *Client) UpdateRecords(ctx context.Context, module string, recs []Record, o WriteOptions) ([]Result, error) {
	return c.writeRecords(ctx, Request{Method: http.MethodPut, Path: "/" + url.PathEscape(module)}, recs, o)
}

// UpsertRecords updates the record matching o.DuplicateCheckFields or
// inserts a new one (POST /{module}/upsert); Result.Action says which.
func (c *Client) UpsertRecords(ctx context.Context, module string, recs []Record, o WriteOptions) ([]Result, error) {
	// Repeating an upsert cannot insert twice, so retries may resend it.
	return c.writeRecords(ctx, Request{Method: http.MethodPost, Path: "/" + url.PathEscape(module) + "/upsert", Idempotent: true}, recs, o)
}

// writeRecords sends recs in chunks as req with Zoho's price: a credit
// per 10 records, and in the heavy group past 10 (zoho-api.md §7.2, §7.3).
func (c *Client) writeRecords(ctx context.Context, req Request, recs []Record, o WriteOptions) ([]Result, error) {
	return c.batch(ctx, len(recs), MaxWriteRecords, func(ctx context.Context, lo, hi int) ([]Result, error) {
		chunk := req
		chunk.Body, chunk.Credits, chunk.Heavy = o.body(recs[lo:hi]), perN(hi-lo, 10), hi-lo > 10
		rs, err := c.results(ctx, chunk, hi-lo)
		if err != nil {
			rs = make([]Result, hi-lo) // only the ids, for the error's results
		}
		for i := range rs {
			if rs[i].ID == "" {
				rs[i].ID, _ = recs[lo+i]["id"].(string)
			}
		}
		return rs, err
	})
}

// DeleteRecords deletes records by id (DELETE /{module}?ids=), 100 per
// request. wfTrigger nil leaves Zoho's default (workflows run).
func (c *Client) DeleteRecords(ctx context.Context, module string, ids []string, wfTrigger *bool) ([]Result, error) {
	return c.idBatch(ctx, ids, MaxWriteRecords, func(chunk []string) Request {
		q := url.Values{"ids": {strings.Join(chunk, ",")}}
		if wfTrigger != nil {
			q.Set("wf_trigger", fmt.Sprint(*wfTrigger))
		}
		return Request{Method: http.MethodDelete, Path: "/" + url.PathEscape(module), Query: q}
	})
}

// MassUpdate sets the same fields on every record of ids
// (POST /{module}/actions/mass_update), 100 ids per request.
func (c *Client) MassUpdate(ctx context.Context, module string, ids []string, fields Record, o WriteOptions) ([]Result, error) {
	return c.idBatch(ctx, ids, MaxWriteRecords, func(chunk []string) Request {
		b := o.body([]Record{fields})
		b["ids"] = chunk
		// The same fields set twice leave the same records: safe to retry.
		return Request{Method: http.MethodPost, Path: "/" + url.PathEscape(module) + "/actions/mass_update", Body: b, Idempotent: true}
	})
}

// AddTags tags records (POST /{module}/actions/add_tags), 500 per request;
// overWrite replaces the records' tags instead of adding to them.
func (c *Client) AddTags(ctx context.Context, module string, ids, tags []string, overWrite bool) ([]Result, error) {
	return c.tagRecords(ctx, module, "add_tags", ids, tags, overWrite)
}

// RemoveTags removes tags from records (POST /{module}/actions/remove_tags).
func (c *Client) RemoveTags(ctx context.Context, module string, ids, tags []string) ([]Result, error) {
	return c.tagRecords(ctx, module, "remove_tags", ids, tags, false)
}

func (c *Client) tagRecords(ctx context.Context, module, action string, ids, tags []string, overWrite bool) ([]Result, error) {
	return c.idBatch(ctx, ids, MaxTagRecords, func(chunk []string) Request {
		q := url.Values{"ids": {strings.Join(chunk, ",")}, "tag_names": {strings.Join(tags, ",")}}
		if overWrite {
			q.Set("over_write", "true")
		}
		return Request{Method: http.MethodPost, Path: "/" + url.PathEscape(module) + "/actions/" + action, Query: q,
			Idempotent: true, Credits: perN(len(chunk), 50)}
	})
}

// LinkRecords relates records of the related list to one record
// (PUT /{module}/{id}/{related_list}), 100 per request.
func (c *Client) LinkRecords(ctx context.Context, module, id, relatedList string, relatedIDs []string) ([]Result, error) {
	path := "/" + url.PathEscape(module) + "/" + url.PathEscape(id) + "/" + url.PathEscape(relatedList)
	return c.idBatch(ctx, relatedIDs, MaxWriteRecords, func(chunk []string) Request {
		data := make([]Record, len(chunk))
		for i, rid := range chunk {
			data[i] = Record{"id": rid}
		}
		return Request{Method: http.MethodPut, Path: path, Body: map[string]any{"data": data}}
	})
}

// UnlinkRecords removes relations made by LinkRecords
// (DELETE /{module}/{id}/{related_list}?ids=).
func (c *Client) UnlinkRecords(ctx context.Context, module, id, relatedList string, relatedIDs []string) ([]Result, error) {
	path := "/" + url.PathEscape(module) + "/" + url.PathEscape(id) + "/" + url.PathEscape(relatedList)
	return c.idBatch(ctx, relatedIDs, MaxWriteRecords, func(chunk []string) Request {
		return Request{Method: http.MethodDelete, Path: path, Query: url.Values{"ids": {strings.Join(chunk, ",")}}}
	})
}

// idBatch runs a batch call keyed by ids; a Result without an id in its
// details gets the id it answers.
func (c *Client) idBatch(ctx context.Context, ids []string, size int, req func(chunk []string) Request) ([]Result, error) {
	return c.batch(ctx, len(ids), size, func(ctx context.Context, lo, hi int) ([]Result, error) {
		rs, err := c.results(ctx, req(ids[lo:hi]), hi-lo)
		if err != nil {
			rs = make([]Result, hi-lo)
		}
		for i := range rs {
			if rs[i].ID == "" {
				rs[i].ID = ids[lo+i]
			}
		}
		return rs, err
	})
}

// batch splits n items into chunks of size, sends them through send at
// most c.batchConcurrency at a time, and puts each chunk's results in
// place. A chunk whose outcome is unknown does not stop the others (they
// are independent, and stopping would only add more unknowns); any other
// request-level failure stops the chunks not yet sent. Either way the
// error is a *BatchError that accounts for every input.
func (c *Client) batch(ctx context.Context, n, size int, send func(ctx context.Context, lo, hi int) ([]Result, error)) ([]Result, error) {
	out := make([]Result, n)
	for i := range out {
		out[i] = Result{Status: "error", Code: CodeNotSent, Message: "not sent: the batch stopped at an earlier failure", Details: map[string]any{}}
	}
	var (
		mu    sync.Mutex
		first error // the first failure, hard or unknown
		hard  bool
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.batchConcurrency)
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)
		g.Go(func() error {
			if gctx.Err() != nil {
				return nil // stopped before sending: the results say NOT_SENT
			}
			rs, err := send(gctx, lo, hi)
			if err == nil {
				copy(out[lo:hi], rs)
				reportProgress(ctx, hi-lo)
				return nil
			}
			var ou *OutcomeUnknownError
			unknown := errors.As(err, &ou)
			if !unknown && ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
				// Stopped by the caller before the request went out (or
				// while it waited for a lane): not applied, as NOT_SENT says.
				return nil
			}
			err = fmt.Errorf("records %d-%d of %d: %w", lo+1, hi, n, err)
			code := CodeRequestFailed
			if unknown {
				code = CodeOutcomeUnknown
			} else if e := (*Error)(nil); errors.As(err, &e) {
				code = e.Code
			}
			for i := lo; i < hi; i++ {
				r := Result{Status: "error", Code: code, Message: err.Error(), Details: map[string]any{}}
				if i-lo < len(rs) {
					r.ID = rs[i-lo].ID // the id sent, for updates and deletes
				}
				out[i] = r
			}
			mu.Lock()
			defer mu.Unlock()
			if first == nil || (!unknown && !hard) {
				first = err
			}
			hard = hard || !unknown
			if unknown {
				return nil
			}
			return err
		})
	}
	g.Wait()
	if ctx.Err() != nil && slices.ContainsFunc(out, func(r Result) bool { return r.Code == CodeNotSent || r.Code == CodeOutcomeUnknown }) {
		// Some inputs went unanswered because the caller stopped.
		cause := context.Cause(ctx)
		for i := range out {
			if out[i].Code == CodeNotSent {
				out[i].Message = fmt.Sprintf("not sent: stopped (%v) before it was sent", cause)
			}
		}
		if first == nil {
			first = cause
		}
		return nil, &BatchError{Results: out, Err: first, Stopped: cause}
	}
	if first != nil {
		return nil, &BatchError{Results: out, Err: first}
	}
	return out, nil
}

// results sends a batch request and returns its per-record results, one
// per record sent. A single-element error data[] for a larger batch is a
// request-level error in Zoho's wrapped form (INVALID_MODULE on create,
// for one) and becomes *Error.
func (c *Client) results(ctx context.Context, req Request, want int) ([]Result, error) {
	outs, retriedApplied, err := c.writeRetried(ctx, req)
	if err != nil {
		return nil, err
	}
	if retriedApplied && req.Method == http.MethodDelete {
		settleGone(outs)
	}
	if len(outs) != want {
		if len(outs) == 1 && !outs[0].OK() {
			return nil, &Error{Status: http.StatusBadRequest, Code: outs[0].Code, Message: outs[0].Message, Details: outs[0].Details}
		}
		return nil, fmt.Errorf("%s %s: %d results for %d records: %w", req.Method, req.Path, len(outs), want, errResultCount)
	}
	return outs, nil
}

// settleGone reads the answer to a delete (of records, or of relations)
// that was sent again after an attempt whose reply was lost: that attempt
// may have deleted what this one finds missing. Zoho answers a delete of
// a missing id with INVALID_DATA ("record not deleted", zoho-api.md §4),
// which here says the record is gone, the delete's purpose: a success,
// marked as settled by its absence, never a definite failure.
func settleGone(outs []Outcome) {
	for i, o := range outs {
		if o.OK() || o.Code != "INVALID_DATA" {
			continue
		}
		d := map[string]any{"gone": true}
		for k, v := range o.Details {
			d[k] = v
		}
		outs[i] = Outcome{Status: "success", Code: "SUCCESS", ID: o.ID, Details: d,
			Message: "gone: an earlier attempt, whose reply was lost, may have deleted it, and Zoho now answers " + o.Message}
	}
}

// perN prices n items at one credit per block of per, at least one.
func perN(n, per int) int { return max(1, (n+per-1)/per) }

var errResultCount = errors.New("reply does not answer every record")

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// ConvertOptions are the options of a lead conversion. Nil pointers and
// empty strings are not sent.
type ConvertOptions struct {
	Overwrite            *bool
	NotifyLeadOwner      *bool
	NotifyNewEntityOwner *bool
	Accounts             string // convert into this existing account
	Contacts             string // convert into this existing contact
	AssignTo             string // owner (user id) of the new records
	Deals                Record // also create this deal (Deal_Name, Stage, Closing_Date, ...)
}

// Converted names the records a lead became; Deals is "" when no deal was
// created, Accounts "" when no account was.
type Converted struct {
	Contacts, Accounts, Deals string
}

// ConvertLead converts a lead (POST /Leads/{id}/actions/convert).
func (c *Client) ConvertLead(ctx context.Context, id string, o ConvertOptions) (Converted, error) {
	d := map[string]any{}
	for k, v := range map[string]*bool{"overwrite": o.Overwrite, "notify_lead_owner": o.NotifyLeadOwner, "notify_new_entity_owner": o.NotifyNewEntityOwner} {
		if v != nil {
			d[k] = *v
		}
	}
	for k, v := range map[string]string{"Accounts": o.Accounts, "Contacts": o.Contacts, "assign_to": o.AssignTo} {
		if v != "" {
			d[k] = v
		}
	}
	if o.Deals != nil {
		d["Deals"] = o.Deals
	}
	req := Request{Method: http.MethodPost, Path: "/Leads/" + url.PathEscape(id) + "/actions/convert", Body: map[string]any{"data": []any{d}},
		Heavy: true, Credits: 5}
	resp, err := c.do(ctx, req, true) // not Raw: a 2xx body must be JSON
	if err != nil {
		return Converted{}, err
	}
	var env struct {
		Data []map[string]any `json:"data"`
	}
	derr := decodeJSON(resp, &env)
	var r map[string]any
	if derr == nil && len(env.Data) == 1 {
		r = env.Data[0]
	}
	switch {
	case r != nil && r["status"] == "error": // Zoho wraps a refused conversion in data[]
		details, _ := r["details"].(map[string]any)
		return Converted{}, &Error{Status: resp.Status, Code: fmt.Sprint(r["code"]), Message: fmt.Sprint(r["message"]), Details: nonNil(details)}
	case resp.Status >= 300:
		return Converted{}, decodeError(resp)
	case r == nil:
		return Converted{}, fmt.Errorf("POST %s: %w", req.Path, errors.Join(derr, errResultCount))
	}
	str := func(k string) string { s, _ := r[k].(string); return s }
	return Converted{Contacts: str("Contacts"), Accounts: str("Accounts"), Deals: str("Deals")}, nil
}
