package main

import (
	"context"
	"time"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/config"
	"github.com/zcrmrun/zcrmrun/luabind"
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
}

// connect loads the config (./config.toml when present and path is
// empty) and builds the session: against a fresh seeded emulator with
// --sandbox, else from the config.
func connect(ctx context.Context, sandbox bool, cfgPath, user string) (*host, error) {
	h := &host{cfgPath: cfgPath, user: user}
	cfg, err := config.LoadDefault(cfgPath)
	if err != nil {
		return nil, err
	}
	h.cfg = cfg
	if sandbox {
		if h.sandbox, err = session.StartSandbox(ctx, ""); err != nil {
			return nil, err
		}
		h.sess = h.sandbox.Session(user)
		return h, nil
	}
	h.sess = session.New(cfg, user)
	return h, nil
}

// reload rereads the config; without --sandbox the session is rebuilt
// from it, so changed credentials or token store settings take effect.
func (h *host) reload() error {
	cfg, err := config.LoadDefault(h.cfgPath)
	if err != nil {
		return err
	}
	h.cfg = cfg
	if h.sandbox == nil {
		h.sess = session.New(cfg, h.user)
	}
	return nil
}

// Close stops the sandbox, if any.
func (h *host) Close() {
	if h.sandbox != nil {
		h.sandbox.Close()
	}
}

// scriptEnv is the environment every command gives its scripts.
func (c *cli) scriptEnv(h *host, timeout time.Duration) script.Env {
	mod := luabind.NewModule(h.sess)
	return script.Env{
		Stdout:    c.stdout,
		Stderr:    c.stderr,
		Paths:     h.cfg.ScriptPaths(),
		AllowExec: h.cfg.Script.AllowExec,
		LogLevel:  h.cfg.Script.LogLevel,
		Timeout:   timeout,
		Setup: func(L *lua.LState) {
			L.SetGlobal("crm", mod.Open(L))
			L.PreloadModule("crm", func(L *lua.LState) int { L.Push(L.GetGlobal("crm")); return 1 })
		},
	}
}
