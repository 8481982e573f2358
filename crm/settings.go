package crm

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// Metadata calls of zoho-api.md §5. Lists return Zoho's items unchanged;
// single gets return nil when Zoho says the id is unknown.

func moduleQuery(module string) url.Values { return url.Values{"module": {module}} }

// settingsItem GETs one item of a settings list; nil when the id is
// unknown (Zoho answers INVALID_DATA).
func (c *Client) settingsItem(ctx context.Context, path string, q url.Values, key string) (map[string]any, error) {
	items, err := c.settingsQuery(ctx, path, q, key)
	var ce *Error
	if errors.As(err, &ce) && ce.Code == "INVALID_DATA" {
		return nil, nil
	}
	if err != nil || len(items) == 0 {
		return nil, err
	}
	return items[0], nil
}

// Fields lists a module's fields (GET /settings/fields?module=).
func (c *Client) Fields(ctx context.Context, module string) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/fields", moduleQuery(module), "fields")
}

// Field returns one field by id, or nil.
func (c *Client) Field(ctx context.Context, module, id string) (map[string]any, error) {
	return c.settingsItem(ctx, "/settings/fields/"+url.PathEscape(id), moduleQuery(module), "fields")
}

// Layouts lists a module's layouts.
func (c *Client) Layouts(ctx context.Context, module string) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/layouts", moduleQuery(module), "layouts")
}

// Layout returns one layout by id, or nil.
func (c *Client) Layout(ctx context.Context, module, id string) (map[string]any, error) {
	return c.settingsItem(ctx, "/settings/layouts/"+url.PathEscape(id), moduleQuery(module), "layouts")
}

// CustomViews lists a module's custom views.
func (c *Client) CustomViews(ctx context.Context, module string) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/custom_views", moduleQuery(module), "custom_views")
}

// CustomView returns one custom view by id, or nil.
func (c *Client) CustomView(ctx context.Context, module, id string) (map[string]any, error) {
	return c.settingsItem(ctx, "/settings/custom_views/"+url.PathEscape(id), moduleQuery(module), "custom_views")
}

// RelatedLists lists a module's related lists.
func (c *Client) RelatedLists(ctx context.Context, module string) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/related_lists", moduleQuery(module), "related_lists")
}

// Tags lists a module's tags.
func (c *Client) Tags(ctx context.Context, module string) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/tags", moduleQuery(module), "tags")
}

// Roles lists the org's roles.
func (c *Client) Roles(ctx context.Context) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/roles", nil, "roles")
}

// Role returns one role by id, or nil.
func (c *Client) Role(ctx context.Context, id string) (map[string]any, error) {
	return c.settingsItem(ctx, "/settings/roles/"+url.PathEscape(id), nil, "roles")
}

// Profiles lists the org's profiles.
func (c *Client) Profiles(ctx context.Context) ([]map[string]any, error) {
	return c.settingsQuery(ctx, "/settings/profiles", nil, "profiles")
}

// Profile returns one profile by id, or nil.
func (c *Client) Profile(ctx context.Context, id string) (map[string]any, error) {
	return c.settingsItem(ctx, "/settings/profiles/"+url.PathEscape(id), nil, "profiles")
}

// Org returns the organisation's details (GET /org).
func (c *Client) Org(ctx context.Context) (map[string]any, error) {
	orgs, err := c.settingsQuery(ctx, "/org", nil, "org")
	if err != nil || len(orgs) == 0 {
		return nil, err
	}
	return orgs[0], nil
}

// UsersOptions are the query parameters of GET /users; zero values are
// not sent.
type UsersOptions struct {
	Type    string // AllUsers, ActiveUsers, AdminUsers, CurrentUser, ...
	Page    int
	PerPage int
}

// Users lists one page of the org's users.
func (c *Client) Users(ctx context.Context, o UsersOptions) ([]map[string]any, Info, error) {
	q := url.Values{}
	setIf(q, "type", o.Type)
	if o.Page > 0 {
		q.Set("page", strconv.Itoa(o.Page))
	}
	if o.PerPage > 0 {
		q.Set("per_page", strconv.Itoa(o.PerPage))
	}
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/users", Query: q})
	if err != nil || resp.Status == http.StatusNoContent || len(resp.Body) == 0 {
		return nil, Info{}, err
	}
	var page struct {
		Users []map[string]any `json:"users"`
		Info  Info             `json:"info"`
	}
	if err := decodeJSON(resp, &page); err != nil {
		return nil, Info{}, err
	}
	return page.Users, page.Info, nil
}

// User returns one user by id, or nil.
func (c *Client) User(ctx context.Context, id string) (map[string]any, error) {
	return c.settingsItem(ctx, "/users/"+url.PathEscape(id), nil, "users")
}
