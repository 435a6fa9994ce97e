package parser

import (
	ca "github.com/clientauth/clientauth"
)

// ServerHelloDone parses a TLS ≤1.2 ServerHelloDone, whose body is empty
// (RFC 5246 §7.4.5).
func (p *Parser) ServerHelloDone(msg []byte) error {
	if !p.run(msg, ca.TypeServerHelloDone, views{}) {
		return p.fail()
	}
	return nil
}

// Finished is a view of a Finished message.
type Finished struct {
	VerifyData []byte
}

// Finished parses msg; verify_data must be Params.VerifyDataLen() bytes.
func (p *Parser) Finished(msg []byte) (Finished, error) {
	var f Finished
	if !p.run(msg, ca.TypeFinished, views{fin: &f}) {
		return Finished{}, p.fail()
	}
	return f, nil
}

// fastFinished is finished without the records.
func (p *Parser) fastFinished(b []byte, f *Finished) bool {
	want := p.Params.VerifyDataLen()
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
