package parser

import (
	ca "github.com/clientauth/clientauth"
)

// ServerHelloDone parses a TLS ≤1.2 ServerHelloDone, whose body is empty
// (RFC 5246 §7.4.5).
func (p *Parser) ServerHelloDone(msg []byte) error {
	if p.serverHelloDone(msg) {
		return nil
	}
	return p.fail()
}

func (p *Parser) serverHelloDone(msg []byte) bool {
	b, _, ok := p.fastBody(msg, ca.TypeServerHelloDone)
	return ok && ca.LimitsOf(ca.BoundServerHelloDoneBody).Allows(len(b)) || p.slow(msg, ca.TypeServerHelloDone, &views{})
}

// Finished is a view of a Finished message.
type Finished struct {
	VerifyData []byte
}

// Finished parses msg; verify_data must be Params.VerifyDataLen() bytes.
func (p *Parser) Finished(msg []byte) (f Finished, err error) {
	b, pre, ok := p.fastBody(msg, ca.TypeFinished)
	return result(p, &f, ok && fastFinished(b, pre, &f) || p.slow(msg, ca.TypeFinished, &views{fin: &f}))
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
