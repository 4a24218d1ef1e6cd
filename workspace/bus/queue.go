package bus

// queue holds the events one subscriber has not taken yet, oldest first. Must-deliver events
// stay until taken; a coalescible event removes any pending event with the same coalesce key
// and joins the tail, so everything ahead of it in the queue was published before it.
//
// Every entry carries a sequence number so the pump can tell whether the event it is offering
// is still the head after it wakes. Dead entries (taken, or replaced by a newer event) are
// squeezed out once they make up half the slice, so a subscriber that never reads a coalesced
// stream holds one event per key, not one per publish. A queue is not safe for concurrent use;
// its subscription guards it.
type queue struct {
	items   []entry
	head    int                 // index of the first entry not yet taken; dead entries may follow it
	dead    int                 // replaced entries at or after head
	next    uint64              // sequence number of the next push
	pending map[coalesceKey]int // → index of the key's queued event
}

type entry struct {
	ev   Event // nil once a newer event with the same key replaced it
	seq  uint64
	coal bool // ev is coalescible; its key is keyOf(ev), recomputed rather than stored
}

// coalesceKey identifies the events that replace each other: same topic, same CoalesceKey.
type coalesceKey struct{ topic, key string }

func keyOf(ev Event) coalesceKey { return coalesceKey{ev.Topic(), ev.CoalesceKey()} }

// compactAt is the least number of dead entries worth a compaction.
const compactAt = 64

// push appends ev. For a coalescible event it drops the pending one with the same key and
// reports whether that was the head (the pump may be offering it and must look again).
func (q *queue) push(ev Event, key coalesceKey, coalesce bool) (headReplaced bool) {
	if coalesce {
		if q.pending == nil {
			q.pending = make(map[coalesceKey]int)
		}
		if i, ok := q.pending[key]; ok {
			q.items[i].ev = nil
			q.dead++
			headReplaced = i == q.head
		}
		q.pending[key] = len(q.items)
	}
	q.items = append(q.items, entry{ev: ev, seq: q.next, coal: coalesce})
	q.next++
	q.compact()
	return headReplaced
}

// peek returns the oldest live event and its sequence number; ok is false when none is queued.
func (q *queue) peek() (ev Event, seq uint64, ok bool) {
	for q.head < len(q.items) && q.items[q.head].ev == nil {
		q.head++
		q.dead--
	}
	q.compact()
	if q.head == len(q.items) {
		return nil, 0, false
	}
	return q.items[q.head].ev, q.items[q.head].seq, true
}

// take removes the event peek returned as seq, once it has been handed to the subscriber.
// If a newer event replaced it meanwhile, the newer one stays queued: the subscriber got the
// old one before the new one was published, which is still oldest-first.
func (q *queue) take(seq uint64) {
	if q.head == len(q.items) || q.items[q.head].seq != seq {
		return // replaced and compacted away while being handed over
	}
	e := &q.items[q.head]
	if e.ev == nil {
		q.dead--
	} else if e.coal {
		delete(q.pending, keyOf(e.ev))
	}
	*e = entry{}
	q.head++
	q.compact()
}

// compact drops dead and taken entries once they are at least half the slice, rewriting the
// pending indices; amortised over the pushes that created them it costs O(1) per event.
func (q *queue) compact() {
	if q.head == len(q.items) {
		clear(q.items)
		q.items = q.items[:0]
		q.head, q.dead = 0, 0
		return
	}
	waste := q.head + q.dead
	if waste < compactAt || waste*2 < len(q.items) {
		return
	}
	live := q.items[:0]
	for _, e := range q.items[q.head:] {
		if e.ev == nil {
			continue
		}
		if e.coal {
			q.pending[keyOf(e.ev)] = len(live)
		}
		live = append(live, e)
	}
	clear(q.items[len(live):])
	q.items = live
	q.head, q.dead = 0, 0
}

// empty reports whether the queue holds no entry at all, not even one being handed over.
func (q *queue) empty() bool { return q.head == len(q.items) }

// len counts the live events queued.
func (q *queue) len() int { return len(q.items) - q.head - q.dead }
