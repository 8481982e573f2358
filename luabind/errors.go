package luabind

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crm"
	"github.com/zcrmrun/zcrmrun/oauth"
)

// Error codes for failures that are not Zoho API errors.
const (
	CodeConfig = "CONFIG_ERROR" // a missing or bad config value
	CodeAuth   = "OAUTH_ERROR"  // Zoho Accounts refused or no tokens are stored
	CodeClient = "CLIENT_ERROR" // anything else on the client's side

	CodeNetwork        = "NETWORK_ERROR"        // no reply: refused, reset, timed out
	CodeBadReply       = "BAD_REPLY"            // a reply that is not Zoho's JSON
	CodeOutcomeUnknown = crm.CodeOutcomeUnknown // a write whose reply was lost: check before repeating it
)

// raise raises err as a crm error table: {code, message, status, details,
// call, where} whose tostring reads like
// "top.lua:3: crm.records.get: INVALID_DATA: the id given seems to be invalid (HTTP 400)".
func (b *binding) raise(L *lua.LState, call string, err error) int {
	t := L.NewTable()
	t.RawSetString("call", lua.LString(call))
	t.RawSetString("where", lua.LString(L.Where(1)))
	var ce *crm.Error
	var cfgErr *config.Error
	var oe *oauth.Error
	var unknown *crm.OutcomeUnknownError
	var transport *crm.TransportError
	var bad *crm.BadReplyError
	switch {
	case errors.As(err, &ce) && !errors.As(err, &unknown): // a 5xx on a create is first of all unknown
		t.RawSetString("code", lua.LString(ce.Code))
		t.RawSetString("message", lua.LString(ce.Text()))
		t.RawSetString("status", lua.LNumber(ce.Status))
		t.RawSetString("details", b.toLua(L, ce.Details))
	default:
		code := CodeClient
		switch {
		case errors.As(err, &cfgErr):
			code = CodeConfig
		case errors.As(err, &oe), errors.Is(err, oauth.ErrNoRefreshToken):
			code = CodeAuth
		case errors.As(err, &unknown):
			code = CodeOutcomeUnknown
		case errors.As(err, &transport):
			code = CodeNetwork
		case errors.As(err, &bad):
			code = CodeBadReply
		}
		t.RawSetString("code", lua.LString(code))
		t.RawSetString("message", lua.LString(err.Error()))
		t.RawSetString("status", lua.LNumber(0))
		t.RawSetString("details", b.toLua(L, map[string]any{}))
	}
	var batch *crm.BatchError
	if errors.As(err, &batch) {
		b.batchDetails(L, t, batch)
	}
	t.Metatable = b.errorMT
	L.Error(t, 0)
	return 0
}

// argError raises a usage error naming the function and the argument.
func (b *binding) argError(L *lua.LState, call string, format string, args ...any) int {
	L.RaiseError("%s: %s", call, fmt.Sprintf(format, args...))
	return 0
}

// clientSide reports codes that are ours, not Zoho's: their message says
// it all, with no HTTP status to add.
func clientSide(code string) bool {
	switch code {
	case CodeConfig, CodeAuth, CodeClient, CodeNetwork, CodeBadReply, CodeOutcomeUnknown:
		return true
	}
	return false
}

func errorToString(L *lua.LState) int {
	t := L.CheckTable(1)
	field := func(k string) string { return lua.LVAsString(t.RawGetString(k)) }
	var sb strings.Builder
	if w := field("where"); w != "" {
		sb.WriteString(w)
		sb.WriteByte(' ')
	}
	sb.WriteString(field("call"))
	sb.WriteString(": ")
	msg := field("message")
	if code := field("code"); !clientSide(code) {
		sb.WriteString(code)
		sb.WriteString(": ")
		sb.WriteString(msg)
		if st, ok := t.RawGetString("status").(lua.LNumber); ok && st > 0 {
			fmt.Fprintf(&sb, " (HTTP %d)", int(st))
		}
	} else {
		sb.WriteString(msg)
	}
	L.Push(lua.LString(sb.String()))
	return 1
}

// IsConfigError reports whether a value raised by the crm module came from
// a configuration problem, so the host can exit with the usage code.
func IsConfigError(v lua.LValue) bool {
	t, ok := v.(*lua.LTable)
	return ok && lua.LVAsString(t.RawGetString("code")) == CodeConfig
}

// batchDetails adds to a raised batch error what the script needs to act
// on it: details.results (one result per input, as the call would have
// returned) and details.unknown (the 1-based inputs whose outcome is
// unknown). When any outcome is unknown the code is OUTCOME_UNKNOWN,
// whatever else failed, since those inputs must be checked before resending.
func (b *binding) batchDetails(L *lua.LState, t *lua.LTable, e *crm.BatchError) {
	details, ok := t.RawGetString("details").(*lua.LTable)
	if !ok {
		details = L.NewTable()
		t.RawSetString("details", details)
	}
	details.RawSetString("results", b.resultsTable(L, e.Results, false))
	unknown := L.CreateTable(len(e.Unknown()), 0)
	for _, i := range e.Unknown() {
		unknown.Append(lua.LNumber(i + 1))
	}
	unknown.Metatable = b.arrayMT
	details.RawSetString("unknown", unknown)
	if unknown.Len() > 0 {
		t.RawSetString("code", lua.LString(CodeOutcomeUnknown))
		t.RawSetString("message", lua.LString(e.Error()))
		t.RawSetString("status", lua.LNumber(0))
	}
}
