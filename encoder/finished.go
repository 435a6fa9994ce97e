package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// ServerHelloDone appends a TLS ≤1.2 ServerHelloDone.
func (e *Encoder) ServerHelloDone(dst []byte) ([]byte, error) {
	w, at, ok := e.begin(dst, ca.TypeServerHelloDone)
	return e.end(dst, &w, at, ok)
}

// Finished appends m; verify_data must be e.Params.VerifyDataLen() bytes.
func (e *Encoder) Finished(dst []byte, m *ca.Finished) ([]byte, error) {
	w, at, ok := e.begin(dst, ca.TypeFinished)
	return e.end(dst, &w, at, ok && e.finished(&w, m))
}

func (e *Encoder) finished(w *writer, m *ca.Finished) bool {
	var idx [3]int32
	want := e.Params.VerifyDataLen()
	if !ca.BoundOf(ca.BoundFinishedVerifyData).Allows(want) {
		return e.reject(ca.CheckBadParams, ca.ContainerFinished, "", idx, 0, want)
	}
	if len(m.VerifyData) != want { // 8446-6-a
		return e.reject(ca.CheckFinishedLength, ca.ContainerFinished, "", idx, w.off(), len(m.VerifyData))
	}
	w.b = append(w.b, m.VerifyData...)
	return true
}
