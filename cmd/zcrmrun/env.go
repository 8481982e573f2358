package main

import (
	"context"
	"flag"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/crmsim"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/progress"
	"github.com/zcrmrun/zcrmrun/script"
	"github.com/zcrmrun/zcrmrun/session"
)

// host is what run, watch and repl share: the config (its [script]
// section shapes the script environment), the session scripts talk to,
// and the sandbox behind it when --sandbox is given.
type host struct {
	cfgPath string
	user    string
	cfg     *config.Config
	sess    *session.Session
	sandbox *session.Sandbox
	// sandboxed is --sandbox: the session is the sandbox's, whatever the
	// config says.
	sandboxed bool
	opts      []session.Option
	bars      progress.Bars
}

// hostFlags are the flags run, watch and repl share.
type hostFlags struct {
	config  *string
	sandbox *bool
	user    *string
	timeout *time.Duration
	quiet   *bool
	// session are options the command adds to every session it makes.
	session []session.Option
	faults  *faultsFlag
	caFile  *string
	tls     *bool
}

// faultsFlag is --faults SPEC, checked as the flags are parsed so that a
// bad spec is a usage error.
type faultsFlag struct {
	spec   string
	faults crmsim.Faults
}

func (f *faultsFlag) String() string { return f.spec }

func (f *faultsFlag) Set(s string) (err error) {
	f.spec = s
	f.faults, err = crmsim.ParseFaults(s)
	return err
}

const faultsUsage = "inject faults into the emulator: `SPEC` such as rate=0.2,seed=7 (see docs/reliability.md); requests time out after 5s unless [api] timeout says otherwise"

// faultsTimeout is the request timeout of a sandbox run with faults and no
// [api] timeout: a hang fault lasts until the client gives up, and a
// rehearsal should not wait Zoho's 60s for each.
const faultsTimeout = 5 * time.Second

func (c *cli) addHostFlags(fs *flag.FlagSet, timeoutWhat string) hostFlags {
	c.addVerboseFlag(fs)
	return hostFlags{
		config:  fs.String("config", "", "config `FILE` (default ./config.toml when present)"),
		sandbox: fs.Bool("sandbox", false, "run against a seeded in-process emulator; config tokens and CRM are not touched"),
		user:    fs.String("user", "", "user identifier `ID` to act as (default [api] user)"),
		timeout: durationVar(fs, "timeout", 0, "stop "+timeoutWhat+" after `D`, cancelling CRM calls in flight (e.g. 30s; 0 means no limit)"),
		quiet:   fs.Bool("quiet", false, "draw no progress bars"),
		faults:  addFaultsFlag(fs, "with --sandbox, "+faultsUsage),
		caFile:  addCAFileFlag(fs),
		tls:     fs.Bool("tls", false, "with --sandbox, serve the emulator over HTTPS and trust its CA, as [api] ca_file would"),
	}
}

func addCAFileFlag(fs *flag.FlagSet) *string {
	return fs.String("ca-file", "", "trust the CA certificates in this PEM `FILE` besides the system's (default [api] ca_file), e.g. the ca_cert of zcrmrun sandbox --tls")
}

func addFaultsFlag(fs *flag.FlagSet, usage string) *faultsFlag {
	f := &faultsFlag{}
	fs.Var(f, "faults", usage)
	return f
}

