package crm

import (
	"fmt"
)

// Error is an error answered by Zoho CRM: the top-level error envelope
// {"code","details","message","status"}, with the HTTP status added.
type Error struct {
	Status  int            // HTTP status
	Code    string         // e.g. INVALID_TOKEN, INVALID_MODULE
	Message string         // Zoho's message
	Details map[string]any // Zoho's details object, possibly empty
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s (HTTP %d)", e.Code, e.Message, e.Status)
}

// TransportError is a call that got no reply: refused, reset, timed out.
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string { return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err) }
func (e *TransportError) Unwrap() error { return e.Err }

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
