package serve

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zcrmrun/zcrmrun/crm"
)

// DefaultChannelTTL is the expiry serve asks for: under the one day that
// Zoho allows on /crm/v2 (a longer one falls back to Zoho's one hour).
const DefaultChannelTTL = 23 * time.Hour

// Channel is one Zoho notification channel: one set of events, the
// handlers that declared exactly that set, and its secret token.
type Channel struct {
	ID       string
	Token    string
	Events   []Event
	Handlers []*Handler
	Expiry   time.Time
}

// Watcher subscribes channels: Zoho's actions/watch, or a fake in tests.
type Watcher interface {
	// Enable subscribes (or re-subscribes) ch to notify at notifyURL until
	// expiry, and returns the expiry Zoho granted.
	Enable(ctx context.Context, ch *Channel, notifyURL string, expiry time.Time) (time.Time, error)
	Disable(ctx context.Context, ids []string) error
}

// Subscribe makes one channel per distinct event set among the handlers
// and enables them. With a secret, every runner sharing it derives the
// same channel ids and tokens, so a fleet behind one URL shares its
// channels; without one each id and token is random.
func (s *Server) Subscribe(ctx context.Context, w Watcher, notifyURL, secret string) error {
	sets := map[string]*Channel{}
	var order []string
	for _, h := range s.opts.Handlers {
		if len(h.Events) == 0 {
			continue
		}
		var names []string
		for _, e := range h.Events {
			names = append(names, e.String())
		}
		key := strings.Join(names, ",")
		if sets[key] == nil {
			id, token, err := channelCredentials(secret, key)
			if err != nil {
				return err
			}
			sets[key] = &Channel{ID: id, Token: token, Events: h.Events}
			order = append(order, key)
		}
		sets[key].Handlers = append(sets[key].Handlers, h)
	}
	for _, key := range order {
		ch := sets[key]
		exp, err := w.Enable(ctx, ch, notifyURL, s.opts.Clock.Now().Add(DefaultChannelTTL))
		if err != nil {
			return fmt.Errorf("subscribing %s: %w", key, err)
		}
		ch.Expiry = exp
		s.mu.Lock()
		s.channels[ch.ID] = ch
		s.mu.Unlock()
		s.log.Info("subscribed", "channel", ch.ID, "events", key, "expires", exp.Format(time.RFC3339))
	}
	return nil
}

// Channels lists the subscribed channels.
func (s *Server) Channels() []*Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*Channel
	for _, ch := range s.channels {
		out = append(out, ch)
	}
	return out
}

// channelCredentials are a channel's id (a positive long, as Zoho's
// channel_id is) and token (40 hex digits; Zoho allows 50 characters).
func channelCredentials(secret, key string) (id, token string, err error) {
	raw := make([]byte, 28)
	if secret == "" {
		if _, err := rand.Read(raw); err != nil {
			return "", "", err
		}
	} else {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(key))
		raw = m.Sum(nil)[:28]
	}
	n := binary.BigEndian.Uint64(raw[:8]) >> 1 // positive int64
	return strconv.FormatUint(n, 10), hex.EncodeToString(raw[8:]), nil
}

// Keep renews every channel when four fifths of its time has passed,
// until ctx ends. A failed renewal is logged and tried again a minute on.
func (s *Server) Keep(ctx context.Context, w Watcher, notifyURL string) {
	for {
		s.mu.Lock()
		var next *Channel
		for _, ch := range s.channels {
			if next == nil || ch.Expiry.Before(next.Expiry) {
				next = ch
			}
		}
		s.mu.Unlock()
		if next == nil {
			return
		}
		now := s.opts.Clock.Now()
		renewAt := next.Expiry.Add(-DefaultChannelTTL / 5)
		if next.Expiry.Sub(now) < DefaultChannelTTL/5 {
			renewAt = now.Add(next.Expiry.Sub(now) / 2) // a short expiry Zoho granted
		}
		select {
		case <-ctx.Done():
			return
		case <-s.opts.Clock.After(renewAt.Sub(now)):
		}
		exp, err := w.Enable(ctx, next, notifyURL, s.opts.Clock.Now().Add(DefaultChannelTTL))
		if err != nil {
			s.log.Error("renewing channel failed; trying again in a minute", "channel", next.ID, "err", err)
			exp = s.opts.Clock.Now().Add(2 * time.Minute)
			if exp.After(next.Expiry) {
				exp = next.Expiry
			}
		} else {
			s.log.Info("renewed", "channel", next.ID, "expires", exp.Format(time.RFC3339))
		}
		s.mu.Lock()
		next.Expiry = exp
		s.mu.Unlock()
	}
}

// Unsubscribe disables every channel.
func (s *Server) Unsubscribe(ctx context.Context, w Watcher) error {
	var ids []string
	for _, ch := range s.Channels() {
		ids = append(ids, ch.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	err := w.Disable(ctx, ids)
	if err == nil {
		s.log.Info("unsubscribed", "channels", len(ids))
	}
	return err
}

// ZohoWatcher subscribes through the CRM's actions/watch.
type ZohoWatcher struct{ Client *crm.Client }

func (z ZohoWatcher) Enable(ctx context.Context, ch *Channel, notifyURL string, expiry time.Time) (time.Time, error) {
	var events []string
	for _, e := range ch.Events {
		events = append(events, e.String())
	}
	body := map[string]any{"watch": []any{map[string]any{
		"channel_id": json.Number(ch.ID), "notify_url": notifyURL, "events": events, "token": ch.Token,
		"channel_expiry": expiry.Format(time.RFC3339), "notify_on_related_action": false,
	}}}
	resp, err := z.Client.Do(ctx, crm.Request{Method: http.MethodPost, Path: "/actions/watch", Body: body, Idempotent: true})
	if err != nil {
		return time.Time{}, err
	}
	var reply struct {
		Watch []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Details struct {
				Events []struct {
					ChannelExpiry string `json:"channel_expiry"`
				} `json:"events"`
			} `json:"details"`
		} `json:"watch"`
	}
	if err := json.Unmarshal(resp.Body, &reply); err != nil || len(reply.Watch) == 0 {
		return time.Time{}, fmt.Errorf("actions/watch answered %d with no watch[]", resp.Status)
	}
	r := reply.Watch[0]
	if r.Code != "SUCCESS" {
		return time.Time{}, fmt.Errorf("actions/watch: %s: %s", r.Code, r.Message)
	}
	granted := expiry
	for _, e := range r.Details.Events {
		if t, err := time.Parse(time.RFC3339, e.ChannelExpiry); err == nil && t.Before(granted) {
			granted = t
		}
	}
	return granted, nil
}

func (z ZohoWatcher) Disable(ctx context.Context, ids []string) error {
	_, err := z.Client.Do(ctx, crm.Request{Method: http.MethodDelete, Path: "/actions/watch",
		Query: url.Values{"channel_ids": {strings.Join(ids, ",")}}})
	return err
}
