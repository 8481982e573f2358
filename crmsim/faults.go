package crmsim

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is one kind of injected failure.
type Fault string

// The faults a Faults spec can draw from. "before" faults never reach the
// CRM handler; "after" faults apply the call (a write happens) and then
// lose or damage the reply, which is what makes retries of writes unsafe.
const (
	Fault429         Fault = "429"          // 429 TOO_MANY_REQUESTS, not applied
	Fault500         Fault = "500"          // 500 INTERNAL_ERROR JSON, not applied
	Fault502         Fault = "502"          // 502 HTML page from a proxy, not applied
	Fault503         Fault = "503"          // 503 HTML page from a proxy, not applied
	FaultResetBefore Fault = "reset-before" // connection reset before the call is read
	FaultResetAfter  Fault = "reset-after"  // call applied, then the connection is reset
	FaultSlow        Fault = "slow"         // applied after a delay (Faults.Slow)
	FaultHang        Fault = "hang"         // no reply at all until the client gives up
	FaultTruncate    Fault = "truncate"     // call applied, reply cut off halfway
	FaultHTML        Fault = "html"         // 200 with an HTML body, not applied
)

var allFaults = []Fault{Fault429, Fault500, Fault502, Fault503, FaultResetBefore, FaultResetAfter, FaultSlow, FaultHang, FaultTruncate, FaultHTML}

// Faults injects failures into CRM calls and token requests. Which call
// gets which fault depends only on Seed and the call's sequence number, so
// a run can be replayed.
type Faults struct {
	Seed        uint64
	Rate        float64       // share of CRM calls faulted, 0..1
	Every       int           // or: fault every Nth CRM call
	Kinds       []Fault       // drawn from uniformly; default all
	TokenOutage float64       // share of token requests answered 503
	Slow        time.Duration // delay of FaultSlow; default 2s
	// MySQL, when set, is the host:port of a MySQL server that `zcrmrun
	// sandbox` puts behind a TCPProxy injecting MySQLFaults, for a token
	// store's DSN to point at.
	MySQL       string
	MySQLFaults TCPFaults
}

// ParseFaults reads a spec such as
// "rate=0.2,seed=7,kinds=429|500|reset-after,token-outage=0.1,slow=3s"
// or "mysql=127.0.0.1:3306,mysql-drop=0.3,mysql-down=5-8,seed=7".
func ParseFaults(spec string) (f Faults, err error) {
	defer func() {
		if err == nil {
			err = f.checkMySQL()
		}
		f.MySQLFaults.Seed = f.Seed
	}()
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return f, fmt.Errorf("fault spec %q: want key=value", part)
		}
		var err error
		switch k {
		case "rate":
			f.Rate, err = parseShare(v)
		case "token-outage":
			f.TokenOutage, err = parseShare(v)
		case "seed":
			f.Seed, err = strconv.ParseUint(v, 10, 64)
		case "every":
			f.Every, err = strconv.Atoi(v)
		case "slow":
			f.Slow, err = time.ParseDuration(v)
		case "mysql":
			f.MySQL, err = v, checkHostPort(v)
		case "mysql-drop":
			f.MySQLFaults.Drop, err = parseShare(v)
		case "mysql-drop-every":
			f.MySQLFaults.DropEvery, err = parseCount(v)
		case "mysql-refuse":
			f.MySQLFaults.Refuse, err = parseShare(v)
		case "mysql-refuse-every":
			f.MySQLFaults.RefuseEvery, err = parseCount(v)
		case "mysql-down":
			f.MySQLFaults.DownFrom, f.MySQLFaults.DownTo, err = parseRange(v)
		case "kinds":
			for _, name := range strings.Split(v, "|") {
				kind := Fault(name)
				known := false
				for _, a := range allFaults {
					known = known || a == kind
				}
				if !known {
					return f, fmt.Errorf("fault spec: unknown fault %q (known: %s)", name, faultNames())
				}
				f.Kinds = append(f.Kinds, kind)
			}
		default:
			return f, fmt.Errorf("fault spec: unknown key %q (known: rate, every, seed, kinds, token-outage, slow, %s)", k, strings.Join(mysqlKeys, ", "))
		}
		if err != nil {
			return f, fmt.Errorf("fault spec %s: %q is not valid%s", k, v, specValueForms[k])
		}
	}
	return f, nil
}

