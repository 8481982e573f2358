package session

import (
	"log/slog"
	"net/http"
	"time"
)

// loggingTransport logs each HTTP call for --verbose. It logs the path but
// not the query, and no header or body: that is where tokens, secrets and
// codes travel, so nothing secret can reach the log through it.
type loggingTransport struct {
	next http.RoundTripper
	log  *slog.Logger
}

func (t loggingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	attrs := []any{"method", r.Method, "host", r.URL.Host, "path", r.URL.Path, "duration", time.Since(start).Round(time.Microsecond)}
	if err != nil {
		// A transport's error names addresses, not URLs (the client adds
		// the URL later, in *url.Error), so it carries no query string.
		t.log.Debug("http", append(attrs, "error", err.Error())...)
		return nil, err
	}
	t.log.Debug("http", append(attrs, "status", resp.StatusCode)...)
	return resp, nil
}
