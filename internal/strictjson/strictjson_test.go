package strictjson

import (
	"strings"
	"testing"
)

type file struct {
	Schema string `json:"schema"`
	N      int    `json:"n"`
}

func schema(f *file) string { return f.Schema }

func TestDecode(t *testing.T) {
	f, err := Decode([]byte(`{"schema":"s1","n":3}`), "schema", schema, "s1")
	if err != nil || f.N != 3 {
		t.Fatalf("Decode = %+v, %v", f, err)
	}
	for _, tc := range []struct{ in, want string }{
		{`{"schema":"s1","n":3,"extra":1}`, `unknown field "extra"`},
		{`{"schema":"s2","n":3}`, `schema "s2", want "s1"`},
		{`{"n":3}`, `schema "", want "s1"`},
		{`{"schema":"s1","n":"3"}`, `cannot unmarshal`},
		{``, `EOF`},
	} {
		if f, err := Decode([]byte(tc.in), "schema", schema, "s1"); err == nil || f != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%s) = %v, %v; want an error with %q", tc.in, f, err, tc.want)
		}
	}
}
