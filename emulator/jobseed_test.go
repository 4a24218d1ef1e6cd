package emulator

import (
	"strings"
	"testing"
)

func TestDemoSeedJobs(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.Seed = "demo" })

	failed := runDetailsOf(t, srv, "train-resnet50-oom")
	if failed.Status != statusFailed || failed.Error == nil || !strings.Contains(failed.Error.Error.Message, "Traceback (most recent call last)") {
		t.Errorf("seeded failed job: %s %+v", failed.Status, failed.Error)
	}
	done := runDetailsOf(t, srv, "train-baseline-cpu")
	if log := readLogURL(t, srv, done.LogFiles["user_logs/std_log.txt"]); done.Status != statusCompleted || !strings.Contains(log, "Epoch 5/5 - train_loss") {
		t.Errorf("seeded completed job: %s, log:\n%s", done.Status, log)
	}

	waitJobStatus(t, srv, "train-resnet18-long", statusRunning)
	var first int
	jwait(t, "the long job logging", func() (bool, string) {
		d := runDetailsOf(t, srv, "train-resnet18-long")
		log := readLogURL(t, srv, d.LogFiles["user_logs/std_log.txt"])
		if first == 0 {
			first = len(log)
			return false, "first read"
		}
		return len(log) > first && strings.Contains(log, "Epoch 1:"), log
	})

	waitJobStatus(t, srv, "sweep-lr-batch", statusCompleted)
	var page struct {
		Value []testRunDetails `json:"value"`
	}
	jcall(t, srv, "GET", srv.world.historyRunURL("sweep-lr-batch")+"/children", nil, &page)
	if len(page.Value) != 6 {
		t.Errorf("seeded sweep has %d trials, want 6", len(page.Value))
	}
	var sweep struct {
		Properties struct {
			Properties map[string]string `json:"properties"`
		} `json:"properties"`
	}
	jcall(t, srv, "GET", jobsURL(srv, "/jobs/sweep-lr-batch"), nil, &sweep)
	if best := sweep.Properties.Properties["best_child_run_id"]; !strings.HasPrefix(best, "sweep-lr-batch_") || sweep.Properties.Properties["score"] == "" {
		t.Errorf("seeded sweep reports no best trial: %v", sweep.Properties.Properties)
	}

	jwait(t, "distributed job with every rank's log", func() (bool, string) {
		d := runDetailsOf(t, srv, "ddp-resnet50")
		n := 0
		for name := range d.LogFiles {
			if strings.HasPrefix(name, "user_logs/std_log_process_") {
				n++
			}
		}
		return n == 4, d.Status
	})
	waitJobStatus(t, srv, "eval-on-instance", statusCompleted)
}

func TestDemoSeedJobsWithoutExecution(t *testing.T) {
	t.Parallel()
	srv := startJobEmulator(t, func(o *Options) { o.Seed, o.NoExec = "demo", true })
	waitJobStatus(t, srv, "sweep-lr-batch", statusCompleted)
	jwait(t, "the long job logging without execution", func() (bool, string) {
		d := runDetailsOf(t, srv, "train-resnet18-long")
		u, ok := d.LogFiles["user_logs/std_log.txt"]
		if !ok || d.Status != statusRunning {
			return false, d.Status
		}
		log := readLogURL(t, srv, u)
		return strings.Contains(log, "--no-exec") && strings.Contains(log, "step 2/"), log
	})
	if s := jobStatus(t, srv, "train-resnet50-oom"); s != statusFailed {
		t.Errorf("seeded failed job is %s without execution", s)
	}
}
