package flow_test

import (
	"errors"
	"testing"
	"unsafe"

	"pgregory.net/rapid"

	ca "github.com/clientauth/clientauth"
	"github.com/clientauth/clientauth/flow"
)

// TestArbitraryInput: any sequence of byte strings, from real messages
// rewritten at random to pure noise, is accepted or refused with a
// *flow.Error carrying an alert, never a panic; and a refusal is final.
func TestArbitraryInput(t *testing.T) {
	var pool []msg
	for _, c := range conforming() {
		pool = append(pool, c.msgs...)
	}
	rapid.Check(t, func(t *rapid.T) {
		cfg := flow.Config{
			Params: ca.Params{
				Version: rapid.SampledFrom(ca.Versions).Draw(t, "version"),
				Profile: rapid.SampledFrom(ca.Profiles).Draw(t, "profile"),
			},
			PSK:               flow.PSK(rapid.IntRange(0, 2).Draw(t, "psk")),
			PostHandshakeAuth: rapid.Bool().Draw(t, "pha"),
		}
		v := flow.New(cfg)
		var refusal error
		for range rapid.IntRange(1, 20).Draw(t, "messages") {
			m := rapid.SampledFrom(pool).Draw(t, "message")
			b := append([]byte{}, m.b...)
			switch rapid.IntRange(0, 3).Draw(t, "how") {
			case 1:
				if len(b) > 0 {
					b[rapid.IntRange(0, len(b)-1).Draw(t, "at")] = rapid.Byte().Draw(t, "byte")
				}
			case 2:
				b = b[:rapid.IntRange(0, len(b)).Draw(t, "cut")]
			case 3:
				b = rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, "noise")
			}
			err := v.Feed(rapid.Bool().Draw(t, "from server"), b)
			switch {
			case refusal != nil && err != refusal:
				t.Fatalf("after a refusal: %v", err)
			case err != nil:
				var fe *flow.Error
				if !errors.As(err, &fe) || fe.Alert() == 0 || fe.Error() == "" {
					t.Fatalf("refusal without an alert: %#v", err)
				}
				refusal = err
			}
		}
	})
}

// TestValidatorSize keeps the fixed state what the documentation says.
func TestValidatorSize(t *testing.T) {
	n := unsafe.Sizeof(flow.Validator{})
	t.Logf("Validator: %d bytes", n)
	if n > 64<<10 {
		t.Errorf("Validator is %d bytes", n)
	}
}

func BenchmarkHandshake(b *testing.B) {
	for _, c := range conforming() {
		b.Run(c.name, func(b *testing.B) {
			var v flow.Validator
			b.ReportAllocs()
			for range b.N {
				v.Reset(c.cfg)
				if _, err := feed(&v, c.msgs); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
