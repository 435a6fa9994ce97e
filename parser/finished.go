package parser

import (
	ca "github.com/clientauth/clientauth"
)

func (p *Parser) serverHelloDone(msg []byte) bool {
	b, _, ok := p.fastBody(msg, ca.TypeServerHelloDone)
	return ok && fastServerHelloDone(b) || p.slow(msg, ca.TypeServerHelloDone, &views{})
}

// fastServerHelloDone is the fast path's check of the (empty) body.
func fastServerHelloDone(b []byte) bool {
	return ca.LimitsOf(ca.BoundServerHelloDoneBody).Allows(len(b))
}

// Finished is a view of a Finished message.
type Finished struct {
	VerifyData []byte
}

// fastFinished is finished without the records.
func fastFinished(b []byte, pre *prepared, f *Finished) bool {
	want := pre.verifyLen
	f.VerifyData = b
	return ca.LimitsOf(ca.BoundFinishedVerifyData).Allows(want) && len(b) == want
}

func (p *Parser) finished(r reader, f *Finished) bool {
	var idx [3]int32
	want := p.pre.verifyLen
	if !ca.LimitsOf(ca.BoundFinishedVerifyData).Allows(want) {
		return p.reject(ca.CheckBadParams, ca.ContainerFinished, "", idx, 0, want)
	}
	if len(r.b) != want { // 8446-6-a
		return p.reject(ca.CheckFinishedLength, ca.ContainerFinished, "", idx, r.off, len(r.b))
	}
	f.VerifyData = r.b
	return true
}

// Value copies the view into an owned value.
func (f Finished) Value() ca.Finished { return ca.Finished{VerifyData: clone(f.VerifyData)} }