// connect loads the config (./config.toml when present and no --config;
// see reload for --sandbox) and builds the session: against a fresh
// seeded emulator with --sandbox, else from the config.
func (c *cli) connect(ctx context.Context, f hostFlags) (*host, error) {
	h := &host{cfgPath: *f.config, user: *f.user, sandboxed: *f.sandbox, bars: progress.ForStderr(*f.quiet),
		opts: append([]session.Option{session.WithLogger(c.logger())}, f.session...)}
	if *f.caFile != "" && !h.sandboxed {
		if err := session.CheckCAFile(*f.caFile); err != nil {
			return nil, &config.Error{Msg: "--ca-file " + err.Error()}
		}
		h.opts = append(h.opts, session.WithCAFile(*f.caFile))
	}
	if err := h.reload(); err != nil {
		return nil, err
	}
	if f.faults.spec != "" && !h.sandboxed {
		return nil, &config.Error{Msg: "--faults needs --sandbox: faults are injected by the emulator"}
	}
	if f.faults.faults.MySQL != "" {
		return nil, &config.Error{Msg: "--faults mysql=... is for `zcrmrun sandbox`: a --sandbox run keeps its tokens in a file of its own"}
	}
	if *f.tls && !h.sandboxed {
		return nil, &config.Error{Msg: "--tls needs --sandbox: it serves the in-process emulator over HTTPS (for a CRM over TLS, see --ca-file)"}
	}
	if *f.caFile != "" && h.sandboxed {
		return nil, &config.Error{Msg: "--ca-file is not for --sandbox, which trusts its own CA (with --tls)"}
	}
	if h.sandboxed {
		timeout := h.cfg.API.RequestTimeout()
		if timeout == 0 && f.faults.spec != "" {
			timeout = faultsTimeout
		}
		sb, err := session.StartSandboxWith(ctx, session.SandboxOptions{Faults: f.faults.faults, RequestTimeout: timeout,
			TLS: *f.tls, Logger: c.logger()})
		if err != nil {
			return nil, err
		}
		h.sandbox, h.sess = sb, sb.Session(h.user, h.opts...)
	}
	return h, nil
}

// reload rereads the config; without --sandbox the session is rebuilt
// from it, so changed credentials or token store settings take effect.
//
// With --sandbox only a config named by --config is read, for its
// [script] section: ./config.toml holds the real CRM's settings, which a
// sandbox run never touches.
func (h *host) reload() error {
	if h.sandboxed && h.cfgPath == "" {
		h.cfg = config.Empty()
		return nil
	}
	cfg, err := config.LoadDefault(h.cfgPath)
	if err != nil {
		return err
	}
	h.cfg = cfg
	if !h.sandboxed {
		if h.sess != nil {
			h.sess.Close() // a watch reload: release the old token store
		}
		h.sess = session.New(cfg, h.user, h.opts...)
	}
	return nil
}

// Close releases the session's token store and stops the sandbox, if any.
func (h *host) Close() {
	if h.sess != nil {
		h.sess.Close()
	}
	if h.sandbox != nil {
		h.sandbox.Close()
	}
}

// scriptEnv is the environment every command gives its scripts: crm
// (with crm.as for other users of the same store), csv and progress.
func (c *cli) scriptEnv(h *host, timeout time.Duration) script.Env {
	sess := h.sess
	mod := luabind.NewModule(sess)
	mod.Stdout = c.stdout
	// Bars a script leaves drawing (a loop left by break or an error) end
	// with its run, or with each REPL evaluation.
	bars := h.bars
	bars.Live = progress.NewLive()
	mod.Bars = bars
	logLevel, logger := c.scriptLog(h.cfg.Script.LogLevel)
	mod.Users = func(id string) (luabind.Connection, error) { return sess.As(id), nil }
	return script.Env{
		Stdout:    c.stdout,
		Stderr:    c.stderr,
		Paths:     h.cfg.ScriptPaths(),
		AllowExec: h.cfg.Script.AllowExec,
		LogLevel:  logLevel,
		Logger:    logger,
		Timeout:   timeout,
		MaxMemory: h.cfg.Script.MemoryLimit(),
		AfterRun:  bars.Live.DoneAll,
		Setup: func(L *lua.LState) {
			global := func(name string, v lua.LValue) {
				L.SetGlobal(name, v)
				L.PreloadModule(name, func(L *lua.LState) int { L.Push(v); return 1 })
			}
			global("crm", mod.Open(L))
			global("csv", luabind.CSV{}.Open(L))
			L.SetGlobal("progress", luabind.Progress{Bars: bars}.Open(L))
		},
	}
}
