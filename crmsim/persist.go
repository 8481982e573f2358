package crmsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zcrmrun/zcrmrun/atomicfile"
)

// stateVersion is written into every state file; LoadState refuses others
// rather than guess at a layout it does not know.
const stateVersion = 1

// stateFile is the on-disk form of an emulator: what a user would be upset
// to lose on restart. Grant codes (single use, minutes long) and counters
// are left out.
type stateFile struct {
	Version int               `json:"crmsim_state_version"`
	NextID  uint64            `json:"next_id"`
	Org     stateOrg          `json:"org"`
	Users   []stateUser       `json:"users"`
	Modules []stateModule     `json:"modules"`
	Clients []stateClient     `json:"clients"`
	Refresh []stateRefresh    `json:"refresh_tokens"`
	Access  []stateAccess     `json:"access_tokens"`
	Meta    map[string]string `json:"meta,omitempty"`
	SavedAt time.Time         `json:"saved_at"`

	Attachments []stateAttachment `json:"attachments,omitempty"`
	Links       []stateLink       `json:"links,omitempty"` // relations made by link
	Photos      []statePhoto      `json:"photos,omitempty"`
}

// stateAttachment is a stored attachment; Data is base64 in the file.
// stateLink is one direction of a relation made by link.
type stateLink struct {
	Module    string `json:"module"`
	ID        string `json:"id"`
	Related   string `json:"related"`
	RelatedID string `json:"related_id"`
}

type stateAttachment struct {
	Meta        record `json:"meta"`
	ParentID    string `json:"parent_id"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"` // nil for a link
}

