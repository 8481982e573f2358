package crmsim

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Server. Zero values mean Zoho's defaults.
type Options struct {
	AccessTokenTTL time.Duration    // default 1 hour
	GrantCodeTTL   time.Duration    // default 3 minutes
	Now            func() time.Time // default time.Now
	Limits         Limits           // Zoho's API limits; zero means an Enterprise org
	Faults         Faults           // injected failures; zero means none
	Accepted202    bool             // answer multi-record inserts 202, as v2's status table says, not 201
	MaxUploadBytes int64            // largest attachment or photo; default 20 MB
	PageTokenLimit int              // records reachable with page_token; default 100,000

	// Zoho's per-refresh-token limits are on unless switched off here:
	// NoMintLimit lifts "10 access tokens per 10 minutes" (the 11th mint
	// answers "Access Denied"); NoLiveTokenLimit lifts "15 live access
	// tokens" (the 16th mint silently kills the oldest).
	NoMintLimit      bool
	NoLiveTokenLimit bool
	// LegacyTokenReplies answers in Zoho's legacy shape: expires_in_sec in
	// seconds and expires_in in milliseconds.
	LegacyTokenReplies bool
	// AdminSecret, when set, must be sent as the X-Crmsim-Admin header to
	// every control endpoint under /crmsim/ (they mint clients and grant
	// codes, so whoever reaches them can read every record). Set it when
	// the emulator listens beyond loopback.
	AdminSecret string
	// APIDomain is the api_domain announced in token replies; empty means
	// the server's own URL. Tests set it to model an API host apart from
	// the accounts host.
	APIDomain string
	// Logger receives net/http's own complaints (failed TLS handshakes,
	// broken connections) at debug level: they are the clients' business,
	// not the operator's. Nil discards them.
	Logger *slog.Logger
	// NotifyRetries are the waits before each retry of a notification
	// delivery that got no 2xx; nil means DefaultNotifyRetries, empty none.
	NotifyRetries []time.Duration
}

// Server is an in-memory Zoho Accounts + CRM emulator.
type Server struct {
	opts Options

	// mu guards the org's data and the accounts state. Reads (lists,
	// searches, COQL, metadata, token checks) share it as readers, so a
	// slow search never holds up another client's list; writes hold it
	// alone. callsMu guards the per-call counters a read bumps.
	mu       sync.RWMutex
	callsMu  sync.Mutex
	accounts accountsState
	crm      *crmState
	limits   limiter
	faults   injector

	closeOnce sync.Once
	httpSrv   *http.Server
	ln        net.Listener
	url       string
	caFile    string // set by StartTLS

	persist *persister        // set by Persist
	writes  atomic.Uint64     // requests that may have changed data
	meta    map[string]string // notes saved with the state; guarded by mu
	gzip    gzipPool

	// searching, when set by a test, runs inside every search while it
	// holds the read lock, so a test can keep a search in progress.
	searching func()
	notify    notifier // actions/watch channels and deliveries
}

// New returns an empty emulator: no clients, users or records until Seed
// or the control endpoints add them.
func New(opts Options) *Server {
	if opts.AccessTokenTTL <= 0 {
		opts.AccessTokenTTL = time.Hour
	}
	if opts.GrantCodeTTL <= 0 {
		opts.GrantCodeTTL = 3 * time.Minute
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = 20 << 20
	}
	if opts.PageTokenLimit <= 0 {
		opts.PageTokenLimit = 100000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts, crm: newCRMState()}
	s.limits.active = map[string]int{}
	s.faults.closing = make(chan struct{})
	s.notify.stopped = make(chan struct{})
	s.faults.spec = opts.Faults
	s.accounts.init()
	return s
}

func (s *Server) now() time.Time { return s.opts.Now() }

// Handler serves Accounts, CRM and control endpoints on one mux.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routeAccounts(mux)
	s.routeControl(mux)
	crm := http.NewServeMux()
	s.routeRecords(crm)
	crm.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", nil)
	})
	settings := http.NewServeMux()
	s.routeMetadata(settings)
	s.routeSettings(settings)
	surface := http.NewServeMux()
	s.routeCOQL(surface)
	s.routeNotes(surface)
	s.routeAttachments(surface)
	s.routeFunctions(surface)
	s.routeNotifications(surface)
	mux.Handle("/crm/", s.compressJSON(s.authenticate(lenient(s.limit(firstMatch(settings, surface, crm))))))
	return s.trackWrites(s.faulty(mux))
}

// firstMatch serves a request with the first mux that has a pattern for
// it, the last one always. One mux cannot hold both
// /settings/modules/{api_name} and /{module}/{id}/Notes, or both
// /Notes/{note_id} and /{module}/deleted: ServeMux rejects overlapping
// patterns where neither is more specific, though Zoho's URL space has
// them. A mux hands a path on to the next with a passThrough handler.
func firstMatch(muxes ...*http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range muxes[:len(muxes)-1] {
			h, pattern := m.Handler(r)
			if _, pass := h.(passThrough); pattern != "" && !pass {
				m.ServeHTTP(w, r)
				return
			}
		}
		muxes[len(muxes)-1].ServeHTTP(w, r)
	})
}

// passThrough marks a pattern that belongs to the next mux of firstMatch,
// such as /Notes/deleted under /Notes/{note_id}.
type passThrough struct{}

func (passThrough) ServeHTTP(http.ResponseWriter, *http.Request) {}

// Start listens on addr (host:port; port 0 picks a free one) and serves in
// the background until Close.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.serve(ln, "http://"+ln.Addr().String())
	return nil
}

// serve serves on ln in the background; url is what clients dial.
func (s *Server) serve(ln net.Listener, url string) {
	s.ln = ln
	s.url = url
	logger := s.opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s.httpSrv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelDebug)}
	go func() {
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener was closed under us; Close reports nothing more useful
		}
	}()
}

// URL is the base URL (scheme, host and port) once started.
func (s *Server) URL() string { return s.url }

// Close stops serving and, after Persist, writes the state a last time.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.faults.closing)
		s.stopNotifier()
	})
	var err error
	if s.httpSrv != nil {
		// Let calls in flight finish briefly, then drop what is left:
		// Shutdown also waits on connections that never sent a request.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		if s.httpSrv.Shutdown(ctx) != nil {
			s.httpSrv.Close()
		}
	}
	if s.persist != nil {
		err = errors.Join(err, s.persist.stop())
	}
	return err
}
