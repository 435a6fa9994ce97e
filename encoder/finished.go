package encoder

import (
	ca "github.com/clientauth/clientauth"
)

func (e *Encoder) finished(w *writer, m *ca.Finished) bool {
	var idx [3]int32
	want := e.Params.VerifyDataLen()
	if !ca.LimitsOf(ca.BoundFinishedVerifyData).Allows(want) {
		return e.reject(ca.CheckBadParams, ca.ContainerFinished, "", idx, 0, want)
	}
	if len(m.VerifyData) != want { // 8446-6-a
		return e.reject(ca.CheckFinishedLength, ca.ContainerFinished, "", idx, w.off(), len(m.VerifyData))
	}
	w.b = append(w.b, m.VerifyData...)
	return true
}

func (p *plan) finished(b []byte, m *ca.Finished) ([]byte, bool) {
	return append(b, m.VerifyData...), p.verifyOK && len(m.VerifyData) == p.verifyLen // 8446-6-a
}
