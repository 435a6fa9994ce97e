//go:build !linux

package harvest

import (
	"errors"
	"net"
)

func (n *netns) dial(string) (net.Conn, error) {
	return nil, errors.New("network namespaces exist only on Linux")
}
