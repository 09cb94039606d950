// Command probe waits until every endpoint it is given answers correctly, and says when each first
// did, in milliseconds since -since (a Unix time in nanoseconds: when the server was launched).
// Used by run.sh for the time from launch to every endpoint answering, and to check that a server
// holding 10,000 idle connections still serves the rest.
//
// An endpoint counts as answering only when it gives its protocol's answer, not when its port
// accepts: line ack — "已接收: probe" + LF for "probe" + LF; framed ack — the raw ack text for one
// Headers frame; time on connect — an RFC 3339 time, then the server's close; UDP — an RFC 3339
// time for a datagram; HTTP — status 200 (and the body naming UP).
//
// Prints one JSON object on stdout; exit status 1 when some endpoint did not answer within -timeout.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"time"
)

var rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$`)

type check struct {
	name string
	try  func(deadline time.Time) error
}

func main() {
	since := flag.Int64("since", 0, "Unix time in ns the figures count from (default: now)")
	line := flag.String("line", "", "line-ack host:port")
	framed := flag.String("framed", "", "framed-ack host:port")
	timeAddr := flag.String("time", "", "time-on-connect host:port")
	udp := flag.String("udp", "", "UDP time host:port")
	httpURL := flag.String("http", "", "URL that must answer 200 with UP in the body")
	timeout := flag.Duration("timeout", 60*time.Second, "give up after this long")
	interval := flag.Duration("interval", 5*time.Millisecond, "pause between tries of an endpoint")
	attempt := flag.Duration("attempt", time.Second, "bound on one try")
	flag.Parse()

	start := time.Now()
	origin := start
	if *since > 0 {
		origin = time.Unix(0, *since)
	}
	var checks []check
	if *line != "" {
		checks = append(checks, check{"line", func(d time.Time) error { return lineAck(*line, d) }})
	}
	if *framed != "" {
		checks = append(checks, check{"framed", func(d time.Time) error { return framedAck(*framed, d) }})
	}
	if *timeAddr != "" {
		checks = append(checks, check{"time", func(d time.Time) error { return timeOnConnect(*timeAddr, d) }})
	}
	if *udp != "" {
		checks = append(checks, check{"udp", func(d time.Time) error { return udpTime(*udp, d) }})
	}
	if *httpURL != "" {
		checks = append(checks, check{"http", func(d time.Time) error { return httpUp(*httpURL, d) }})
	}
	if len(checks) == 0 {
		fmt.Fprintln(os.Stderr, "probe: nothing to probe")
		os.Exit(2)
	}

	type outcome struct {
		name string
		ms   float64
		err  error
	}
	results := make(chan outcome, len(checks))
	giveUp := start.Add(*timeout)
	for _, c := range checks {
		go func(c check) {
			for {
				d := time.Now().Add(*attempt)
				if d.After(giveUp) {
					d = giveUp
				}
				err := c.try(d)
				if err == nil {
					results <- outcome{c.name, float64(time.Since(origin).Microseconds()) / 1000, nil}
					return
				}
				if time.Now().Add(*interval).After(giveUp) {
					results <- outcome{c.name, -1, err}
					return
				}
				time.Sleep(*interval)
			}
		}(c)
	}
	report := map[string]interface{}{}
	var failures []string
	all := 0.0
	for range checks {
		r := <-results
		if r.err != nil {
			failures = append(failures, r.name+": "+r.err.Error())
			report[r.name+"_ms"] = nil
			continue
		}
		report[r.name+"_ms"] = r.ms
		if r.ms > all {
			all = r.ms
		}
	}
	sort.Strings(failures)
	report["ok"] = len(failures) == 0
	if len(failures) == 0 {
		report["all_ms"] = all
	} else {
		report["error"] = strings.Join(failures, "; ")
	}
	out, _ := json.Marshal(report)
	fmt.Println(string(out))
	if len(failures) > 0 {
		os.Exit(1)
	}
}

func dial(network, addr string, deadline time.Time) (net.Conn, error) {
	conn, err := net.DialTimeout(network, addr, time.Until(deadline))
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(deadline)
	return conn, nil
}

func lineAck(addr string, deadline time.Time) error {
	conn, err := dial("tcp", addr, deadline)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("probe\n")); err != nil {
		return err
	}
	return expect(conn, []byte("已接收: probe\n"))
}

func framedAck(addr string, deadline time.Time) error {
	conn, err := dial("tcp", addr, deadline)
	if err != nil {
		return err
	}
	defer conn.Close()
	payload := []byte(`{"ID":"probe"}`)
	frame := make([]byte, 0, 11+len(payload))
	frame = append(frame, "Headers"...)
	frame = binary.BigEndian.AppendUint32(frame, uint32(len(payload)))
	frame = append(frame, payload...)
	if _, err := conn.Write(frame); err != nil {
		return err
	}
	return expect(conn, []byte("我收到了"))
}

func timeOnConnect(addr string, deadline time.Time) error {
	conn, err := dial("tcp", addr, deadline)
	if err != nil {
		return err
	}
	defer conn.Close()
	text, err := io.ReadAll(conn)
	if err != nil {
		return err
	}
	if !rfc3339.Match(text) {
		return fmt.Errorf("not a time: %q", text)
	}
	return nil
}

func udpTime(addr string, deadline time.Time) error {
	conn, err := dial("udp", addr, deadline)
	if err != nil {
		return err
	}
	defer conn.Close()
	// A lost datagram or an endpoint not bound yet: the next try sends again.
	conn.SetDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := conn.Write([]byte("获取时间")); err != nil {
		return err
	}
	reply := make([]byte, 1024)
	n, err := conn.Read(reply)
	if err != nil {
		return err
	}
	if !rfc3339.Match(reply[:n]) {
		return fmt.Errorf("not a time: %q", reply[:n])
	}
	return nil
}

func httpUp(url string, deadline time.Time) error {
	client := http.Client{Timeout: time.Until(deadline)}
	response, err := client.Get(url)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(response.Body, 64*1024))
	if response.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(`"UP"`)) {
		return fmt.Errorf("status %d: %.200s", response.StatusCode, body)
	}
	return nil
}

func expect(conn net.Conn, want []byte) error {
	got := make([]byte, len(want))
	if _, err := io.ReadFull(conn, got); err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("expected %q, got %q", want, got)
	}
	return nil
}
