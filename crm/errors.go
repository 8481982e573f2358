package crm

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Error is an error answered by Zoho CRM: the top-level error envelope
// {"code","details","message","status"}, with the HTTP status added.
type Error struct {
	Status  int            // HTTP status
	Code    string         // e.g. INVALID_TOKEN, INVALID_MODULE
	Message string         // Zoho's message
	Details map[string]any // Zoho's details object, possibly empty
	// Names is the part of the request Zoho's details point at, such as
	// the module of an INVALID_MODULE ("Nope"); "" when they point at none.
	Names string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (HTTP %d)", e.Code, e.Text(), e.Status)
}

// Text is Zoho's message, followed by what it is about when known:
// `the module name given seems to be invalid: "Nope"`.
func (e *Error) Text() string {
	if e.Names == "" {
		return e.Message
	}
	return fmt.Sprintf("%s: %q", e.Message, e.Names)
}

// locate fills Names from details: resource_path_index counts the
// segments of the path under /crm/v2 (0 is the module of /{module}/{id}),
// param_name names a query parameter (settings calls' ?module=).
func (e *Error) locate(req Request) {
	switch i := e.Details["resource_path_index"].(type) {
	case json.Number:
		n, err := i.Int64()
		parts := strings.Split(strings.Trim(req.Path, "/"), "/")
		if err == nil && n >= 0 && int(n) < len(parts) {
			e.Names = parts[n]
			return
		}
	}
	if p, ok := e.Details["param_name"].(string); ok && req.Query.Get(p) != "" {
		e.Names = req.Query.Get(p)
	}
}

// TransportError is a call that got no reply: refused, reset, timed out.
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string { return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err) }
func (e *TransportError) Unwrap() error { return e.Err }

// NoReplyError is an attempt abandoned because no whole reply came within
// the client's per-attempt timeout (WithTimeout, [api] timeout). It is the
// cause of the attempt's context, so a transport wrapper can tell it from
// a cancellation by the caller.
type NoReplyError struct {
	After time.Duration
}

func (e *NoReplyError) Error() string { return fmt.Sprintf("no reply within %s, abandoned", e.After) }

// BadReplyError is a reply that could not be read as what Zoho sends: an
// HTML page from a proxy, a body cut off mid-way.
type BadReplyError struct {
	Method, Path string
	Status       int
	Body         []byte // what arrived; Error shows the first bytes
	Err          error
}

func (e *BadReplyError) Error() string {
	where := ""
	if e.Method != "" {
		where = e.Method + " " + e.Path + ": "
	}
	return fmt.Sprintf("%sunreadable reply (HTTP %d, %d bytes: %s): %v", where, e.Status, len(e.Body), snippet(e.Body), e.Err)
}
func (e *BadReplyError) Unwrap() error { return e.Err }

// OutcomeUnknownError is a call that may or may not have been applied: it
// was sent, and its reply was lost or damaged. It is not retried, because
// repeating a create could insert twice; the caller must check.
type OutcomeUnknownError struct {
	Method, Path string
	Err          error
}

func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s %s: outcome unknown, the call may or may not have been applied: %v", e.Method, e.Path, e.Err)
}
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// Codes of the results a BatchError gives the inputs Zoho did not answer.
const (
	// CodeOutcomeUnknown: the input's request was sent and its reply lost;
	// it may or may not have been applied. Check before sending it again.
	CodeOutcomeUnknown = "OUTCOME_UNKNOWN"
	// CodeNotSent: the batch stopped before the input's request was sent;
	// it was not applied.
	CodeNotSent = "NOT_SENT"
	// CodeRequestFailed: the input's request failed as a whole (the
	// message says how) with no Zoho code; it was not applied, or was
	// idempotent and may be sent again.
	CodeRequestFailed = "REQUEST_FAILED"
)

// BatchError is a batch call (records in chunks) in which some request
// got no usable answer. Results still has one entry per input, in input
// order: Zoho's answer where there was one, else a result with code
// CodeOutcomeUnknown, CodeNotSent or the failed request's code, so a
// caller can tell exactly which inputs to check, which to resend and
// which are done.
type BatchError struct {
	Results []Result
	Err     error // the failure that stopped the batch, else the first unknown outcome
	// Stopped is the cause when the caller's context ended the batch
	// (Ctrl-C, --timeout) before every input was answered; nil otherwise.
	Stopped error
}

// Unknown lists the inputs (0-based) whose outcome is unknown.
func (e *BatchError) Unknown() []int { return e.with(CodeOutcomeUnknown) }

// with lists the inputs whose result has code.
func (e *BatchError) with(code string) []int {
	var out []int
	for i, r := range e.Results {
		if r.Code == code {
			out = append(out, i)
		}
	}
	return out
}

func (e *BatchError) Error() string {
	u := e.Unknown()
	if e.Stopped != nil {
		// What a stopped run leaves behind, in the order one acts on it.
		written := 0
		for _, r := range e.Results {
			if r.OK() {
				written++
			}
		}
		msg := fmt.Sprintf("stopped (%v): %d of %d records written", e.Stopped, written, len(e.Results))
		if len(u) > 0 {
			msg += fmt.Sprintf("; outcome unknown for %d, in flight when stopped (inputs %s; check them before sending again)", len(u), spans(u))
		}
		if ns := e.with(CodeNotSent); len(ns) > 0 {
			msg += fmt.Sprintf("; %d not sent (inputs %s)", len(ns), spans(ns))
		}
		if refused := len(e.Results) - written - len(u) - len(e.with(CodeNotSent)); refused > 0 {
			msg += fmt.Sprintf("; %d refused (see their results)", refused)
		}
		return msg
	}
	if len(u) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("outcome unknown for %d of %d records (inputs %s; check them before sending again): %v",
		len(u), len(e.Results), spans(u), e.Err)
}

func (e *BatchError) Unwrap() error { return e.Err }

// spans writes 1-based input positions as ranges: "101-200, 401-500".
func spans(idx []int) string {
	var sb strings.Builder
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if sb.Len() > 0 {
			sb.WriteString(", ")
		}
		if i == j {
			fmt.Fprintf(&sb, "%d", idx[i]+1)
		} else {
			fmt.Fprintf(&sb, "%d-%d", idx[i]+1, idx[j]+1)
		}
		i = j + 1
	}
	return sb.String()
}
