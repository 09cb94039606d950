// Command reference is the Go server ackgate is measured against: seed 001's line-ack server and
// its UDP time server, written the way the seed writes them — a goroutine per connection,
// bufio.Reader.ReadString('\n'), read and write deadlines set per message, one Write per ack of
// "已接收: " + line (its LF included); and one goroutine answering every datagram with
// time.Now().Format(time.RFC3339) from the bound socket, reading into a fresh 1 KiB buffer.
//
// It differs from the seed only where a benchmark needs it to: ports and timeouts come from flags,
// and the per-message log line is off unless -log-messages is given (PROTOCOLS.md asks for debug
// level only, and ackgate logs messages at DEBUG). Connection opens and closes are logged, as the
// seed and ackgate both do.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	lineAddr := flag.String("line", "127.0.0.1:8080", "line-ack TCP address (empty: off)")
	udpAddr := flag.String("udp", "127.0.0.1:8123", "UDP time address (empty: off)")
	readTimeout := flag.Duration("read-timeout", 30*time.Second, "a connection silent this long is closed (the seed's)")
	writeTimeout := flag.Duration("write-timeout", 10*time.Second, "an ack not written within this closes the connection (the seed's)")
	logMessages := flag.Bool("log-messages", false, "print every message, as the seed does")
	quiet := flag.Bool("quiet", false, "do not log connection opens and closes")
	flag.Parse()
	log.SetFlags(log.LstdFlags | log.Lmicroseconds)

	if *lineAddr != "" {
		listener, err := net.Listen("tcp", *lineAddr)
		if err != nil {
			log.Fatalf("line: listen %s: %v", *lineAddr, err)
		}
		log.Printf("line ack listening on %s", listener.Addr())
		server := lineServer{*readTimeout, *writeTimeout, *logMessages, *quiet}
		go server.serve(listener)
	}
	if *udpAddr != "" {
		addr, err := net.ResolveUDPAddr("udp", *udpAddr)
		if err != nil {
			log.Fatalf("udp: resolve %s: %v", *udpAddr, err)
		}
		conn, err := net.ListenUDP("udp", addr)
		if err != nil {
			log.Fatalf("udp: listen %s: %v", *udpAddr, err)
		}
		log.Printf("UDP time listening on %s", conn.LocalAddr())
		go serveTime(conn, *logMessages)
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	log.Printf("stopping on %v", <-stop)
}

type lineServer struct {
	readTimeout, writeTimeout time.Duration
	logMessages, quiet        bool
}

func (s lineServer) serve(listener net.Listener) {
	for {
		conn, err := listener.Accept()
		if err != nil {
			log.Printf("accept: %v", err)
			// EMFILE and friends: back off instead of spinning, as net/http does.
			time.Sleep(5 * time.Millisecond)
			continue
		}
		if !s.quiet {
			log.Printf("新客户端连接: %s", conn.RemoteAddr())
		}
		go s.handle(conn)
	}
}

// handle is the seed's handleConnection.
func (s lineServer) handle(conn net.Conn) {
	defer conn.Close()
	reader := bufio.NewReader(conn)
	for {
		conn.SetReadDeadline(time.Now().Add(s.readTimeout))
		message, err := reader.ReadString('\n')
		if err != nil {
			if !s.quiet {
				var netErr net.Error
				switch {
				case errors.As(err, &netErr) && netErr.Timeout():
					log.Printf("%s: 读取超时,关闭连接", conn.RemoteAddr())
				case errors.Is(err, io.EOF):
					log.Printf("%s: closed by the client", conn.RemoteAddr())
				default:
					log.Printf("%s: 读取错误: %v", conn.RemoteAddr(), err)
				}
			}
			return
		}
		if s.logMessages {
			fmt.Printf("收到来自 %s 的消息: %s", conn.RemoteAddr(), message)
		}
		conn.SetWriteDeadline(time.Now().Add(s.writeTimeout))
		if _, err := conn.Write([]byte("已接收: " + message)); err != nil {
			if !s.quiet {
				log.Printf("%s: 写入错误: %v", conn.RemoteAddr(), err)
			}
			return
		}
	}
}

// serveTime is the seed's UDP loop: one datagram at a time, the time back to its source.
func serveTime(conn *net.UDPConn, logMessages bool) {
	for {
		buffer := make([]byte, 1024)
		_, remoteAddr, err := conn.ReadFromUDP(buffer)
		if err != nil {
			log.Printf("udp: 读取数据错误: %v", err)
			continue
		}
		if logMessages {
			fmt.Printf("收到来自 %s 的请求\n", remoteAddr)
		}
		currentTime := time.Now().Format(time.RFC3339)
		if _, err := conn.WriteToUDP([]byte(currentTime), remoteAddr); err != nil {
			log.Printf("udp: 发送响应错误: %v", err)
		}
	}
}
