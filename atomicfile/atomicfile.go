// Package atomicfile replaces files so that readers, and a crash at any
// moment, see the old content or the new, never a mixture or an empty
// file: data goes to a temporary file beside the target, is synced, and
// is renamed over it. Token files, emulator state, CSV exports and
// downloaded attachments are all written this way.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// TempPrefix is how the temporary files of Write for path begin, so that
// the leftovers of a process killed mid-write can be found and removed.
func TempPrefix(path string) string { return "." + filepath.Base(path) + ".tmp-" }

// Write replaces path with data, with mode perm. Errors name path, never
// the temporary file.
func Write(path string, data []byte, perm os.FileMode) error {
	// os.Rename onto a directory says "file exists", which misleads.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("writing %s: %w", path, syscall.EISDIR)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, TempPrefix(path)+"*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = write(tmp, data, perm)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, unwrapPath(err))
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // make the rename itself durable; best effort
		d.Close()
	}
	return nil
}

func write(f *os.File, data []byte, perm os.FileMode) error {
	if err := f.Chmod(perm); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Sync()
}

// unwrapPath drops the temporary file's name from *fs.PathError and
// *os.LinkError, keeping the cause (no space left on device, ...).
func unwrapPath(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
