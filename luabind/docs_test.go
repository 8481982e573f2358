package luabind_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	lua "github.com/yuin/gopher-lua"
	"github.com/zcrmrun/zcrmrun/luabind"
	"github.com/zcrmrun/zcrmrun/script"
)

// luaBlock is one ```lua example of the docs.
type luaBlock struct {
	name string // file:line of the block's first line of code
	src  string
}

func docBlocks(t *testing.T) ([]luaBlock, string) {
	t.Helper()
	files, _ := filepath.Glob("../docs/lua-api*.md")
	if len(files) == 0 {
		t.Fatal("no docs/lua-api*.md found")
	}
	var blocks []luaBlock
	var all strings.Builder
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(raw)
		sc := bufio.NewScanner(bytes.NewReader(raw))
		line, start := 0, 0
		var cur *strings.Builder
		for sc.Scan() {
			line++
			text := sc.Text()
			switch {
			case cur == nil && strings.TrimSpace(text) == "```lua":
				cur, start = &strings.Builder{}, line+1
			case cur != nil && strings.TrimSpace(text) == "```":
				blocks = append(blocks, luaBlock{name: filepath.Base(file) + ":" + strconv.Itoa(start), src: cur.String()})
				cur = nil
			case cur != nil:
				cur.WriteString(text + "\n")
			}
		}
		if cur != nil {
			t.Fatalf("%s: lua block from line %d is not closed", file, start)
		}
	}
	return blocks, all.String()
}

// TestDocExamples runs every ```lua block of docs/lua-api*.md as a script
// against the sandbox, in the environment zcrmrun run gives scripts. The
// examples assert what they show, so a wrong document fails here. A block
// with a line "-- output:" must print exactly the comment lines after it
// (without their "-- " prefix).
func TestDocExamples(t *testing.T) {
	blocks, _ := docBlocks(t)
	if len(blocks) < 20 {
		t.Fatalf("only %d lua examples found", len(blocks))
	}
	for _, blk := range blocks {
		t.Run(blk.name, func(t *testing.T) {
			var out bytes.Buffer
			sess := sandbox.Session("")
			mod := luabind.NewModule(sess)
			mod.Stdout = &out
			mod.Users = func(id string) (luabind.Connection, error) { return sess.As(id), nil }
			L, _ := script.NewState(script.Env{Stdout: &out, Stderr: &out, Setup: func(L *lua.LState) {
				L.SetGlobal("crm", mod.Open(L))
				L.SetGlobal("csv", luabind.CSV{}.Open(L))
				L.SetGlobal("progress", luabind.Progress{}.Open(L))
			}}, t.TempDir())
			defer L.Close()
			L.SetContext(t.Context())
			proto, err := script.CompileString(blk.src, blk.name)
			if err != nil {
				t.Fatal(err)
			}
			L.Push(L.NewFunctionFromProto(proto))
			if err := L.PCall(0, 0, nil); err != nil {
				msg := err.Error()
				var ae *lua.ApiError
				if errors.As(err, &ae) {
					msg = L.ToStringMeta(ae.Object).String() + "\n" + ae.StackTrace
				}
				t.Fatalf("%s\noutput: %s", msg, out.String())
			}
			if want, ok := expectedOutput(blk.src); ok && out.String() != want {
				t.Fatalf("printed:\n%s\nthe example says:\n%s", out.String(), want)
			}
		})
	}
}

// expectedOutput reads the "-- output:" comment of an example.
func expectedOutput(src string) (string, bool) {
	_, after, ok := strings.Cut(src, "-- output:\n")
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, line := range strings.Split(after, "\n") {
		text, isComment := strings.CutPrefix(line, "--")
		if !isComment {
			break
		}
		b.WriteString(strings.TrimPrefix(text, " ") + "\n")
	}
	return b.String(), true
}

// TestDocsCoverEveryFunction checks that every function of the crm table
// (crm.API apart, documented as a table of the seed's calls) has a heading
// with its signature in docs/lua-api*.md, and that the heading's section
// has a lua example.
func TestDocsCoverEveryFunction(t *testing.T) {
	_, docs := docBlocks(t)
	type section struct {
		heading string
		example bool
	}
	var sections []*section
	for _, line := range strings.Split(docs, "\n") {
		switch {
		case strings.HasPrefix(line, "#"):
			sections = append(sections, &section{heading: line})
		case strings.TrimSpace(line) == "```lua" && len(sections) > 0:
			sections[len(sections)-1].example = true
		}
	}
	L := lua.NewState()
	defer L.Close()
	root := luabind.NewModule(sandbox.Session("")).Open(L)
	var names []string
	var walk func(prefix string, t *lua.LTable)
	walk = func(prefix string, tbl *lua.LTable) {
		tbl.ForEach(func(k, v lua.LValue) {
			name := prefix + "." + k.String()
			switch x := v.(type) {
			case *lua.LFunction:
				names = append(names, name)
			case *lua.LTable:
				if name != "crm.API" {
					walk(name, x)
				}
			}
		})
	}
	walk("crm", root)
	sort.Strings(names)
	for _, n := range append(names, "crm.null") {
		var found *section
		for _, s := range sections {
			if h := strings.Trim(s.heading, "# `"); strings.Contains(s.heading, n+"(") || strings.Contains(s.heading, n+"{") || h == n {
				found = s
				break
			}
		}
		switch {
		case found == nil:
			t.Errorf("%s has no heading in docs/lua-api*.md", n)
		case !found.example:
			t.Errorf("%s: section %q has no lua example", n, found.heading)
		}
	}
}

// TestDocLinksResolve checks the links of docs/*.md: an #anchor names a
// heading of its file (GitHub's slugs), a file exists, and no link goes
// to the page it is on by file name (readers land at its top, elsewhere).
func TestDocLinksResolve(t *testing.T) {
	files, _ := filepath.Glob("../docs/*.md")
	link := regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]+)\)`)
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			for _, m := range link.FindAllStringSubmatch(line, -1) {
				target, anchor, _ := strings.Cut(m[2], "#")
				if strings.Contains(target, "://") {
					continue
				}
				where := fmt.Sprintf("%s:%d: [%s](%s)", filepath.Base(file), i+1, m[1], m[2])
				if target == "" && strings.Trim(m[1], "`") == filepath.Base(file) {
					t.Errorf("%s names its own page as if it were another", where)
				}
				dest := file
				if target != "" {
					dest = filepath.Join(filepath.Dir(file), target)
					if filepath.Clean(dest) == filepath.Clean(file) {
						t.Errorf("%s links to its own page; use #%s", where, anchor)
						continue
					}
					if _, err := os.Stat(dest); err != nil {
						t.Errorf("%s: %v", where, err)
						continue
					}
				}
				if anchor != "" && strings.HasSuffix(dest, ".md") && !headingSlugs(t, dest)[anchor] {
					t.Errorf("%s: no heading of %s has the anchor #%s", where, filepath.Base(dest), anchor)
				}
			}
		}
	}
}

// headingSlugs are the anchors GitHub gives a Markdown file's headings:
// lower case, punctuation other than - and _ dropped, spaces as -, and
// -1, -2, … after repeats.
func headingSlugs(t *testing.T, file string) map[string]bool {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	slugs, seen := map[string]bool{}, map[string]int{}
	fence := false
	for _, line := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		if fence || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#"))) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		s := b.String()
		if n := seen[s]; n > 0 {
			slugs[fmt.Sprintf("%s-%d", s, n)] = true
		} else {
			slugs[s] = true
		}
		seen[s]++
	}
	return slugs
}
