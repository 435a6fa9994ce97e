package bitset

import "testing"

type color uint8

func TestOf(t *testing.T) {
	if got := Of[uint32](color(0), color(3), color(31)); got != 1|1<<3|1<<31 {
		t.Errorf("Of(0, 3, 31) = %#x", got)
	}
	if got := Of[uint8, color](); got != 0 {
		t.Errorf("Of() = %#x, want the empty set", got)
	}
	if got := Of[uint8](color(2), color(2)); got != 1<<2 {
		t.Errorf("Of(2, 2) = %#x, want one bit", got)
	}
}
