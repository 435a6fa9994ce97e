package conform

import (
	"context"
	"errors"

	ca "github.com/clientauth/clientauth"
)

type nss struct{}
type botan struct{}
type java struct{}

func (nss) Name() string                                  { return "nss" }
func (botan) Name() string                                { return "botan" }
func (java) Name() string                                 { return "java" }
func (nss) Version() (string, error)                      { return "", errors.New("todo") }
func (botan) Version() (string, error)                    { return "", errors.New("todo") }
func (java) Version() (string, error)                     { return "", errors.New("todo") }
func (nss) Supports(string, ca.Version) bool              { return false }
func (botan) Supports(string, ca.Version) bool            { return false }
func (java) Supports(string, ca.Version) bool             { return false }
func (nss) Start(context.Context, Opts) (Handle, error)   { return nil, errors.New("todo") }
func (botan) Start(context.Context, Opts) (Handle, error) { return nil, errors.New("todo") }
func (java) Start(context.Context, Opts) (Handle, error)  { return nil, errors.New("todo") }
