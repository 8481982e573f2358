package lua

import "math"

// A Lua 5.1 pattern matcher: a backtracking matcher that follows the
// semantics of Lua 5.1's lstrlib (match, max_expand, min_expand, captures,
// %b, %f, back-references) item by item, written from those semantics. It
// replaces gopher-lua's pm package, which compiles patterns to its own VM
// and differs from 5.1 in anchors, frontiers, captures and error messages.
//
// Unlike 5.1 it keeps the host in charge: a single match attempt has a step
// budget and a recursion limit (exponential backtracking ends with "pattern
// too complex" instead of running for minutes or overflowing the stack),
// and the state's context is polled so a cancelled run stops at once.

const (
	patEsc         = '%'
	patSpecials    = "^$*+?.([%-"
	maxCaptures    = 32
	capUnfinished  = -1
	capPosition    = -2
	ctxCheckPeriod = 1 << 12 // steps between two polls of the context
)

// A single match attempt (from one start position) may take
// patternMinSteps steps, plus patternStepsPerByte for each byte of the
// subject. Lua patterns have no nested repetition, so real patterns stay
// far below this; exponential backtracking reaches it within seconds.
var (
	patternMinSteps     = 10_000_000
	patternStepsPerByte = 100
)

// patternDepthLimit bounds the matcher's recursion (one level per pending
// repetition or capture), far above what real patterns use and well below
// what would exhaust the goroutine stack.
var patternDepthLimit = 200_000

type capture struct {
	init int // offset in the subject
	len  int // length, or capUnfinished / capPosition
}

type matchState struct {
	L       *LState
	src     string
	pat     string
	level   int
	capture [maxCaptures]capture
	steps   int // steps of the current attempt, against the budget
	budget  int // steps one attempt may take
	total   int // steps of every attempt, to poll the context
	depth   int
}

// newMatchState prepares a matcher for subject src and pattern pat. As in
// 5.1, where patterns are C strings, the pattern ends at its first '\0'.
func newMatchState(L *LState, src, pat string) *matchState {
	for i := 0; i < len(pat); i++ {
		if pat[i] == 0 {
			pat = pat[:i]
			break
		}
	}
	budget := patternMinSteps
	if len(src) < (math.MaxInt-budget)/patternStepsPerByte {
		budget += patternStepsPerByte * len(src)
	} else {
		budget = math.MaxInt
	}
	return &matchState{L: L, src: src, pat: pat, budget: budget}
}

// p returns the pattern byte at i, or 0 past its end (C's terminator).
func (ms *matchState) p(i int) byte {
	if i < len(ms.pat) {
		return ms.pat[i]
	}
	return 0
}

// s returns the subject byte at i, or 0 at its end (C's terminator).
func (ms *matchState) s(i int) byte {
	if i < len(ms.src) {
		return ms.src[i]
	}
	return 0
}

// reset starts a new match attempt.
func (ms *matchState) reset() {
	ms.level = 0
	ms.steps = 0
}

// step counts one step of the attempt and enforces the budget and the
// state's context.
func (ms *matchState) step() {
	ms.steps++
	ms.total++
	if ms.total%ctxCheckPeriod == 0 {
		checkContext(ms.L)
	}
	if ms.steps > ms.budget {
		ms.L.RaiseError("pattern too complex (more than %d steps to match at one position)", ms.budget)
	}
}

func (ms *matchState) checkCapture(l int) int {
	l -= '1'
	if l < 0 || l >= ms.level || ms.capture[l].len == capUnfinished {
		ms.L.RaiseError("invalid capture index")
	}
	return l
}

func (ms *matchState) captureToClose() int {
	for level := ms.level - 1; level >= 0; level-- {
		if ms.capture[level].len == capUnfinished {
			return level
		}
	}
	ms.L.RaiseError("invalid pattern capture")
	return 0
}

// classEnd returns the index just after the single-character class at p.
func (ms *matchState) classEnd(p int) int {
	c := ms.p(p)
	p++
	switch c {
	case patEsc:
		if p >= len(ms.pat) {
			ms.L.RaiseError("%s", "malformed pattern (ends with '%')")
		}
		return p + 1
	case '[':
		if ms.p(p) == '^' {
			p++
		}
		for { // look for a ']'; the first character is never the end
			if p >= len(ms.pat) {
				ms.L.RaiseError("malformed pattern (missing ']')")
			}
			c := ms.pat[p]
			p++
			if c == patEsc && p < len(ms.pat) {
				p++ // skip escapes such as "%]"
			}
			if ms.p(p) == ']' {
				break
			}
		}
		return p + 1
	default:
		return p
	}
}

