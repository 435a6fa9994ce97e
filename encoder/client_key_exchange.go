package encoder

import (
	ca "github.com/clientauth/clientauth"
)

// ClientKeyExchange appends m as a TLS ≤1.2 ClientKeyExchange for
// e.Params.KeyExchange.
func (e *Encoder) ClientKeyExchange(dst []byte, m *ca.ClientKeyExchange) ([]byte, error) {
	w, at, ok := e.begin(dst, ca.TypeClientKeyExchange, ca.UpToTLS12)
	return e.end(dst, &w, at, ok && e.clientKeyExchange(&w, m))
}

func (e *Encoder) clientKeyExchange(w *writer, m *ca.ClientKeyExchange) bool {
	var idx [3]int32
	k := e.Params.KeyExchange
	usesEPMS := k == ca.KexRSA || k == ca.KexRSAPSK
	usesDH := k == ca.KexDHE || k == ca.KexDHEPSK
	usesEC := k == ca.KexECDHE || k == ca.KexECDHEPSK
	switch {
	case len(m.PSKIdentity) > 0 && !k.HasPSKIdentity():
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, "psk_identity", idx, w.off(), 0)
	case len(m.EncryptedPreMasterSecret) > 0 && !usesEPMS:
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, "encrypted_pre_master_secret", idx, w.off(), 0)
	case len(m.DHYc) > 0 && !usesDH:
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, "dh_Yc", idx, w.off(), 0)
	case len(m.ECPoint) > 0 && !usesEC:
		return e.reject(ca.CheckUnusedField, ca.ContainerCKE, "ecdh_Yc", idx, w.off(), 0)
	}
	if k == ca.KexFixedDH { // 5246-7.4.7-b
		return e.exactLen(w, ca.BoundFixedDHBody, "", idx, 0)
	}
	if k.HasPSKIdentity() && !e.vec(w, ca.BoundPSKIdentity, "", idx, m.PSKIdentity) {
		return false
	}
	switch {
	case usesEPMS: // 5246-7.4.7.1-a
		return e.vec(w, ca.BoundEncryptedPreMasterSecret, "", idx, m.EncryptedPreMasterSecret)
	case usesDH: // 5246-7.4.7.2-a
		return e.vec(w, ca.BoundDHYc, "", idx, m.DHYc)
	case usesEC: // 8422-5.7-a
		return e.vec(w, ca.BoundECPoint, "", idx, m.ECPoint)
	}
	return true
}
