package crm

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// Outcome is one entry of a write reply's data[]: the result for one
// item, in input order. A failed item is an Outcome, not an error.
type Outcome struct {
	Status  string         // success or error
	Code    string         // SUCCESS, INVALID_DATA, MANDATORY_NOT_FOUND, ...
	Message string         // Zoho's message
	ID      string         // details.id, except for DUPLICATE_DATA, whose details.id names the other record
	Details map[string]any // Zoho's details
	// Upsert only: "insert" or "update", and the field that matched an
	// existing record ("" when the record was inserted).
	Action         string
	DuplicateField string
}

// OK reports whether Zoho accepted the item.
func (o Outcome) OK() bool { return o.Status == "success" }

// decodeOutcomes reads {"data":[{code,details,message,status}, ...]}.
// A 400 whose body is such a list (every item failed) is not an error.
func decodeOutcomes(resp *Response) ([]Outcome, error) {
	var env struct {
		Data []struct {
			Code           string         `json:"code"`
			Details        map[string]any `json:"details"`
			Message        string         `json:"message"`
			Status         string         `json:"status"`
			Action         string         `json:"action"`
			DuplicateField *string        `json:"duplicate_field"`
		} `json:"data"`
	}
	if err := decodeJSON(resp, &env); err != nil {
		return nil, err
	}
	out := make([]Outcome, len(env.Data))
	for i, d := range env.Data {
		if d.Details == nil {
			d.Details = map[string]any{}
		}
		o := Outcome{Status: d.Status, Code: d.Code, Message: d.Message, Details: d.Details, Action: d.Action}
		if d.Code != "DUPLICATE_DATA" { // there details.id names the record it clashes with
			o.ID, _ = d.Details["id"].(string)
		}
		if d.DuplicateField != nil {
			o.DuplicateField = *d.DuplicateField
		}
		out[i] = o
	}
	return out, nil
}

// write sends a write call whose reply is a per-item list. Zoho answers
// 400 with the list when every item failed; that is still a reply.
func (c *Client) write(ctx context.Context, req Request) ([]Outcome, error) {
	outs, _, err := c.writeRetried(ctx, req)
	return outs, err
}

// writeRetried is write that also reports whether an earlier attempt of
// req may have been applied before the one whose outcomes these are.
func (c *Client) writeRetried(ctx context.Context, req Request) (outs []Outcome, retriedApplied bool, err error) {
	resp, err := c.do(ctx, req, true) // not Raw: a 2xx body must be JSON
	if err != nil {
		return nil, false, err
	}
	if resp.Status >= 300 {
		if outs, derr := decodeOutcomes(resp); derr == nil && len(outs) > 0 && resp.Status == http.StatusBadRequest {
			return outs, resp.retriedApplied, nil
		}
		return nil, false, decodeError(resp)
	}
	outs, err = decodeOutcomes(resp)
	return outs, resp.retriedApplied, err
}

// PageOptions page a list; zero values are not sent.
type PageOptions struct {
	Page    int
	PerPage int
}

func (o PageOptions) query() url.Values {
	q := url.Values{}
	if o.Page > 0 {
		q.Set("page", strconv.Itoa(o.Page))
	}
	if o.PerPage > 0 {
		q.Set("per_page", strconv.Itoa(o.PerPage))
	}
	return q
}

// listPage GETs a {"data":[...],"info":{...}} list; 204 gives nothing.
func (c *Client) listPage(ctx context.Context, path string, q url.Values) ([]Record, Info, error) {
	return c.page(ctx, Request{Method: http.MethodGet, Path: path, Query: q})
}

// notesPath is /{module}/{id}/Notes, or /Notes when module is empty.
func notesPath(module, id string) string {
	if module == "" {
		return "/Notes"
	}
	return "/" + url.PathEscape(module) + "/" + url.PathEscape(id) + "/Notes"
}

// Notes lists one page of a record's notes, or of the org's notes when
// module is empty.
func (c *Client) Notes(ctx context.Context, module, id string, o PageOptions) ([]Record, Info, error) {
	return c.listPage(ctx, notesPath(module, id), o.query())
}

// CreateNotes adds notes (at most 100) to a record. With module empty
// each note names its parent with Parent_Id and se_module.
func (c *Client) CreateNotes(ctx context.Context, module, id string, notes []Record) ([]Outcome, error) {
	return c.write(ctx, Request{Method: http.MethodPost, Path: notesPath(module, id), Body: map[string]any{"data": notes}})
}

// Note returns one note, or nil when there is no such note.
func (c *Client) Note(ctx context.Context, module, id, noteID string) (Record, error) {
	recs, _, err := c.listPage(ctx, notesPath(module, id)+"/"+url.PathEscape(noteID), nil)
	var ce *Error
	if errors.As(err, &ce) && ce.Code == "INVALID_DATA" {
		return nil, nil
	}
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	return recs[0], nil
}

// UpdateNote changes a note's Note_Title and Note_Content.
func (c *Client) UpdateNote(ctx context.Context, module, id, noteID string, note Record) (Outcome, error) {
	return firstOutcome(c.write(ctx, Request{Method: http.MethodPut, Path: notesPath(module, id) + "/" + url.PathEscape(noteID),
		Body: map[string]any{"data": []Record{note}}}))
}

// DeleteNote deletes a note.
func (c *Client) DeleteNote(ctx context.Context, module, id, noteID string) (Outcome, error) {
	return firstOutcome(c.write(ctx, Request{Method: http.MethodDelete, Path: notesPath(module, id) + "/" + url.PathEscape(noteID)}))
}

func firstOutcome(outs []Outcome, err error) (Outcome, error) {
	if err != nil {
		return Outcome{}, err
	}
	if len(outs) == 0 {
		return Outcome{}, errors.New("reply has no result")
	}
	return outs[0], nil
}
