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
