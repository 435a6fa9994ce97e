// Package strictjson decodes the files the tree writes and reads back (a
// conformance report, corpus/real's manifest): strictly, so that a
// misspelt or stale member is an error and not silently dropped, and only
// when the file names the format the reader knows.
package strictjson

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Decode decodes b into a new T, refusing members T has no field for, and
// checks that the file names its own format want: member is the JSON member
// holding that name ("schema", "format") and id reads it from the value.
func Decode[T any](b []byte, member string, id func(*T) string, want string) (*T, error) {
	var v T
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if got := id(&v); got != want {
		return nil, fmt.Errorf("%s %q, want %q", member, got, want)
	}
	return &v, nil
}
