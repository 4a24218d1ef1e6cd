package emulator

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/amlconsole/amlconsole/emulator/trainer"
)

// The jobs of the demo seed, on the demo computes the compute half seeds: a training run that
// keeps logging for hours, a finished one, one that failed with a traceback, a sweep with
// several trials, a distributed run with several ranks, and a short job on the compute
// instance. Finished jobs are history (their logs are written by the built-in trainer, in
// process); the others really run through the simulation.

// The demo computes the seeded jobs run on (named by the compute half's seed).
const (
	seedCPUCluster = "cpu-cluster"
	seedGPUCluster = "gpu-cluster"
	seedInstance   = "ci-alice"
)

// seedEnvironment is the curated environment the demo jobs name.
const seedEnvironment = "azureml://registries/azureml/environments/acpt-pytorch-2.2-cuda12.1/versions/18"

// seedJobs adds the demo jobs. The compute half calls it from its demo seed, after the demo
// computes exist.
func (w *world) seedJobs() {
	now := w.now()
	w.seedHistory("train-baseline-cpu", seedCPUCluster, 5, 0, "--steps-per-epoch 40 --model resnet18", now.Add(-3*time.Hour), 14*time.Minute)
	w.seedHistory("train-resnet50-oom", seedGPUCluster, 8, 3, "--steps-per-epoch 40 --model resnet50 --batch-size 512", now.Add(-95*time.Minute), 6*time.Minute)
	w.seedLive("train-resnet18-long", 200*time.Minute, map[string]any{
		"displayName": "resnet18 long run", "experimentName": "image-classification",
		"computeId": seedCPUCluster, "command": w.trainerCommand("--epochs 400 --seconds-per-epoch 30 --model resnet18"),
		"tags": map[string]any{"owner": "alice", "stage": "dev"},
	})
	w.seedLive("ddp-resnet50", 10*time.Minute, map[string]any{
		"displayName": "resnet50 DDP 2x2", "experimentName": "image-classification",
		"computeId": seedGPUCluster, "command": w.trainerCommand("--epochs 30 --seconds-per-epoch 20 --model resnet50"),
		"resources":    map[string]any{"instanceCount": float64(2)},
		"distribution": map[string]any{"distributionType": "PyTorch", "processCountPerInstance": float64(2)},
	})
	w.seedLive("eval-on-instance", time.Minute, map[string]any{
		"displayName": "quick evaluation", "experimentName": "evaluation",
		"computeId": seedInstance, "command": w.trainerCommand("--epochs 3 --seconds-per-epoch 20 --model resnet18"),
	})
	w.seedLive("sweep-lr-batch", 0, map[string]any{
		"jobType": jobTypeSweep, "displayName": "learning rate × batch size", "experimentName": "hyperparameter-search",
		"computeId":         seedCPUCluster,
		"samplingAlgorithm": map[string]any{"samplingAlgorithmType": "Grid"},
		"objective":         map[string]any{"primaryMetric": "val_loss", "goal": "Minimize"},
		"limits":            map[string]any{"jobLimitsType": "Sweep", "maxTotalTrials": float64(6), "maxConcurrentTrials": float64(2)},
		"earlyTermination":  map[string]any{"policyType": "Bandit", "slackFactor": 0.25, "evaluationInterval": float64(1), "delayEvaluation": float64(1)},
		"searchSpace": map[string]any{
			"lr":         []any{"choice", []any{[]any{0.1, 0.01, 0.001}}},
			"batch_size": []any{"choice", []any{[]any{64.0, 256.0}}},
		},
		"trial": map[string]any{
			"command":       w.trainerCommand("--epochs 3 --seconds-per-epoch 15 --lr ${{search_space.lr}} --batch-size ${{search_space.batch_size}}"),
			"environmentId": seedEnvironment,
		},
	})
}

