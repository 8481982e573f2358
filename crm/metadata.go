package crm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Modules lists the org's modules (GET /settings/modules).
func (c *Client) Modules(ctx context.Context) ([]map[string]any, error) {
	return c.settingsList(ctx, "/settings/modules", "modules")
}

// Module returns one module's metadata by API name, or nil when Zoho has
// no such module.
func (c *Client) Module(ctx context.Context, apiName string) (map[string]any, error) {
	ms, err := c.settingsList(ctx, "/settings/modules/"+url.PathEscape(apiName), "modules")
	var ce *Error
	if errors.As(err, &ce) && ce.Code == "INVALID_MODULE" {
		return nil, nil
	}
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return ms[0], nil
}

func (c *Client) settingsList(ctx context.Context, path, key string) ([]map[string]any, error) {
	return c.settingsQuery(ctx, path, nil, key)
}

// settingsQuery GETs path with query q and returns the list under key.
func (c *Client) settingsQuery(ctx context.Context, path string, q url.Values, key string) ([]map[string]any, error) {
	resp, err := c.Do(ctx, Request{Method: http.MethodGet, Path: path, Query: q})
	if err != nil {
		return nil, err
	}
	if resp.Status == http.StatusNoContent || len(resp.Body) == 0 {
		return nil, nil
	}
	var m map[string]json.RawMessage // other keys, such as info, are not lists
	var items []map[string]any
	if err := decodeJSON(resp, &m); err != nil {
		return nil, fmt.Errorf("GET %s: %w", path, err)
	}
	if raw, ok := m[key]; ok {
		if err := decodeJSON(&Response{Status: resp.Status, Body: raw}, &items); err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
	}
	return items, nil
}
