// Package trainer is the emulator's built-in training script: a stand-in for "python train.py"
// that prints what a real PyTorch-style training run prints (configuration, per-step progress
// bars, per-epoch losses and accuracy, a Python traceback when it fails), so the emulator's
// demo jobs produce realistic logs on a machine without Python.
//
// amlconsole runs it as a hidden subcommand (`amlconsole __trainer --epochs 5 ...`); the
// emulator starts it as a job's command through Options.TrainerCommand.
package trainer

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"
)

// SpeedEnv names the environment variable the emulator sets in every job process: the
// simulation speed factor, by which the trainer divides --seconds-per-epoch.
const SpeedEnv = "AZUREML_EMULATOR_SPEED"

// config is one run's parsed flags.
type config struct {
	epochs          int
	stepsPerEpoch   int
	secondsPerEpoch float64
	speed           float64
	failAtEpoch     int
	batchSize       int
	learningRate    float64
	model           string
	seed            uint64
	rank, worldSize int
	// instant runs without sleeping, on a simulated clock starting at startTime: the log
	// reads as if the run had taken its time (the emulator writes past runs' logs this way).
	instant   bool
	startTime time.Time
}

// Main runs the trainer with args (flags only, no program name), writing progress to stdout
// and errors and tracebacks to stderr; it returns the process exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "train.py: error: %v\n", err)
		return 2
	}
	r := &run{cfg: cfg, out: stdout, errOut: stderr,
		rng: rand.New(rand.NewPCG(cfg.seed, uint64(cfg.rank)+1)), simNow: cfg.startTime}
	return r.train()
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	cfg := config{rank: envInt("RANK", 0), worldSize: envInt("WORLD_SIZE", 1)}
	fs := flag.NewFlagSet("train.py", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.epochs, "epochs", 5, "number of epochs to train (at least 1)")
	fs.IntVar(&cfg.stepsPerEpoch, "steps-per-epoch", 100, "optimizer steps per epoch (at least 1)")
	fs.Float64Var(&cfg.secondsPerEpoch, "seconds-per-epoch", 4, "simulated seconds one epoch takes (divided by --speed)")
	fs.Float64Var(&cfg.speed, "speed", envFloat(SpeedEnv, 1), "speed factor; defaults to $"+SpeedEnv)
	fs.IntVar(&cfg.failAtEpoch, "fail-at-epoch", 0, "crash with a traceback during this epoch (0: never)")
	fs.IntVar(&cfg.batchSize, "batch-size", 64, "mini-batch size")
	fs.Float64Var(&cfg.learningRate, "lr", 0.001, "learning rate")
	fs.StringVar(&cfg.model, "model", "resnet18", "model architecture name, for the log")
	fs.Uint64Var(&cfg.seed, "seed", 42, "random seed (each rank derives its own stream)")
	fs.BoolVar(&cfg.instant, "instant", false, "do not sleep: log timestamps advance as if each step took its time")
	start := fs.String("start-time", "", "with --instant, the RFC 3339 time the run starts at (default now)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	cfg.startTime = time.Now()
	if *start != "" {
		t, err := time.Parse(time.RFC3339, *start)
		if err != nil {
			return cfg, fmt.Errorf("argument --start-time: %q is not an RFC 3339 time such as 2026-01-02T15:04:05Z", *start)
		}
		cfg.startTime = t
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unrecognized arguments: %v", fs.Args())
	case cfg.epochs < 1:
		return cfg, fmt.Errorf("argument --epochs: must be at least 1, got %d", cfg.epochs)
	case cfg.stepsPerEpoch < 1:
		return cfg, fmt.Errorf("argument --steps-per-epoch: must be at least 1, got %d", cfg.stepsPerEpoch)
	case cfg.secondsPerEpoch < 0 || math.IsNaN(cfg.secondsPerEpoch):
		return cfg, fmt.Errorf("argument --seconds-per-epoch: must not be negative, got %v", cfg.secondsPerEpoch)
	case !(cfg.speed > 0):
		return cfg, fmt.Errorf("argument --speed: must be greater than 0, got %v", cfg.speed)
	case cfg.failAtEpoch < 0:
		return cfg, fmt.Errorf("argument --fail-at-epoch: must not be negative, got %d", cfg.failAtEpoch)
	case cfg.batchSize < 1:
		return cfg, fmt.Errorf("argument --batch-size: must be at least 1, got %d", cfg.batchSize)
	case !(cfg.learningRate > 0):
		return cfg, fmt.Errorf("argument --lr: must be greater than 0, got %v", cfg.learningRate)
	}
	return cfg, nil
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil && v > 0 {
		return v
	}
	return def
}

// run is one training run in progress.
type run struct {
	cfg         config
	out, errOut io.Writer
	rng         *rand.Rand
	simNow      time.Time // the clock of an --instant run
}

// now is the run's clock: the wall clock, or the simulated one with --instant.
func (r *run) now() time.Time {
	if r.cfg.instant {
		return r.simNow
	}
	return time.Now()
}

// sleep waits d, or advances the simulated clock by d with --instant.
func (r *run) sleep(d time.Duration) {
	if r.cfg.instant {
		r.simNow = r.simNow.Add(d)
		return
	}
	time.Sleep(d)
}

