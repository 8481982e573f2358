//go:build unix

package lua

import "syscall"

// processCPUSeconds is the CPU time the process has used, user and
// system, which is what C's clock() measures for Lua 5.1's os.clock.
func processCPUSeconds() (float64, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9, true
}
