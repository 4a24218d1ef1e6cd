package emulator

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// Options configure an emulator.
type Options struct {
	// Listen is the loopback address to bind; "" means "127.0.0.1:0" (a random port).
	// Non-loopback addresses are refused: the emulator accepts any bearer token.
	Listen string
	// DataDir keeps state (resources, jobs, logs) across restarts; "" uses a temporary
	// directory removed on Close.
	DataDir string
	// Seed is "demo" (default) or "empty"; it applies only to a fresh data dir.
	Seed string
	// Speed scales every simulated delay; 0 means 1 (a lively demo: clusters provision in
	// about 10 s, nodes come up in about 15 s). Tests use large factors such as 100.
	Speed float64
	// TLS serves HTTPS with a self-signed certificate for 127.0.0.1 and localhost, written
	// under the data dir (or temp dir); Info.CAFile names it.
	TLS bool
	// NoExec keeps jobs from running processes.
	NoExec bool
	// TrainerCommand is the shell prefix that runs the built-in trainer, for example
	// "'/path/amlconsole' __trainer".
	TrainerCommand string
	// Logf receives diagnostic lines (never secrets); nil discards them.
	Logf func(format string, args ...any)
}

// Info tells clients where the emulated workspace is.
type Info struct {
	Endpoint      string `json:"endpoint"`
	Subscription  string `json:"subscription"`
	ResourceGroup string `json:"resourceGroup"`
	Workspace     string `json:"workspace"`
	Location      string `json:"location"`
	CAFile        string `json:"caFile,omitempty"`
}

// The one emulated workspace.
const (
	demoSubscription  = "00000000-0000-0000-0000-000000000000"
	demoResourceGroup = "demo-rg"
	demoWorkspace     = "demo-ws"
	demoLocation      = "eastus"
)

// Start runs an emulator until Close or until ctx ends.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if err := normaliseOptions(&opts); err != nil {
		return nil, err
	}
	s := &Server{stats: newStats()}
	dir := opts.DataDir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "amlconsole-emulator-")
		if err != nil {
			return nil, fmt.Errorf("emulator: creating a temporary data dir: %w", err)
		}
		dir, s.tempDir = tmp, tmp
	} else if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("emulator: creating data dir %s: %w", dir, err)
	}
	ln, err := net.Listen("tcp", opts.Listen)
	if err != nil {
		s.removeTemp()
		return nil, fmt.Errorf("emulator: listening on %s: %w", opts.Listen, err)
	}
	s.listener = ln
	scheme := "http"
	s.client = &http.Client{Timeout: 60 * time.Second}
	if opts.TLS {
		cfg, caFile, pool, err := selfSignedTLS(dir)
		if err != nil {
			ln.Close()
			s.removeTemp()
			return nil, err
		}
		s.listener = tls.NewListener(ln, cfg)
		s.info.CAFile = caFile
		scheme = "https"
		s.client.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	}
	s.info.Endpoint = scheme + "://" + ln.Addr().String()
	s.info.Subscription, s.info.ResourceGroup = demoSubscription, demoResourceGroup
	s.info.Workspace, s.info.Location = demoWorkspace, demoLocation

	w := newWorld(opts, dir, s.info.Endpoint)
	s.world = w
	if err := w.load(); err != nil {
		s.listener.Close()
		s.removeTemp()
		return nil, err
	}

	mux := http.NewServeMux()
	s.registerRoutes(mux)
	s.registerJobRoutes(mux)
	s.http = &http.Server{Handler: s.stats.middleware(newARMBudget().armHeaders(canonicalPaths(mux))), ReadHeaderTimeout: 10 * time.Second}

	runCtx, cancel := context.WithCancel(ctx)
	s.stop = cancel
	s.done.Add(2)
	go func() {
		defer s.done.Done()
		if err := s.http.Serve(s.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			w.logf("emulator: serve: %v", err)
		}
	}()
	go func() {
		defer s.done.Done()
		s.tick(runCtx)
	}()
	// Ending the caller's context closes the emulator; no goroutine waits for it meanwhile.
	s.unwatch = context.AfterFunc(ctx, func() { _ = s.Close() })
	return s, nil
}

