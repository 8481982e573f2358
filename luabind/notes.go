package luabind

import (
	"encoding/json"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/crm"
)

func (b *binding) noteFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"list":   b.notesList,
		"create": b.notesCreate,
		"get":    b.notesGet,
		"update": b.notesUpdate,
		"delete": b.notesDelete,
	}
}

// notesList is crm.notes.list(module, id, opts) -> notes, info
//
// One page of a record's notes; crm.notes.list(nil, nil, opts) lists the
// org's notes. opts: page, per_page.
func (b *binding) notesList(L *lua.LState) int {
	const call = "crm.notes.list"
	module, id := parentArgs(L, call)
	o := b.options(L, 3, call)
	page := crm.PageOptions{Page: o.Int("page"), PerPage: o.Int("per_page")}
	o.Done()
	notes, info, err := b.conn.CRM().Notes(ctxOf(L), module, id, page)
	if err != nil {
		return b.raise(L, call, err)
	}
	b.pushList(L, notes)
	L.Push(infoTable(L, info))
	return 2
}

// notesCreate is crm.notes.create(module, id, note_or_list) -> results
//
// Adds one note ({Note_Title=, Note_Content=}) or an array of them to a
// record. With module and id nil, each note names its parent with
// Parent_Id and se_module. results has one {status=, code=, message=,
// id=, details=} per note, in order; a rejected note is a result, not an
// error.
func (b *binding) notesCreate(L *lua.LState) int {
	const call = "crm.notes.create"
	module, id := parentArgs(L, call)
	arg, ok := L.Get(3).(*lua.LTable)
	if !ok {
		L.RaiseError("%s: note_or_list (argument #3) must be a table, got %s", call, L.Get(3).Type())
	}
	var notes []crm.Record
	if arg.Len() > 0 {
		for i := 1; i <= arg.Len(); i++ {
			notes = append(notes, b.objectArg(L, arg.RawGetInt(i), call, "note_or_list["+itoa(i)+"]"))
		}
	} else {
		notes = []crm.Record{b.objectArg(L, arg, call, "note_or_list (argument #3)")}
	}
	for i, n := range notes {
		if _, isNumber := n["Parent_Id"].(json.Number); isNumber {
			L.RaiseError("%s: note %d: Parent_Id must be a string: record ids pass 2^53 and a number loses digits, got number", call, i+1)
		}
	}
	outs, err := b.conn.CRM().CreateNotes(ctxOf(L), module, id, notes)
	if err != nil {
		return b.raise(L, call, err)
	}
	t := L.CreateTable(len(outs), 0)
	for i, o := range outs {
		t.RawSetInt(i+1, b.outcomeTable(L, o))
	}
	t.Metatable = b.arrayMT
	L.Push(t)
	return 1
}

// notesGet is crm.notes.get(module, id, note_id) -> note | nil
//
// One note, or nil when there is none; module and id may be nil.
func (b *binding) notesGet(L *lua.LState) int {
	const call = "crm.notes.get"
	module, id := parentArgs(L, call)
	note, err := b.conn.CRM().Note(ctxOf(L), module, id, idArg(L, 3, call, "note_id"))
	if err != nil {
		return b.raise(L, call, err)
	}
	b.pushOrNil(L, note)
	return 1
}

// notesUpdate is crm.notes.update(module, id, note_id, fields) -> result
//
// Changes Note_Title and/or Note_Content; module and id may be nil.
func (b *binding) notesUpdate(L *lua.LState) int {
	const call = "crm.notes.update"
	module, id := parentArgs(L, call)
	noteID := idArg(L, 3, call, "note_id")
	fields := b.objectArg(L, L.Get(4), call, "fields (argument #4)")
	o, err := b.conn.CRM().UpdateNote(ctxOf(L), module, id, noteID, fields)
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(b.outcomeTable(L, o))
	return 1
}

// notesDelete is crm.notes.delete(module, id, note_id) -> result
//
// Deletes a note; module and id may be nil.
func (b *binding) notesDelete(L *lua.LState) int {
	const call = "crm.notes.delete"
	module, id := parentArgs(L, call)
	o, err := b.conn.CRM().DeleteNote(ctxOf(L), module, id, idArg(L, 3, call, "note_id"))
	if err != nil {
		return b.raise(L, call, err)
	}
	L.Push(b.outcomeTable(L, o))
	return 1
}
