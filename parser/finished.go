package parser

import (
	ca "github.com/clientauth/clientauth"
)

// ServerHelloDone parses a TLS ≤1.2 ServerHelloDone, whose body is empty
// (RFC 5246 §7.4.5).
func (p *Parser) ServerHelloDone(msg []byte) error {
	r, ok := p.body(msg, ca.TypeServerHelloDone)
	if !ok || !p.exactLen(r, ca.BoundServerHelloDoneBody, "", [3]int32{}) {
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
	r, ok := p.body(msg, ca.TypeFinished)
	if !ok {
		return Finished{}, p.fail()
	}
	var idx [3]int32
	want := p.Params.VerifyDataLen()
	if !ca.Bounds[ca.BoundFinishedVerifyData].Allows(want) {
		p.reject(ca.CheckBadParams, ca.ContainerFinished, "", idx, 0, want)
		return Finished{}, p.fail()
	}
	if len(r.b) != want { // 8446-6-a
		p.reject(ca.CheckFinishedLength, ca.ContainerFinished, "", idx, r.off, len(r.b))
		return Finished{}, p.fail()
	}
	return Finished{VerifyData: r.b}, nil
}

// Value copies the view into an owned value.
func (f Finished) Value() ca.Finished { return ca.Finished{VerifyData: clone(f.VerifyData)} }
