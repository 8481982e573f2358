package luabind_test

import (
	"testing"

	"github.com/zcrmrun/zcrmrun/session"
)

// TestInterleavedUsersNeverMixTokens alternates calls for two users in one
// script and asks the emulator, which knows whose each access token is,
// how many calls each user's tokens made.
func TestInterleavedUsersNeverMixTokens(t *testing.T) {
	L := newState(t)
	before := sandbox.Server.Stats().APICallsByUser
	err := L.DoString(`
		local ravi = crm.as("` + session.SandboxSecondUser + `")
		for i = 1, 4 do
			crm.records.list("Leads", {per_page = 1})
			ravi.records.list("Leads", {per_page = 1})
			ravi.modules.list()
		end
		crm.modules.list()
	`)
	if err != nil {
		t.Fatal(err)
	}
	after := sandbox.Server.Stats().APICallsByUser
	admin, ravi := "admin@zylker.example", session.SandboxSecondUser
	if a, r := after[admin]-before[admin], after[ravi]-before[ravi]; a != 5 || r != 8 {
		t.Errorf("the emulator saw %d calls with the admin's tokens and %d with ravi's, want 5 and 8", a, r)
	}
}
