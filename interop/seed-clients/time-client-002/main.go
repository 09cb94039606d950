// Seed 002's client that waits for the server's close, as the document shows it.
package main

import (
	"fmt"
	"io"
	"net"
)

func main() {
	serverAddr := ":8330"
	tcpAddr, err := net.ResolveTCPAddr("tcp", serverAddr)
	if err != nil {
		fmt.Println("resolve err:", err)
		return
	}
	conn, err := net.DialTCP("tcp", nil, tcpAddr)
	if err != nil {
		fmt.Println("dial err:", err)
		return
	}
	closed := make(chan bool)
	go func() {
		for {
			var buf = make([]byte, 1024)
			n, err := conn.Read(buf)
			if err != nil {
				// 读取到EOF,服务端关闭连接
				if err == io.EOF {
					conn.Close()
					closed <- true
					return
				}
				fmt.Println("read err:", err)
				return
			}
			fmt.Println("read data ", n, ":", string(buf))
		}
	}()
	for {
		select {
		case <-closed:
			fmt.Println("服务端关闭")
			return
		}
	}
}
