// Seed 001's UDP time client (客户端代码 client.go), as the document shows it.
package main

import (
	"fmt"
	"net"
)

func main() {
	// 服务器地址
	serverAddr, err := net.ResolveUDPAddr("udp", "localhost:8123")
	if err != nil {
		fmt.Println("地址解析错误:", err)
		return
	}
	// 创建UDP连接
	conn, err := net.DialUDP("udp", nil, serverAddr)
	if err != nil {
		fmt.Println("连接错误:", err)
		return
	}
	defer conn.Close()
	// 发送任意消息给服务器
	_, err = conn.Write([]byte("获取时间"))
	if err != nil {
		fmt.Println("发送请求错误:", err)
		return
	}
	// 接收服务器响应
	buffer := make([]byte, 1024)
	n, _, err := conn.ReadFromUDP(buffer)
	if err != nil {
		fmt.Println("接收响应错误:", err)
		return
	}
	// 打印接收到的时间
	fmt.Printf("服务器时间: %s\n", string(buffer[:n]))
}
