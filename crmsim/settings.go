package crmsim

import (
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The settings, users and org endpoints of zoho-api.md §5. Layouts,
// custom views, related lists, roles, profiles and tags are derived from
// the module metadata and the seed's users, so they need no state of
// their own and stay consistent with each other.
func (s *Server) routeSettings(mux *http.ServeMux) {
	mux.HandleFunc("GET /crm/v2/settings/fields", s.moduleSetting("fields", fieldsOf))
	mux.HandleFunc("GET /crm/v2/settings/fields/{id}", s.moduleSetting("fields", fieldsOf))
	mux.HandleFunc("GET /crm/v2/settings/layouts", s.moduleSetting("layouts", layoutsOf))
	mux.HandleFunc("GET /crm/v2/settings/layouts/{id}", s.moduleSetting("layouts", layoutsOf))
	mux.HandleFunc("GET /crm/v2/settings/custom_views", s.moduleSetting("custom_views", customViewsOf))
	mux.HandleFunc("GET /crm/v2/settings/custom_views/{id}", s.moduleSetting("custom_views", customViewsOf))
	mux.HandleFunc("GET /crm/v2/settings/related_lists", s.moduleSetting("related_lists", relatedListsOf))
	mux.HandleFunc("GET /crm/v2/settings/related_lists/{id}", s.moduleSetting("related_lists", relatedListsOf))
	mux.HandleFunc("GET /crm/v2/settings/tags", s.moduleSetting("tags", (*crmState).tagsOf))
	mux.HandleFunc("GET /crm/v2/settings/roles", s.orgSetting("roles", (*crmState).roles))
	mux.HandleFunc("GET /crm/v2/settings/roles/{id}", s.orgSetting("roles", (*crmState).roles))
	mux.HandleFunc("GET /crm/v2/settings/profiles", s.orgSetting("profiles", (*crmState).profiles))
	mux.HandleFunc("GET /crm/v2/settings/profiles/{id}", s.orgSetting("profiles", (*crmState).profiles))
	mux.HandleFunc("GET /crm/v2/org", s.orgSetting("org", func(c *crmState) []map[string]any { return c.org(s.edition()) }))
	mux.HandleFunc("GET /crm/v2/users", s.handleUsers)
	mux.HandleFunc("GET /crm/v2/users/{id}", s.handleUsers)
}

// derivedID is a stable 19-digit id for a piece of derived metadata.
func derivedID(key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return strconv.FormatUint(5725767000100000000+h.Sum64()%100000000, 10)
}

// moduleSetting serves a ?module= settings list, or one item of it when the
// path has an {id}.
func (s *Server) moduleSetting(key string, items func(*crmState, *moduleSpec) []map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("module")
		if name == "" {
			writeError(w, http.StatusBadRequest, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", map[string]any{"param_name": "module"})
			return
		}
		s.mu.RLock()
		defer s.mu.RUnlock()
		m := s.crm.module(name)
		if m == nil {
			writeError(w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", map[string]any{"param_name": "module"})
			return
		}
		writeItems(w, r, key, items(s.crm, m))
	}
}

// orgSetting serves an org-wide list such as roles, or one item of it.
func (s *Server) orgSetting(key string, items func(*crmState) []map[string]any) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		writeItems(w, r, key, items(s.crm))
	}
}

