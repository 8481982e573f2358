package crmsim

import (
	"context"
	"strconv"
	"strings"
)

// fieldSpec describes one field of a module, as /settings/fields does.
type fieldSpec struct {
	APIName   string
	Label     string
	DataType  string // text, email, phone, picklist, lookup, ownerlookup, datetime, date, integer, currency, boolean, textarea, website
	Mandatory bool
	Unique    bool
}

// moduleSpec is one module's metadata and records.
type moduleSpec struct {
	ID           string
	APIName      string
	Singular     string
	Plural       string
	Fields       []fieldSpec
	fieldByName  map[string]*fieldSpec
	records      []record // in creation order
	byID         map[string]int
	apiSupported bool
	deleted      []record // the recycle bin as GET /{module}/deleted shows it, oldest first
	// unique indexes text values of the fields findBy looked up, so a
	// duplicate check costs a map lookup, not a scan of the module.
	unique map[string]map[string][]record
}

// record is a stored record: Zoho field API names to JSON-ready values.
type record map[string]any

type crmUser struct {
	id, email, fullName, role, profile string
	active                             bool
}

type crmState struct {
	modules  []*moduleSpec
	byName   map[string]*moduleSpec
	users    []*crmUser
	nextID   uint64
	orgID    string
	orgName  string
	timezone string
	links    map[linkKey]bool // many-to-many relations made by link
	files    fileStore        // attachments and photos
}

func newCRMState() *crmState {
	return &crmState{byName: map[string]*moduleSpec{}, nextID: 1, orgID: "771000001", orgName: "Zylker Demo (crmsim)", timezone: "UTC", links: map[linkKey]bool{}}
}

// newID returns the next 19-digit record id. Zoho ids are numeric strings
// above 2^53, so a client that parses them as float64 breaks visibly.
func (c *crmState) newID() string {
	id := strconv.FormatUint(5725767000000000000+c.nextID, 10)
	c.nextID++
	return id
}

func (c *crmState) addModule(m *moduleSpec) {
	m.fieldByName = map[string]*fieldSpec{}
	for i := range m.Fields {
		m.fieldByName[m.Fields[i].APIName] = &m.Fields[i]
	}
	m.byID = map[string]int{}
	c.modules = append(c.modules, m)
	c.byName[strings.ToLower(m.APIName)] = m
}

// module finds a module by API name; Zoho matches API names case-insensitively.
func (c *crmState) module(name string) *moduleSpec {
	return c.byName[strings.ToLower(name)]
}

func (m *moduleSpec) insert(r record) {
	m.byID[r["id"].(string)] = len(m.records)
	m.records = append(m.records, r)
	m.indexUnique(r)
}

// indexUnique adds r's values of the indexed fields. Entries are never
// removed: findBy checks every candidate against the live record, so a
// deleted record or a changed value only leaves a stale entry behind.
func (m *moduleSpec) indexUnique(r record) {
	for field, idx := range m.unique {
		if s, ok := r[field].(string); ok && s != "" {
			k := foldKey(s)
			idx[k] = append(idx[k], r)
		}
	}
}

// foldKey is a text value as unique fields compare it (case-insensitively).
func foldKey(s string) string { return strings.ToLower(s) }

func (c *crmState) findUser(idOrEmail string) *crmUser {
	if idOrEmail == "" && len(c.users) > 0 {
		return c.users[0]
	}
	for _, u := range c.users {
		if u.id == idOrEmail || strings.EqualFold(u.email, idOrEmail) {
			return u
		}
	}
	return nil
}

// userEmail names a user by email, or by id when the user is gone.
func (c *crmState) userEmail(id string) string {
	for _, u := range c.users {
		if u.id == id {
			return u.email
		}
	}
	return id
}

func (u *crmUser) ref() map[string]any {
	return map[string]any{"name": u.fullName, "id": u.id, "email": u.email}
}

type callerKey struct{}

// caller is who an authenticated CRM call comes from: the CRM user and
// the OAuth client whose token it carries (Zoho's limits are per user and
// app).
type caller struct{ userID, clientID string }

func contextWithCaller(ctx context.Context, c caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

func callerFrom(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c
}

func userFrom(ctx context.Context) string { return callerFrom(ctx).userID }

// Records returns a copy of a module's records in creation order, for tests
// and tools that check what a client did. Nil for an unknown module.
func (s *Server) Records(module string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.crm.module(module)
	if m == nil {
		return nil
	}
	out := make([]map[string]any, len(m.records))
	for i, r := range m.records {
		c := make(map[string]any, len(r))
		for k, v := range r {
			c[k] = v
		}
		out[i] = c
	}
	return out
}
