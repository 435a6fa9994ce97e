package encoder

import (
	ca "github.com/clientauth/clientauth"
)

func (e *Encoder) clientKeyExchange(w *writer, m *ca.ClientKeyExchange) bool {
	var idx [3]int32
	k := e.Params.KeyExchange
	exch := k.ExchangeBound()
	if len(m.PSKIdentity) > 0 && !k.HasPSKIdentity() {
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, boundField(ca.BoundPSKIdentity), idx, w.off(), 0)
	}
	for _, id := range ca.ExchangeRows() {
		if id != exch && len(*m.ExchangeField(id)) > 0 {
			return e.reject(ca.CheckUnusedField, ca.ContainerCKE, boundField(id), idx, w.off(), 0)
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

func (p *plan) clientKeyExchange(b []byte, m *ca.ClientKeyExchange) ([]byte, bool) {
	k := p.params.KeyExchange
	exch := k.ExchangeBound()
	if len(m.PSKIdentity) > 0 && !k.HasPSKIdentity() {
		return b, false
	}
	for _, id := range ca.ExchangeRows() {
		if id != exch && len(*m.ExchangeField(id)) > 0 {
			return b, false
		}
	}
	if k == ca.KexFixedDH { // 5246-7.4.7-b
		return b, ca.LimitsOf(ca.BoundFixedDHBody).Allows(0)
	}
	ok := true
	if k.HasPSKIdentity() {
		b, ok = putVec(b, ca.LimitsOf(ca.BoundPSKIdentity), m.PSKIdentity)
	}
	if ok && exch != ca.NoBound {
		return putVec(b, ca.LimitsOf(exch), *m.ExchangeField(exch))
	}
	return b, ok
}

// boundField is row id's field name.
func boundField(id ca.BoundID) string {
	_, f := id.Path()
	return f
}
