package dissect

import (
	"fmt"
	"io"
	"net"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"

	ca "github.com/clientauth/clientauth"
)

// flow is one synthetic TLS connection for tshark: a ClientHello and a
// ServerHello that settle the version and cipher suite (tshark reads both to
// pick a CertificateRequest layout and a ClientKeyExchange shape), then one
// plaintext handshake record per message, each in its own TCP segment so
// that tshark's trees come out one per message, in order.
type flow struct {
	version ca.Version
	suite   uint16
	msgs    []flowMsg
}

type flowMsg struct {
	fromServer bool
	b          []byte
}

// writePcap writes flows as a classic pcap of Ethernet/IPv4/TCP packets to
// port 443, where tshark looks for TLS without being told.
func writePcap(w io.Writer, flows []flow) error {
	pw := pcapgo.NewWriter(w)
	if err := pw.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		return err
	}
	ts := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	buf := gopacket.NewSerializeBuffer()
	for i, f := range flows {
		cl := &tcpEnd{mac: net.HardwareAddr{2, 0, 0, 0, 0, 1}, ip: net.IPv4(10, 0, 0, 1).To4(), port: uint16(40000 + i), seq: 1000}
		sv := &tcpEnd{mac: net.HardwareAddr{2, 0, 0, 0, 0, 2}, ip: net.IPv4(10, 0, 0, 2).To4(), port: 443, seq: 5000}
		send := func(from, to *tcpEnd, payload []byte) error {
			eth := &layers.Ethernet{SrcMAC: from.mac, DstMAC: to.mac, EthernetType: layers.EthernetTypeIPv4}
			ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: from.ip, DstIP: to.ip}
			tcp := &layers.TCP{SrcPort: layers.TCPPort(from.port), DstPort: layers.TCPPort(to.port),
				Seq: from.seq, Ack: to.seq, ACK: true, PSH: true, Window: 65535}
			tcp.SetNetworkLayerForChecksum(ip)
			if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
				eth, ip, tcp, gopacket.Payload(payload)); err != nil {
				return err
			}
			from.seq += uint32(len(payload))
			ts = ts.Add(time.Millisecond)
			b := buf.Bytes()
			return pw.WritePacket(gopacket.CaptureInfo{Timestamp: ts, CaptureLength: len(b), Length: len(b)}, b)
		}
		recVers := uint16(f.version)
		if f.version == ca.VersionTLS13 {
			recVers = uint16(ca.VersionTLS12)
		}
		if err := send(cl, sv, record(recVers, clientHello(f.version, f.suite))); err != nil {
			return err
		}
		if err := send(sv, cl, record(recVers, serverHello(f.version, f.suite))); err != nil {
			return err
		}
		for j, m := range f.msgs {
			if len(m.b)+5 > 65000 {
				return fmt.Errorf("flow %d message %d: %d bytes do not fit one segment", i, j, len(m.b))
			}
			from, to := cl, sv
			if m.fromServer {
				from, to = sv, cl
			}
			if err := send(from, to, record(recVers, m.b)); err != nil {
				return err
			}
		}
	}
	return nil
}

type tcpEnd struct {
	mac  net.HardwareAddr
	ip   net.IP
	port uint16
	seq  uint32
}

func record(v uint16, body []byte) []byte {
	return append([]byte{22, byte(v >> 8), byte(v), byte(len(body) >> 8), byte(len(body))}, body...)
}

func handshake(t ca.HandshakeType, body []byte) []byte {
	n := len(body)
	return append([]byte{byte(t), byte(n >> 16), byte(n >> 8), byte(n)}, body...)
}

func clientHello(v ca.Version, suite uint16) []byte {
	legacy := uint16(v)
	if v == ca.VersionTLS13 {
		legacy = uint16(ca.VersionTLS12)
	}
	b := []byte{byte(legacy >> 8), byte(legacy)}
	b = append(b, make([]byte, 32)...)               // random
	b = append(b, 0)                                 // session_id
	b = append(b, 0, 2, byte(suite>>8), byte(suite)) // cipher_suites
	b = append(b, 1, 0)                              // compression_methods
	if v == ca.VersionTLS13 {
		b = append(b, 0, 7, 0, 43, 0, 3, 2, 3, 4) // supported_versions: TLS 1.3
	}
	return handshake(ca.TypeClientHello, b)
}

func serverHello(v ca.Version, suite uint16) []byte {
	legacy := uint16(v)
	if v == ca.VersionTLS13 {
		legacy = uint16(ca.VersionTLS12)
	}
	b := []byte{byte(legacy >> 8), byte(legacy)}
	b = append(b, make([]byte, 32)...)
	b[2] = 1 // not the HelloRetryRequest random
	b = append(b, 0, byte(suite>>8), byte(suite), 0)
	if v == ca.VersionTLS13 {
		b = append(b, 0, 6, 0, 43, 0, 2, 3, 4)
	}
	return handshake(ca.TypeServerHello, b)
}
