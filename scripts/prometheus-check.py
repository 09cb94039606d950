#!/usr/bin/env python3
"""A real Prometheus scraping a real ackgate: the dashboard's panels and five alerts, checked.

Usage: prometheus-check.py RENDER_DIR JAR WORK_DIR      (run by scripts/prometheus-check.sh)

RENDER_DIR holds the chart rendered by RenderedChartExport (monitoring.yaml with its ServiceMonitor,
monitoring.rules.yaml with its PrometheusRule's groups). This script
  1. starts a line-ack upstream (Python), a single-node Kafka broker (scripts/kafka-broker.sh) and
     ackgate from JAR on loopback (free ports), with the journal on, the relay in ack-mode local
     forwarding to that upstream and Kafka in ack-mode local sending to that broker;
  2. starts Debian's prometheus on loopback with a scrape config made from the rendered
     ServiceMonitor the way the Prometheus Operator makes it (job = the management Service,
     namespace/service/pod/container/endpoint target labels, the ServiceMonitor's relabelings,
     its path, interval and timeout) and the rendered rules;
  3. runs a known mixed load: `client bench` on line and framed (with receipts) and UDP text, plus
     NTP requests, time-on-connect connections and oversize lines (protocol errors) from here;
  4. evaluates every panel query of dashboards/ackgate.json (those in the collapsed journal, relay
     and Kafka rows too) through /api/v1/query_range, with $instance and $__rate_interval
     substituted as Grafana does, and checks each against the load; the ack-latency p99 that
     histogram_quantile gives over exactly the messages of each client's measured run (a warm-up
     run and a scrape before it) must not exceed that client's round-trip p99;
  5. stops the upstream and the Kafka broker, sends lines (acked from the journal) and a burst of
     malformed frames: AckgateRelayUpstreamDown, AckgateRelayBacklogHigh, AckgateKafkaSendFailures,
     AckgateKafkaBacklogHigh and AckgateProtocolErrorsHigh must fire (/api/v1/alerts) and the relay's
     and Kafka's panels show the outage; then, with the upstream and the broker back and the burst
     over, they resolve.
Every wait has a deadline; everything started here is stopped on exit. Exit 1 on the first failure.
"""
import json
import os
import re
import signal
import socket
import socketserver
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

import yaml  # python3-yaml

RENDER_DIR, JAR, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
DASHBOARD = "dashboards/ackgate.json"
ACK_PREFIX = "已接收: ".encode()
LOAD_SECONDS = int(os.environ.get("ACKGATE_PROM_LOAD_SECONDS", "30"))
# A `client bench` run may take its duration plus this (its JVM's start and exit, on a loaded machine)
# before it is killed; less than the 150 s the load's threads are joined with beyond the duration.
BENCH_MARGIN = 120
started = time.monotonic()
procs = []
failures = []


def log(message):
    print(f"prometheus-check: {message}", flush=True)


def fail(message):
    log(f"FAIL {message}")
    if os.path.exists(f"{WORK}/ackgate.log"):
        log("last lines of ackgate's log:\n" + "".join(open(f"{WORK}/ackgate.log").readlines()[-15:]))
    sys.exit(1)


def check(condition, message):
    if condition:
        log(f"ok   {message}")
    else:
        failures.append(message)
        log(f"FAIL {message}")


