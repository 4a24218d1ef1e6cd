package bus

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQueueAgainstModel runs random pushes, takes and replacements of the head while it is
// being handed over, against a plain slice that removes replaced events: both always agree on
// what is queued and in which order.
func TestQueueAgainstModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var q queue
	var model []Event
	n := 0
	for step := range 200_000 {
		switch r := rng.IntN(10); {
		case r < 6:
			n++
			var ev Event = numbered{n: n}
			coalesce := rng.IntN(2) == 0
			if coalesce {
				ev = progress{key: key(rng.IntN(4)), n: n}
				model = slices.DeleteFunc(model, func(e Event) bool {
					p, ok := e.(progress)
					return ok && p.key == ev.(progress).key
				})
			}
			q.push(ev, keyOf(ev), coalesce)
			model = append(model, ev)
		default:
			ev, seq, ok := q.peek()
			if ok != (len(model) > 0) {
				t.Fatalf("step %d: peek ok=%v with %d modelled", step, ok, len(model))
			}
			if !ok {
				continue
			}
			if ev != model[0] {
				t.Fatalf("step %d: head %#v, model %#v", step, ev, model[0])
			}
			// Sometimes the head is replaced while the pump hands it over; it was delivered
			// either way, and the replacement stays queued.
			if p, isProgress := ev.(progress); isProgress && rng.IntN(3) == 0 {
				n++
				repl := progress{key: p.key, n: n}
				if !q.push(repl, keyOf(repl), true) {
					t.Fatalf("step %d: replacing the head was not reported", step)
				}
				model = append(model[1:], repl)
				q.take(seq)
				continue
			}
			q.take(seq)
			model = model[1:]
		}
		if q.len() != len(model) {
			t.Fatalf("step %d: queue holds %d live events, model %d", step, q.len(), len(model))
		}
	}
	if len(q.items) > 4*compactAt+2*len(model) {
		t.Fatalf("queue keeps %d entries for %d live events", len(q.items), len(model))
	}
}
