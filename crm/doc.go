// Package crm is a native client for the Zoho CRM v2 REST API. It knows
// nothing of Lua: records are decoded into plain Go values with numbers
// kept as json.Number, so 19-digit ids and amounts survive untouched.
//
// A Client gets its access token and API domain from a Credentials value,
// sends one refresh-and-retry when Zoho answers 401 INVALID_TOKEN, and
// turns Zoho's error JSON into *Error.
//
// Every call is priced in API credits by Zoho's table before it is sent
// and counted on a Meter (WithMeter shares one among the clients of a
// run), which can hold the run to a budget (*BudgetError). WithDryRun
// rehearses writes on a DryRun instead of sending them, and WithProgress
// lets a caller watch a batch call's chunks being answered.
package crm
