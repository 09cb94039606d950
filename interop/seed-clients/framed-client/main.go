// Seed 004's client with the protocol (Enpack) change the document describes. The document's
// listing uses strconv without importing it; that import is the only addition.
package main

import (
	"fmt"
	"net"
	"os"
	"protocol"
	"strconv"
	"time"
)

func main() {
	//获取服务器地址和端口
	server := "localhost:7373"
	tcpAddr, err := net.ResolveTCPAddr("tcp4", server)
	if err != nil {
		Log(os.Stderr, "Fatal error: ", err)
		os.Exit(1)
	}
	//建立服务器连接
	conn, err := net.DialTCP("tcp", nil, tcpAddr)
	if err != nil {
		Log(os.Stderr, "Fatal error: ", err)
		os.Exit(1)
	}
	Log("connection success")
	sender(conn)
	fmt.Println("send over")
}

func sender(conn *net.TCPConn) {
	myage := int(time.Now().Year())
	myage -= 1973
	words := "{\"ID\":\"i\",\"Name\":\"Joel\",\"Age\":\"" + strconv.Itoa(myage) + "\",\"Programming Language\":\"go\"}"
	msgBack, err := conn.Write(protocol.Enpack([]byte(words)))
	if err != nil {
		Log(conn.RemoteAddr().String(), "Fatal error: ", err)
		os.Exit(1)
	}
	buffer := make([]byte, 1024)
	msg, err := conn.Read(buffer)
	Log(conn.RemoteAddr().String(), "服务器反馈: ", string(buffer[:msg]), msgBack, ";实际发送了", len(protocol.Enpack([]byte(words))))
	conn.Write([]byte("ok"))
}

//日志打印
func Log(v ...interface{}) {
	fmt.Println(v...)
}
