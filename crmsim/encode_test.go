package crmsim

import (
	"encoding/json"
	"testing"
)

// The page encoder must write exactly what encoding/json writes, or
// clients would see the emulator change shape with the fast path.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	values := []any{
		nil, true, false, 0, -7, int64(5725767000000000001), 3.25, 1e21, json.Number("12.50"),
		"", "plain", `quote " back \ slash`, "<b>&amp;</b>", "tab\tnl\nret\r\x01\x1f", "Wójcik", "bad \xff utf8", "line\u2028sep\u2029",
		[]any{}, []any{1, "a", nil, map[string]any{"z": 1, "a": []any{true}}},
		map[string]any{}, map[string]any{"b": map[string]any{"y": "x", "c": nil}, "a": 1, "Tag": []any{}},
		record{"id": "5725767000000000001", "Owner": map[string]any{"name": "Ana", "id": "1", "email": "a@b"}, "$converted": false},
		[]string{"x", "y"},
	}
	for _, v := range values {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		got, keys := appendJSON(nil, v, nil)
		if string(got) != string(want) {
			t.Errorf("appendJSON(%#v)\n got %s\nwant %s", v, got, want)
		}
		if len(keys) != 0 {
			t.Errorf("appendJSON(%#v) left %d scratch keys", v, len(keys))
		}
	}
}
