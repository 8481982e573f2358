//go:build race

package crm_test

// raceEnabled: the race detector slows the emulator's paging tenfold.
const raceEnabled = true
