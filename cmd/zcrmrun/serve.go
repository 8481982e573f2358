package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/serve"
	"github.com/zcrmrun/zcrmrun/session"
	"github.com/zcrmrun/zcrmrun/tokenstore"
)

// defaultServeAddr is where serve listens without --addr or [serve] addr.
const defaultServeAddr = "127.0.0.1:8080"

func (c *cli) serve(ctx context.Context, args []string) int {
	fs := c.flags("serve", synopses["serve"])
	hf := c.addHostFlags(fs, "each handler run")
	addr := fs.String("addr", "", "`HOST:PORT` to listen on (default [serve] addr, else "+defaultServeAddr+"; with --sandbox a free loopback port)")
	publicURL := fs.String("public-url", "", "`URL` at which Zoho reaches this server, e.g. the load balancer's (default [serve] public_url, else http://ADDR)")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(c.stderr, "zcrmrun serve: FOLDER is missing (see 'zcrmrun serve --help')")
		return exitUsage
	}
	if *publicURL != "" {
		if err := config.CheckPublicURL(*publicURL); err != nil {
			fmt.Fprintf(c.stderr, "zcrmrun serve: --public-url %v\n", err)
			return exitUsage
		}
	}
	handlers, err := serve.Scan(fs.Args())
	if err != nil {
		fmt.Fprintln(c.stderr, "zcrmrun serve:", err)
		return exitUsage
	}
	if len(handlers) == 0 {
		fmt.Fprintf(c.stderr, "zcrmrun serve: no handler in %s: a handler starts with a `-- on: Leads.create` or `-- every: 15m` line\n", strings.Join(fs.Args(), ", "))
		return exitUsage
	}
	h, err := c.connect(ctx, hf)
	if err != nil {
		return c.fail(err)
	}
	defer h.Close()
	sc := h.cfg.Serve

	listen := firstOf(*addr, sc.Addr, defaultServeAddr)
	if *hf.sandbox && *addr == "" && sc.Addr == "" {
		listen = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintf(c.stderr, "zcrmrun serve: --addr %s: %v\n", listen, plainErr(err))
		return exitUsage
	}
	public := strings.TrimSuffix(firstOf(*publicURL, sc.PublicURL, "http://"+ln.Addr().String()), "/")

	// serve's own lines (one per delivery and run) are info: shown unless
	// --log-level asks for less.
	level := slog.LevelInfo
	if l, ok := config.ParseLogLevel(c.log.level); ok {
		level = l
	}
	logger := c.newLogger(level)

	claims, closeClaims, err := c.claimer(h)
	if err != nil {
		ln.Close()
		return c.fail(err)
	}
	defer closeClaims()

	srv := serve.New(serve.Options{
		Handlers: handlers,
		Workers:  sc.Workers,
		Queue:    sc.Queue,
		Retries:  sc.Retries,
		Backoff:  sc.BackoffDuration(),
		Logger:   logger,
		Claims:   claims,
		Run: func(ctx context.Context, path string, event map[string]any) error {
			env := c.scriptEnv(h, *hf.timeout)
			setup := env.Setup
			env.Setup = func(L *lua.LState) {
				setup(L)
				L.SetGlobal("event", luabind.Value(L, event))
			}
			return script.Run(ctx, path, nil, env)
		},
	})
	runCtx, stopRuns := context.WithCancel(context.WithoutCancel(ctx))
	defer stopRuns()
	srv.Start(runCtx)
	httpSrv := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go httpSrv.Serve(ln)

	watcher := serve.ZohoWatcher{Client: h.sess.CRM()}
	notifyURL := public + serve.NotifyPath
	if err := srv.Subscribe(ctx, watcher, notifyURL, sc.Secret); err != nil {
		httpSrv.Close()
		return c.fail(err)
	}
	go srv.Keep(ctx, watcher, notifyURL)
	go srv.Schedule(ctx)

	if h.sandbox != nil {
		fmt.Fprintf(c.stderr, "sandbox CRM at %s\n", h.sandbox.Server.URL())
	}
	fmt.Fprintf(c.stderr, "serving %d handlers from %s on http://%s, notify URL %s (Ctrl-C stops)\n",
		len(handlers), strings.Join(fs.Args(), ", "), ln.Addr(), notifyURL)
	<-ctx.Done()

	// Leave a fleet's shared channels to the runners still up: they renew
	// them. A lone runner's channels die with it.
	bg, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if sc.Secret == "" {
		if err := srv.Unsubscribe(bg, watcher); err != nil {
			logger.Error("unsubscribing failed; the channels expire by themselves", "err", err)
		}
	}
	if err := httpSrv.Shutdown(bg); err != nil && !errors.Is(err, http.ErrServerClosed) {
		httpSrv.Close()
	}
	stopRuns()
	srv.Wait()
	return exitOK
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// claimer is the fleet's claim table where the token store is shared: on
// the MySQL server of a mysql store, in a folder beside a file store's
// file for the processes of one host; none for other stores and --sandbox.
func (c *cli) claimer(h *host) (serve.Claimer, func(), error) {
	l, closeStore, err := leasesOf(h)
	if l == nil || err != nil {
		return nil, func() {}, err
	}
	return serve.LeaseClaims{Leases: l}, closeStore, nil
}

// leasesOf opens the leases of the configured token store; nil for a
// store without them and for --sandbox.
func leasesOf(h *host) (tokenstore.Leases, func(), error) {
	if h.sandboxed {
		return nil, func() {}, nil
	}
	store, err := session.OpenStore(h.cfg)
	if err != nil {
		return nil, func() {}, err
	}
	closeStore := func() {
		if cl, ok := store.(io.Closer); ok {
			cl.Close()
		}
	}
	l, ok := tokenstore.LeasesOf(store)
	if !ok {
		closeStore()
		return nil, func() {}, nil
	}
	return l, closeStore, nil
}

// takeSingleton takes run --singleton NAME on the token store's leases.
func (c *cli) takeSingleton(ctx context.Context, h *host, name string) (func(), bool, error) {
	l, closeStore, err := leasesOf(h)
	if err != nil {
		return nil, false, err
	}
	if l == nil {
		return nil, false, &config.Error{Msg: "--singleton needs a file or mysql token store (and no --sandbox)"}
	}
	release, ok, err := l.Singleton(ctx, name)
	if !ok || err != nil {
		closeStore()
		return nil, ok, err
	}
	return func() { release(); closeStore() }, true, nil
}