func writeItems(w http.ResponseWriter, r *http.Request, key string, all []map[string]any) {
	id := r.PathValue("id")
	if id == "" {
		body := map[string]any{key: all}
		if key == "custom_views" {
			body["info"] = map[string]any{"per_page": 200, "count": len(all), "page": 1, "more_records": false, "default": all[0]["id"]}
		}
		if key == "tags" {
			body["info"] = map[string]any{"count": len(all), "allowed_count": 100}
		}
		writeJSON(w, http.StatusOK, body)
		return
	}
	for _, it := range all {
		if it["id"] == id {
			writeJSON(w, http.StatusOK, map[string]any{key: []any{it}})
			return
		}
	}
	writeError(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", map[string]any{"resource_path_index": 2})
}

// pickLists are the seed's picklist values by field API name.
func pickListValues(field string) []string {
	switch field {
	case "Lead_Source":
		return leadSources
	case "Lead_Status":
		return leadStatuses
	case "Industry":
		return industries
	case "Rating":
		return ratings
	case "Stage":
		return stages
	case "Status":
		return []string{"Not Started", "Deferred", "In Progress", "Completed", "Waiting for input"}
	case "Priority":
		return []string{"High", "Highest", "Low", "Lowest", "Normal"}
	}
	return nil
}

func fieldsOf(_ *crmState, m *moduleSpec) []map[string]any {
	out := make([]map[string]any, 0, len(m.Fields))
	for _, f := range m.Fields {
		j := m.fieldSettings(f)
		j["length"] = 255
		if vs := pickListValues(f.APIName); f.DataType == "picklist" && vs != nil {
			pl := []map[string]any{{"display_value": "-None-", "actual_value": "-None-"}}
			for _, v := range vs {
				pl = append(pl, map[string]any{"display_value": v, "actual_value": v})
			}
			j["pick_list_values"] = pl
		}
		out = append(out, j)
	}
	return out
}

func layoutsOf(c *crmState, m *moduleSpec) []map[string]any {
	fields := fieldsOf(c, m)
	profiles := make([]map[string]any, 0)
	for _, p := range c.profiles() {
		profiles = append(profiles, map[string]any{"name": p["name"], "id": p["id"], "default": true})
	}
	return []map[string]any{{
		"id": derivedID(m.APIName + "/layout/Standard"), "name": "Standard", "visible": true, "status": 0,
		"created_time": nil, "modified_time": seedEpoch.Format(zohoTime), "profiles": profiles,
		"sections": []any{map[string]any{
			"display_label": m.Singular + " Information", "name": m.Singular + " Information", "sequence_number": 1,
			"column_count": 2, "tab_traversal": "left_to_right", "fields": fields,
		}},
	}}
}

func customViewsOf(_ *crmState, m *moduleSpec) []map[string]any {
	view := func(name, system string, isDefault bool, criteria any) map[string]any {
		return map[string]any{
			"id": derivedID(m.APIName + "/view/" + system), "name": name, "display_value": name, "system_name": system,
			"default": isDefault, "system_defined": true, "category": "public_views", "favorite": nil,
			"sort_by": nil, "sort_order": nil, "criteria": criteria, "module": m.APIName,
		}
	}
	return []map[string]any{
		view("All "+m.Plural, "ALLVIEWS", true, nil),
		view("My "+m.Plural, "MYVIEWS", false, map[string]any{"comparator": "equal", "field": map[string]any{"api_name": "Owner"}, "value": "${CURRENTUSER}"}),
		view("Recently Created "+m.Plural, "RECENTLYCREATED", false, map[string]any{"comparator": "equal", "field": map[string]any{"api_name": "Created_Time"}, "value": "${LAST7DAYS}"}),
		view("Unread "+m.Plural, "UNREAD", false, nil),
	}
}

// relatedListsOf names what hangs off a module's records: notes and
// attachments everywhere, plus the modules that look the module up.
func relatedListsOf(c *crmState, m *moduleSpec) []map[string]any {
	names := []string{"Notes", "Attachments"}
	for _, other := range c.modules {
		for _, f := range other.Fields {
			if f.DataType == "lookup" && c.module(lookupTarget(f.APIName)) == m && !slices.Contains(names, other.APIName) {
				names = append(names, other.APIName)
			}
		}
	}
	out := make([]map[string]any, 0, len(names))
	for i, n := range names {
		label := strings.ReplaceAll(n, "_", " ")
		out = append(out, map[string]any{
			"id": derivedID(m.APIName + "/related/" + n), "sequence_number": strconv.Itoa(i + 1), "display_label": label,
			"api_name": n, "module": n, "name": label, "action": nil, "href": m.APIName + "/{ENTITYID}/" + n, "type": "default",
		})
	}
	return out
}

// seedTags are the tags every module offers before any record is tagged.
var seedTags = []string{"Hot", "VIP", "Follow-up", "Partner"}

// tagsOf lists the seed tags and every tag found on the module's records.
func (c *crmState) tagsOf(m *moduleSpec) []map[string]any {
	admin := c.findUser("")
	var out []map[string]any
	seen := map[string]bool{}
	add := func(name, id string) {
		if name == "" || seen[strings.ToLower(name)] {
			return
		}
		seen[strings.ToLower(name)] = true
		if id == "" {
			id = derivedID(m.APIName + "/tag/" + name)
		}
		t := map[string]any{"id": id, "name": name, "color_code": tagColor(name), "created_time": seedEpoch.Format(zohoTime), "modified_time": seedEpoch.Format(zohoTime)}
		if admin != nil {
			t["created_by"], t["modified_by"] = admin.ref(), admin.ref()
		}
		out = append(out, t)
	}
	for _, n := range seedTags {
		add(n, "")
	}
	for _, rec := range m.records {
		tags, _ := rec["Tag"].([]any)
		for _, t := range tags {
			switch x := t.(type) {
			case string:
				add(x, "")
			case map[string]any:
				add(asString(x["name"]), asString(x["id"]))
			}
		}
	}
	return out
}

// roleNames is the org's role hierarchy, top first; each reports to the
// one before it.
var roleNames = []string{"CEO", "Manager", "Sales Rep"}

func (c *crmState) roles() []map[string]any {
	out := make([]map[string]any, 0, len(roleNames))
	var boss map[string]any
	for _, n := range roleNames {
		r := map[string]any{
			"id": derivedID("role/" + n), "name": n, "display_label": n, "description": n + " of the org",
			"share_with_peers": n != "Sales Rep", "forecast_manager": nil, "admin_user": n == "CEO", "reporting_to": boss,
		}
		boss = map[string]any{"name": n, "id": r["id"]}
		out = append(out, r)
	}
	return out
}

func (c *crmState) profiles() []map[string]any {
	out := []map[string]any{}
	for _, n := range []string{"Administrator", "Standard"} {
		out = append(out, map[string]any{
			"id": derivedID("profile/" + n), "name": n, "display_label": n, "custom": false, "category": n == "Administrator",
			"description": "The " + strings.ToLower(n) + " profile", "created_time": nil, "modified_time": nil,
			"created_by": nil, "modified_by": nil,
		})
	}
	return out
}

// org is GET /org's one org, with every key v8.0/org.json's Org schema
// requires; the license follows the edition the emulator enforces
// (paid_type names it; Zoho documents the key, not its values).
func (c *crmState) org(edition string) []map[string]any {
	paid := edition != "free"
	o := map[string]any{
		"id": c.orgID, "company_name": c.orgName, "domain_name": "org" + c.orgID, "alias": nil, "time_zone": c.timezone,
		"currency": "US Dollar - USD", "currency_symbol": "$", "currency_locale": "en_US", "iso_code": "USD",
		"country": "United States", "country_code": "US", "street": nil, "city": nil, "state": nil, "zip": nil,
		"phone": nil, "mobile": nil, "fax": nil, "website": nil, "description": nil, "employee_count": nil,
		"type": "Production", "zgid": c.orgID, "ezgid": c.orgID, "primary_zuid": nil, "zia_portal_id": nil, "zia_zgid": nil,
		"mc_status": false, "gapps_enabled": false, "translation_enabled": false, "privacy_settings": false,
		"hipaa_compliance_enabled": false, "lite_users_enabled": false, "deletable_org_account": false,
		"oauth_presence": true, "photo_id": nil, "call_icon": nil, "max_per_page": 200,
		"created_time": seedEpoch.Format(zohoTime), "hierarchy_preferences": nil, "checkin_preferences": nil,
		"license_details": map[string]any{
			"paid": paid, "paid_type": edition, "paid_expiry": nil, "users_license_purchased": len(c.users),
			"trial_type": nil, "trial_expiry": nil, "trial_action": nil,
		},
	}
	if u := c.findUser(""); u != nil {
		o["primary_email"], o["primary_zuid"] = u.email, u.id
	}
	return []map[string]any{o}
}

// json is a user as GET /users answers, with the keys v8.0/users.json's
// users schema lists; what the emulator does not model is null.
func (u *crmUser) json() map[string]any {
	first, last, _ := strings.Cut(u.fullName, " ")
	status := "active"
	if !u.active {
		status = "disabled"
	}
	created := seedEpoch.Format(zohoTime)
	return map[string]any{
		"id": u.id, "full_name": u.fullName, "first_name": first, "last_name": last, "email": u.email, "alias": nil,
		"role": map[string]any{"name": u.role, "id": derivedID("role/" + u.role)}, "profile": map[string]any{"name": u.profile, "id": derivedID("profile/" + u.profile)},
		"status": status, "confirm": true, "time_zone": "UTC", "locale": "en_US", "country_locale": "en_US", "language": "en_US",
		"country": "US", "zuid": u.id, "Isonline": false, "category": "regular_user", "personal_account": false,
		"Reporting_To": nil, "Currency": "USD", "date_format": "MM-dd-yyyy", "time_format": "hh:mm a",
		"decimal_separator": "Period", "number_separator": "Comma", "name_format__s": "Salutation,First Name,Last Name",
		"sort_order_preference__s": "First Name,Last Name", "offset": 0, "theme": nil, "default_tab_group": "0",
		"customize_info": nil, "signature": nil, "microsoft": false, "sandboxDeveloper": false, "status_reason__s": nil,
		"phone": nil, "mobile": nil, "fax": nil, "website": nil, "dob": nil, "street": nil, "city": nil, "state": nil, "zip": nil,
		"$current_shift": nil, "$next_shift": nil, "$shift_effective_from": nil,
		"created_by": nil, "created_time": created, "Modified_By": nil, "Modified_Time": created,
	}
}

var userTypes = map[string]func(u *crmUser, current string) bool{
	"AllUsers":              func(*crmUser, string) bool { return true },
	"ActiveUsers":           func(u *crmUser, _ string) bool { return u.active },
	"DeactiveUsers":         func(u *crmUser, _ string) bool { return !u.active },
	"ConfirmedUsers":        func(*crmUser, string) bool { return true },
	"NotConfirmedUsers":     func(*crmUser, string) bool { return false },
	"DeletedUsers":          func(*crmUser, string) bool { return false },
	"ActiveConfirmedUsers":  func(u *crmUser, _ string) bool { return u.active },
	"AdminUsers":            func(u *crmUser, _ string) bool { return u.profile == "Administrator" },
	"ActiveConfirmedAdmins": func(u *crmUser, _ string) bool { return u.active && u.profile == "Administrator" },
	"CurrentUser":           func(u *crmUser, current string) bool { return u.id == current },
}

// handleUsers serves GET /users?type=&page=&per_page= and /users/{id}.
func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	page, perPage, ok := pageParams(w, r)
	if !ok {
		return
	}
	typ := r.URL.Query().Get("type")
	if typ == "" {
		typ = "AllUsers"
	}
	keep, ok := userTypes[typ]
	if !ok {
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "invalid data", map[string]any{"param_name": "type"})
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	current := userFrom(r.Context())
	if id := r.PathValue("id"); id != "" {
		for _, u := range s.crm.users {
			if u.id == id {
				writeJSON(w, http.StatusOK, map[string]any{"users": []any{u.json()}})
				return
			}
		}
		writeError(w, http.StatusBadRequest, "INVALID_DATA", "the id given seems to be invalid", map[string]any{"resource_path_index": 0})
		return
	}
	var all []map[string]any
	for _, u := range s.crm.users {
		if keep(u, current) {
			all = append(all, u.json())
		}
	}
	writePage(w, "users", all, page, perPage)
}
