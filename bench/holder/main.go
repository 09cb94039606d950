// Command holder opens many idle connections to a line-ack server and holds them, so that run.sh
// can measure what each costs the server (its RSS growth) and check that the server still serves
// everything else meanwhile. When told to let go (the file -release appears, or -max-hold passes)
// it checks that every held connection is still served — one line on each, the ack compared byte
// for byte — and closes them all.
//
// Stdout: one JSON line when every connection is open (or opening failed), one when done.
// Exit status 1 when a connection could not be opened or was not served at the end.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "line-ack host:port")
	count := flag.Int("n", 10000, "connections to hold")
	parallel := flag.Int("parallel", 64, "connects in progress at once")
	timeout := flag.Duration("timeout", 10*time.Second, "bound on each connect and on each check")
	release := flag.String("release", "", "let go once this file exists")
	maxHold := flag.Duration("max-hold", 2*time.Minute, "let go after this long in any case")
	prefix := flag.String("ack-prefix", "已接收: ", "the ack's prefix")
	flag.Parse()

	conns := make([]net.Conn, *count)
	var failed int64
	var firstErr atomic.Value
	started := time.Now()
	next := int64(-1)
	var wg sync.WaitGroup
	for w := 0; w < *parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1)
				if i >= int64(*count) {
					return
				}
				conn, err := net.DialTimeout("tcp", *addr, *timeout)
				if err != nil {
					atomic.AddInt64(&failed, 1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				conns[i] = conn
			}
		}()
	}
	wg.Wait()
	opened := int64(*count) - failed
	emit(map[string]interface{}{"phase": "open", "opened": opened, "failed": failed,
		"open_seconds": time.Since(started).Seconds(), "first_error": firstErr.Load()})
	if failed > 0 {
		closeAll(conns)
		os.Exit(1)
	}

	held := time.Now()
	for time.Since(held) < *maxHold {
		if *release != "" {
			if _, err := os.Stat(*release); err == nil {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
	}

	// Every held connection must still be served: one line each, the exact ack back.
	var served, lost int64
	var lostErr atomic.Value
	next = -1
	checked := time.Now()
	for w := 0; w < *parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := atomic.AddInt64(&next, 1)
				if i >= int64(*count) {
					return
				}
				if err := ack(conns[i], i, *prefix, *timeout); err != nil {
					atomic.AddInt64(&lost, 1)
					lostErr.CompareAndSwap(nil, fmt.Sprintf("connection %d: %v", i, err))
					continue
				}
				atomic.AddInt64(&served, 1)
			}
		}()
	}
	wg.Wait()
	closeAll(conns)
	emit(map[string]interface{}{"phase": "done", "held_seconds": checked.Sub(held).Seconds(),
		"served": served, "lost": lost, "first_error": lostErr.Load()})
	if lost > 0 {
		os.Exit(1)
	}
}

func ack(conn net.Conn, i int64, prefix string, timeout time.Duration) error {
	conn.SetDeadline(time.Now().Add(timeout))
	line := fmt.Sprintf("idle-%d\n", i)
	if _, err := conn.Write([]byte(line)); err != nil {
		return err
	}
	want := []byte(prefix + line)
	got := make([]byte, len(want))
	if _, err := io.ReadFull(conn, got); err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("expected %q, got %q", want, got)
	}
	return nil
}

func closeAll(conns []net.Conn) {
	for _, conn := range conns {
		if conn != nil {
			conn.Close()
		}
	}
}

func emit(fields map[string]interface{}) {
	out, _ := json.Marshal(fields)
	fmt.Println(string(out))
}
