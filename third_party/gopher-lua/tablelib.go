package lua

import (
	"strings"
)

func OpenTable(L *LState) int {
	tabmod := L.RegisterModule(TabLibName, tableFuncs)
	L.Push(tabmod)
	return 1
}

var tableFuncs = map[string]LGFunction{
	"getn":     tableGetN,
	"concat":   tableConcat,
	"foreach":  tableForEach,
	"foreachi": tableForEachI,
	"insert":   tableInsert,
	"maxn":     tableMaxN,
	"remove":   tableRemove,
	"setn":     tableSetN,
	"sort":     tableSort,
}

// tableSort is Lua 5.1's table.sort: the same quicksort, so that the
// comparator sees the same calls in the same order, an inconsistent one
// raises "invalid order function for sorting" exactly where 5.1 does, and
// errors raised by the comparator or by '<' propagate.
func tableSort(L *LState) int {
	tbl := L.CheckTable(1)
	var fn LValue
	if L.Get(2) != LNil {
		fn = L.CheckFunction(2)
	}
	s := &tableSorter{L: L, tbl: tbl, fn: fn}
	s.sort(1, tbl.Len())
	return 0
}

type tableSorter struct {
	L     *LState
	tbl   *LTable
	fn    LValue // comparator; nil sorts with '<'
	steps int
}

func (s *tableSorter) get(i int) LValue { return s.tbl.RawGetInt(i) }

func (s *tableSorter) set(i int, v LValue) { s.tbl.RawSetInt(i, v) }

// less is sort_comp: the comparator's truth, or a < b.
func (s *tableSorter) less(a, b LValue) bool {
	if s.steps++; s.steps%libCheckEvery == 0 {
		libCheckContext(s.L)
	}
	if s.fn == nil {
		return s.L.LessThan(a, b)
	}
	L := s.L
	L.Push(s.fn)
	L.Push(a)
	L.Push(b)
	L.Call(2, 1)
	return LVAsBool(L.reg.Pop())
}

func (s *tableSorter) invalidOrder() {
	s.L.RaiseError("invalid order function for sorting")
}

// sort orders a[l..u]: median of three as pivot, partition, recurse into
// the smaller half and loop on the larger.
func (s *tableSorter) sort(l, u int) {
	for l < u {
		// order a[l], a[(l+u)/2], a[u]
		if al, au := s.get(l), s.get(u); s.less(au, al) {
			s.set(l, au)
			s.set(u, al)
		}
		if u-l == 1 {
			return
		}
		i := (l + u) / 2
		if ai, al := s.get(i), s.get(l); s.less(ai, al) {
			s.set(i, al)
			s.set(l, ai)
		} else if au := s.get(u); s.less(au, ai) {
			s.set(i, au)
			s.set(u, ai)
		}
		if u-l == 2 {
			return
		}
		// the pivot goes to u-1; a[l] <= P == a[u-1] <= a[u]
		p := s.get(i)
		s.set(i, s.get(u-1))
		s.set(u-1, p)
		i, j := l, u-1
		for {
			// repeat ++i while a[i] < P
			for i++; s.less(s.get(i), p); i++ {
				if i > u {
					s.invalidOrder()
				}
			}
			// repeat --j while P < a[j]
			for j--; s.less(p, s.get(j)); j-- {
				if j < l {
					s.invalidOrder()
				}
			}
			if j < i {
				break
			}
			ai, aj := s.get(i), s.get(j)
			s.set(i, aj)
			s.set(j, ai)
		}
		// swap the pivot (a[u-1]) with a[i]
		au1, ai := s.get(u-1), s.get(i)
		s.set(u-1, ai)
		s.set(i, au1)
		// a[l..i-1] <= a[i] == P <= a[i+1..u]; recurse into the smaller half
		if i-l < u-i {
			s.sort(l, i-1)
			l = i + 1
		} else {
			s.sort(i+1, u)
			u = i - 1
		}
	}
}

// tableGetN is table.getn: the table's length, as '#' gives it.
func tableGetN(L *LState) int {
	L.Push(LNumber(L.CheckTable(1).Len()))
	return 1
}

