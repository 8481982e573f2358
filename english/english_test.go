package english_test

import (
	"testing"

	"github.com/zcrmrun/zcrmrun/english"
)

// The rules of the regular English plural (-s; -es after a sibilant; -ies
// after a consonant and y, but -ys after a vowel and y).
func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int64
		noun string
		want string
	}{
		{1, "call", "1 call"},
		{0, "call", "0 calls"},
		{2, "API credit", "2 API credits"},
		{1, "API credit", "1 API credit"},
		{1, "retry", "1 retry"},
		{3, "retry", "3 retries"},
		{2, "key", "2 keys"},
		{2, "match", "2 matches"},
		{2, "box", "2 boxes"},
		{-1, "write", "-1 write"},
	} {
		if got := english.Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
	if got := english.Count(1, "column"); got != "1 column" {
		t.Errorf("int: %q", got)
	}
}
