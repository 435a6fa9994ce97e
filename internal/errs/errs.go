// Package errs fills a clientauth.Error from the bound and check tables: the
// plumbing the parser, the encoder, package flow and package certcompress
// share to make their rejections, kept out of the public API (issue 14).
// It reads the rows field by field (BoundID.Path, CheckID.Field, ...): a
// copy of a whole row on every rejection cost more than parsing a small
// message.
package errs

import ca "github.com/clientauth/clientauth"

// Bound fills e for a length outside row id and returns e; container ""
// means the row's own. It cites the row's default requirement; InVersion
// picks the version's.
func Bound(e *ca.Error, id ca.BoundID, container string, idx [3]int32, off, got int) *ca.Error {
	own, field := id.Path()
	if container == "" {
		container = own
	}
	*e = ca.Error{Container: container, Leaf: field, Index: idx, Offset: off,
		Requirement: id.RequirementIn(0), Alert: ca.AlertDecodeError, Bound: id, Value: got}
	return e
}

// Check fills e for a failed check and returns e; field "" means the
// check's own.
func Check(e *ca.Error, id ca.CheckID, container, field string, idx [3]int32, off, value int) *ca.Error {
	if field == "" {
		field = id.Field()
	}
	*e = ca.Error{Container: container, Leaf: field, Index: idx, Offset: off,
		Requirement: id.RequirementIn(0), Alert: id.Alert(), Check: id, Value: value}
	return e
}

// InVersion makes e cite the requirement its bound or check row names for
// version v (the rows' ByVersion column) and returns e. The parser and the
// encoder call it on every error they hand out, so that a TLS ≤1.2 message
// cites RFC 5246's rule where RFC 8446's is the default.
func InVersion(e *ca.Error, v ca.Version) *ca.Error {
	switch {
	case e.Bound != ca.NoBound:
		e.Requirement = e.Bound.RequirementIn(v)
	case e.Check != ca.NoCheck:
		e.Requirement = e.Check.RequirementIn(v)
	}
	return e
}
