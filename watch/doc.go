// Package watch reruns Lua scripts as they are saved.
//
// It watches folders, never single files: an atomic save (write a temp
// file, rename it over the script) replaces the watched inode, and a
// watch on the file itself is silently lost. Folders are watched
// recursively; new subfolders are added as they appear (hidden ones such
// as .git are skipped).
//
// What counts: Create and Write events on *.lua files under the watched
// folders and on the config file. Chmod-only events and editor noise
// (vim's 4913 probe, *.swp/*.swx, backups ending in ~, emacs .#locks) do
// not. Events are gathered until Debounce passes with none (one run per
// burst), and a file whose content hash did not change is skipped.
//
// Only regular files up to script.MaxSourceSize count: a named pipe
// would block the read, /dev/zero would never end it; such files are
// reported once and never read. A watched folder that is deleted or
// moved away is reported and its nearest existing ancestor watched
// until a folder of its name is back; then it is watched again and its
// new or changed scripts run.
//
// What runs: a changed script reruns; a changed module (a file some
// script requires, found by scanning require calls and then by tracking
// what each run really loaded, or any file under ModuleDirs) reruns the
// scripts that depend on it; a changed config file calls Reload. Nothing
// runs at start unless RunAtStart is set, because CRM scripts have side
// effects and starting a watcher should not fire every automation in a
// folder.
//
// Busy policy: runs are strictly one at a time. A change that arrives
// during a run is queued and runs once after it (queued duplicates
// collapse into one run); the running script is not restarted, since a
// half-run CRM script may leave half its writes done.
//
// A script that fails, hangs until its timeout or panics is reported and
// the watcher carries on. Each run prints one line: time, script,
// duration, and ok or the first line of the error.
package watch
