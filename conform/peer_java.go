package conform

import (
	"context"
	"errors"

	ca "github.com/clientauth/clientauth"
)

// java: SunJSSE through a small driver is not written yet; the peer skips.
type java struct{}

func (java) Name() string                     { return "java" }
func (java) Version() (string, error)         { return "", errors.New("the SunJSSE driver is not written yet") }
func (java) Supports(string, ca.Version) bool { return false }
func (java) Start(context.Context, Opts) (Handle, error) {
	return nil, errors.New("the SunJSSE driver is not written yet")
}