// mysqlKeys are the keys of the MySQL proxy's faults.
var mysqlKeys = []string{"mysql", "mysql-drop", "mysql-drop-every", "mysql-refuse", "mysql-refuse-every", "mysql-down"}

// specValueForms says what a key takes where the value's form is not obvious.
var specValueForms = map[string]string{
	"rate":               shareForm,
	"token-outage":       shareForm,
	"mysql-drop":         shareForm,
	"mysql-refuse":       shareForm,
	"seed":               " (want a whole number, 0 or more)",
	"every":              " (want a whole number N: every Nth call)",
	"slow":               " (want a duration such as 3s)",
	"mysql-drop-every":   " (want a whole number N, 1 or more: every Nth turn)",
	"mysql-refuse-every": " (want a whole number N, 1 or more: every Nth connection)",
	"mysql":              " (want HOST:PORT of the MySQL server to put behind the proxy)",
	"mysql-down":         " (want K-L: connections K to L, counted from 1, are refused)",
}

const shareForm = " (want a share from 0 to 1, such as 0.2 or 20%)"

// checkMySQL refuses MySQL faults without a server to put them in front of.
func (f Faults) checkMySQL() error {
	if f.MySQL == "" && f.MySQLFaults != (TCPFaults{}) {
		return errors.New("fault spec: mysql-* faults need mysql=HOST:PORT, the MySQL server to put behind the proxy")
	}
	return nil
}

func checkHostPort(v string) error {
	host, port, err := net.SplitHostPort(v)
	if err == nil && host == "" {
		err = errors.New("no host")
	}
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	return err
}

func parseCount(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err == nil && n < 1 {
		err = errors.New("out of range")
	}
	return n, err
}

// parseRange reads "K-L" or "K", with 1 <= K <= L.
func parseRange(v string) (from, to int, err error) {
	a, b, isRange := strings.Cut(v, "-")
	if from, err = parseCount(a); err != nil {
		return 0, 0, err
	}
	to = from
	if isRange {
		if to, err = parseCount(b); err == nil && to < from {
			err = errors.New("empty range")
		}
	}
	return from, to, err
}

func parseShare(v string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
	if strings.HasSuffix(v, "%") {
		x /= 100
	}
	if err == nil && !(x >= 0 && x <= 1) { // NaN too
		err = fmt.Errorf("out of range")
	}
	return x, err
}

func faultNames() string {
	names := make([]string, len(allFaults))
	for i, f := range allFaults {
		names[i] = string(f)
	}
	return strings.Join(names, ", ")
}

// injector decides and applies faults.
type injector struct {
	mu       sync.Mutex
	calls    uint64 // CRM calls seen
	tokens   uint64 // token calls seen
	injected map[Fault]int
	closing  chan struct{} // closed by Server.Close: releases hung calls
	spec     Faults        // Options.Faults, or what InjectFaults set
}

// InjectFaults replaces the faults being injected (the zero Faults stops
// them) and restarts their sequence, so that a sandbox can finish its
// own set-up, such as the grant exchange, before the faults begin.
func (s *Server) InjectFaults(f Faults) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.spec = f
	s.faults.calls, s.faults.tokens = 0, 0
}

func (in *injector) active() Faults {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.spec
}

// InjectedFaults counts the faults injected so far, by kind.
func (s *Server) InjectedFaults() map[Fault]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make(map[Fault]int, len(s.faults.injected))
	for k, v := range s.faults.injected {
		out[k] = v
	}
	return out
}

