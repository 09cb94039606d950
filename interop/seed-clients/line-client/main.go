// Seed 001's line client (客户端代码 client.go), as the document shows it.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	// 连接到服务器
	conn, err := net.Dial("tcp", "localhost:8080")
	if err != nil {
		fmt.Println("连接错误:", err)
		return
	}
	defer conn.Close() // 确保在函数结束时关闭连接
	fmt.Println("连接成功,请输入消息,按回车键发送") // 连接成功后的提示
	// 启动一个goroutine来接收服务器消息
	go receiveMessages(conn)
	// 在主goroutine中发送消息
	sendMessages(conn)
}

func receiveMessages(conn net.Conn) {
	reader := bufio.NewReader(conn)
	for {
		// 设置60秒的读取超时
		conn.SetReadDeadline(time.Now().Add(60 * time.Second))
		// 读取服务器发送的消息,直到遇到换行符
		message, err := reader.ReadString('\n')
		if err != nil {
			if netErr, ok := err.(net.Error); ok && netErr.Timeout() {
				fmt.Println("读取超时,未收到服务器消息")
				continue
			}
			fmt.Println("读取错误:", err)
			return
		}
		fmt.Print("服务器: ", message)
	}
}

func sendMessages(conn net.Conn) {
	scanner := bufio.NewScanner(os.Stdin)
	for scanner.Scan() {
		message := scanner.Text()
		// 设置10秒的写入超时
		conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
		// 发送消息到服务器
		_, err := conn.Write([]byte(message + "\n"))
		if err != nil {
			fmt.Println("发送消息错误:", err)
			return
		}
	}
}