// Character classes of the C locale, as 5.1's ctype calls see them.
func isAlpha(c byte) bool  { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLower(c byte) bool  { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isSpace(c byte) bool  { return c == ' ' || c >= '\t' && c <= '\r' }
func isCntrl(c byte) bool  { return c < 32 || c == 127 }
func isAlnum(c byte) bool  { return isAlpha(c) || isDigit(c) }
func isPunct(c byte) bool  { return c > 32 && c < 127 && !isAlnum(c) }
func isXDigit(c byte) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

func toLower(c byte) byte {
	if isUpper(c) {
		return c + 32
	}
	return c
}

func toUpper(c byte) byte {
	if isLower(c) {
		return c - 32
	}
	return c
}

// matchClass reports whether c is in class %cl (e.g. 'a', 'D'); any other
// cl stands for itself.
func matchClass(c, cl byte) bool {
	var res bool
	switch toLower(cl) {
	case 'a':
		res = isAlpha(c)
	case 'c':
		res = isCntrl(c)
	case 'd':
		res = isDigit(c)
	case 'l':
		res = isLower(c)
	case 'p':
		res = isPunct(c)
	case 's':
		res = isSpace(c)
	case 'u':
		res = isUpper(c)
	case 'w':
		res = isAlnum(c)
	case 'x':
		res = isXDigit(c)
	case 'z':
		res = c == 0
	default:
		return cl == c
	}
	if isLower(cl) {
		return res
	}
	return !res
}

// matchBracketClass matches c against the set [...] that starts at p and
// whose closing ']' is at ec.
func (ms *matchState) matchBracketClass(c byte, p, ec int) bool {
	sig := true
	if ms.p(p+1) == '^' {
		sig = false
		p++
	}
	for p++; p < ec; p++ {
		switch {
		case ms.pat[p] == patEsc:
			p++
			if matchClass(c, ms.p(p)) {
				return sig
			}
		case ms.p(p+1) == '-' && p+2 < ec:
			p += 2
			if ms.pat[p-2] <= c && c <= ms.pat[p] {
				return sig
			}
		case ms.pat[p] == c:
			return sig
		}
	}
	return !sig
}

// singleMatch matches the subject byte at s against the class at p..ep.
func (ms *matchState) singleMatch(s, p, ep int) bool {
	if s >= len(ms.src) {
		return false
	}
	c := ms.src[s]
	switch ms.pat[p] {
	case '.':
		return true
	case patEsc:
		return matchClass(c, ms.p(p+1))
	case '[':
		return ms.matchBracketClass(c, p, ep-1)
	default:
		return ms.pat[p] == c
	}
}

func (ms *matchState) matchBalance(s, p int) int {
	if p+1 >= len(ms.pat) {
		ms.L.RaiseError("unbalanced pattern")
	}
	if s >= len(ms.src) || ms.src[s] != ms.pat[p] {
		return -1
	}
	b, e := ms.pat[p], ms.pat[p+1]
	cont := 1
	for s++; s < len(ms.src); s++ {
		ms.step()
		switch ms.src[s] {
		case e:
			if cont--; cont == 0 {
				return s + 1
			}
		case b:
			cont++
		}
	}
	return -1
}

func (ms *matchState) maxExpand(s, p, ep int) int {
	i := 0
	for ms.singleMatch(s+i, p, ep) {
		ms.step()
		i++
	}
	for ; i >= 0; i-- { // try the longest run first, then shorter ones
		if res := ms.match(s+i, ep+1); res != -1 {
			return res
		}
	}
	return -1
}

func (ms *matchState) minExpand(s, p, ep int) int {
	for {
		if res := ms.match(s, ep+1); res != -1 {
			return res
		}
		if !ms.singleMatch(s, p, ep) {
			return -1
		}
		s++
	}
}

func (ms *matchState) startCapture(s, p, what int) int {
	level := ms.level
	if level >= maxCaptures {
		ms.L.RaiseError("too many captures")
	}
	ms.capture[level] = capture{init: s, len: what}
	ms.level = level + 1
	res := ms.match(s, p)
	if res == -1 {
		ms.level-- // undo the capture
	}
	return res
}

func (ms *matchState) endCapture(s, p int) int {
	l := ms.captureToClose()
	ms.capture[l].len = s - ms.capture[l].init
	res := ms.match(s, p)
	if res == -1 {
		ms.capture[l].len = capUnfinished
	}
	return res
}

func (ms *matchState) matchCapture(s int, l byte) int {
	i := ms.checkCapture(int(l))
	c := ms.capture[i]
	if len(ms.src)-s >= c.len && ms.src[c.init:c.init+c.len] == ms.src[s:s+c.len] {
		return s + c.len
	}
	return -1
}

// match matches the pattern from p against the subject from s and returns
// the end of the match, or -1.
func (ms *matchState) match(s, p int) int {
	if ms.depth++; ms.depth > patternDepthLimit {
		ms.L.RaiseError("pattern too complex (more than %d nested items)", patternDepthLimit)
	}
	res := ms.doMatch(s, p)
	ms.depth--
	return res
}

func (ms *matchState) doMatch(s, p int) int {
	for {
		ms.step()
		switch ms.p(p) {
		case '(':
			if ms.p(p+1) == ')' {
				return ms.startCapture(s, p+2, capPosition)
			}
			return ms.startCapture(s, p+1, capUnfinished)
		case ')':
			return ms.endCapture(s, p+1)
		case 0: // end of pattern (a '\0' ended it in newMatchState)
			return s
		case '$':
			if p+1 == len(ms.pat) {
				if s == len(ms.src) {
					return s
				}
				return -1
			}
		case patEsc:
			switch ms.p(p + 1) {
			case 'b':
				if s = ms.matchBalance(s, p+2); s == -1 {
					return -1
				}
				p += 4
				continue
			case 'f':
				p += 2
				if ms.p(p) != '[' {
					ms.L.RaiseError("%s", "missing '[' after '%f' in pattern")
				}
				ep := ms.classEnd(p)
				var prev byte
				if s > 0 {
					prev = ms.src[s-1]
				}
				if ms.matchBracketClass(prev, p, ep-1) || !ms.matchBracketClass(ms.s(s), p, ep-1) {
					return -1
				}
				p = ep
				continue
			default:
				if d := ms.p(p + 1); isDigit(d) {
					if s = ms.matchCapture(s, d); s == -1 {
						return -1
					}
					p += 2
					continue
				}
			}
		}
		// a single-character class, perhaps followed by a repetition
		ep := ms.classEnd(p)
		m := ms.singleMatch(s, p, ep)
		switch ms.p(ep) {
		case '?':
			if m {
				if res := ms.match(s+1, ep+1); res != -1 {
					return res
				}
			}
			p = ep + 1
		case '*':
			return ms.maxExpand(s, p, ep)
		case '+':
			if !m {
				return -1
			}
			return ms.maxExpand(s+1, p, ep)
		case '-':
			return ms.minExpand(s, p, ep)
		default:
			if !m {
				return -1
			}
			s++
			p = ep
		}
	}
}

// pushCapture pushes capture i of a match of src[s:e].
func (ms *matchState) pushCapture(i, s, e int) {
	ms.L.Push(ms.captureValue(i, s, e))
}

func (ms *matchState) captureValue(i, s, e int) LValue {
	if i >= ms.level {
		if i != 0 {
			ms.L.RaiseError("invalid capture index")
		}
		return LString(ms.src[s:e]) // the whole match
	}
	c := ms.capture[i]
	switch c.len {
	case capUnfinished:
		ms.L.RaiseError("unfinished capture")
	case capPosition:
		return LNumber(c.init + 1)
	}
	return LString(ms.src[c.init : c.init+c.len])
}

// pushCaptures pushes every capture, or the whole match src[s:e] when the
// pattern has none and wholeIfNone is set; it returns how many it pushed.
func (ms *matchState) pushCaptures(s, e int, wholeIfNone bool) int {
	n := ms.level
	if n == 0 && wholeIfNone {
		n = 1
	}
	for i := 0; i < n; i++ {
		ms.pushCapture(i, s, e)
	}
	return n
}

// checkContext raises the context's error once the state's run has been
// cancelled (timeout, Ctrl-C, SIGTERM), so long library calls stop too.
func checkContext(L *LState) {
	if L.ctx == nil {
		return
	}
	select {
	case <-L.ctx.Done():
		L.raiseContextError()
	default:
	}
}
