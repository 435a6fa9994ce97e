package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// ClientKeyExchange appends m as a TLS ≤1.2 ClientKeyExchange for
// e.Params.KeyExchange.
func (e *Encoder) ClientKeyExchange(dst []byte, m *ca.ClientKeyExchange) ([]byte, error) {
	w, at, ok := e.begin(dst, ca.TypeClientKeyExchange)
	return e.end(dst, &w, at, ok && e.clientKeyExchange(&w, m))
}

func (e *Encoder) clientKeyExchange(w *writer, m *ca.ClientKeyExchange) bool {
	var idx [3]int32
	k := e.Params.KeyExchange
	exch := k.ExchangeBound()
	if len(m.PSKIdentity) > 0 && !k.HasPSKIdentity() {
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, ca.BoundOf(ca.BoundPSKIdentity).Field, idx, w.off(), 0)
	}
	for _, id := range ca.ExchangeRows() {
		if id != exch && len(*m.ExchangeField(id)) > 0 {
			return e.reject(ca.CheckUnusedField, ca.ContainerCKE, ca.BoundOf(id).Field, idx, w.off(), 0)
		}
	}
	if k == ca.KexFixedDH { // 5246-7.4.7-b
		return e.exactLen(w, ca.BoundFixedDHBody, "", idx, 0)
	}
	if k.HasPSKIdentity() && !e.vec(w, ca.BoundPSKIdentity, "", idx, m.PSKIdentity) {
		return false
	}
	if exch != ca.NoBound {
		return e.vec(w, exch, "", idx, *m.ExchangeField(exch))
	}
	return true
}
