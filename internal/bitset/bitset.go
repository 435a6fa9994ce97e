// Package bitset owns the one way the module builds a small set of enum
// values as a bit mask (message states in flow, tolerated deviations in the
// root package), so that the mask layout is written once.
package bitset

// Of returns the set of S holding es: bit e for each e.
func Of[S ~uint8 | ~uint16 | ~uint32 | ~uint64, E ~uint8](es ...E) S {
	var s S
	for _, e := range es {
		s |= 1 << e
	}
	return s
}
