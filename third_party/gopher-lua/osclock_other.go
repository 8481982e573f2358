//go:build !unix

package lua

// processCPUSeconds is unknown here; os.clock falls back to elapsed time.
func processCPUSeconds() (float64, bool) { return 0, false }