func (r *run) train() int {
	c := r.cfg
	r.logf("INFO", "Using device: cuda:%d (rank %d of %d)", c.rank%8, c.rank, c.worldSize)
	r.logf("INFO", "Loading dataset: 50000 training samples, 10000 validation samples (%d per rank)", 50000/max(c.worldSize, 1))
	r.logf("INFO", "Model %s: %s parameters; optimizer AdamW(lr=%g, weight_decay=0.01); batch size %d", c.model, parameterCount(c.model), c.learningRate, c.batchSize)
	stepDelay := time.Duration(c.secondsPerEpoch / c.speed / float64(c.stepsPerEpoch) * float64(time.Second))
	curve := newLossCurve(c, r.rng.Float64())
	loss := curve.at(0)
	for epoch := 1; epoch <= c.epochs; epoch++ {
		start := r.now()
		epochLoss := 0.0
		for step := 1; step <= c.stepsPerEpoch; step++ {
			r.sleep(stepDelay)
			if epoch == c.failAtEpoch && step > c.stepsPerEpoch/2 {
				r.traceback(epoch)
				return 1
			}
			progress := float64(epoch-1) + float64(step)/float64(c.stepsPerEpoch)
			loss = math.Max(0.01, curve.at(progress)*(1+(r.rng.Float64()-0.5)*0.06))
			epochLoss += loss
			if r.progressStep(step) {
				r.progress(epoch, step, r.now().Sub(start), loss)
			}
		}
		trainLoss := epochLoss / float64(c.stepsPerEpoch)
		valLoss := trainLoss * (1.02 + r.rng.Float64()*0.08)
		fmt.Fprintf(r.out, "Epoch %d/%d - train_loss: %.4f - train_acc: %.4f - val_loss: %.4f - val_acc: %.4f - %.1fs\n",
			epoch, c.epochs, trainLoss, accuracy(trainLoss), valLoss, accuracy(valLoss), r.now().Sub(start).Seconds())
		if c.rank == 0 {
			r.logf("INFO", "Saved checkpoint outputs/checkpoint_epoch_%03d.pt", epoch)
		}
	}
	r.logf("INFO", "Training finished: final train_loss %.4f", loss)
	return 0
}

// lossCurve is the shape of a training loss: from ln(10) (an untrained 10-class classifier)
// down towards a floor, exponentially in epochs, with a time constant that does not stretch
// with the number of epochs (a long run plateaus, as real ones do). A learning rate far from
// 1e-3 converges slower and to a higher floor, so sweeps have something to find.
type lossCurve struct {
	start, floor, tau float64
}

func newLossCurve(c config, jitter float64) lossCurve {
	off := math.Abs(math.Log10(c.learningRate) + 3) // decades away from 1e-3
	return lossCurve{
		start: 2.30 + jitter*0.1,
		floor: 0.08 + 0.25*off + 0.05*jitter,
		tau:   math.Min(8, math.Max(1, float64(c.epochs)/3)) * (1 + off),
	}
}

// at is the loss after progress epochs.
func (l lossCurve) at(progress float64) float64 {
	return l.floor + (l.start-l.floor)*math.Exp(-progress/l.tau)
}

// parameterCount is the size of well-known architectures, for the log.
func parameterCount(model string) string {
	switch strings.ToLower(model) {
	case "resnet18":
		return "11,689,512"
	case "resnet34":
		return "21,797,672"
	case "resnet50":
		return "25,557,032"
	case "vit_b_16":
		return "86,567,656"
	}
	return "4,210,688"
}

// progressStep says whether step gets a progress line: about every 10% and the last, as tqdm
// does with a long mininterval when its output is not a terminal.
func (r *run) progressStep(step int) bool {
	every := max(r.cfg.stepsPerEpoch/10, 1)
	return step%every == 0 || step == r.cfg.stepsPerEpoch
}

// progress prints one tqdm-style bar line.
func (r *run) progress(epoch, step int, elapsed time.Duration, loss float64) {
	total := r.cfg.stepsPerEpoch
	const width = 20
	filled := step * width / total
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = ' '
		if i < filled {
			bar[i] = '█'
		}
	}
	rate := float64(step) / math.Max(elapsed.Seconds(), 1e-3)
	remaining := time.Duration(float64(total-step) / rate * float64(time.Second))
	fmt.Fprintf(r.out, "Epoch %d: %3d%%|%s| %d/%d [%s<%s, %.2fit/s, loss=%.4f]\n",
		epoch, step*100/total, string(bar), step, total, clock(elapsed), clock(remaining), rate, loss)
}

// accuracy maps a cross-entropy loss to a plausible 10-class accuracy.
func accuracy(loss float64) float64 {
	return math.Min(0.995, 0.1+0.9*(1-loss/2.4))
}

func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%02d:%02d", s/60, s%60)
}

func (r *run) logf(level, format string, args ...any) {
	fmt.Fprintf(r.out, "%s - %s - train - %s\n", r.now().UTC().Format("2006-01-02 15:04:05,000"), level, fmt.Sprintf(format, args...))
}

// traceback prints the crash a real run dies of most often: CUDA running out of memory in
// the forward pass.
func (r *run) traceback(epoch int) {
	fmt.Fprintf(r.errOut, `Traceback (most recent call last):
  File "/mnt/azureml/cr/j/exe/wd/train.py", line 142, in <module>
    main()
  File "/mnt/azureml/cr/j/exe/wd/train.py", line 131, in main
    train_loss = train_one_epoch(model, loader, optimizer, epoch=%d)
  File "/mnt/azureml/cr/j/exe/wd/train.py", line 88, in train_one_epoch
    outputs = model(inputs)
  File "/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py", line 1518, in _wrapped_call_impl
    return self._call_impl(*args, **kwargs)
  File "/opt/conda/lib/python3.10/site-packages/torchvision/models/resnet.py", line 285, in forward
    return self._forward_impl(x)
torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU %d; 15.77 GiB total capacity; 13.41 GiB already allocated; 1.12 GiB free; 13.90 GiB reserved in total by PyTorch)
`, epoch, r.cfg.rank%8)
}
