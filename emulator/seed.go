package emulator

// seed fills a fresh world.
func (w *world) seed() {
	w.created = w.now()
}
