package crmsim

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// echoServer answers each line with the same line, as a request/response
// server would: every exchange is one turn each way.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				r := bufio.NewReader(c)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					c.Write([]byte(line))
				}
			}()
		}
	}()
	return ln.Addr().String()
}

func startProxy(t *testing.T, target string, f TCPFaults) *TCPProxy {
	t.Helper()
	p := NewTCPProxy(target, f)
	if err := p.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// converse opens conns connections one after another and makes up to
// exchanges round trips on each, moving on at the first failure. It
// returns one letter per round trip: o answered intact, x failed.
func converse(t *testing.T, addr string, conns, exchanges int) string {
	t.Helper()
	var b strings.Builder
	for i := range conns {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			// A refusal resets the connection as soon as it is accepted;
			// on a busy machine the reset can reach the dial itself.
			b.WriteString("x ")
			continue
		}
		c.SetDeadline(time.Now().Add(time.Minute)) // a safety net, not an assertion
		r := bufio.NewReader(c)
		for j := range exchanges {
			msg := fmt.Sprintf("ping %d.%d\n", i, j)
			_, err := c.Write([]byte(msg))
			var got string
			if err == nil {
				got, err = r.ReadString('\n')
			}
			if err != nil {
				b.WriteByte('x')
				break
			}
			if got != msg {
				t.Fatalf("sent %q, got back %q", msg, got)
			}
			b.WriteByte('o')
		}
		c.Close()
		b.WriteByte(' ')
	}
	return b.String()
}

func TestTCPProxyFaultsAreDeterministicUnderASeed(t *testing.T) {
	target := echoServer(t)
	run := func() (string, TCPStats) {
		p := startProxy(t, target, TCPFaults{Seed: 7, Drop: 0.05, Refuse: 0.2})
		return converse(t, p.Addr(), 40, 8), p.Stats()
	}
	a, statsA := run()
	b, statsB := run()
	if a != b || statsA != statsB {
		t.Fatalf("the same seed gave\n%s %+v\n%s %+v", a, statsA, b, statsB)
	}
	if statsA.Refused == 0 || statsA.Dropped == 0 || !strings.Contains(a, "oooooooo") {
		t.Fatalf("faults drawn: %+v; pattern %s", statsA, a)
	}
	// Every failed conversation is a fault the proxy counted, and no
	// fault went unnoticed.
	if failed := strings.Count(a, "x"); failed != statsA.Refused+statsA.Dropped || statsA.Accepted != 40 {
		t.Fatalf("%d conversations failed; proxy stats %+v", failed, statsA)
	}
	other := startProxy(t, target, TCPFaults{Seed: 8, Drop: 0.05, Refuse: 0.2})
	if converse(t, other.Addr(), 40, 8) == a {
		t.Error("another seed gave the same faults")
	}
}

func TestTCPProxySchedule(t *testing.T) {
	p := startProxy(t, echoServer(t), TCPFaults{DownFrom: 2, DownTo: 3, DropEvery: 3})
	// Connection 1: turns 1-2 answered, turn 3 (the second request) dropped.
	// 2 and 3 refused. 4: turns 4-5 answered, 6 dropped. 5: 7-8, 9 dropped.
	if got, want := converse(t, p.Addr(), 5, 4), "ox x x ox ox "; got != want {
		t.Fatalf("pattern %q, want %q", got, want)
	}
	if st := p.Stats(); st != (TCPStats{Accepted: 5, Refused: 2, Dropped: 3, Turns: 9}) {
		t.Fatalf("stats %+v", st)
	}
	p.Inject(TCPFaults{})
	if got := converse(t, p.Addr(), 2, 3); got != "ooo ooo " {
		t.Fatalf("without faults: %q", got)
	}
}

func TestTCPProxyDownAndUpOnTheSameAddress(t *testing.T) {
	p := startProxy(t, echoServer(t), TCPFaults{})
	addr := p.Addr()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p.Down()
	if _, err := bufio.NewReader(c).ReadString('\n'); err == nil {
		t.Fatal("a connection survived Down")
	}
	if c2, err := net.Dial("tcp", addr); err == nil {
		c2.Close()
		t.Fatal("a new connection was accepted while down")
	}
	if err := p.Up(); err != nil {
		t.Fatal(err)
	}
	if p.Addr() != addr {
		t.Fatalf("back on %s, was %s", p.Addr(), addr)
	}
	if got := converse(t, addr, 1, 2); got != "oo " {
		t.Fatalf("after Up: %q", got)
	}
}
