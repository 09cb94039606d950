#!/usr/bin/env python3
"""One exchange with each ackgate endpoint, bytes checked exactly (docs/deployment.md).

Usage: endpoint-exchanges.py HOST LINE FRAMED TIME UDP MANAGEMENT   (ports; 0 skips an endpoint)

Plain sockets, so that it needs nothing but Python 3 and works before and without the CLI client.
Prints one line per check and exits 1 at the first failure.
"""
import datetime
import json
import re
import socket
import struct
import sys
import urllib.request

TIMEOUT = 5.0
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})")


def ok(what):
    print(f"ok   {what}", flush=True)


def fail(what):
    print(f"FAIL {what}", flush=True)
    sys.exit(1)


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            break
        data += chunk
    return data


def read_to_end(sock):
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data
        data += chunk


def check_time(what, raw):
    text = raw.decode("utf-8", "replace")
    if not RFC3339.fullmatch(text):
        fail(f"{what}: {raw!r} is not RFC 3339 text")
    parsed = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    skew = abs((parsed - datetime.datetime.now(datetime.timezone.utc)).total_seconds())
    if skew > 300:
        fail(f"{what}: {text} is {skew:.0f} s away from this machine's clock")
    ok(f"{what}: {text}")


def line(host, port):
    message = "smoke 你好".encode()
    expected = "已接收: ".encode() + message + b"\n"
    with socket.create_connection((host, port), TIMEOUT) as sock:
        sock.settimeout(TIMEOUT)
        sock.sendall(message + b"\n")
        reply = read_exactly(sock, len(expected))
    if reply != expected:
        fail(f"line ack on TCP {port}: expected {expected!r}, got {reply!r}")
    ok(f"line ack on TCP {port}: {reply!r}")


def framed(host, port):
    ack = "我收到了".encode()
    with socket.create_connection((host, port), TIMEOUT) as sock:
        sock.settimeout(TIMEOUT)
        for payload in (b'{"ID":"1","Name":"Joel","Age":"1","Programming Language":"go"}', "第二帧".encode()):
            sock.sendall(b"Headers" + struct.pack(">i", len(payload)) + payload)
            reply = read_exactly(sock, len(ack))
            if reply != ack:
                fail(f"framed ack on TCP {port}: expected {ack!r}, got {reply!r}")
            sock.sendall(b"ok")  # the seed client's receipt; the next frame must still be served
    ok(f"framed ack on TCP {port}: {ack!r} for each of 2 frames, with receipts")


def time_on_connect(host, port):
    with socket.create_connection((host, port), TIMEOUT) as sock:
        sock.settimeout(TIMEOUT)
        raw = read_to_end(sock)
    check_time(f"time on connect on TCP {port}, then end of stream", raw)


def udp_time(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(TIMEOUT / 2)
        for attempt in range(3):
            sock.sendto("获取时间".encode(), (host, port))
            try:
                raw, _ = sock.recvfrom(65535)
                break
            except socket.timeout:
                if attempt == 2:
                    fail(f"UDP time on {port}: no reply to 3 datagrams")
    check_time(f"UDP time on {port}", raw)


def http(host, port, path):
    with urllib.request.urlopen(f"http://{host}:{port}{path}", timeout=TIMEOUT) as response:
        return response.status, response.read().decode()


def management(host, port):
    for path in ("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"):
        status, body = http(host, port, path)
        state = json.loads(body).get("status")
        if status != 200 or state != "UP":
            fail(f"{path} on {port}: HTTP {status}, status {state}")
        ok(f"{path} on {port}: UP")
    status, body = http(host, port, "/actuator/prometheus")
    if status != 200 or "# HELP" not in body:
        fail(f"/actuator/prometheus on {port}: HTTP {status}, no exposition")
    ok(f"/actuator/prometheus on {port}: {sum(1 for l in body.splitlines() if l and not l.startswith('#'))} samples")


def main():
    if len(sys.argv) != 7:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    host = sys.argv[1]
    ports = [int(p) for p in sys.argv[2:]]
    for check, port in zip((line, framed, time_on_connect, udp_time, management), ports):
        if port:
            try:
                check(host, port)
            except OSError as ex:
                fail(f"{check.__name__} on {port}: {ex}")


if __name__ == "__main__":
    main()
