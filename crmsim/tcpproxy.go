package crmsim

import (
	"errors"
	"math/rand/v2"
	"net"
	"sync"
)

// TCPFaults are the failures a TCPProxy injects. Which connection is
// refused and which turn is dropped depends only on Seed and their
// sequence numbers, so a run whose client talks over one connection at a
// time is replayed exactly.
type TCPFaults struct {
	Seed        uint64
	Drop        float64 // share of turns at which the connection is reset instead
	DropEvery   int     // or: reset at every Nth turn
	Refuse      float64 // share of new connections reset at once
	RefuseEvery int     // or: refuse every Nth connection
	// DownFrom..DownTo (1-based, inclusive) are connections refused in a
	// row: the server is down for a while, then back.
	DownFrom, DownTo int
}

// TCPStats count what a TCPProxy did, for tests and rehearsals to check.
type TCPStats struct {
	Accepted int // connections accepted, refused ones included
	Refused  int // connections reset before reaching the target
	Dropped  int // connections reset mid-conversation by a fault
	Turns    int // turns seen (see TCPProxy)
}

// TCPProxy stands between a client and a TCP server, such as the MySQL
// token store, and makes the server go away the way it does in production:
// new connections are reset before the handshake, live ones are reset in
// the middle of a conversation, or the whole server is down (Down) and
// comes back on the same address (Up). It lives in crmsim, beside the
// HTTP faults, so that `zcrmrun sandbox --faults mysql=...` and the tests
// of the token stores share one implementation.
//
// Faults are drawn per turn, not per read: a turn is a run of bytes in
// one direction, ended by bytes in the other. Reads split as the kernel
// pleases, but a request/response protocol like MySQL's takes the same
// turns every time. A turn from the client is dropped before the server
// sees it; a turn from the server is dropped after the server did the
// work, so the client cannot tell whether a COMMIT happened.
type TCPProxy struct {
	target string

	mu     sync.Mutex
	faults TCPFaults
	stats  TCPStats
	addr   string
	ln     net.Listener
	conns  map[*proxiedConn]bool
	closed bool
	wg     sync.WaitGroup
}

// proxiedConn is one client connection and its connection to the target.
type proxiedConn struct {
	client, server net.Conn
	last           int // direction of the turn in progress: 0 none, 1 to server, 2 to client
}

// NewTCPProxy returns a proxy to target (host:port) injecting f; Start
// makes it listen.
func NewTCPProxy(target string, f TCPFaults) *TCPProxy {
	return &TCPProxy{target: target, faults: f, conns: map[*proxiedConn]bool{}}
}

// Start listens on addr (such as 127.0.0.1:0) and forwards to the target.
func (p *TCPProxy) Start(addr string) error {
	p.mu.Lock()
	p.addr = addr
	p.mu.Unlock()
	return p.Up()
}

// Addr is the host:port clients connect to.
func (p *TCPProxy) Addr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addr
}

// Inject replaces the faults and restarts their sequence, so a test can
// set up through a healthy proxy and then turn the faults on.
func (p *TCPProxy) Inject(f TCPFaults) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = f
	p.stats = TCPStats{}
}

// Stats returns the counts since Start or the last Inject.
func (p *TCPProxy) Stats() TCPStats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

// Up listens again on the same address after Down.
func (p *TCPProxy) Up() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("tcp proxy: closed")
	}
	if p.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.ln, p.addr = ln, ln.Addr().String()
	p.wg.Add(1)
	go p.accept(ln)
	return nil
}

// Down resets every connection and stops listening, so new connections
// are refused by the kernel: the server has gone away.
func (p *TCPProxy) Down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		resetConn(c.client)
		resetConn(c.server)
	}
}

// Close is Down for good; it returns once the proxy's goroutines ended.
func (p *TCPProxy) Close() error {
	p.Down()
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.wg.Wait()
	return nil
}

func (p *TCPProxy) accept(ln net.Listener) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		if p.refuse() {
			resetConn(c)
			continue
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			resetConn(c) // the target itself is down: the client sees the same
			continue
		}
		pc := &proxiedConn{client: c, server: s}
		p.mu.Lock()
		if p.ln != ln { // Down ran meanwhile
			p.mu.Unlock()
			resetConn(c)
			resetConn(s)
			continue
		}
		p.conns[pc] = true
		p.wg.Add(2)
		p.mu.Unlock()
		go p.pump(pc, c, s, 1)
		go p.pump(pc, s, c, 2)
	}
}

// refuse counts a new connection and draws whether it is refused.
func (p *TCPProxy) refuse() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Accepted++
	n, f := p.stats.Accepted, p.faults
	rng := rand.New(rand.NewPCG(f.Seed, uint64(n)<<1|1))
	refused := (f.DownFrom > 0 && n >= f.DownFrom && n <= max(f.DownTo, f.DownFrom)) ||
		(f.RefuseEvery > 0 && n%f.RefuseEvery == 0) ||
		(f.Refuse > 0 && rng.Float64() < f.Refuse)
	if refused {
		p.stats.Refused++
	}
	return refused
}

// drop notes bytes going in direction dir on pc and draws, when they
// begin a turn, whether the connection is reset instead.
func (p *TCPProxy) drop(pc *proxiedConn, dir int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pc.last == dir {
		return false
	}
	pc.last = dir
	p.stats.Turns++
	n, f := p.stats.Turns, p.faults
	rng := rand.New(rand.NewPCG(f.Seed, uint64(n)<<1))
	dropped := (f.DropEvery > 0 && n%f.DropEvery == 0) || (f.Drop > 0 && rng.Float64() < f.Drop)
	if dropped {
		p.stats.Dropped++
	}
	return dropped
}

// pump copies from one side to the other until either fails or a fault
// drops the connection; then both sides are gone.
func (p *TCPProxy) pump(pc *proxiedConn, from, to net.Conn, dir int) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		n, err := from.Read(buf)
		if n > 0 {
			if p.drop(pc, dir) {
				break
			}
			if _, werr := to.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	resetConn(from)
	resetConn(to)
	p.mu.Lock()
	delete(p.conns, pc)
	p.mu.Unlock()
}

// resetConn closes c with a TCP RST, as a crashed server or proxy does.
func resetConn(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}
