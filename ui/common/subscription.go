package common

import tea "charm.land/bubbletea/v2"

// Subscription is one page's interest in a bus topic. It calls Common.Watch inside a command,
// counts generations so a watcher started for an earlier Start is released rather than kept,
// and stops the watcher when the page stops.
type Subscription struct {
	page   PageID
	topic  string
	gen    int
	active bool
	stop   func()
}

// NewSubscription returns a stopped subscription of page to topic.
func NewSubscription(page PageID, topic string) Subscription {
	return Subscription{page: page, topic: topic}
}

// WatchStartedMsg carries the stop function of a watcher started for one page generation.
type WatchStartedMsg struct {
	Page  PageID
	Topic string
	Gen   int
	Stop  func()
}

// Target implements Addressed.
func (m WatchStartedMsg) Target() PageID { return m.Page }

// Release implements Orphaned: a watcher nobody keeps is stopped.
func (m WatchStartedMsg) Release() tea.Cmd { return stopCmd(m.Stop) }

// Start begins watching; the returned command calls watch (the I/O) and reports back.
func (s *Subscription) Start(watch func(topic string) func()) tea.Cmd {
	if watch == nil || s.active {
		return nil
	}
	s.gen++
	s.active = true
	page, topic, gen := s.page, s.topic, s.gen
	return func() tea.Msg {
		return WatchStartedMsg{Page: page, Topic: topic, Gen: gen, Stop: watch(topic)}
	}
}

// Handle keeps the stop function of the current generation, or returns a command releasing
// a stale one. It reports whether msg belonged to this subscription.
func (s *Subscription) Handle(msg WatchStartedMsg) (tea.Cmd, bool) {
	if msg.Topic != s.topic || msg.Page != s.page {
		return nil, false
	}
	if !s.active || msg.Gen != s.gen || s.stop != nil {
		return stopCmd(msg.Stop), true
	}
	s.stop = msg.Stop
	return nil, true
}

// Active reports whether the subscription is started.
func (s *Subscription) Active() bool { return s.active }

// Stop ends the watch; the returned command calls the stop function.
func (s *Subscription) Stop() tea.Cmd {
	s.active = false
	stop := s.stop
	s.stop = nil
	return stopCmd(stop)
}

func stopCmd(stop func()) tea.Cmd {
	if stop == nil {
		return nil
	}
	return func() tea.Msg {
		stop()
		return nil
	}
}
