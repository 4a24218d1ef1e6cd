package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Persistence: the world is one JSON document, state.json in the data dir, replaced atomically
// (write to a temporary file, fsync, rename) whenever it changed.

const stateFile = "state.json"

// stateVersion changes when the document's shape does; older documents are refused clearly.
const stateVersion = 1

// snapshot is the persisted form of the world.
type snapshot struct {
	Version    int                    `json:"version"`
	Seed       string                 `json:"seed"`
	Created    time.Time              `json:"created"`
	Computes   map[string]*compute    `json:"computes"`
	Operations map[string]*operation  `json:"operations"`
	Jobs       map[string]*jobState   `json:"jobs"`
	Quotas     map[string]familyQuota `json:"quotas"`
	LostClaims map[string]string      `json:"lostClaims"`
	Random     []byte                 `json:"random"`
}

// load restores the world from the data dir, or seeds a fresh one.
func (w *world) load() error {
	if err := w.loadSecretKey(); err != nil {
		return err
	}
	path := filepath.Join(w.dataDir, stateFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		w.seed()
		w.markDirty()
		return w.saveIfDirty()
	}
	if err != nil {
		return fmt.Errorf("emulator: reading %s: %w", path, err)
	}
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return fmt.Errorf("emulator: %s is not valid emulator state: %w", path, err)
	}
	if snap.Version != stateVersion {
		return fmt.Errorf("emulator: %s has state version %d, this emulator reads version %d; use a new --data-dir", path, snap.Version, stateVersion)
	}
	w.created = snap.Created
	if len(snap.Random) > 0 {
		if err := w.pcg.UnmarshalBinary(snap.Random); err != nil {
			return fmt.Errorf("emulator: %s: random state: %w", path, err)
		}
	}
	if snap.Computes != nil {
		w.computes = snap.Computes
	}
	if snap.Operations != nil {
		w.operations = snap.Operations
	}
	if snap.Jobs != nil {
		w.jobs = snap.Jobs
	}
	if snap.Quotas != nil {
		w.quotas = snap.Quotas
	}
	if snap.LostClaims != nil {
		w.lostClaims = snap.LostClaims
	}
	return nil
}

// saveIfDirty writes the world when it changed since the last save.
func (w *world) saveIfDirty() error {
	if !w.dirty {
		return nil
	}
	random, err := w.pcg.MarshalBinary()
	if err != nil {
		return fmt.Errorf("emulator: encoding random state: %w", err)
	}
	data, err := json.Marshal(snapshot{
		Random:  random,
		Version: stateVersion, Seed: w.opts.Seed, Created: w.created,
		Computes: w.computes, Operations: w.operations, Jobs: w.jobs,
		Quotas: w.quotas, LostClaims: w.lostClaims,
	})
	if err != nil {
		return fmt.Errorf("emulator: encoding state: %w", err)
	}
	if err := writeFileAtomic(filepath.Join(w.dataDir, stateFile), data, 0o600); err != nil {
		w.logf("emulator: saving state: %v", err)
		return err
	}
	w.dirty = false
	w.lastSave = time.Now()
	return nil
}

// writeFileAtomic replaces path with data so a reader never sees a partial file.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("emulator: writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("emulator: writing %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("emulator: writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("emulator: writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("emulator: writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("emulator: writing %s: %w", path, err)
	}
	return nil
}
