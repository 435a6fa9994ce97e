package parser

import (
	ca "github.com/clientauth/clientauth"
)

// ServerHelloDone parses a TLS ≤1.2 ServerHelloDone, whose body is empty
// (RFC 5246 §7.4.5).
func (p *Parser) ServerHelloDone(msg []byte) error {
	if b, pre, ok := p.fastBody(msg, ca.TypeServerHelloDone); ok && p.fast(b, pre, ca.TypeServerHelloDone, views{}) || p.slow(msg, ca.TypeServerHelloDone, views{}) {
		return nil
	}
	return p.fail()
}

// Finished is a view of a Finished message.
type Finished struct {
	VerifyData []byte
}

// Finished parses msg; verify_data must be Params.VerifyDataLen() bytes.
func (p *Parser) Finished(msg []byte) (Finished, error) {
	var f Finished
	if b, pre, ok := p.fastBody(msg, ca.TypeFinished); ok && fastFinished(b, pre, &f) || p.slow(msg, ca.TypeFinished, views{fin: &f}) {
		return f, nil
	}
	return Finished{}, p.fail()
}

// fastFinished is finished without the records.
func fastFinished(b []byte, pre *prepared, f *Finished) bool {
	want := pre.verifyLen
	f.VerifyData = b
	return ca.LimitsOf(ca.BoundFinishedVerifyData).Allows(want) && len(b) == want
}

func (p *Parser) finished(r reader, f *Finished) bool {
	var idx [3]int32
	want := p.Params.VerifyDataLen()
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
