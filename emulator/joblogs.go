package emulator

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Where a job's files live under the data dir: jobs/{name}/wd is its working directory and
// jobs/{name}/logs holds its logs by their Azure names (user_logs/std_log.txt, system_logs/...).

func (w *world) jobDir(j *jobState) string {
	return filepath.Join(w.dataDir, "jobs", jobKey(j.Name))
}

func (w *world) workDir(j *jobState) string { return filepath.Join(w.jobDir(j), "wd") }

func (w *world) logDir(j *jobState) string { return filepath.Join(w.jobDir(j), "logs") }

// logPath is the file of a log name; names come from logNames or from our own code, and are
// checked to stay inside the job's log directory.
func (w *world) logPath(j *jobState, name string) (string, bool) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if clean == "." || filepath.IsAbs(clean) || strings.HasPrefix(clean, "..") {
		return "", false
	}
	return filepath.Join(w.logDir(j), clean), true
}

// appendLog appends one line (a newline is added) to a job's log. Failing to write a log is
// reported as a diagnostic, not to the client: the job itself goes on.
func (w *world) appendLog(j *jobState, name, line string) {
	path, ok := w.logPath(j, name)
	if !ok {
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		w.logf("emulator: job %s: log %s: %v", j.Name, name, err)
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		w.logf("emulator: job %s: log %s: %v", j.Name, name, err)
		return
	}
	defer f.Close()
	if _, err := f.WriteString(line + "\n"); err != nil {
		w.logf("emulator: job %s: log %s: %v", j.Name, name, err)
	}
}

// logNames lists a job's logs by their names, sorted.
func (w *world) logNames(j *jobState) []string {
	root := w.logDir(j)
	var names []string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, rerr := filepath.Rel(root, path)
		if rerr == nil {
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(names)
	return names
}

// logTail returns the last n lines of a log, for a failed run's error.
func (w *world) logTail(j *jobState, name string, n int) string {
	path, ok := w.logPath(j, name)
	if !ok {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	const window = 8 << 10
	info, err := f.Stat()
	if err != nil {
		return ""
	}
	start := max(info.Size()-window, 0)
	buf := make([]byte, info.Size()-start)
	if _, err := f.ReadAt(buf, start); err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(bytes.ToValidUTF8(buf, nil)), "\n"), "\n")
	if start > 0 && len(lines) > 1 {
		lines = lines[1:] // the first line is cut
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
