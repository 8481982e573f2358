package luabind

import (
	"context"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

// The metadata tables: fields, layouts, views, related_lists, users, org,
// roles, profiles and tags. Each function returns Zoho's items unchanged;
// a get returns nil when Zoho knows no such id.

func (b *binding) settingsTables() map[string]map[string]lua.LGFunction {
	c := func() *crm.Client { return b.conn.CRM() }
	return map[string]map[string]lua.LGFunction{
		"fields": {
			// crm.fields.list(module) -> fields
			"list": b.moduleList("crm.fields.list", func(ctx context.Context, m string) ([]map[string]any, error) { return c().Fields(ctx, m) }),
			// crm.fields.get(module, id) -> field | nil
			"get": b.moduleGet("crm.fields.get", func(ctx context.Context, m, id string) (map[string]any, error) { return c().Field(ctx, m, id) }),
		},
		"layouts": {
			// crm.layouts.list(module) -> layouts
			"list": b.moduleList("crm.layouts.list", func(ctx context.Context, m string) ([]map[string]any, error) { return c().Layouts(ctx, m) }),
			// crm.layouts.get(module, id) -> layout | nil
			"get": b.moduleGet("crm.layouts.get", func(ctx context.Context, m, id string) (map[string]any, error) { return c().Layout(ctx, m, id) }),
		},
		"views": {
			// crm.views.list(module) -> custom views
			"list": b.moduleList("crm.views.list", func(ctx context.Context, m string) ([]map[string]any, error) { return c().CustomViews(ctx, m) }),
			// crm.views.get(module, id) -> custom view | nil
			"get": b.moduleGet("crm.views.get", func(ctx context.Context, m, id string) (map[string]any, error) { return c().CustomView(ctx, m, id) }),
		},
		"related_lists": {
			// crm.related_lists.list(module) -> related lists
			"list": b.moduleList("crm.related_lists.list", func(ctx context.Context, m string) ([]map[string]any, error) { return c().RelatedLists(ctx, m) }),
		},
		"tags": {
			// crm.tags.list(module) -> tags
			"list": b.moduleList("crm.tags.list", func(ctx context.Context, m string) ([]map[string]any, error) { return c().Tags(ctx, m) }),
		},
		"roles": {
			// crm.roles.list() -> roles
			"list": b.orgList("crm.roles.list", func(ctx context.Context) ([]map[string]any, error) { return c().Roles(ctx) }),
			// crm.roles.get(id) -> role | nil
			"get": b.orgGet("crm.roles.get", func(ctx context.Context, id string) (map[string]any, error) { return c().Role(ctx, id) }),
		},
		"profiles": {
			// crm.profiles.list() -> profiles
			"list": b.orgList("crm.profiles.list", func(ctx context.Context) ([]map[string]any, error) { return c().Profiles(ctx) }),
			// crm.profiles.get(id) -> profile | nil
			"get": b.orgGet("crm.profiles.get", func(ctx context.Context, id string) (map[string]any, error) { return c().Profile(ctx, id) }),
		},
		"users": {
			"list": b.usersList,
			// crm.users.get(id) -> user | nil
			"get": b.orgGet("crm.users.get", func(ctx context.Context, id string) (map[string]any, error) { return c().User(ctx, id) }),
		},
		"org": {
			"get": b.orgInfo,
		},
	}
}

func noMoreArgs(L *lua.LState, n int, call string) {
	if L.GetTop() > n {
		L.RaiseError("%s: takes %d argument(s), got %d", call, n, L.GetTop())
	}
}

func (b *binding) moduleList(call string, fn func(context.Context, string) ([]map[string]any, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		module := checkName(L, 1, call, "module")
		noMoreArgs(L, 1, call)
		items, err := fn(ctxOf(L), module)
		if err != nil {
			return b.raise(L, call, err)
		}
		b.pushList(L, items)
		return 1
	}
}

func (b *binding) moduleGet(call string, fn func(context.Context, string, string) (map[string]any, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		module, id := checkName(L, 1, call, "module"), idArg(L, 2, call, "id")
		noMoreArgs(L, 2, call)
		item, err := fn(ctxOf(L), module, id)
		if err != nil {
			return b.raise(L, call, err)
		}
		b.pushOrNil(L, item)
		return 1
	}
}

func (b *binding) orgList(call string, fn func(context.Context) ([]map[string]any, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		noMoreArgs(L, 0, call)
		items, err := fn(ctxOf(L))
		if err != nil {
			return b.raise(L, call, err)
		}
		b.pushList(L, items)
		return 1
	}
}

func (b *binding) orgGet(call string, fn func(context.Context, string) (map[string]any, error)) lua.LGFunction {
	return func(L *lua.LState) int {
		id := idArg(L, 1, call, "id")
		noMoreArgs(L, 1, call)
		item, err := fn(ctxOf(L), id)
		if err != nil {
			return b.raise(L, call, err)
		}
		b.pushOrNil(L, item)
		return 1
	}
}

// usersList is crm.users.list(opts) -> users, info
//
// One page of the org's users. opts: type ("AllUsers", "ActiveUsers",
// "DeactiveUsers", "AdminUsers", "CurrentUser", ...), page, per_page.
func (b *binding) usersList(L *lua.LState) int {
	const call = "crm.users.list"
	o := b.options(L, 1, call)
	opts := crm.UsersOptions{Type: o.String("type"), Page: o.Int("page"), PerPage: o.Int("per_page")}
	o.Done()
	users, info, err := b.conn.CRM().Users(ctxOf(L), opts)
	if err != nil {
		return b.raise(L, call, err)
	}
	b.pushList(L, users)
	L.Push(infoTable(L, info))
	return 2
}

// orgInfo is crm.org.get() -> org
//
// The organisation: company_name, id, time_zone, currency, ...
func (b *binding) orgInfo(L *lua.LState) int {
	const call = "crm.org.get"
	noMoreArgs(L, 0, call)
	org, err := b.conn.CRM().Org(ctxOf(L))
	if err != nil {
		return b.raise(L, call, err)
	}
	b.pushOrNil(L, org)
	return 1
}
