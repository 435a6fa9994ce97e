package clientauth

// Single-message rules that parser, encoder and vector generator all apply:
// each is decided here once and returns the CheckID it fails (NoCheck when
// it holds), so the three cannot drift apart.

// CTEntriesCheck is the rule a TLS 1.3 Certificate with entries entries
// breaks under p.
func CTEntriesCheck(p Params, entries int) CheckID {
	switch {
	case p.CertType == CertTypeOpenPGP: // 8446-4.4.2-j
		return CheckOpenPGPInTLS13
	case p.CertType == CertTypeRawPublicKey && entries > 1: // 8446-4.4.2-i
		return CheckRawPublicKeyEntries
	case p.FromServer && entries == 0: // 8446-4.4.2-k
		return CheckEmptyServerCertificate
	}
	return NoCheck
}

// CTContextCheck is the rule a TLS 1.3 Certificate whose
// certificate_request_context has ctxLen bytes breaks under p: only a
// client's answer to a post-handshake request carries one (8446-4.4.2-d).
func CTContextCheck(p Params, ctxLen int) CheckID {
	if ctxLen > 0 && (p.FromServer || !p.PostHandshake) {
		return CheckCTContextOutsidePostHandshake
	}
	return NoCheck
}

// CertificateCheck is the first of CTEntriesCheck and CTContextCheck that
// fails, in the order parser and encoder report them.
func CertificateCheck(p Params, entries, ctxLen int) CheckID {
	if c := CTEntriesCheck(p, entries); c != NoCheck {
		return c
	}
	return CTContextCheck(p, ctxLen)
}
