package runs

import (
	"testing"

	"github.com/amlconsole/amlconsole/compute"
)

func TestStatusMeaning(t *testing.T) {
	type meaning struct {
		terminal, transitional, failed, resume, cancel bool
		health                                         compute.Health
	}
	T, F := true, false
	for s, want := range map[Status]meaning{
		StatusNotStarted:      {F, T, F, F, T, compute.HealthTransitional},
		StatusStarting:        {F, T, F, F, T, compute.HealthTransitional},
		StatusProvisioning:    {F, T, F, F, T, compute.HealthTransitional},
		StatusPreparing:       {F, T, F, F, T, compute.HealthTransitional},
		StatusQueued:          {F, T, F, F, T, compute.HealthTransitional},
		StatusRunning:         {F, F, F, F, T, compute.HealthOK},
		StatusFinalizing:      {F, T, F, F, T, compute.HealthTransitional},
		StatusCancelRequested: {F, T, F, F, F, compute.HealthTransitional},
		StatusCompleted:       {T, F, F, F, F, compute.HealthOK},
		StatusFailed:          {T, F, T, F, F, compute.HealthFailed},
		StatusCanceled:        {T, F, F, F, F, compute.HealthStopped},
		StatusPaused:          {T, F, F, F, F, compute.HealthStopped},
		StatusNotResponding:   {F, F, T, T, T, compute.HealthFailed},
		StatusUnknown:         {F, F, F, F, T, compute.HealthUnknown},
		"running":             {F, F, F, F, T, compute.HealthOK},
		"SomethingNew":        {F, F, F, F, T, compute.HealthUnknown},
	} {
		got := meaning{s.Terminal(), s.Transitional(), s.Failed(), s.CanResume(), s.CanCancel(), s.Health()}
		if got != want {
			t.Errorf("%s: %+v, want %+v", s, got, want)
		}
		if s.Active() == s.Terminal() {
			t.Errorf("%s: Active and Terminal agree", s)
		}
	}
	if len(Statuses()) != 14 {
		t.Errorf("%d statuses", len(Statuses()))
	}
}
