package trainer

import (
	"bytes"
	"strings"
	"testing"
)

func TestTrainerCompletesEveryEpoch(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"--epochs", "3", "--seconds-per-epoch", "0", "--steps-per-epoch", "20"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit code %d, stderr %q", code, errOut.String())
	}
	for _, want := range []string{"Epoch 1/3 - train_loss:", "Epoch 3/3 - train_loss:", "100%|", "20/20 [", "Training finished"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "Epoch 4/") {
		t.Errorf("trained past --epochs:\n%s", out.String())
	}
}

func TestTrainerFailAtEpochPrintsTraceback(t *testing.T) {
	var out, errOut bytes.Buffer
	code := Main([]string{"--epochs", "5", "--fail-at-epoch", "2", "--seconds-per-epoch", "0"}, &out, &errOut)
	if code != 1 {
		t.Fatalf("exit code %d, want 1", code)
	}
	if !strings.HasPrefix(errOut.String(), "Traceback (most recent call last):") || !strings.Contains(errOut.String(), "OutOfMemoryError") {
		t.Errorf("stderr is not a Python traceback:\n%s", errOut.String())
	}
	if !strings.Contains(out.String(), "Epoch 1/5 - train_loss") || strings.Contains(out.String(), "Epoch 2/5 - train_loss") {
		t.Errorf("want epoch 1 finished and epoch 2 not:\n%s", out.String())
	}
}

func TestTrainerRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--epochs", "0"}, {"--speed", "-1"}, {"--bogus"}, {"extra"}, {"--fail-at-epoch", "-2"}} {
		var out, errOut bytes.Buffer
		if code := Main(args, &out, &errOut); code != 2 {
			t.Errorf("%v: exit code %d, want 2", args, code)
		}
		if errOut.Len() == 0 {
			t.Errorf("%v: no error message", args)
		}
	}
}

func TestTrainerSameSeedSameLosses(t *testing.T) {
	run := func() string {
		var out bytes.Buffer
		Main([]string{"--epochs", "2", "--seconds-per-epoch", "0", "--seed", "7"}, &out, &bytes.Buffer{})
		var epochs []string
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, "Epoch ") && strings.Contains(l, "train_loss") {
				epochs = append(epochs, l[:strings.LastIndex(l, " - ")])
			}
		}
		return strings.Join(epochs, "\n")
	}
	if a, b := run(), run(); a != b || a == "" {
		t.Errorf("same seed gave different losses:\n%s\n---\n%s", a, b)
	}
}

func TestTrainerLossFalls(t *testing.T) {
	var out bytes.Buffer
	Main([]string{"--epochs", "6", "--seconds-per-epoch", "0"}, &out, &bytes.Buffer{})
	var losses []string
	for _, l := range strings.Split(out.String(), "\n") {
		if _, rest, ok := strings.Cut(l, "train_loss: "); ok {
			losses = append(losses, strings.Fields(rest)[0])
		}
	}
	if len(losses) != 6 || losses[5] >= losses[0] {
		t.Errorf("epoch losses %v: want 6, falling", losses)
	}
}

func TestTrainerInstantRunKeepsItsTimeline(t *testing.T) {
	var out bytes.Buffer
	code := Main([]string{"--epochs", "2", "--seconds-per-epoch", "600", "--instant", "--start-time", "2026-01-02T03:00:00Z"}, &out, &bytes.Buffer{})
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	text := out.String()
	for _, want := range []string{"2026-01-02 03:00:00,000 - INFO", "- 600.0s", "2026-01-02 03:20:00,000 - INFO - train - Training finished"} {
		if !strings.Contains(text, want) {
			t.Errorf("instant run lacks %q:\n%s", want, text)
		}
	}
	if code := Main([]string{"--start-time", "yesterday"}, &bytes.Buffer{}, &bytes.Buffer{}); code != 2 {
		t.Errorf("a bad --start-time: exit %d, want 2", code)
	}
}
