package clientauth

// MessageInfo is one row of the message table: a handshake message this
// module parses and encodes.
type MessageInfo struct {
	Type HandshakeType
	// Short is the one short name fuzz targets, bench inputs, samples and
	// file names build on (FuzzCR13, CR13/..., "CV12").
	Short string
	// Container is the root of the message's field paths in errors and docs.
	Container string
	// Versions are the protocol versions in which the message exists.
	Versions VersionSet
	Defined  string // where the message is specified, newest text first
}

// messageTable is the message table. It is unexported so that no caller can
// change what the parser and encoder accept; Messages and LookupMessage read it.
var messageTable = [...]MessageInfo{
	{TypeCertificateRequest, "CR", ContainerCR, AllVersions, "RFC 8446 §4.3.2, RFC 5246 §7.4.4"},
	{TypeCertificate, "CT", ContainerCT, AllVersions, "RFC 8446 §4.4.2, RFC 5246 §7.4.2"},
	{TypeCertificateVerify, "CV", ContainerCV, AllVersions, "RFC 8446 §4.4.3, RFC 5246 §7.4.8"},
	{TypeClientKeyExchange, "Kex", ContainerCKE, UpToTLS12, "RFC 5246 §7.4.7, RFC 4279, RFC 5489"},
	{TypeServerHelloDone, "SHD", ContainerSHD, UpToTLS12, "RFC 5246 §7.4.5"},
	{TypeFinished, "Finished", ContainerFinished, AllVersions, "RFC 8446 §4.4.4, RFC 5246 §7.4.9"},
	{TypeCompressedCertificate, "Compressed", ContainerCC, V13, "RFC 8879 §4"},
}

// Messages returns the message table's rows, in the order above (a copy).
func Messages() []MessageInfo { return append([]MessageInfo(nil), messageTable[:]...) }

// messageIndex maps a handshake type to 1 + its row (0: not in the table), so
// that the parser's header check is one array read.
var messageIndex [256]uint8

func init() {
	for i, m := range messageTable {
		messageIndex[m.Type] = uint8(i + 1)
	}
}

// LookupMessage returns the row of t, if this module parses t.
func LookupMessage(t HandshakeType) (MessageInfo, bool) {
	i := messageIndex[t]
	if i == 0 {
		return MessageInfo{}, false
	}
	return messageTable[i-1], true
}

// MessageVersions is the set of versions in which t exists (empty for a type
// this module does not parse).
func MessageVersions(t HandshakeType) VersionSet {
	if i := messageIndex[t]; i != 0 {
		return messageTable[i-1].Versions
	}
	return 0
}

// MessageExists reports whether t exists in v and this module parses it.
func MessageExists(t HandshakeType, v Version) bool { return MessageVersions(t).Has(v) }

// Version sets as lists, oldest first.
func (s VersionSet) List() []Version {
	var out []Version
	for _, v := range Versions {
		if s.Has(v) {
			out = append(out, v)
		}
	}
	return out
}

// ExchangeBound is the shape of k's ClientKeyExchange after the psk_identity
// that HasPSKIdentity announces: the row of the exchange value's vector, or
// NoBound when nothing follows (plain psk) or the body is empty (fixed_dh,
// whose row is BoundFixedDHBody).
func (k KeyExchange) ExchangeBound() BoundID {
	switch k {
	case KexRSA, KexRSAPSK: // 5246-7.4.7.1-a
		return BoundEncryptedPreMasterSecret
	case KexDHE, KexDHEPSK: // 5246-7.4.7.2-a
		return BoundDHYc
	case KexECDHE, KexECDHEPSK: // 8422-5.7-a
		return BoundECPoint
	}
	return NoBound
}

// ExchangeRows are the rows ExchangeBound can return besides NoBound.
func ExchangeRows() [3]BoundID {
	return [3]BoundID{BoundEncryptedPreMasterSecret, BoundDHYc, BoundECPoint}
}

// ExchangeField returns the field of m that holds the value of the vector
// row id (one of ExchangeBound's), or nil for any other row.
func (m *ClientKeyExchange) ExchangeField(id BoundID) *[]byte {
	switch id {
	case BoundEncryptedPreMasterSecret:
		return &m.EncryptedPreMasterSecret
	case BoundDHYc:
		return &m.DHYc
	case BoundECPoint:
		return &m.ECPoint
	}
	return nil
}
