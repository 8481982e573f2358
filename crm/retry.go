package crm

import (
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy bounds retries of a call in attempts and in total time. The
// zero value uses the defaults; MaxAttempts 1 turns retries off.
type RetryPolicy struct {
	MaxAttempts int           // attempts per call including the first; default 5
	MaxElapsed  time.Duration // no retry starts after this; default 2 minutes
	BaseDelay   time.Duration // first backoff; default 500ms, doubling
	MaxDelay    time.Duration // backoff cap; default 30s
}

func (p RetryPolicy) attempts() int {
	if p.MaxAttempts > 0 {
		return p.MaxAttempts
	}
	return 5
}

func (p RetryPolicy) maxElapsed() time.Duration {
	if p.MaxElapsed > 0 {
		return p.MaxElapsed
	}
	return 2 * time.Minute
}

type verdict struct {
	retry bool  // another attempt may fix it
	err   error // what to return if there is no further attempt
	// maybeApplied: the attempt reached Zoho and its reply was lost or
	// damaged, so it may have been applied.
	maybeApplied bool
}

// judge decides whether an attempt may be repeated. A call that provably
// never reached Zoho, or that Zoho refused before doing anything (429),
// is always safe to repeat; anything else only when repeating it cannot
// apply it twice. A non-idempotent call whose reply was lost becomes an
// OutcomeUnknownError instead.
func (p RetryPolicy) judge(req Request, resp *Response, sent bool, err error) verdict {
	unknown := func(cause error) verdict {
		if req.idempotent() {
			return verdict{retry: true, err: cause, maybeApplied: true}
		}
		return verdict{err: &OutcomeUnknownError{Method: req.Method, Path: req.Path, Err: cause}, maybeApplied: true}
	}
	var te *TransportError
	var be *BadReplyError
	var cv *tls.CertificateVerificationError
	switch {
	case errors.As(err, &cv):
		return verdict{err: err} // the same certificate fails the same way on every attempt
	case errors.As(err, &te):
		if !sent {
			return verdict{retry: true, err: err}
		}
		return unknown(err)
	case errors.As(err, &be):
		return unknown(err)
	case err != nil:
		return verdict{err: err}
	case resp.Status == http.StatusTooManyRequests:
		return verdict{retry: true}
	case resp.Status == http.StatusInternalServerError, resp.Status == http.StatusBadGateway,
		resp.Status == http.StatusServiceUnavailable, resp.Status == http.StatusGatewayTimeout:
		return unknown(decodeError(resp))
	case resp.Status < 300 && resp.Status != http.StatusNoContent && !req.Binary && !resp.streamed && !looksLikeJSON(resp.Body):
		return unknown(&BadReplyError{Method: req.Method, Path: req.Path, Status: resp.Status, Body: resp.Body, Err: errors.New("not JSON")})
	}
	return verdict{}
}

// looksLikeJSON is a cheap check (no full parse on the hot path) that
// catches HTML pages and empty bodies where JSON belongs.
func looksLikeJSON(b []byte) bool {
	first, last := -1, -1
	for i, c := range b {
		if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			first = i
			break
		}
	}
	for i := len(b) - 1; i >= 0; i-- {
		if c := b[i]; c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			last = i
			break
		}
	}
	if first < 0 {
		return false
	}
	return (b[first] == '{' && b[last] == '}') || (b[first] == '[' && b[last] == ']')
}

// delay is the wait before attempt+1: what Zoho asked for in Retry-After or
// the legacy X-RATELIMIT-RESET when present, else exponential backoff with
// jitter so that parallel callers do not retry in lockstep.
func (p RetryPolicy) delay(attempt int, resp *Response) time.Duration {
	maxDelay := p.MaxDelay
	if maxDelay <= 0 {
		maxDelay = 30 * time.Second
	}
	if resp != nil {
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			return min(time.Duration(s)*time.Second, maxDelay)
		}
		if v, err := strconv.ParseInt(resp.Header.Get("X-RATELIMIT-RESET"), 10, 64); err == nil && v > 0 {
			d := time.Duration(v) * time.Millisecond
			if v > 1e12 { // an epoch time in ms rather than a duration
				d = time.Until(time.UnixMilli(v))
			}
			return min(max(d, 0), maxDelay)
		}
	}
	base := p.BaseDelay
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	d := base << min(attempt-1, 16)
	if d <= 0 || d > maxDelay {
		d = maxDelay
	}
	return d/2 + rand.N(d/2+1)
}