def free_ports(tcp, udp):
    socks = [socket.socket() for _ in range(tcp)] + [socket.socket(type=socket.SOCK_DGRAM) for _ in range(udp)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def wait_for(what, predicate, timeout, interval=1.0):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            fail(f"{what}: not within {timeout} s")
        time.sleep(interval)


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


# --- a line-ack upstream for the relay, to stop and start --------------------------------------
class LineAckHandler(socketserver.StreamRequestHandler):
    connections = set()

    def setup(self):
        super().setup()
        LineAckHandler.connections.add(self.connection)

    def handle(self):
        try:
            for line in self.rfile:
                # Stopped: ack nothing more, even on a connection accepted while stop() ran, whose
                # handler may register only after stop() has cut the ones it knew.
                if not Upstream.serving:
                    return
                self.wfile.write(ACK_PREFIX + line)
                self.wfile.flush()
                with Upstream.lock:
                    Upstream.acked += 1
        except (BrokenPipeError, ConnectionResetError):
            pass  # stop() cut this connection mid-write: the outage this check simulates


class Upstream:
    """Counts what it acks, and samples the count, so the relay's panel is checked against it."""
    lock = threading.Lock()
    acked = 0
    serving = False
    samples = []  # (time.time(), acked so far), every 0.2 s

    def __init__(self, port):
        self.port = port
        self.server = None
        threading.Thread(target=self.sample, daemon=True).start()

    def sample(self):
        while True:
            with Upstream.lock:
                Upstream.samples.append((time.time(), Upstream.acked))
            time.sleep(0.2)

    @staticmethod
    def acked_at(when):
        """The count at a moment, interpolated between the samples around it."""
        before = max((s for s in Upstream.samples if s[0] <= when), default=Upstream.samples[0])
        after = min((s for s in Upstream.samples if s[0] >= when), default=Upstream.samples[-1])
        if after[0] == before[0]:
            return before[1]
        return before[1] + (after[1] - before[1]) * (when - before[0]) / (after[0] - before[0])

    def start(self):
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        socketserver.ThreadingTCPServer.daemon_threads = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), LineAckHandler)
        Upstream.serving = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        """Stops listening and drops every open connection, the relay's pooled ones included."""
        Upstream.serving = False
        self.server.shutdown()
        self.server.server_close()
        self.server = None
        for connection in list(LineAckHandler.connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            except OSError:
                pass
        LineAckHandler.connections.clear()


# --- ackgate and prometheus ---------------------------------------------------------------------
(line_port, framed_port, time_port, mgmt_port, upstream_port, prom_port, broker_port, controller_port,
 udp_port) = free_ports(8, 1)
upstream = Upstream(upstream_port)
upstream.start()

# A real single-node Kafka broker (scripts/kafka-broker.sh), started beside ackgate: the service
# starts without it (not ready until the broker answers), so the two JVMs start at the same time.
BROKER_DIR = f"{WORK}/broker"
broker = subprocess.Popen(["scripts/kafka-broker.sh", "--port", str(broker_port), "--controller-port",
                           str(controller_port), "--dir", BROKER_DIR],
                          stdout=open(f"{WORK}/broker.out", "w"), stderr=subprocess.STDOUT)

env = dict(os.environ,
           ACKGATE_LINE_PORT=str(line_port), ACKGATE_FRAMED_PORT=str(framed_port),
           ACKGATE_TIME_PORT=str(time_port), ACKGATE_UDP_PORT=str(udp_port),
           MANAGEMENT_SERVER_PORT=str(mgmt_port), SERVER_ADDRESS="127.0.0.1",
           ACKGATE_LINE_BIND_ADDRESS="127.0.0.1", ACKGATE_FRAMED_BIND_ADDRESS="127.0.0.1",
           ACKGATE_TIME_BIND_ADDRESS="127.0.0.1", ACKGATE_UDP_BIND_ADDRESS="127.0.0.1",
           MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED="true",
           ACKGATE_JOURNAL_ENABLED="true", ACKGATE_JOURNAL_DIRECTORY=f"{WORK}/journal",
           # Forced every 200 ms, not per group commit: with fsync always the disk's tail is nearly
           # all of both the server's and the client's latency, their p99s come within 1-2 % of each
           # other, and no bucket layout of a classic histogram resolves that (docs/observability.md)
           ACKGATE_JOURNAL_FSYNC="interval", ACKGATE_JOURNAL_FSYNC_INTERVAL="200ms",
           ACKGATE_RELAY_ENABLED="true", ACKGATE_RELAY_HOST="127.0.0.1", ACKGATE_RELAY_PORT=str(upstream_port),
           ACKGATE_RELAY_ACK_MODE="local", ACKGATE_RELAY_REPLY_TIMEOUT="2s",
           ACKGATE_RELAY_CONNECT_TIMEOUT="1s", ACKGATE_RELAY_RETRY_MAX_BACKOFF="1s",
           # every client here is 127.0.0.1: the per-source UDP limit (2/s) would answer almost nothing
           ACKGATE_UDP_RATE_LIMIT_ENABLED="false",
           # Kafka in ack-mode local: every journaled message goes to the broker afterwards, so the
           # acks (and their latency) do not wait for it
           ACKGATE_KAFKA_ENABLED="true", ACKGATE_KAFKA_ACK_MODE="local", ACKGATE_KAFKA_TOPIC="prometheus-check",
           ACKGATE_KAFKA_PARTITIONS="1", ACKGATE_KAFKA_REPLICATION_FACTOR="1",
           SPRING_KAFKA_BOOTSTRAP_SERVERS=f"127.0.0.1:{broker_port}",
           # the broker's outage below turns into counted failures within seconds, and its end into
           # a drained backlog soon after
           ACKGATE_KAFKA_SEND_TIMEOUT="3s", ACKGATE_KAFKA_FORWARD_MAX_BACKOFF="1s")
service_log = open(f"{WORK}/ackgate.log", "w")
service = subprocess.Popen(["java", "-jar", JAR], env=env, stdout=service_log, stderr=subprocess.STDOUT)
procs.append(service)

monitoring = list(yaml.safe_load_all(open(f"{RENDER_DIR}/monitoring.yaml")))
monitor = next(o for o in monitoring if o and o["kind"] == "ServiceMonitor")
management = next(o for o in monitoring if o and o["kind"] == "Service"
                  and any(p.get("name") == monitor["spec"]["endpoints"][0]["port"] for p in o["spec"]["ports"]))
endpoint = monitor["spec"]["endpoints"][0]
namespace = monitor["metadata"]["namespace"]
scrape_interval = endpoint.get("interval", "30s")
scrape_seconds = int(re.fullmatch(r"(\d+)s", scrape_interval).group(1))
instance = f"127.0.0.1:{mgmt_port}"


def relabel(config):
    """A ServiceMonitor RelabelConfig (camelCase) as Prometheus's relabel_config (snake_case)."""
    keys = {"sourceLabels": "source_labels", "targetLabel": "target_label"}
    return {keys.get(k, k): v for k, v in config.items()}


# What the Operator generates for this endpoint, for one pod at 127.0.0.1 (kubernetes_sd is
# replaced by a static target; the target labels it derives from the pod are set explicitly).
target_labels = {"namespace": namespace, "service": management["metadata"]["name"], "pod": "ackgate-0",
                 "container": "ackgate", "endpoint": endpoint["port"], "job": management["metadata"]["name"]}
scrape = {
    "job_name": f"serviceMonitor/{namespace}/{monitor['metadata']['name']}/0",
    "metrics_path": endpoint["path"],
    "scrape_interval": scrape_interval,
    "scrape_timeout": endpoint.get("scrapeTimeout", "10s"),
    "honor_labels": bool(endpoint.get("honorLabels", False)),
    "static_configs": [{"targets": [instance]}],
    "relabel_configs": [{"target_label": k, "replacement": v, "action": "replace"} for k, v in target_labels.items()]
    + [relabel(r) for r in endpoint.get("relabelings", [])],
    "metric_relabel_configs": [relabel(r) for r in endpoint.get("metricRelabelings", [])],
}
config = {"global": {"scrape_interval": scrape_interval, "evaluation_interval": "2s"},
          "rule_files": [os.path.abspath(f"{RENDER_DIR}/monitoring.rules.yaml")],
          "scrape_configs": [scrape]}
with open(f"{WORK}/prometheus.yml", "w") as f:
    yaml.safe_dump(config, f, sort_keys=False)
subprocess.run(["promtool", "check", "config", f"{WORK}/prometheus.yml"], check=True, stdout=subprocess.DEVNULL,
               timeout=60)
prom_log = open(f"{WORK}/prometheus.log", "w")
prometheus = subprocess.Popen(["prometheus", f"--config.file={WORK}/prometheus.yml",
                               f"--storage.tsdb.path={WORK}/tsdb", f"--web.listen-address=127.0.0.1:{prom_port}",
                               "--log.level=warn"], stdout=prom_log, stderr=subprocess.STDOUT)
procs.append(prometheus)
PROM = f"http://127.0.0.1:{prom_port}"


def stop_all():
    try:
        subprocess.run(["scripts/kafka-broker.sh", "--stop", "--port", str(broker_port), "--dir", BROKER_DIR],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    except subprocess.TimeoutExpired:  # the rest is stopped all the same
        log("kafka-broker.sh --stop did not finish within 60 s")
    for p in reversed(procs):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in reversed(procs):
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()


def api(path, **params):
    try:
        body = json.loads(http_get(f"{PROM}{path}?{urllib.parse.urlencode(params)}", timeout=10))
    except urllib.error.HTTPError as e:
        fail(f"{path} {params}: HTTP {e.code} {e.read()[:500]!r}")
    if body.get("status") != "success":
        fail(f"{path} {params}: {body}")
    return body["data"]


def ready(url):
    try:
        http_get(url)
        return True
    except OSError:
        return False


p99_figures = {}
try:
    try:
        if broker.wait(timeout=180) != 0:
            fail("the Kafka broker did not start:\n" + open(f"{WORK}/broker.out").read()[-2000:])
    except subprocess.TimeoutExpired:
        fail("the Kafka broker did not start within 180 s")
    wait_for("ackgate ready", lambda: ready(f"http://127.0.0.1:{mgmt_port}/actuator/health/readiness"), 300)
    wait_for("prometheus ready", lambda: ready(f"{PROM}/-/ready"), 60)
    targets = wait_for("the ackgate target scraped", lambda: [t for t in api("/api/v1/targets")["activeTargets"]
                                                              if t["health"] == "up"], 60)
    log(f"ackgate and prometheus up in {time.monotonic() - started:.0f} s; target labels {targets[0]['labels']}")
    check(targets[0]["labels"].get("job") == management["metadata"]["name"]
          and targets[0]["labels"].get("instance") == instance and "endpoint" not in targets[0]["labels"],
          "the target's job is the management Service, instance is the pod's address, and the ServiceMonitor's "
          "labeldrop keeps the target's endpoint label off ackgate's own")

    # --- the load ---------------------------------------------------------------------------
    def bench(protocol, seconds, *extra):
        """client bench for that long; (result, start, end) of its measured window."""
        process = subprocess.Popen(["java", "-jar", JAR, "client", "bench", "--protocol", protocol,
                                    "--port", str({"line": line_port, "framed": framed_port}[protocol]),
                                    "--connections", "2", "--duration", f"{seconds}s",
                                    "--json", "--no-progress", *extra],
                                   stdout=subprocess.PIPE, stderr=open(f"{WORK}/bench-{protocol}.err", "w"),
                                   text=True)
        # The summary is printed the moment the load ends; the JVM's exit can take seconds more on a
        # loaded machine, so the window ends when the line arrives, not when the process does. So the
        # output is read as it comes, on a thread of its own, while this one waits for the process
        # with a deadline (communicate() would give the lines only at the exit, without that time).
        got = {}

        def read_summary():
            for line in process.stdout:
                if line.startswith("{"):
                    got["summary"], got["end"] = line, time.time()

        reader = threading.Thread(target=read_summary, daemon=True)
        reader.start()
        limit = seconds + BENCH_MARGIN
        try:
            returncode = process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            process.kill()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            stderr = open(f"{WORK}/bench-{protocol}.err").read()
            failures.append(f"client bench {protocol}: still running {limit} s after its start, killed")
            log(f"FAIL client bench {protocol}: still running {limit} s after its start ({seconds} s of load), "
                f"killed: {stderr[-2000:]}")
            return None
        reader.join(10)  # the rest of its output, at most a pipe's buffer, once it exited
        summary, end = got.get("summary"), got.get("end")
        stderr = open(f"{WORK}/bench-{protocol}.err").read()
        if returncode != 0 or summary is None:
            failures.append(f"client bench {protocol}: exit {returncode}")
            log(f"FAIL client bench {protocol}: exit {returncode}: {stderr[-2000:]}")
            return None
        result = json.loads(summary)
        return result, end - result["elapsed_seconds"], end

    side_counts = {"text": 0, "ntp": 0, "time": 0, "oversize": 0}
    side_window = []
    stop_side = threading.Event()

    def side_load():
        ntp = socket.socket(type=socket.SOCK_DGRAM)
        ntp.settimeout(2)
        request = bytes([0x23]) + bytes(47)  # LI 0, version 4, mode 3 (client)
        next_oversize = time.monotonic()
        side_window.append(time.time())
        while not stop_side.is_set():
            try:  # UDP text, then NTP: each answered before the next is sent
                ntp.sendto(b"\n", ("127.0.0.1", udp_port))
                if ntp.recv(512).endswith(b"Z"):
                    side_counts["text"] += 1
                ntp.sendto(request, ("127.0.0.1", udp_port))
                if len(ntp.recv(512)) == 48:
                    side_counts["ntp"] += 1
            except OSError:
                side_counts["ntp_unanswered"] = side_counts.get("ntp_unanswered", 0) + 1
            try:
                with socket.create_connection(("127.0.0.1", time_port), 5) as s:
                    s.settimeout(5)
                    if s.recv(64):
                        side_counts["time"] += 1
            except OSError:
                side_counts["time_failed"] = side_counts.get("time_failed", 0) + 1
            if time.monotonic() >= next_oversize:  # one oversize line every 2 s: below the alert's 1/s
                try:
                    with socket.create_connection(("127.0.0.1", line_port), 5) as s:
                        s.settimeout(5)
                        s.sendall(b"x" * 70000 + b"\n")
                        while s.recv(4096):
                            pass
                except OSError:
                    pass
                side_counts["oversize"] += 1
                next_oversize += 2
            time.sleep(0.01)
        side_window.append(time.time())

    def benches(seconds):
        results = {}
        threads = [threading.Thread(target=lambda p=p, e=e: results.__setitem__(p, bench(p, seconds, *e)),
                                    daemon=True)
                   for p, e in (("line", ()), ("framed", ("--receipt",)))]
        for t in threads:
            t.start()
        return threads, results

    # The warm-up (the server's JIT) is a run of its own, not bench --warmup, and a scrape lies
    # between it and the measured run: so the histogram's counts at that scrape and at one after
    # the run hold exactly the measured run's acks, the same messages as the client's percentiles.
    threads, warmup = benches(5)
    for t in threads:
        t.join(150)
    if len(warmup) < 2 or None in warmup.values():
        fail("the warm-up did not run")
    time.sleep(scrape_seconds + 1)
    before_load = time.time()
    side = threading.Thread(target=side_load, daemon=True)
    threads, results = benches(LOAD_SECONDS)
    load_start = time.time()
    side.start()
    for t in threads:
        t.join(LOAD_SECONDS + 150)
    load_end = time.time()
    stop_side.set()
    side.join(10)
    if len(results) < 2 or None in results.values():
        fail("the load did not run")
    windows = {p: (r[1], r[2]) for p, r in results.items()}
    results = {p: r[0] for p, r in results.items()}
    for protocol, r in results.items():
        log(f"load {protocol}: {r['acked']} of {r['sent']} acked in {r['elapsed_seconds']:.1f} s, "
            f"{r['messages_per_second']:.0f}/s, p99 {r['p99_us']} µs, lost {r['lost']}")
        check(r["lost"] == 0 and r["mismatched"] == 0 and r["errors"] == 0, f"{protocol} load: no lost or wrong reply")
    log(f"side load: {side_counts}")
    # two more scrapes, so that the window's last samples are in
    time.sleep(2 * scrape_seconds + 1)
    after_load = time.time()

    # --- every panel query, as Grafana sends it ----------------------------------------------
    # $__rate_interval = max($__interval + scrape interval, 4 x scrape interval), $__interval the
    # range over the panel's points, never below the data source's scrape interval (set to the
    # ServiceMonitor's, as an operator does); $instance: one selected value, regex-escaped the way
    # Grafana's Prometheus data source escapes it (\\. in the query text), and All (.*).
    # the measured window every client had (after warm-ups and JVM starts), less one rate interval
    m_start = max(w[0] for w in windows.values())
    m_end = min(w[1] for w in windows.values())
    window = m_end - m_start
    interval = max(scrape_seconds, int((load_end - load_start) / 1000))
    rate_interval = f"{max(interval + scrape_seconds, 4 * scrape_seconds)}s"
    escaped = re.sub(r"([$^*{}\[\]'+?.()|])", r"\\\\\1", instance)
    dashboard = json.load(open(DASHBOARD))
    panels = []

    def walk(items):
        for p in items:
            walk(p.get("panels", []))
            for t in p.get("targets", []):
                panels.append((p["title"], t["expr"], t.get("legendFormat", "")))

    walk(dashboard["panels"])
    q_start = m_start + max(interval + scrape_seconds, 4 * scrape_seconds)
    q_end = m_end
    log(f"measured window {window:.1f} s; panel values averaged from {q_start - m_start:.0f} s into it")

    def query(expr, instance_value):
        e = expr.replace("$__rate_interval", rate_interval).replace("$instance", instance_value)
        return api("/api/v1/query_range", query=e, start=q_start, end=q_end, step=f"{scrape_seconds}s")["result"]

    def mean(series):
        values = [float(v) for _, v in series["values"] if v not in ("NaN", "+Inf", "-Inf")]
        return sum(values) / len(values) if values else float("nan")

    def by(result, *labels):
        return {tuple(s["metric"].get(label, "") for label in labels): s for s in result}

    acks_client = {p: results[p]["messages_per_second"] for p in ("line", "framed")}
    evaluated = {}
    for title, expr, legend in panels:
        selected = query(expr, escaped)
        everything = query(expr, ".*")
        check(len(selected) > 0, f"panel '{title}' / {legend}: {len(selected)} series")
        check(by(selected, *sorted(selected[0]["metric"]) if selected else ()).keys()
              == by(everything, *sorted(selected[0]["metric"]) if selected else ()).keys(),
              f"panel '{title}' / {legend}: the same series with $instance All")
        evaluated[(title, legend)] = selected
        for s in selected:
            log(f"     {legend:<28} {json.dumps(s['metric'], ensure_ascii=False)} mean {mean(s):.4g}")

    def series(title, legend, **labels):
        for s in evaluated.get((title, legend), []):
            if all(s["metric"].get(k) == v for k, v in labels.items()):
                return s
        return None

    def over_window(title, legend, start, end, **labels):
        """The panel's expression with its range set to [start, end], evaluated at end."""
        expr = next(e for t, e, l in panels if t == title and l == legend)
        e = expr.replace("$__rate_interval", f"{int((end - start) * 1000)}ms").replace("$instance", escaped)
        for s in api("/api/v1/query", query=e, time=end)["result"]:
            if all(s["metric"].get(k) == v for k, v in labels.items()):
                return float(s["value"][1])
        return float("nan")

    def within(got, want, what):
        check(abs(got - want) <= 0.10 * want, f"{what}: dashboard {got:.1f}/s, load {want:.1f}/s (within 10%)")

    for endpoint_name in ("line", "framed"):
        c_start, c_end = windows[endpoint_name]
        want = acks_client[endpoint_name]
        within(over_window("Acks sent and receipts", "{{endpoint}} acks", c_start, c_end, endpoint=endpoint_name),
               want, f"acks on {endpoint_name} over the client's {c_end - c_start:.1f} s")
        within(over_window("Messages received", "{{endpoint}}", c_start, c_end, endpoint=endpoint_name),
               want, f"messages on {endpoint_name}")
        # The measured run's p99 from the histogram, as histogram_quantile interpolates it, against
        # the client's round-trip p99 over the same messages: the histogram's counts at the last
        # scrape after the run less those at the last scrape before it (nothing else acks on line
        # or framed meanwhile: the side load's oversize lines get none). The server's time is one
        # part of each round trip, so its p99 cannot be the larger; the interpolation can overshoot
        # the true quantile by up to the width of the bucket that holds it, which is why the
        # buckets are about 12 % apart where acks are (TcpEndpointMeters).
        selector = f'{{instance=~"{escaped}",endpoint="{endpoint_name}"}}'
        run = (f"(sum by (le) (ackgate_ack_latency_seconds_bucket{selector} @ {after_load:.3f})"
               f" - sum by (le) (ackgate_ack_latency_seconds_bucket{selector} @ {before_load:.3f}))")
        p99 = api("/api/v1/query", time=after_load, query=f"histogram_quantile(0.99, {run})")["result"]
        server_p99 = float(p99[0]["value"][1]) if p99 else float("nan")
        buckets = sorted((float(r["metric"]["le"]), float(r["value"][1]))
                         for r in api("/api/v1/query", time=after_load, query=run)["result"])
        total = buckets[-1][1]
        check(total == results[endpoint_name]["acked"],
              f"ack latency on {endpoint_name}: the histogram counts {total:.0f} acks in the measured run, "
              f"the client {results[endpoint_name]['acked']}")
        lower = 0.0
        for le, count in buckets:
            if count >= 0.99 * total:
                break
            lower = le
        client_p99 = results[endpoint_name]["p99_us"] / 1e6
        at = next(i for i, (le, count) in enumerate(buckets) if count >= 0.99 * total)
        log(f"     {endpoint_name} ack latency, messages within each bucket near the p99 (of {total:.0f}): " + ", ".join(
            f"{le * 1e6:.1f} µs: {count:.0f}" for le, count in buckets[max(0, at - 4):at + 4]))
        p99_figures[endpoint_name] = (server_p99, client_p99)
        check(0 < server_p99 <= client_p99,
              f"ack latency p99 on {endpoint_name}: histogram_quantile {server_p99 * 1e6:.0f} µs (in the bucket "
              f"({lower * 1e6:.1f}, {le * 1e6:.1f}] µs) <= the client's round-trip p99 {client_p99 * 1e6:.0f} µs")
        p99_panel = series("Ack latency p50 / p99", "{{endpoint}} p99", endpoint=endpoint_name)
        check(p99_panel is not None and 0 < mean(p99_panel) < 1, f"p99 panel on {endpoint_name} plausible")
    c_start, c_end = windows["framed"]
    within(over_window("Acks sent and receipts", "{{endpoint}} receipts (ok)", c_start, c_end, endpoint="framed"),
           acks_client["framed"], "receipts on framed (bench --receipt sends one per ack)")
    s_start, s_end = side_window
    for dialect in ("text", "ntp"):
        within(over_window("UDP time", "requests {{dialect}}", s_start, s_end, dialect=dialect),
               side_counts[dialect] / (s_end - s_start), f"UDP {dialect} requests")
    within(over_window("Time responses", "{{endpoint}}", s_start, s_end, endpoint="time"),
           side_counts["time"] / (s_end - s_start), "time-on-connect responses")
    within(over_window("Protocol errors by reason", "{{endpoint}}: {{reason}}", s_start, s_end, endpoint="line",
                       reason="oversize"), side_counts["oversize"] / (s_end - s_start), "line oversize errors")
    ntp = series("UDP time", "requests {{dialect}}", dialect="ntp")
    check(ntp is not None and mean(ntp) > 0, "UDP NTP requests/s > 0")
    for e in ("time", "udp"):
        s = series("Time responses", "{{endpoint}}", endpoint=e)
        check(s is not None and mean(s) > 0, f"time responses/s on {e} > 0")
    for e in ("line", "framed", "time", "udp"):
        check(series("Bytes in and out", "{{endpoint}} in", endpoint=e) is not None and series("Bytes in and out", "{{endpoint}} out", endpoint=e) is not None,
              f"bytes in and out on {e}")
    oversize = series("Protocol errors by reason", "{{endpoint}}: {{reason}}", endpoint="line", reason="oversize")
    check(oversize is not None and mean(oversize) > 0, "protocol errors: line oversize shows")
    active = series("Active connections", "{{endpoint}}", endpoint="line")
    check(series("Connections opened and closed", "{{endpoint}} closed: {{reason}}", endpoint="line", reason="protocol") is not None,
          "connections closed: line protocol shows")
    check(series("Connections opened and closed", "{{endpoint}} opened", endpoint="time") is not None, "connections opened: time shows")
    check(series("UDP time", "dropped: {{reason}}", reason="send_buffer_full") is not None, "UDP drops: the send_buffer_full series exists")
    check(active is not None, "active connections: line shows")

    # The journal, the relay and Kafka (collapsed rows): every message acked on line and framed is
    # journaled first (ack-mode local), then forwarded to the upstream and sent to Kafka.
    both = acks_client["line"] + acks_client["framed"]
    within(over_window("Journal appends and forces", "records appended", m_start, m_end), both,
           "journal appends (line + framed acks)")
    appends = series("Journal appends and forces", "records appended")
    forces = series("Journal appends and forces", "forces (fsync)")
    check(forces is not None and 0 < mean(forces) <= mean(appends), "journal forces/s > 0 and <= appends/s")
    failed = series("Journal appends and forces", "failed group commits")
    check(failed is not None and mean(failed) == 0, "journal failed group commits: the series shows 0")
    group = series("Journal group commit size p50 / p99", "p99")
    check(group is not None and 1 <= mean(group) <= 1024, "journal group size p99 in [1, 1024]")
    size = series("Journal size and write rate", "size")
    written = series("Journal size and write rate", "appended")
    check(size is not None and mean(size) > 0 and written is not None
          and mean(written) >= 20 * mean(appends), "journal size > 0 and bytes appended/s >= 20 x records/s")
    # Against what the upstream itself acked in the same window: the relay forwards after the ack,
    # at the upstream's pace (this one is Python, slower than the journal), so not against the acks.
    forwarded = over_window("Relay forwarded and retries", "forwarded", m_start, m_end)
    upstream_rate = (Upstream.acked_at(m_end) - Upstream.acked_at(m_start)) / (m_end - m_start)
    check(upstream_rate > 0 and abs(forwarded - upstream_rate) <= 0.10 * upstream_rate,
          f"relay forwarded: dashboard {forwarded:.0f}/s, the upstream acked {upstream_rate:.0f}/s (within 10%)")
    retries = series("Relay forwarded and retries", "retries")
    check(retries is not None and mean(retries) == 0, "relay retries: the series shows 0 while the upstream is up")
    check(series("Relay forwarded and retries", "rejected") is not None, "relay rejected: the series shows")
    up = series("Relay upstream up", "{{instance}}")
    check(up is not None and mean(up) == 1, "relay upstream up: 1 throughout the load")
    backlog = series("Relay backlog", "{{instance}}")
    check(backlog is not None and mean(backlog) >= 0, "relay backlog: the series shows")
    sent = {e: over_window("Kafka records sent and failures", "{{endpoint}} sent", m_start, m_end, endpoint=e)
            for e in ("line", "framed")}
    for e, rate in sent.items():
        check(0.5 * acks_client[e] <= rate <= 1.1 * acks_client[e],
              f"Kafka records sent from {e}: {rate:.0f}/s while {acks_client[e]:.0f}/s were acked (may lag, not by half)")
    kafka_failures = [s for s in evaluated.get(("Kafka records sent and failures", "failed: {{reason}}"), [])]
    check(len(kafka_failures) >= 7 and all(mean(s) == 0 for s in kafka_failures),
          f"Kafka failures: {len(kafka_failures)} reasons shown, all 0 with the broker up")
    p50 = series("Kafka send latency p50 / p99", "p50")
    p99k = series("Kafka send latency p50 / p99", "p99")
    check(p50 is not None and p99k is not None and 0 < mean(p50) <= mean(p99k) < 10,
          "Kafka send latency: 0 < p50 <= p99 < 10 s")
    check(series("Kafka backlog", "{{instance}}") is not None, "Kafka backlog: the series shows")
    log(f"panels checked in {time.monotonic() - started:.0f} s ({len(panels)} queries, $__rate_interval "
        f"{rate_interval})")

    # --- alerts from real faults ---------------------------------------------------------------
    def alerts():
        return {(a["labels"]["alertname"], a["state"]) for a in api("/api/v1/alerts")["alerts"]}

    def broker_script(*args):
        done = subprocess.run(["scripts/kafka-broker.sh", *args, "--port", str(broker_port), "--controller-port",
                               str(controller_port), "--dir", BROKER_DIR], capture_output=True, text=True,
                              timeout=180)
        if done.returncode != 0:
            fail(f"kafka-broker.sh {' '.join(args)}: {done.stdout[-1000:]}{done.stderr[-1000:]}")

    t0 = time.monotonic()
    upstream.stop()
    broker_script("--stop")
    with socket.create_connection(("127.0.0.1", line_port), 5) as s:
        s.settimeout(10)
        lines = [f"while the upstream is away {i:06d}\n".encode() for i in range(2000)]
        payload = b"".join(lines)
        s.sendall(payload)
        expected = len(lines)
        # In ack-mode local (the relay's and Kafka's here) a line is acked once it is in the journal,
        # whether the upstream and the broker are up or not, and nothing closes this connection: every
        # line's ack, in order, exactly ackgate's line ack-prefix (its default, the same as
        # ACK_PREFIX) + the line.
        want_acks = [ACK_PREFIX + line for line in lines]
        want = b"".join(want_acks)
        got, ended = b"", ""
        deadline = time.monotonic() + 60
        try:
            while len(got) < len(want):
                if time.monotonic() > deadline:
                    ended = "nothing more within 60 s"
                    break
                chunk = s.recv(65536)
                if not chunk:
                    ended = "the connection closed"
                    break
                got += chunk
        except OSError as e:  # socket.timeout: nothing for 10 s
            ended = f"{type(e).__name__}: {e}"
        detail = ""
        if got != want:  # say where the acks went wrong
            *whole, tail = got.split(b"\n")  # tail: what came after the last newline
            whole = [ack + b"\n" for ack in whole]
            wrong = next((i for i, (g, w) in enumerate(zip(whole, want_acks)) if g != w), None)
            if wrong is not None:
                detail = f": ack {wrong} is {whole[wrong]!r}, expected {want_acks[wrong]!r}"
            elif len(whole) >= len(want_acks):
                detail = f": {len(got) - len(want)} bytes more than the {expected} acks: {got[len(want):][:200]!r}"
            elif not want_acks[len(whole)].startswith(tail):
                detail = f": ack {len(whole)} begins {tail[:200]!r}, expected {want_acks[len(whole)]!r}"
            else:
                detail = (f": {len(whole)} acks, each exact" + (f", and {len(tail)} bytes of the next" if tail else "")
                          + f"; {ended}")
        check(got == want, f"{expected} lines acked locally (journal) with the upstream and the Kafka broker down, "
                           f"every ack exactly the prefix and its line, in order{detail}")

    def burst():
        for _ in range(120):
            with socket.create_connection(("127.0.0.1", framed_port), 5) as s:
                s.settimeout(5)
                s.sendall(b"Headers" + struct.pack(">i", -5))
                try:
                    while s.recv(4096):
                        pass
                except OSError:
                    pass

    burst()
    wanted = {("AckgateRelayUpstreamDown", "firing"), ("AckgateRelayBacklogHigh", "firing"),
              ("AckgateProtocolErrorsHigh", "firing"), ("AckgateKafkaSendFailures", "firing"),
              ("AckgateKafkaBacklogHigh", "firing")}
    def firing():
        now = alerts()
        if int(time.monotonic() - t0) % 10 < 2:
            values = {q: [(r["metric"], r["value"][1]) for r in api("/api/v1/query", query=q)["result"]]
                      for q in ("ackgate_relay_upstream_up", "ackgate_relay_backlog_bytes",
                                "sum by (endpoint, reason) (ackgate_protocol_errors_total) > 0",
                                "ackgate_kafka_backlog_records", "ackgate_kafka_send_failures_total > 0")}
            log(f"     {time.monotonic() - t0:.0f} s: alerts {sorted(now)}; {values}")
        return wanted <= now and now

    fired = wait_for("the relay, Kafka and protocol-error alerts firing", firing, 120, 2)
    log(f"firing after {time.monotonic() - t0:.0f} s: {sorted(fired)}")
    check(True, "AckgateRelayUpstreamDown, AckgateRelayBacklogHigh, AckgateKafkaSendFailures, "
                "AckgateKafkaBacklogHigh and AckgateProtocolErrorsHigh fire")

    def now_value(title, legend):
        expr = next(e for t, e, l in panels if t == title and l == legend)
        result = api("/api/v1/query", query=expr.replace("$__rate_interval", rate_interval)
                     .replace("$instance", escaped))["result"]
        return sum(float(r["value"][1]) for r in result) if result else float("nan")

    outage = {("Relay upstream up", "{{instance}}"): now_value("Relay upstream up", "{{instance}}"),
              ("Relay forwarded and retries", "retries"): now_value("Relay forwarded and retries", "retries"),
              ("Relay backlog", "{{instance}}"): now_value("Relay backlog", "{{instance}}")}
    check(outage[("Relay upstream up", "{{instance}}")] == 0 and outage[("Relay forwarded and retries", "retries")] > 0
          and outage[("Relay backlog", "{{instance}}")] > 1024,
          f"the relay panels show the outage: upstream up, retries/s, backlog bytes {list(outage.values())}")
    kafka_outage = (now_value("Kafka records sent and failures", "failed: {{reason}}"),
                    now_value("Kafka backlog", "{{instance}}"))
    check(kafka_outage[0] > 0 and kafka_outage[1] >= expected,
          f"the Kafka panels show the broker's outage: failures/s {kafka_outage[0]:.2f} (all reasons), "
          f"backlog {kafka_outage[1]:.0f} records")
    t0 = time.monotonic()
    upstream.start()
    broker_script()
    names = {a for a, _ in wanted}
    wait_for("the alerts resolving", lambda: not any(a in names for a, _ in alerts()), 180, 2)
    check(True, f"they resolve {time.monotonic() - t0:.0f} s after the upstream and the broker are back and "
                "the burst is over")
finally:
    stop_all()

if p99_figures:
    log("ack latency p99, server (histogram_quantile) / client (round trip): " + ", ".join(
        f"{e} {s * 1e6:.0f} / {c * 1e6:.0f} µs" for e, (s, c) in p99_figures.items()))
if failures:
    log(f"{len(failures)} checks failed: {failures}")
    sys.exit(1)
log(f"passed in {time.monotonic() - started:.0f} s")
