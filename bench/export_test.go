package bench

// BuildForTest builds the message and growth inputs twice, bypassing the
// cache, for the determinism test.
func BuildForTest() (a, b []Input) {
	build := func() []Input {
		ins, err := buildInputs()
		if err != nil {
			panic(err)
		}
		g, err := buildGrowth()
		if err != nil {
			panic(err)
		}
		return append(ins, g...)
	}
	return build(), build()
}
