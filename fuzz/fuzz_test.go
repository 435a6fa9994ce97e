package fuzz

// Thin wrappers, one per target, each self-contained: libFuzzer builders
// compile a FuzzX with no helpers from other _test.go files. The logic is
// Check and CheckStream.

import (
	"testing"

	ca "github.com/clientauth/clientauth"
)

func FuzzCR10(f *testing.F) {
	t := Lookup("FuzzCR10")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCR11(f *testing.F) {
	t := Lookup("FuzzCR11")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCR12(f *testing.F) {
	t := Lookup("FuzzCR12")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCR13(f *testing.F) {
	t := Lookup("FuzzCR13")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCRPostHandshake(f *testing.F) {
	t := Lookup("FuzzCRPostHandshake")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCT12(f *testing.F) {
	t := Lookup("FuzzCT12")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCT13(f *testing.F) {
	t := Lookup("FuzzCT13")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzRawPublicKey(f *testing.F) {
	t := Lookup("FuzzRawPublicKey")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCV10(f *testing.F) {
	t := Lookup("FuzzCV10")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCV12(f *testing.F) {
	t := Lookup("FuzzCV12")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCV13(f *testing.F) {
	t := Lookup("FuzzCV13")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzRSAKex(f *testing.F) {
	t := Lookup("FuzzRSAKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDHEKex(f *testing.F) {
	t := Lookup("FuzzDHEKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzECDHEKex(f *testing.F) {
	t := Lookup("FuzzECDHEKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzPSKKex(f *testing.F) {
	t := Lookup("FuzzPSKKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzRSAPSKKex(f *testing.F) {
	t := Lookup("FuzzRSAPSKKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDHEPSKKex(f *testing.F) {
	t := Lookup("FuzzDHEPSKKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzECDHEPSKKex(f *testing.F) {
	t := Lookup("FuzzECDHEPSKKex")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzCompressed(f *testing.F) {
	t := Lookup("FuzzCompressed")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzFinishedSHD(f *testing.F) {
	t := Lookup("FuzzFinishedSHD")
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := Check(t.Params, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzStream(f *testing.F) {
	p := ca.Params{Version: ca.VersionTLS13}
	var flight []byte
	for _, s := range Lookup("FuzzCT13").Seeds()[:4] {
		flight = append(flight, s...)
		f.Add(flight)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckStream(p, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzStructured(f *testing.F) {
	for i := range 64 {
		f.Add([]byte{byte(i % 3), byte(i), byte(i * 7), 1, 0, 2, 3, 0x40, 0, 1, 0, 5, 8, 4, 0, 0, 2})
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckStructured(data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzFlow(f *testing.F) {
	// A conforming-looking TLS 1.3 client flight from the shared samples,
	// each message marked as sent by the client.
	var seed []byte
	seed = append(seed, 0x03)
	for _, s := range Lookup("FuzzCT13").Seeds()[:2] {
		seed = append(append(seed, 0), s...)
	}
	f.Add(seed)
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckFlow(data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDiffCR(f *testing.F) {
	t := LookupDiff("FuzzDiffCR")
	if err, fatal := t.Unready(); fatal {
		f.Fatal(err)
	} else if err != nil {
		f.Skip(err)
	}
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckDiff(t, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDiffCT(f *testing.F) {
	t := LookupDiff("FuzzDiffCT")
	if err, fatal := t.Unready(); fatal {
		f.Fatal(err)
	} else if err != nil {
		f.Skip(err)
	}
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckDiff(t, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDiffCV(f *testing.F) {
	t := LookupDiff("FuzzDiffCV")
	if err, fatal := t.Unready(); fatal {
		f.Fatal(err)
	} else if err != nil {
		f.Skip(err)
	}
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckDiff(t, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDiffKex(f *testing.F) {
	t := LookupDiff("FuzzDiffKex")
	if err, fatal := t.Unready(); fatal {
		f.Fatal(err)
	} else if err != nil {
		f.Skip(err)
	}
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckDiff(t, data); err != nil {
			tt.Fatal(err)
		}
	})
}

func FuzzDiffFinishedSHD(f *testing.F) {
	t := LookupDiff("FuzzDiffFinishedSHD")
	if err, fatal := t.Unready(); fatal {
		f.Fatal(err)
	} else if err != nil {
		f.Skip(err)
	}
	for _, s := range t.Seeds() {
		f.Add(s)
	}
	f.Fuzz(func(tt *testing.T, data []byte) {
		if err := CheckDiff(t, data); err != nil {
			tt.Fatal(err)
		}
	})
}
