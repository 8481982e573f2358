package script

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxSourceSize bounds a script or module file. Hand-written scripts are
// kilobytes; 16 MiB leaves room for generated data modules while keeping
// the compiler's cost (about 20 bytes of memory per byte of source) far
// from exhausting the machine, as reading /dev/zero would.
const MaxSourceSize = 16 << 20

// ErrNotSource is the cause of every refusal by CheckSource and
// ReadSource: the file is not a regular file, or is too large.
var ErrNotSource = errors.New("not a script file")

// sourceError says why a path cannot be read as Lua source; the message
// is the reason alone, as *fs.PathError prefixes it with the path.
type sourceError struct{ reason string }

func (e *sourceError) Error() string { return e.reason }
func (e *sourceError) Is(target error) bool {
	return target == ErrNotSource
}

// checkInfo refuses what cannot be a script: anything but a regular file
// (a symlink counts as its target), or a file over MaxSourceSize.
func checkInfo(path string, st fs.FileInfo) error {
	var reason string
	switch m := st.Mode(); {
	case m.IsRegular() && st.Size() <= MaxSourceSize:
		return nil
	case m.IsRegular():
		reason = fmt.Sprintf("is %d bytes, over the %d MiB a script file may have", st.Size(), MaxSourceSize>>20)
	case m.IsDir():
		reason = "is a directory"
	case m&fs.ModeNamedPipe != 0:
		reason = "is a named pipe, not a regular file"
	case m&fs.ModeSocket != 0:
		reason = "is a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		reason = "is a device, not a regular file"
	default:
		reason = "is not a regular file"
	}
	return &fs.PathError{Op: "read", Path: path, Err: &sourceError{reason}}
}

// CheckSource reports, without opening path, why it cannot be a script
// (nil when it can): it does not exist, it is not a regular file, or it
// is over MaxSourceSize. Refusals match ErrNotSource.
func CheckSource(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	return checkInfo(path, st)
}

// ReadSource reads a script or module file, refusing what CheckSource
// refuses. It opens without blocking, so a named pipe is refused rather
// than waited on for a writer that may never come, and checks the opened
// file itself, so a file swapped after a check is caught too.
func ReadSource(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if err := checkInfo(path, st); err != nil {
		return nil, err
	}
	// The file may grow after the check; read one byte past the limit to
	// see it.
	data, err := io.ReadAll(io.LimitReader(f, MaxSourceSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSourceSize {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &sourceError{fmt.Sprintf("is over the %d MiB a script file may have", MaxSourceSize>>20)}}
	}
	return data, nil
}
