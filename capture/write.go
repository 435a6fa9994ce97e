package capture

import (
	"fmt"
	"io"

	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
)

// WritePcapng writes the recorded connections as a pcapng file of synthetic
// Ethernet/IPv4 (or IPv6)/TCP packets: per connection a three-way
// handshake, data segments of at most 1448 bytes with consistent sequence
// and acknowledgement numbers, and a FIN exchange. Connections are written
// one after the other, 100 µs between packets. A Conn without addresses gets
// 10.0.0.1:(40000+index) -> 10.0.0.2:443.
func WritePcapng(w io.Writer, conns []Conn) error {
	nw, err := pcapgo.NewNgWriterInterface(w, pcapgo.NgInterface{
		Name:                "clientauth-relay",
		LinkType:            layers.LinkTypeEthernet,
		TimestampResolution: 9,
	}, pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "clientauth capture"}})
	if err != nil {
		return err
	}
	pw := &packetWriter{emit: nw.WritePacket, ts: captureEpoch, mss: mss}
	for i, c := range conns {
		if err := pw.conn(i, c); err != nil {
			return fmt.Errorf("capture: writing conn %d: %v", i, err)
		}
	}
	return nw.Flush()
}
