package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// ServerHelloDone appends a TLS ≤1.2 ServerHelloDone.
func (e *Encoder) ServerHelloDone(dst []byte) ([]byte, error) {
	return e.message(dst, ca.TypeServerHelloDone, ca.UpToTLS12, func(*writer) bool { return true })
}

// Finished appends m; verify_data must be e.Params.VerifyDataLen() bytes.
func (e *Encoder) Finished(dst []byte, m *ca.Finished) ([]byte, error) {
	return e.message(dst, ca.TypeFinished, ca.AllVersions, func(w *writer) bool {
		var idx [3]int32
		want := e.Params.VerifyDataLen()
		if !ca.Bounds[ca.BoundFinishedVerifyData].Allows(want) {
			return e.reject(ca.CheckBadParams, ca.ContainerFinished, "", idx, 0, want)
		}
		if len(m.VerifyData) != want { // 8446-6-a
			return e.reject(ca.CheckFinishedLength, ca.ContainerFinished, "", idx, w.off(), len(m.VerifyData))
		}
		w.b = append(w.b, m.VerifyData...)
		return true
	})
}