// tableSetN is table.setn, which Lua 5.1 keeps only to say it is obsolete.
func tableSetN(L *LState) int {
	L.CheckTable(1)
	L.RaiseError("'setn' is obsolete")
	return 0
}

// tableMaxN is table.maxn: the largest positive numeric key, integral or
// not, or 0.
func tableMaxN(L *LState) int {
	tbl := L.CheckTable(1)
	max := LNumber(0)
	tbl.ForEach(func(k, _ LValue) {
		if n, ok := k.(LNumber); ok && n > max {
			max = n
		}
	})
	L.Push(max)
	return 1
}

// tableForEach is table.foreach(t, f): f(k, v) for every pair until f
// returns a non-nil value, which is returned.
func tableForEach(L *LState) int {
	tbl := L.CheckTable(1)
	fn := L.CheckFunction(2)
	for k, v := tbl.Next(LNil); k != LNil; k, v = tbl.Next(k) {
		L.Push(fn)
		L.Push(k)
		L.Push(v)
		L.Call(2, 1)
		if r := L.Get(-1); r != LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

// tableForEachI is table.foreachi(t, f): f(i, t[i]) for i = 1, #t until f
// returns a non-nil value, which is returned.
func tableForEachI(L *LState) int {
	tbl := L.CheckTable(1)
	fn := L.CheckFunction(2)
	n := tbl.Len()
	for i := 1; i <= n; i++ {
		L.Push(fn)
		L.Push(LNumber(i))
		L.Push(tbl.RawGetInt(i))
		L.Call(2, 1)
		if r := L.Get(-1); r != LNil {
			return 1
		}
		L.Pop(1)
	}
	return 0
}

// tableRemove is table.remove(t [, pos]): removes t[pos] (default #t),
// shifting down the elements after it, and returns it; it returns nothing
// when pos is outside 1..#t.
func tableRemove(L *LState) int {
	tbl := L.CheckTable(1)
	e := tbl.Len()
	pos := e
	if L.Get(2) != LNil {
		pos = L.CheckInt(2)
	}
	if pos < 1 || pos > e {
		return 0
	}
	L.Push(tbl.RawGetInt(pos))
	for ; pos < e; pos++ {
		tbl.RawSetInt(pos, tbl.RawGetInt(pos+1))
	}
	tbl.RawSetInt(e, LNil)
	return 1
}

// tableConcat is table.concat(t [, sep [, i [, j]]]). The pieces are
// joined in a buffer, not pushed on the stack, so any length works.
func tableConcat(L *LState) int {
	sep := ""
	if L.Get(2) != LNil {
		sep = L.CheckString(2) // a number is a separator too
	}
	tbl := L.CheckTable(1)
	i := L.OptInt(3, 1)
	j := 0
	if L.Get(4) == LNil {
		j = tbl.Len()
	} else {
		j = L.CheckInt(4)
	}
	var b strings.Builder
	for k := i; k <= j; k++ {
		if (k-i)%libCheckEvery == libCheckEvery-1 {
			libCheckContext(L)
		}
		v := tbl.RawGetInt(k)
		if !LVCanConvToString(v) {
			L.RaiseError("invalid value (%s) at index %d in table for 'concat'", v.Type().String(), k)
		}
		b.WriteString(LVAsString(v))
		if k != j {
			b.WriteString(sep)
		}
		if k == j { // j may be the largest int
			break
		}
	}
	L.Push(LString(b.String()))
	return 1
}

// tableInsert is table.insert(t, [pos,] v): appends v, or inserts it at
// pos shifting up t[pos..#t]; a pos past the end just sets t[pos].
func tableInsert(L *LState) int {
	tbl := L.CheckTable(1)
	e := tbl.Len() + 1 // first empty element
	var pos int
	switch L.GetTop() {
	case 2:
		pos = e
	case 3:
		pos = L.CheckInt(2)
		if pos > e {
			e = pos
		}
		for i := e; i > pos; i-- {
			tbl.RawSetInt(i, tbl.RawGetInt(i-1))
		}
	default:
		L.RaiseError("wrong number of arguments to 'insert'")
	}
	tbl.RawSetInt(pos, L.Get(L.GetTop()))
	return 0
}

//
