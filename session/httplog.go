package session

import (
	"log/slog"
	"net/http"
	"time"
)

// loggingTransport logs each HTTP call at debug level, and at warn level
// the ones a user should hear of without asking: throttling (429), server
// errors and failed connections. It logs the path but
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
		level := slog.LevelWarn
		if r.Context().Err() != nil {
			level = slog.LevelDebug // cancelled on purpose (timeout, Ctrl-C): the caller reports it
		}
		t.log.Log(r.Context(), level, "http", append(attrs, "error", err.Error())...)
		return nil, err
	}
	level := slog.LevelDebug
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
		level = slog.LevelWarn
	}
	t.log.Log(r.Context(), level, "http", append(attrs, "status", resp.StatusCode)...)
	return resp, nil
}