// draw returns the fault for the next call, or "".
func (s *Server) draw(token bool) Fault {
	in := &s.faults
	in.mu.Lock()
	defer in.mu.Unlock()
	f := in.spec
	var n uint64
	if token {
		in.tokens++
		n = in.tokens
	} else {
		in.calls++
		n = in.calls
	}
	rng := rand.New(rand.NewPCG(f.Seed, n<<1|boolBit(token)))
	var kind Fault
	switch {
	case token:
		if f.TokenOutage > 0 && rng.Float64() < f.TokenOutage {
			kind = Fault503
		}
	case f.Every > 0:
		if n%uint64(f.Every) == 0 {
			kind = pickFault(rng, f.Kinds)
		}
	case f.Rate > 0 && rng.Float64() < f.Rate:
		kind = pickFault(rng, f.Kinds)
	}
	if kind != "" {
		if in.injected == nil {
			in.injected = map[Fault]int{}
		}
		in.injected[kind]++
	}
	return kind
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func pickFault(rng *rand.Rand, kinds []Fault) Fault {
	if len(kinds) == 0 {
		kinds = allFaults
	}
	return kinds[rng.IntN(len(kinds))]
}

// faulty wraps the whole handler; control endpoints are never faulted.
func (s *Server) faulty(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f := s.faults.active(); f.Rate == 0 && f.Every == 0 && f.TokenOutage == 0 {
			next.ServeHTTP(w, r)
			return
		}
		var kind Fault
		switch {
		case strings.HasPrefix(r.URL.Path, "/crm/"):
			kind = s.draw(false)
		case strings.HasPrefix(r.URL.Path, "/oauth/"):
			kind = s.draw(true)
		}
		s.inject(kind, w, r, next)
	})
}

const proxyPage = "<html><head><title>%d %s</title></head><body><h1>%d %s</h1><hr><center>nginx</center></body></html>\n"

func (s *Server) inject(kind Fault, w http.ResponseWriter, r *http.Request, next http.Handler) {
	switch kind {
	case "":
		next.ServeHTTP(w, r)
	case Fault429:
		tooMany(w)
	case Fault500:
		writeError(w, http.StatusInternalServerError, "INTERNAL_ERROR", "Internal Server Error", nil)
	case Fault502, Fault503:
		code := 502
		if kind == Fault503 {
			code = 503
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, proxyPage, code, http.StatusText(code), code, http.StatusText(code))
	case FaultHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!DOCTYPE html><html><body><p>Please sign in to continue.</p></body></html>\n")
	case FaultSlow:
		d := s.faults.active().Slow
		if d <= 0 {
			d = 2 * time.Second
		}
		select {
		case <-time.After(d):
			next.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	case FaultResetBefore:
		reset(w)
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-s.faults.closing:
		}
	case FaultResetAfter, FaultTruncate:
		rec := &bufferedReply{header: http.Header{}, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if kind == FaultResetAfter {
			reset(w)
			return
		}
		conn, bw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		fmt.Fprintf(bw, "HTTP/1.1 %d %s\r\n", rec.status, http.StatusText(rec.status))
		rec.header.Set("Content-Length", strconv.Itoa(rec.body.Len()))
		rec.header.Set("Connection", "close")
		keys := make([]string, 0, len(rec.header))
		for k := range rec.header {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(bw, "%s: %s\r\n", k, rec.header.Get(k))
		}
		bw.WriteString("\r\n")
		bw.Write(rec.body.Bytes()[:rec.body.Len()/2])
		bw.Flush()
	}
}

// reset drops the connection with a TCP RST, as a crashed proxy does.
func reset(w http.ResponseWriter) {
	if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
		resetConn(conn)
	}
}

// bufferedReply records a handler's reply so a fault can damage it.
type bufferedReply struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedReply) Header() http.Header         { return b.header }
func (b *bufferedReply) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedReply) WriteHeader(code int)        { b.status = code }
