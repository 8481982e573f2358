package config

import (
	"fmt"
	"net/url"
	"time"
)

// Serve is the [serve] section: how `zcrmrun serve` receives Zoho's
// notifications and runs handlers.
type Serve struct {
	// Addr is host:port to listen on; --addr overrides it.
	Addr string `toml:"addr"`
	// PublicURL is where Zoho reaches this server (the load balancer's
	// URL); notify_url is it plus /notify. --public-url overrides it.
	PublicURL string `toml:"public_url"`
	// Workers is how many handler runs go at once (default 4).
	Workers int `toml:"workers"`
	// Queue is how many runs may wait; past it deliveries get 503 (default 100).
	Queue int `toml:"queue"`
	// Retries is how often a failed handler is rerun (default 3; -1 none).
	Retries int `toml:"retries"`
	// Backoff is the wait before the first rerun, doubling after each ("1s").
	Backoff string `toml:"backoff"`
	// Secret, shared by every runner of a fleet, derives the channel ids
	// and tokens so that all of them share one channel per event set.
	Secret string `toml:"secret"`
}

// BackoffDuration is Backoff parsed; 0 when unset. Load has checked it.
func (s Serve) BackoffDuration() time.Duration {
	d, _ := time.ParseDuration(s.Backoff)
	return d
}

func (c *Config) checkServe() error {
	s := c.Serve
	if s.Workers < 0 {
		return c.errorAt("serve.workers", fmt.Sprintf("serve.workers %d must be 1 or more", s.Workers))
	}
	if s.Queue < 0 {
		return c.errorAt("serve.queue", fmt.Sprintf("serve.queue %d must be 1 or more", s.Queue))
	}
	if s.Retries < -1 {
		return c.errorAt("serve.retries", fmt.Sprintf("serve.retries %d must be -1 (none) or more", s.Retries))
	}
	if b := s.Backoff; b != "" {
		if d, err := time.ParseDuration(b); err != nil || d <= 0 {
			return c.errorAt("serve.backoff", fmt.Sprintf("serve.backoff %q must be a duration above 0, such as \"1s\"", b))
		}
	}
	if p := s.PublicURL; p != "" {
		if err := CheckPublicURL(p); err != nil {
			return c.errorAt("serve.public_url", "serve.public_url "+err.Error())
		}
	}
	if len(s.Secret) > 0 && len(s.Secret) < 16 {
		return c.errorAt("serve.secret", "serve.secret must be at least 16 characters")
	}
	return nil
}

// CheckPublicURL checks a public URL: http or https, with a host.
func CheckPublicURL(p string) error {
	u, err := url.Parse(p)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q must be an http:// or https:// URL with a host", p)
	}
	return nil
}