// normaliseOptions fills defaults and refuses what cannot work.
func normaliseOptions(o *Options) error {
	if o.Listen == "" {
		o.Listen = "127.0.0.1:0"
	}
	host, _, err := net.SplitHostPort(o.Listen)
	if err != nil {
		return fmt.Errorf("emulator: listen address %q: %v (want host:port, for example 127.0.0.1:0)", o.Listen, err)
	}
	if host != "localhost" {
		ip := net.ParseIP(host)
		if ip == nil || !ip.IsLoopback() {
			return fmt.Errorf("emulator: listen address %q is not loopback: the emulator accepts any token, so it only binds 127.0.0.1, ::1 or localhost", o.Listen)
		}
	}
	switch o.Seed {
	case "":
		o.Seed = "demo"
	case "demo", "empty":
	default:
		return fmt.Errorf("emulator: seed %q: want demo or empty", o.Seed)
	}
	if o.Speed < 0 {
		return fmt.Errorf("emulator: speed %v: must be positive", o.Speed)
	}
	if o.Speed == 0 {
		o.Speed = 1
	}
	return nil
}

// newWorld builds an empty world; load then restores or seeds it.
func newWorld(opts Options, dir, endpoint string) *world {
	h := fnv.New64a()
	h.Write([]byte(opts.Seed))
	seed := h.Sum64()
	pcg := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	return &world{
		jobs:        map[string]*jobState{},
		sub:         demoSubscription,
		rg:          demoResourceGroup,
		ws:          demoWorkspace,
		location:    demoLocation,
		endpoint:    endpoint,
		opts:        opts,
		dataDir:     dir,
		clock:       time.Now,
		rng:         rand.New(pcg),
		pcg:         pcg,
		computes:    map[string]*compute{},
		operations:  map[string]*operation{},
		quotas:      defaultQuotas(),
		lostClaims:  map[string]string{},
		preemptRate: defaultPreemptRate,
	}
}

// tickInterval is how often the simulation advances: often enough that, at the highest speed
// factors tests use, a simulated second is still several ticks.
func tickInterval(speed float64) time.Duration {
	d := time.Duration(float64(200*time.Millisecond) / speed)
	return min(max(d, 5*time.Millisecond), 200*time.Millisecond)
}

// saveInterval bounds how often the ticker writes state; requests that mutate save at once.
const saveInterval = 250 * time.Millisecond

// tick drives world.advance until ctx ends, saving state after changes.
func (s *Server) tick(ctx context.Context) {
	t := time.NewTicker(tickInterval(s.world.opts.Speed))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			w := s.world
			w.mu.Lock()
			w.advance(w.now())
			// Saving is debounced: a busy simulation changes something on every tick.
			if time.Since(w.lastSave) >= saveInterval {
				_ = w.saveIfDirty()
			}
			w.mu.Unlock()
		}
	}
}

// Info describes where the emulated workspace is.
func (s *Server) Info() Info { return s.info }

// HTTPClient returns a client that trusts the emulator's certificate when TLS is on.
func (s *Server) HTTPClient() *http.Client { return s.client }

// Close stops serving and simulating, stops the jobs' processes, saves state and removes a
// temporary data dir.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	s.unwatch()
	s.stop()
	// Requests in flight get a moment to finish; then connections are closed outright. (A
	// client's spare connection that never carried a request would otherwise hold Shutdown
	// for several seconds.)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var err error
	if serr := s.http.Shutdown(shutdownCtx); serr != nil {
		s.world.logf("emulator: closing connections still open after 2 s")
		err = s.http.Close()
	}
	s.done.Wait()
	w := s.world
	w.shutdownJobs()
	w.mu.Lock()
	w.dirty = true
	if serr := w.saveIfDirty(); serr != nil && err == nil {
		err = serr
	}
	w.mu.Unlock()
	s.removeTemp()
	return err
}

func (s *Server) removeTemp() {
	if s.tempDir != "" {
		_ = os.RemoveAll(filepath.Clean(s.tempDir))
	}
}

// logf writes a diagnostic line when the caller asked for them.
func (w *world) logf(format string, args ...any) {
	if w.opts.Logf != nil {
		w.opts.Logf(format, args...)
	}
}