// trainerCommand is the command line of the built-in trainer; without one (a library user
// who gave no TrainerCommand) jobs fall back to a shell loop that logs like it.
func (w *world) trainerCommand(args string) string {
	if w.opts.TrainerCommand != "" {
		return w.opts.TrainerCommand + " " + args
	}
	return `i=0; while [ $i -lt 1000 ]; do i=$((i+1)); echo "$(date -u '+%F %T') - INFO - train - step $i - rank ${RANK:-0}"; sleep 5; done # trainer ` + args
}

// seedLive creates a job through the same validation as a PUT. Without execution, the job
// runs for synth (0: the default) as its real command would, about.
func (w *world) seedLive(name string, synth time.Duration, props map[string]any) {
	if _, ok := props["jobType"]; !ok {
		props["jobType"] = jobTypeCommand
	}
	if props["jobType"] == jobTypeCommand {
		props["environmentId"] = seedEnvironment
	}
	spec, e := w.parseJobBody(map[string]any{"properties": props})
	var j *jobState
	if e == nil {
		j, e = w.createJob(name, spec, w.now())
	}
	if e == nil && w.opts.NoExec && synth > 0 {
		j.SynthDuration = synth
	}
	if e != nil {
		w.logf("emulator: demo seed: job %s: %s", name, e.Err.Message)
	}
}

// seedHistory adds a job that ended before the emulator started, with the logs the trainer
// wrote, run in process with no delay: epochs of training that took took, crashing halfway
// through epoch failAt unless it is 0.
func (w *world) seedHistory(name, computeName string, epochs, failAt int, extra string, created time.Time, took time.Duration) {
	args := fmt.Sprintf("--epochs %d %s", epochs, extra)
	props := map[string]any{
		"jobType": jobTypeCommand, "displayName": name, "experimentName": "image-classification",
		"computeId": computeName, "command": "python train.py " + args, "environmentId": seedEnvironment,
	}
	spec, e := w.parseJobBody(map[string]any{"properties": props})
	if e != nil {
		w.logf("emulator: demo seed: job %s: %s", name, e.Err.Message)
		return
	}
	j := w.newJobState(name, spec, created)
	j.Attempt = 1
	j.Started = created.Add(3 * time.Minute)
	j.Ended = j.Started.Add(took)
	j.Status, j.StatusSince, j.Modified = statusCompleted, j.Ended, j.Ended
	w.jobs[jobKey(name)] = j
	w.markDirty()
	w.lifecycle(j, created, "Job %s created (type Command, compute %s).", name, computeName)
	w.lifecycle(j, j.Started, "Running 1 process(es): %s", j.Command)
	path, _ := w.logPath(j, j.userLog(0))
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		w.logf("emulator: demo seed: job %s: %v", name, err)
		return
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		w.logf("emulator: demo seed: job %s: %v", name, err)
		return
	}
	// The trainer runs instantly on a clock that starts when the job did, so the log's
	// timestamps and epoch times fit the job's history.
	ran := float64(epochs)
	if failAt > 0 {
		ran = float64(failAt) - 0.5
	}
	perEpoch := strconv.FormatFloat(took.Seconds()/ran, 'f', 1, 64)
	code := trainer.Main(append(strings.Fields(args), "--fail-at-epoch", strconv.Itoa(failAt), "--instant", "--speed", "1",
		"--seconds-per-epoch", perEpoch, "--start-time", j.Started.UTC().Format(time.RFC3339)), f, f)
	f.Close()
	if code != 0 {
		j.Status = statusFailed
		j.Error = &runError{Code: "UserError", Message: fmt.Sprintf(
			"Execution failed. User process 'rank 0' exited with status code %d. Please check log file '%s' for error details. Error: %s",
			code, j.userLog(0), w.logTail(j, j.userLog(0), 12))}
	}
	w.execLog(j, j.Ended, "All processes exited; exit codes [%d].", code)
	w.lifecycle(j, j.Ended, "Finalizing: uploading outputs and logs.")
	w.lifecycle(j, j.Ended, "Job %s.", strings.ToLower(j.Status))
}
