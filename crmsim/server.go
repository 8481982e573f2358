package crmsim

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configure a Server. Zero values mean Zoho's defaults.
type Options struct {
	AccessTokenTTL time.Duration    // default 1 hour
	GrantCodeTTL   time.Duration    // default 3 minutes
	Now            func() time.Time // default time.Now
	MaxUploadBytes int64            // largest attachment or photo; default 20 MB
}

// Server is an in-memory Zoho Accounts + CRM v2 emulator.
type Server struct {
	opts Options

	mu       sync.Mutex
	accounts accountsState
	crm      *crmState

	httpSrv *http.Server
	ln      net.Listener
	url     string
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
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Server{opts: opts, crm: newCRMState()}
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
	mux.Handle("/crm/", s.authenticate(firstMatch(settings, surface, crm)))
	return mux
}

// firstMatch serves a request with the first mux that has a pattern for
// it, the last one always. One mux cannot hold both
// /settings/modules/{api_name} and /{module}/{id}/Notes, or both
// /Notes/{id} and /{module}/deleted: ServeMux rejects overlapping patterns
// where neither is more specific, though Zoho's URL space has them.
func firstMatch(muxes ...*http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, m := range muxes[:len(muxes)-1] {
			if _, pattern := m.Handler(r); pattern != "" {
				m.ServeHTTP(w, r)
				return
			}
		}
		muxes[len(muxes)-1].ServeHTTP(w, r)
	})
}

// Start listens on addr (host:port; port 0 picks a free one) and serves in
// the background until Close.
func (s *Server) Start(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.httpSrv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			_ = err // the listener was closed under us; Close reports nothing more useful
		}
	}()
	return nil
}

// URL is the base URL (scheme, host and port) once started.
func (s *Server) URL() string { return s.url }

// Close stops serving.
func (s *Server) Close() error {
	if s.httpSrv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return s.httpSrv.Shutdown(ctx)
}
