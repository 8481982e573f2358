// Package crm is a native client for the Zoho CRM v2 REST API. It knows
// nothing of Lua: records are decoded into plain Go values with numbers
// kept as json.Number, so 19-digit ids and amounts survive untouched.
//
// A Client gets its access token and API domain from a Credentials value,
// sends one refresh-and-retry when Zoho answers 401 INVALID_TOKEN, and
// turns Zoho's error JSON into *Error.
//
// It uses every lane Zoho allows and no more: one gate bounds calls in
// flight to the edition's limit (WithConcurrency; heavy calls to the
// sub-limit of 10) and halves it for a while after a 429; batch writes go
// in 100-record chunks concurrently (WithBatchConcurrency) with results in
// input order. List pages are decoded off the wire a record at a time
// (gzip, as net/http asks by default) while the caller works on the page
// before (Pages prefetches one ahead).
//
// Every call is priced in API credits by Zoho's table before it is sent
// and counted on a Meter (WithMeter shares one among the clients of a
// run), which can hold the run to a budget (*BudgetError). WithDryRun
// rehearses writes on a DryRun instead of sending them, and WithProgress
// lets a caller watch a batch call's chunks being answered.
package crm
