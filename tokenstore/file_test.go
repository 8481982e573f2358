package tokenstore_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zcrmrun/zcrmrun/tokenstore"
)

const writerEnv = "ZCRMRUN_TEST_FILE_WRITER"

// A process killed with SIGKILL while it rewrites the token file never
// leaves a truncated or empty file, and the next run recovers.
func TestFileSurvivesKillDuringWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tokens.json")
	keep := tokenstore.Token{UserID: "other", AccessToken: "1000.a.keep", RefreshToken: "1000.r.keep", Expiry: time.UnixMilli(1795888039040)}
	if err := tokenstore.NewFile(path).Save(ctx, keep); err != nil {
		t.Fatal(err)
	}
	// Rounds go on until three kills landed inside a write, seen by the
	// temporary file left behind, so the test proves what it claims. The
	// kill comes at a random point of a save, timed from the child's own
	// pace, so it lands inside the write window on a slow or fast machine.
	inside := 0
	deadline := time.Now().Add(45 * time.Second)
	for round := 0; inside < 3; round++ {
		if time.Now().After(deadline) {
			t.Fatalf("in %d rounds only %d kills landed inside a write", round, inside)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestFileWriterChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), writerEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		var first time.Time
		saved := 0
		for saved < 6 && lines.Scan() {
			if strings.HasPrefix(lines.Text(), "saved") {
				if saved++; saved == 1 {
					first = time.Now()
				}
			}
		}
		period := time.Since(first) / 5
		time.Sleep(rand.N(period + 1))
		cmd.Process.Kill() // SIGKILL: no deferred cleanup runs
		cmd.Wait()
		if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tokens.json.tmp-*")); len(left) > 0 {
			inside++
		}

		s := tokenstore.NewFile(path)
		got, err := s.Load(ctx, "u")
		if err != nil {
			t.Fatalf("round %d: after the kill: %v", round, err)
		}
		if got.RefreshToken != "1000.r.u" || !strings.HasPrefix(got.AccessToken, "1000.a.") {
			t.Fatalf("round %d: record of u damaged: %v", round, got)
		}
		if got, err := s.Load(ctx, "other"); err != nil || got != keep {
			t.Fatalf("round %d: another user's record: %v, %v", round, got, err)
		}
	}
	// The next run writes normally and clears temporary files the killed
	// writers left.
	s := tokenstore.NewFile(path)
	if err := s.Save(ctx, tokenstore.Token{UserID: "u", AccessToken: "1000.a.final", RefreshToken: "1000.r.u"}); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(ctx, "u"); err != nil || got.AccessToken != "1000.a.final" {
		t.Fatalf("after recovery: %v, %v", got, err)
	}
	if stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tokens.json.tmp-*")); len(stale) > 0 {
		t.Fatalf("temporary files left behind: %v", stale)
	}
}

// TestFileWriterChild rewrites the token file until killed; it is a child
// of TestFileSurvivesKillDuringWrites and skips when run alone.
func TestFileWriterChild(t *testing.T) {
	path := os.Getenv(writerEnv)
	if path == "" {
		t.Skip("runs only as a child process of TestFileSurvivesKillDuringWrites")
	}
	s := tokenstore.NewFile(path)
	pad := strings.Repeat("x", 64<<10) // big writes widen the window a kill can hit
	for i := 0; ; i++ {
		tok := tokenstore.Token{UserID: "u", AccessToken: fmt.Sprintf("1000.a.%d.%s", i, pad), RefreshToken: "1000.r.u", Expiry: time.Now().Add(time.Hour)}
		if err := s.Save(context.Background(), tok); err != nil {
			t.Fatal(err)
		}
		fmt.Println("saved", i)
	}
}

// A temporary file a killed writer left, however torn, is never read and
// is removed by the next write.
func TestFileIgnoresTornTemporaryFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens.json")
	s := tokenstore.NewFile(path)
	if err := s.Save(ctx, tokenstore.Token{UserID: "u", RefreshToken: "1000.r.u"}); err != nil {
		t.Fatal(err)
	}
	torn := filepath.Join(dir, ".tokens.json.tmp-123456")
	if err := os.WriteFile(torn, []byte(`{"users":{"u":{"refresh_tok`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Load(ctx, "u"); err != nil || got.RefreshToken != "1000.r.u" {
		t.Fatalf("Load beside a torn temporary file: %v, %v", got, err)
	}
	if err := s.Save(ctx, tokenstore.Token{UserID: "v", RefreshToken: "1000.r.v"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(torn); !os.IsNotExist(err) {
		t.Fatalf("torn temporary file still there: %v", err)
	}
}