type statePhoto struct {
	RecordID    string `json:"record_id"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

type stateOrg struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
}

type stateUser struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	FullName string `json:"full_name"`
	Role     string `json:"role"`
	Profile  string `json:"profile"`
	Active   bool   `json:"active"`
}

// stateModule keeps a module's metadata as well as its records, so a
// module the code does not define (one a client created) survives too.
type stateModule struct {
	ID           string      `json:"id"`
	APIName      string      `json:"api_name"`
	Singular     string      `json:"singular_label"`
	Plural       string      `json:"plural_label"`
	APISupported bool        `json:"api_supported"`
	Fields       []fieldSpec `json:"fields"`
	Records      []record    `json:"records"`
	Deleted      []record    `json:"deleted,omitempty"` // the recycle bin
}

type stateClient struct {
	ID     string `json:"client_id"`
	Secret string `json:"client_secret"`
}

type stateRefresh struct {
	Token    string `json:"refresh_token"`
	ClientID string `json:"client_id"`
	UserID   string `json:"user_id"`
	Scope    string `json:"scope"`
}

type stateAccess struct {
	Token   string    `json:"access_token"`
	Refresh string    `json:"refresh_token"`
	UserID  string    `json:"user_id"`
	Expires time.Time `json:"expires"`
}

// SetMeta records a note that travels with the saved state, such as which
// client and refresh token a sandbox handed out.
func (s *Server) SetMeta(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.meta == nil {
		s.meta = map[string]string{}
	}
	s.meta[key] = value
}

// Meta returns a note set by SetMeta or loaded by LoadState.
func (s *Server) Meta(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.meta[key]
}

// ClientSecret returns a registered client's secret.
func (s *Server) ClientSecret(clientID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.accounts.clients[clientID]
	if !ok {
		return "", false
	}
	return c.secret, true
}

// HasRefreshToken says whether refresh is a live refresh token of clientID.
func (s *Server) HasRefreshToken(clientID, refresh string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	rt, ok := s.accounts.refresh[refresh]
	return ok && rt.clientID == clientID
}

func (s *Server) snapshotLocked() *stateFile {
	c := s.crm
	st := &stateFile{
		Version: stateVersion,
		NextID:  c.nextID,
		Org:     stateOrg{ID: c.orgID, Name: c.orgName, Timezone: c.timezone},
		Meta:    s.meta,
		SavedAt: s.now().UTC(),
	}
	for _, u := range c.users {
		st.Users = append(st.Users, stateUser{u.id, u.email, u.fullName, u.role, u.profile, u.active})
	}
	for _, m := range c.modules {
		st.Modules = append(st.Modules, stateModule{
			ID: m.ID, APIName: m.APIName, Singular: m.Singular, Plural: m.Plural,
			APISupported: m.apiSupported, Fields: m.Fields, Records: m.records, Deleted: m.deleted,
		})
	}
	for k := range c.links {
		st.Links = append(st.Links, stateLink{k.module, k.id, k.related, k.relatedID})
	}
	slices.SortFunc(st.Links, func(a, b stateLink) int { // a stable file for stable diffs
		return strings.Compare(a.Module+"/"+a.ID+"/"+a.Related+"/"+a.RelatedID, b.Module+"/"+b.ID+"/"+b.Related+"/"+b.RelatedID)
	})
	for _, a := range c.files.attachments {
		st.Attachments = append(st.Attachments, stateAttachment{a.meta, a.parentID, a.contentType, a.data})
	}
	for id, p := range c.files.photos {
		st.Photos = append(st.Photos, statePhoto{id, p.contentType, p.data})
	}
	for _, cl := range s.accounts.clients {
		st.Clients = append(st.Clients, stateClient{cl.id, cl.secret})
	}
	for tok, rt := range s.accounts.refresh {
		st.Refresh = append(st.Refresh, stateRefresh{tok, rt.clientID, rt.userID, rt.scope})
	}
	now := s.now()
	for tok, at := range s.accounts.access {
		if at.expires.After(now) {
			st.Access = append(st.Access, stateAccess{tok, at.refresh, at.userID, at.expires})
		}
	}
	return st
}

// SaveState writes the emulator's data to path as JSON, replacing the file
// atomically so a crash leaves the old state or the new one. The file holds
// the emulator's client secrets and tokens, so it is private (0600).
func (s *Server) SaveState(path string) error {
	s.mu.Lock()
	b, err := json.Marshal(s.snapshotLocked())
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("crmsim state %s: %w", path, err)
	}
	if err := atomicfile.Write(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("crmsim state %s: %w", path, err)
	}
	return nil
}

// LoadState replaces the emulator's data with what SaveState wrote to
// path. A missing file gives an error satisfying errors.Is(err,
// os.ErrNotExist), so callers can seed instead; any other failure names the
// file and leaves the emulator as it was.
func (s *Server) LoadState(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("crmsim state: %w", err)
	}
	var st stateFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // then restoreNumbers: integers stay exact int64s
	if err := dec.Decode(&st); err != nil {
		return fmt.Errorf("crmsim state %s is not a readable state file (%v); move it away to start afresh", path, err)
	}
	if st.Version != stateVersion {
		return fmt.Errorf("crmsim state %s: version %d, want %d; move it away to start afresh", path, st.Version, stateVersion)
	}
	c := newCRMState()
	c.nextID = st.NextID
	c.orgID, c.orgName, c.timezone = st.Org.ID, st.Org.Name, st.Org.Timezone
	for _, u := range st.Users {
		c.users = append(c.users, &crmUser{id: u.ID, email: u.Email, fullName: u.FullName, role: u.Role, profile: u.Profile, active: u.Active})
	}
	// Modules the code defines take their metadata from the code, so a
	// newer zcrmrun serves newer metadata over old records.
	known := map[string]*moduleSpec{}
	for _, m := range standardModules() {
		known[m.APIName] = m
	}
	for _, sm := range st.Modules {
		m := known[sm.APIName]
		if m == nil {
			m = &moduleSpec{ID: sm.ID, APIName: sm.APIName, Singular: sm.Singular, Plural: sm.Plural, apiSupported: sm.APISupported, Fields: sm.Fields}
		}
		delete(known, sm.APIName)
		c.addModule(m)
		for i, r := range sm.Records {
			if _, ok := r["id"].(string); !ok {
				return fmt.Errorf("crmsim state %s: module %s record %d has no string id", path, sm.APIName, i)
			}
			m.insert(restoreNumbers(r).(record))
		}
		for _, d := range sm.Deleted {
			m.deleted = append(m.deleted, restoreNumbers(d).(record))
		}
	}
	for _, l := range st.Links {
		c.links[linkKey{l.Module, l.ID, l.Related, l.RelatedID}] = true
	}
	for _, m := range standardModules() {
		if known[m.APIName] != nil {
			c.addModule(m)
		}
	}
	for _, sa := range st.Attachments {
		c.files.attachments = append(c.files.attachments, &attachment{meta: restoreNumbers(sa.Meta).(record), parentID: sa.ParentID, contentType: sa.ContentType, data: sa.Data})
	}
	for _, sp := range st.Photos {
		if c.files.photos == nil {
			c.files.photos = map[string]*photo{}
		}
		c.files.photos[sp.RecordID] = &photo{contentType: sp.ContentType, data: sp.Data}
	}
	var a accountsState
	a.init()
	for _, cl := range st.Clients {
		a.clients[cl.ID] = &oauthClient{id: cl.ID, secret: cl.Secret}
	}
	for _, rt := range st.Refresh {
		a.refresh[rt.Token] = &refreshToken{clientID: rt.ClientID, userID: rt.UserID, scope: rt.Scope}
	}
	// Oldest first, so each refresh token's live list is in mint order for
	// the 15-live-token limit.
	slices.SortFunc(st.Access, func(x, y stateAccess) int { return x.Expires.Compare(y.Expires) })
	for _, at := range st.Access {
		if rt, ok := a.refresh[at.Refresh]; ok {
			a.access[at.Token] = &accessToken{refresh: at.Refresh, userID: at.UserID, expires: at.Expires}
			rt.live = append(rt.live, at.Token)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.crm, s.accounts, s.meta = c, a, st.Meta
	return nil
}

// restoreNumbers turns the json.Numbers of a loaded record into int64
// where they are integers and float64 otherwise, the types records hold
// when they are created.
func restoreNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		if i, err := t.Int64(); err == nil {
			return i
		}
		f, _ := t.Float64()
		return f
	case record:
		for k, x := range t {
			t[k] = restoreNumbers(x)
		}
	case map[string]any:
		for k, x := range t {
			t[k] = restoreNumbers(x)
		}
	case []any:
		for i, x := range t {
			t[i] = restoreNumbers(x)
		}
	}
	return v
}

// trackWrites counts requests that may change data, so Persist knows when
// there is something to save. Over-counting (a failed POST) only costs a
// redundant save.
func (s *Server) trackWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			s.writes.Add(1)
		}
	})
}

// persister saves a Server's state in the background.
type persister struct {
	path     string
	done     chan struct{}
	wg       sync.WaitGroup
	save     func() error
	stopOnce sync.Once
	stopErr  error
}

// Persist saves the state to path every interval while requests have
// changed it, and once more on Close, so a restart with LoadState(path)
// resumes where this run stopped. Call it at most once.
func (s *Server) Persist(path string, interval time.Duration) {
	if interval <= 0 {
		interval = time.Second
	}
	p := &persister{path: path, done: make(chan struct{})}
	var saved uint64
	p.save = func() error {
		gen := s.writes.Load()
		if err := s.SaveState(path); err != nil {
			return err
		}
		saved = gen
		return nil
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				if s.writes.Load() != saved {
					_ = p.save() // retried next tick; Close reports a final failure
				}
			}
		}
	}()
	s.persist = p
}

// stop ends the background saves and writes the final state.
func (p *persister) stop() error {
	p.stopOnce.Do(func() {
		close(p.done)
		p.wg.Wait()
		p.stopErr = p.save()
	})
	return p.stopErr
}
