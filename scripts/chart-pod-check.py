#!/usr/bin/env python3
"""Plays the chart's own pod with `podman kube play` and checks it through published loopback ports.

Usage: chart-pod-check.py RENDERED_YAML IMAGE WORK_DIR     (run by scripts/chart-pod-check.sh)

RENDERED_YAML is one scenario of the chart as RenderedChartExport wrote it. What is played is the
chart's ConfigMap and its Deployment (a StatefulSet's pod template is played as a Deployment:
podman cannot play a StatefulSet), with only these changes, all for the test harness:
  - the image is IMAGE (the one scripts/container-smoke.sh built) and replicas is 1;
  - each containerPort gets hostIP 127.0.0.1 and a free hostPort (podman 4.3 has no --publish);
  - a TLS secret is generated here (openssl) and mounted as a hostPath volume (podman 4.3's
    kube play crashes on a Secret object);
  - journal volume claims become PersistentVolumeClaim objects (podman makes them named volumes);
  - with Kafka on (the kafka scenario): the Secrets its values name are made here as an operator
    would make them (a JAAS line for a SCRAM user, a PKCS12 trust store and its password), each
    secretKeyRef is resolved from them as the kubelet resolves it (a name or key they do not hold
    fails the check), the secret volume becomes a hostPath volume as above, and the brokers' address
    is a real broker started as a second container in the pod (scripts/kafka-broker.sh's Kafka,
    KRaft, one node, SASL_SSL with SCRAM on the address the pod is given, and a plaintext listener
    only this harness uses to create the topic and the user).
Then, as the kubelet would: the probes' URLs (named ports resolved against the container's ports,
User-Agent kube-probe) until startup and readiness pass; one exchange per endpoint with exact bytes
(TLS where the chart says so); the pod's security (UID, read-only root, no capabilities, no new
privileges), resources and the mounted application.yml against the rendered ConfigMap; finally the
preStop hook then SIGTERM with terminationGracePeriodSeconds while clients keep sending, and the
drain: exit 0, every ack complete and correct, a clean drain in the log. With Kafka in broker mode:
the pod starts not ready until the topic (createTopic false: the platform team's) and its user
exist, then every ack's message is a record on the topic; while the broker is stopped the pod goes
not ready and a message gets no ack, and once the broker is back it is ready again and acks resume,
without a restart. In local mode: ready and acking from the journal before the user exists and
while the broker is stopped, the backlog delivered after each, every acked message on the topic.
Exit 1 on a failure.
"""
import base64
import collections
import copy
import datetime
import json
import os
import re
import secrets as tokens
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import urllib.request

import yaml

RENDERED, IMAGE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
SCENARIO = os.path.basename(RENDERED).removesuffix(".yaml")
WORK = os.path.join(WORK, SCENARIO)  # each scenario's CA, Secrets and broker files apart from the others'
os.makedirs(WORK)
ACK_PREFIX = "已接收: ".encode()
FRAMED_ACK = "我收到了".encode()
failures = []
started = time.monotonic()


def log(message):
    print(f"chart-pod-check [{SCENARIO}]: {message}", flush=True)


def check(condition, message):
    log(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)
    return condition


def podman(*args, check_rc=True, timeout=120):
    out = subprocess.run(["podman", *args], capture_output=True, text=True, timeout=timeout)
    if check_rc and out.returncode != 0:
        raise RuntimeError(f"podman {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout.strip()


def free_port(kind=socket.SOCK_STREAM):
    with socket.socket(type=kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


objects = [o for o in yaml.safe_load_all(open(RENDERED)) if o]
workloads = [o for o in objects if o["kind"] in ("Deployment", "StatefulSet")]
assert len(workloads) == 1, f"expected one Deployment or StatefulSet, found {len(workloads)}"
workload = copy.deepcopy(workloads[0])
configmaps = [o for o in objects if o["kind"] == "ConfigMap" and not o["metadata"]["name"].endswith("-dashboard")]
pod_spec = workload["spec"]["template"]["spec"]
container = pod_spec["containers"][0]
played = []
if workload["kind"] == "StatefulSet":
    log("podman cannot play a StatefulSet: its pod template is played as a Deployment")
    for claim in workload["spec"].get("volumeClaimTemplates", []):
        name = f"{claim['metadata']['name']}-{SCENARIO}-{os.getpid()}"
        played.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
                       "spec": {"accessModes": claim["spec"]["accessModes"], "resources": claim["spec"]["resources"]}})
        pod_spec.setdefault("volumes", []).append({"name": claim["metadata"]["name"],
                                                   "persistentVolumeClaim": {"claimName": name}})
    workload = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": workload["metadata"],
                "spec": {"replicas": 1, "selector": workload["spec"]["selector"],
                         "template": workload["spec"]["template"]}}
workload["spec"]["replicas"] = 1
workload["metadata"]["name"] = f"{workload['metadata']['name']}-{SCENARIO}-{os.getpid()}"
container["image"] = IMAGE
published = {}
for port in container["ports"]:
    kind = socket.SOCK_DGRAM if port.get("protocol") == "UDP" else socket.SOCK_STREAM
    port["hostIP"] = "127.0.0.1"
    port["hostPort"] = free_port(kind)
    published[port["name"]] = port["hostPort"]
    published[port["containerPort"]] = port["hostPort"]

def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def certificate(directory, name):
    """A certificate for localhost and 127.0.0.1 in directory (name.crt, name.key), signed by this
    check's CA (WORK/tls/ca.crt, made once)."""
    ca = f"{WORK}/tls"
    os.makedirs(ca, exist_ok=True)
    os.makedirs(directory, exist_ok=True)
    if not os.path.exists(f"{ca}/ca.crt"):
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-keyout", f"{ca}/ca.key", "-out", f"{ca}/ca.crt", "-subj", "/CN=ackgate check CA")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
            f"{directory}/{name}.key", "-out", f"{directory}/{name}.csr", "-subj", "/CN=localhost")
    with open(f"{directory}/ext", "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", f"{directory}/{name}.csr", "-CA", f"{ca}/ca.crt", "-CAkey", f"{ca}/ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", f"{directory}/ext", "-out", f"{directory}/{name}.crt")


def readable(directory):
    """The pod runs as UID 10001: what it mounts from here must be readable by it."""
    os.chmod(directory, 0o755)
    for name in os.listdir(directory):
        path = f"{directory}/{name}"
        os.chmod(path, 0o755 if os.path.isdir(path) else 0o444)


# --- Kafka: the Secrets the scenario's values name, and a broker in the pod ------------------------
env_entries = container.get("env", [])
kafka_on = any(e["name"] == "ACKGATE_KAFKA_ENABLED" and e.get("value") == "true" for e in env_entries)
secrets = {}  # name -> {key: str or bytes}: the Secrets an operator created before installing the chart
kafka = {}
if kafka_on:
    values = yaml.safe_load(open(f"helm/ackgate/ci/{SCENARIO}-values.yaml"))["kafka"]
    env_value = {e["name"]: e.get("value") for e in env_entries}
    kafka["topic"] = env_value["ACKGATE_KAFKA_TOPIC"]
    protocol = env_value["SPRING_KAFKA_SECURITY_PROTOCOL"]
    assert protocol == "SASL_SSL", f"the harness's broker speaks SASL_SSL, the scenario {protocol}"
    kafka["mechanism"] = env_value["SPRING_KAFKA_PROPERTIES_SASL_MECHANISM"]
    assert kafka["mechanism"].startswith("SCRAM-"), f"the harness's broker knows SCRAM users, not {kafka['mechanism']}"
    kafka["local"] = env_value["ACKGATE_KAFKA_ACK_MODE"] == "local"
    kafka["create_topic"] = env_value["ACKGATE_KAFKA_CREATE_TOPIC"] == "true"
    kafka["user"], kafka["password"] = "ackgate", tokens.token_urlsafe(18)
    sasl, tls = values.get("sasl", {}), values.get("tls", {})
    login = "scram.ScramLoginModule"
    secrets[sasl["existingSecret"]] = {sasl.get("jaasConfigKey", "sasl.jaas.config"):
        f'org.apache.kafka.common.security.{login} required username="{kafka["user"]}" password="{kafka["password"]}";'}
    broker_dir = f"{WORK}/kafka"
    certificate(broker_dir, "broker")
    kafka["keystore_password"] = tokens.token_urlsafe(12)
    openssl("pkcs12", "-export", "-in", f"{broker_dir}/broker.crt", "-inkey", f"{broker_dir}/broker.key",
            "-out", f"{broker_dir}/broker.p12", "-passout", f"pass:{kafka['keystore_password']}")
    trust_password = tokens.token_urlsafe(12)
    keytool = shutil.which("keytool") or os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "keytool")
    # The password reaches keytool through its environment: one random password in 64 begins with
    # "-", and keytool then takes it for an option (a CI run failed on "-JayD…", read as a JVM flag).
    imported = subprocess.run([keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", f"{WORK}/tls/ca.crt",
                               "-keystore", f"{WORK}/truststore.p12", "-storetype", "PKCS12",
                               "-storepass:env", "ACKGATE_TRUST_PASSWORD"],
                              env=dict(os.environ, ACKGATE_TRUST_PASSWORD=trust_password), capture_output=True, text=True)
    if imported.returncode != 0:
        sys.exit(f"chart-pod-check: keytool could not build the trust store: {imported.stdout}{imported.stderr}")
    trust = {tls.get("truststoreKey", "truststore.p12"): open(f"{WORK}/truststore.p12", "rb").read()}
    if tls.get("truststorePasswordKey"):
        trust[tls["truststorePasswordKey"]] = trust_password
    secrets[tls["existingSecret"]] = trust

    # The broker: Kafka's own classes (the class path scripts/kafka-broker.sh resolves), copied where
    # the pod's user can read them, run by the image's JRE in a second container of the same pod, so
    # that the address the pod is given is on its own loopback. It listens on every address of the
    # pod's network namespace so that its two ports can be published on the host's loopback.
    classpath_file = subprocess.run(["scripts/kafka-broker.sh", "--classpath"], check=True, capture_output=True,
                                    text=True, timeout=600).stdout.strip()
    os.makedirs(f"{broker_dir}/libs")
    for jar in open(classpath_file).read().strip().split(":"):
        shutil.copy(jar, f"{broker_dir}/libs/")
    kafka["classpath"] = open(classpath_file).read().strip()
    chosen = set()
    while len(chosen) < 3:  # three distinct ports: each free_port() is free only when it is asked
        chosen.add(free_port())
    kafka["port"], kafka["internal"], controller = sorted(chosen)
    with open(f"{broker_dir}/server.properties", "w") as f:
        f.write(f"""process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller}
listeners=SASL_SSL://0.0.0.0:{kafka['port']},INTERNAL://0.0.0.0:{kafka['internal']},CONTROLLER://127.0.0.1:{controller}
advertised.listeners=SASL_SSL://127.0.0.1:{kafka['port']},INTERNAL://127.0.0.1:{kafka['internal']}
controller.listener.names=CONTROLLER
inter.broker.listener.name=INTERNAL
listener.security.protocol.map=SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms={kafka['mechanism']}
listener.name.sasl_ssl.{kafka['mechanism'].lower()}.sasl.jaas.config=org.apache.kafka.common.security.{login} required;
ssl.keystore.location=/kafka/broker.p12
ssl.keystore.type=PKCS12
ssl.keystore.password={kafka['keystore_password']}
log.dirs=/var/tmp/kafka-data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
""")
    readable(broker_dir)
    # Drawn again while it begins with "-", which the storage tool would take for an option (Kafka's
    # own Uuid.randomUuid() does the same, for the same reason).
    cluster_id = "-"
    while cluster_id.startswith("-"):
        cluster_id = base64.urlsafe_b64encode(os.urandom(16)).rstrip(b"=").decode()
    # Formatted once: a broker stopped and started again (the outage below) keeps its data.
    start = ("[ -f /var/tmp/kafka-data/meta.properties ] || java -cp '/kafka/libs/*' kafka.tools.StorageTool format "
             f"--config /kafka/server.properties --cluster-id {cluster_id} --ignore-formatted; "
             "exec java -Xms256m -Xmx512m -cp '/kafka/libs/*' kafka.Kafka /kafka/server.properties")
    pod_spec["containers"].append({
        "name": "kafka-broker", "image": IMAGE, "command": ["sh", "-c", start],
        "ports": [{"name": name, "containerPort": p, "hostIP": "127.0.0.1", "hostPort": p}
                  for name, p in (("kafka-sasl-ssl", kafka["port"]), ("kafka-plain", kafka["internal"]))],
        "volumeMounts": [{"name": "kafka-broker", "mountPath": "/kafka", "readOnly": True}]})
    pod_spec.setdefault("volumes", []).append({"name": "kafka-broker", "hostPath": {"path": broker_dir, "type": "Directory"}})
    brokers = f"127.0.0.1:{kafka['port']}"
    for e in env_entries:
        if e["name"] == "SPRING_KAFKA_BOOTSTRAP_SERVERS":
            log(f"the brokers {e['value']} are a broker in the pod, at {brokers}")
            e["value"] = brokers

# secretKeyRef, resolved as the kubelet does: the Secret and its key must exist.
from_secret = set()
for e in env_entries:
    ref = e.get("valueFrom", {}).get("secretKeyRef")
    if ref:
        held = secrets.get(ref["name"], {})
        if not check(ref["key"] in held, f"env {e['name']} from the Secret {ref['name']}, key {ref['key']}, "
                                          f"as the scenario's values name it"):
            raise SystemExit(1)
        e.pop("valueFrom")
        e["value"] = held[ref["key"]]
        from_secret.add(e["name"])

for volume in pod_spec.get("volumes", []):
    if "secret" not in volume:
        continue
    name = volume["secret"]["secretName"]
    directory = f"{WORK}/secret-{name}"
    os.makedirs(directory, exist_ok=True)
    if name in secrets:
        for key, value in secrets[name].items():
            with open(f"{directory}/{key}", "wb") as f:
                f.write(value if isinstance(value, bytes) else value.encode())
    else:  # the chart's TLS secret: a CA and a server certificate for 127.0.0.1
        certificate(directory, "tls")
        shutil.copy(f"{WORK}/tls/ca.crt", f"{directory}/ca.crt")
        for extra in ("tls.csr", "ext"):
            os.remove(f"{directory}/{extra}")
    # Podman 4.3's kube play crashes on a Secret object, so a secret's files reach the pod as a
    # read-only hostPath volume of the same name, mounted where the chart mounts it.
    readable(directory)
    log(f"the Secret {name} ({', '.join(sorted(os.listdir(directory)))}) is a hostPath volume")
    del volume["secret"]
    volume["hostPath"] = {"path": directory, "type": "Directory"}

play_file = f"{WORK}/{SCENARIO}-play.yaml"
with open(play_file, "w") as f:
    yaml.safe_dump_all(configmaps + played + [workload], f, sort_keys=False)

pod = f"{workload['metadata']['name']}-pod-0"
ctr = f"{pod}-{container['name']}"


def down():
    podman("kube", "down", play_file, check_rc=False)
    for o in played:
        if o["kind"] == "PersistentVolumeClaim":
            podman("volume", "rm", "-f", o["metadata"]["name"], check_rc=False)
        if o["kind"] == "Secret":
            podman("secret", "rm", o["metadata"]["name"], check_rc=False)


def http(path, port_ref, headers=None):
    port = published[port_ref]
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return None, b""


def probe(name):
    """The kubelet's HTTP probe: GET with its own User-Agent; 200-399 passes."""
    p = container[name]["httpGet"]
    status, _ = http(p["path"], p["port"], {"User-Agent": "kube-probe/1.26", "Accept": "*/*"})
    return status is not None and 200 <= status < 400


def read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            break
        data += chunk
    return data


config = yaml.safe_load(configmaps[0]["data"]["application.yml"])
tls_endpoints = {k for k, v in (config.get("ackgate") or {}).items() if isinstance(v, dict) and v.get("ssl", {}).get("bundle")}


def connect(endpoint, port):
    sock = socket.create_connection(("127.0.0.1", port), 5)
    sock.settimeout(5)
    if endpoint in tls_endpoints:
        context = ssl.create_default_context(cafile=f"{WORK}/tls/ca.crt")
        sock = context.wrap_socket(sock, server_hostname="localhost")
    return sock


def line_ack(text):
    """One line on a new connection to the line endpoint: (what came back, the exact ack it should be)."""
    want = ACK_PREFIX + f"{text}\n".encode()
    with connect("line", published["tcp-line"]) as s:
        s.sendall(f"{text}\n".encode())
        return read_exactly(s, len(want)), want


def metric(body, name):
    """The value of a sample of name without labels or with one set, from a Prometheus scrape; None without it."""
    found = re.search(rb"^" + name.encode() + rb"(?:\{[^}]*\})? (\S+)$", body or b"", re.M)
    return float(found.group(1)) if found else None


broker_ctr = f"{pod}-kafka-broker"


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.5)
    return True


def answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), 1).close()
        return True
    except OSError:
        return False


def kafka_tool(main, *args):
    """One of Kafka's own command-line tools, on this machine's JDK, through the broker's plaintext
    listener (published on the host's loopback; the pod's address needs SASL_SSL)."""
    out = subprocess.run(["java", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", kafka["classpath"], main,
                          "--bootstrap-server", f"127.0.0.1:{kafka['internal']}", *args],
                         capture_output=True, encoding="utf-8", errors="replace", timeout=120)
    return out.returncode, out.stdout, out.stderr


def records(count):
    """The topic's records from its beginning as (headers, value): up to count, or all there are
    after 15 s without another."""
    _, out, _ = kafka_tool("org.apache.kafka.tools.consumer.ConsoleConsumer", "--topic", kafka["topic"],
                           "--from-beginning", "--max-messages", str(count), "--timeout-ms", "15000",
                           "--property", "print.headers=true", "--property", "headers.separator=|")
    return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]


def broker_log(what):
    state = podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", broker_ctr, check_rc=False)
    out = subprocess.run(["podman", "logs", "--tail", "40", broker_ctr], capture_output=True, text=True, timeout=60)
    log(f"the broker in the pod ({state}) {what}; its log:\n{out.stdout}{out.stderr}")


def tool_or_fail(*tool):
    rc, out, err = kafka_tool(*tool)
    if rc != 0:
        raise RuntimeError(f"{tool[0]} failed: {(out + err).strip()[-1500:]}")


def create_topic():
    tool_or_fail("org.apache.kafka.tools.TopicCommand", "--create", "--topic", kafka["topic"], "--partitions", "3",
                 "--replication-factor", "1")
    log(f"created the topic {kafka['topic']} (3 partitions), as the platform team would")


def create_user():
    tool_or_fail("kafka.admin.ConfigCommand", "--alter", "--entity-type", "users", "--entity-name", kafka["user"],
                 "--add-config", f"{kafka['mechanism']}=[password={kafka['password']}]")
    log(f"created the {kafka['mechanism']} user {kafka['user']} on the broker in the pod")


def backlog():
    status, body = http("/actuator/prometheus", "http-management")
    return metric(body, "ackgate_kafka_backlog_records") if status == 200 else None


try:
    t0 = time.monotonic()
    podman("kube", "play", play_file, timeout=300)
    if kafka_on:
        # ackgate's Kafka user does not exist yet (nor, with createTopic false, the platform team's topic).
        if not wait_until(lambda: probe("startupProbe"), 180):
            log(podman("logs", "--tail", "30", ctr, check_rc=False))
            raise RuntimeError("not started within 180 s")
        if kafka["local"]:
            check(probe("readinessProbe") or wait_until(lambda: probe("readinessProbe"), 30),
                  "started and ready while its Kafka user does not exist yet: in local mode the journal acks")
        else:
            check(not probe("readinessProbe"), "started, and not ready while the topic and ackgate's Kafka user do "
                                               "not exist yet (a missing topic stops startup only when the brokers "
                                               "say so)")
        if not wait_until(lambda: answers(kafka["internal"]), 120):
            # The broker is this check's own part, not the chart's: one more start, its log shown first.
            broker_log("did not answer within 120 s; starting it once more")
            podman("restart", "-t", "10", broker_ctr, check_rc=False)
            if not wait_until(lambda: answers(kafka["internal"]), 120):
                broker_log("did not answer within 120 s again")
                raise RuntimeError("the broker in the pod did not answer")
        if not kafka["create_topic"]:
            create_topic()
        if not kafka["local"]:
            create_user()
    deadline = time.monotonic() + 180
    while not (probe("startupProbe") and probe("readinessProbe")):
        state = podman("inspect", "--format", "{{.State.Status}}", ctr, check_rc=False)
        if state in ("exited", "stopped") or time.monotonic() > deadline:
            log(podman("logs", "--tail", "30", ctr, check_rc=False))
            raise RuntimeError(f"not ready ({state}) within 180 s")
        time.sleep(1)
    check(True, f"started in {time.monotonic() - t0:.0f} s; startup and readiness probes pass as the kubelet "
                f"asks them (ports {container['startupProbe']['httpGet']['port']} -> {published['http-management']})")
    check(probe("livenessProbe"), f"liveness probe {container['livenessProbe']['httpGet']['path']} answers 200")

    # --- every endpoint, exact bytes ----------------------------------------------------------
    ports = {p["name"]: p["hostPort"] for p in container["ports"]}
    if "tcp-line" in ports:
        got, want = line_ack("pod 你好")
        check(got == want, f"line ack{' over TLS' if 'line' in tls_endpoints else ''}: {got!r}")
    if "tcp-framed" in ports:
        with connect("framed", ports["tcp-framed"]) as s:
            payload = '{"ID":"1","Name":"pod"}'.encode()
            s.sendall(b"Headers" + struct.pack(">i", len(payload)) + payload)
            got = read_exactly(s, len(FRAMED_ACK))
        check(got == FRAMED_ACK, f"framed ack{' over TLS' if 'framed' in tls_endpoints else ''}: {got!r}")
    if "tcp-time" in ports:
        with connect("time", ports["tcp-time"]) as s:
            data = b""
            while chunk := s.recv(256):
                data += chunk
        text = data.decode()
        ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", text) is not None and abs(
            (datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
             - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 60
        check(ok, f"time on connect{' over TLS' if 'time' in tls_endpoints else ''}: {text!r}")
    if "udp-time" in ports:
        with socket.socket(type=socket.SOCK_DGRAM) as s:
            s.settimeout(5)
            s.sendto(b"\n", ("127.0.0.1", ports["udp-time"]))
            text = s.recv(256).decode()
            check(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z", text) is not None, f"UDP time: {text!r}")
            s.sendto(bytes([0x23]) + bytes(47), ("127.0.0.1", ports["udp-time"]))
            reply = s.recv(512)
            check(len(reply) == 48 and reply[0] & 0x07 == 4, f"NTP: a 48-byte server reply (mode {reply[0] & 7})")
    if kafka_on:
        topic = kafka["topic"]
        acked = {"pod 你好": "line", '{"ID":"1","Name":"pod"}': "framed"}
        if kafka["local"]:
            # Acked from the journal while Kafka refused the user: a backlog, delivered once it exists.
            waiting = backlog()
            check(waiting is not None and waiting >= 2, f"acked while Kafka refused ackgate's user: "
                                                        f"ackgate_kafka_backlog_records {waiting}")
            create_user()
            check(wait_until(lambda: backlog() == 0, 120), "the backlog delivered within 120 s of the user's creation")
        got = records(2)
        # Broker mode: each exactly once. Local mode may repeat a run of records after a failed batch.
        seen = sorted(set(v for _, v in got)) if kafka["local"] else sorted(v for _, v in got)
        check(seen == sorted(acked) and all(f"ackgate-endpoint:{acked[v]}" in h for h, v in got),
              f"every acked message is a record on {topic} over SASL_SSL ({kafka['mechanism']}, the trust store "
              f"from its Secret), with its endpoint header: {[v for _, v in got]}")
        # A lost broker. Broker mode: the pod goes not ready and acks nothing it could not hand over.
        # Local mode: the journal goes on acking, the backlog grows, and is delivered once the broker is back.
        podman("stop", "-t", "10", broker_ctr)
        outage = "while the broker is down"
        if kafka["local"]:
            check(not wait_until(lambda: not probe("readinessProbe"), 15),
                  "still ready 15 s after the broker's stop: the journal acks")
            got_ack, want = line_ack(outage)
            check(got_ack == want, f"a message while the broker is down is acked from the journal: {got_ack!r}")
            acked[outage] = "line"
            waiting = backlog()
            check(waiting is not None and waiting >= 1, f"and waits in the backlog: {waiting}")
        else:
            check(wait_until(lambda: not probe("readinessProbe"), 60),
                  "not ready within 60 s of the broker's stop, so the Service sends it no new clients")
            reply = None
            with connect("line", ports["tcp-line"]) as s:
                s.settimeout(30)
                s.sendall(f"{outage}\n".encode())
                try:
                    reply = s.recv(64)
                except ConnectionResetError:
                    reply = b""
            check(reply == b"", f"a message while the broker is down gets no ack; its connection closes ({reply!r})")
        podman("start", broker_ctr)
        check(wait_until(lambda: probe("readinessProbe"), 150), "ready once the broker is back")
        if kafka["local"]:
            check(wait_until(lambda: backlog() == 0, 120), "the backlog delivered within 120 s of the broker's return")
        restarts = podman("inspect", "--format", "{{.RestartCount}}", ctr)
        check(restarts == "0", f"ackgate was not restarted for it (restarts: {restarts})")
        got_ack, want = line_ack("after the outage")
        check(got_ack == want, f"acks resume: {got_ack!r}")
        acked["after the outage"] = "line"
        if kafka["local"]:
            check(wait_until(lambda: backlog() == 0, 60), "and are forwarded")
        values = [v for _, v in records(len(acked) + 2)]
        if kafka["local"]:
            # A batch sent again after a failure may repeat a run of records (docs/kafka.md), never skip one.
            check(set(values) == set(acked), f"the topic holds every acked message, the one acked during the "
                                             f"outage included, and nothing else: {values}")
        else:
            # Each acked message once; the unacked one may be there (a send that timed out can still land) or not.
            counts = collections.Counter(values)
            check(all(counts[v] == 1 for v in acked) and set(counts) <= set(acked) | {outage}
                  and counts[outage] <= 1,
                  f"the topic holds every acked message once, and nothing else but the unacked one: {values}")
    status, body = http("/actuator/prometheus", "http-management")
    check(status == 200 and b"ackgate_endpoint_up" in body, "/actuator/prometheus through the published port")
    journal = {e["name"]: e["value"] for e in container.get("env", [])}.get("ACKGATE_JOURNAL_DIRECTORY")
    if journal:  # the line and framed acks above were appended to the journal on its volume first
        appends = metric(body, "ackgate_journal_appends_total")
        check(appends is not None and appends >= 2, f"journal appends on the volume at {journal}: {appends}")
        check(f'disk_free_bytes{{path="{journal}"}}'.encode() in body or
              re.search(rb'^disk_free_bytes\{[^}]*path="' + re.escape(journal.encode()) + rb'/?"', body, re.M) is not None,
              f"disk_free_bytes for {journal} (AckgateDiskNearFull)")

    # --- the pod as the chart specifies it -----------------------------------------------------
    sc = container["securityContext"]
    uid = podman("exec", ctr, "id", "-u")
    check(uid == str(sc["runAsUser"]), f"runs as UID {uid} (runAsUser {sc['runAsUser']}, runAsNonRoot)")
    status_lines = podman("exec", ctr, "cat", "/proc/1/status")
    cap_eff = re.search(r"CapEff:\s+(\w+)", status_lines).group(1)
    no_new = re.search(r"NoNewPrivs:\s+(\d)", status_lines).group(1)
    check(int(cap_eff, 16) == 0, f"no effective capabilities (CapEff {cap_eff}; drop ALL)")
    check(no_new == "1", "no new privileges (allowPrivilegeEscalation: false)")
    writable_root = subprocess.run(["podman", "exec", ctr, "touch", "/app/x"], capture_output=True,
                                   timeout=120).returncode == 0
    writable_tmp = subprocess.run(["podman", "exec", ctr, "touch", "/tmp/x"], capture_output=True,
                                  timeout=120).returncode == 0
    check(not writable_root and writable_tmp, "root filesystem read-only, /tmp (emptyDir) writable")
    mounted = podman("exec", ctr, "cat", "/etc/ackgate/application.yml")
    check(yaml.safe_load(mounted) == config, "/etc/ackgate/application.yml is the chart's ConfigMap")
    env = dict(e.split("=", 1) for e in json.loads(podman("inspect", "--format", "{{json .Config.Env}}", ctr)))
    for e in container.get("env", []):
        shown = "(the value from its Secret)" if e["name"] in from_secret else e["value"]
        check(env.get(e["name"]) == e["value"], f"env {e['name']}={shown}")
    limits = (container.get("resources") or {}).get("limits") or {}
    if "memory" in limits:
        memory = int(podman("inspect", "--format", "{{.HostConfig.Memory}}", ctr))
        want = int(limits["memory"].removesuffix("Mi")) * 1024 * 1024
        check(memory == want, f"memory limit {memory} bytes = {limits['memory']}")
        heap = podman("exec", ctr, "java", "-XX:+PrintFlagsFinal", "-version")
        max_heap = int(re.search(r"MaxHeapSize\s*=\s*(\d+)", heap).group(1))
        check(0.70 * want <= max_heap <= 0.76 * want, f"the JVM's heap follows it: MaxHeapSize {max_heap >> 20} MiB")

    # --- preStop, then SIGTERM with terminationGracePeriodSeconds, under load ------------------
    grace = pod_spec.get("terminationGracePeriodSeconds", 30)
    pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command")
    results = []
    stop_clients = threading.Event()

    def client(n):
        acked, bad, partial = 0, 0, False
        try:
            with connect("line", ports["tcp-line"]) as s:
                i = 0
                while not stop_clients.is_set():
                    message = f"drain {n} {i}\n".encode()
                    s.sendall(message)
                    want = ACK_PREFIX + message
                    got = read_exactly(s, len(want))
                    if not got:
                        break  # closed by the drain, before or instead of this message's ack
                    if got != want:
                        partial = len(got) < len(want)
                        bad += 1
                        break
                    acked += 1
                    i += 1
        except OSError:
            pass
        results.append((acked, bad, partial))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)] if "tcp-line" in ports else []
    for t in threads:
        t.start()
    time.sleep(2)
    t0 = time.monotonic()
    if pre_stop:  # the kubelet runs the preStop hook, then sends SIGTERM with what is left of the grace period
        podman("exec", ctr, *pre_stop, timeout=grace + 5)
    remaining = max(1, int(grace - (time.monotonic() - t0)))
    podman("stop", "-t", str(remaining), ctr, timeout=grace + 30)
    stop_seconds = time.monotonic() - t0
    stop_clients.set()
    for t in threads:
        t.join(30)
    exit_code = podman("inspect", "--format", "{{.State.ExitCode}}", ctr)
    logs = podman("logs", ctr, check_rc=False) + "\n"
    check(exit_code == "0", f"exit {exit_code} after preStop ({' '.join(pre_stop or ['none'])}) and SIGTERM with "
                            f"{remaining} s of the {grace} s grace period left; stopped in {stop_seconds:.1f} s")
    # The image asks for Spring AOT's generated definitions; the service uses them only when the pod's
    # settings decide the same beans as the build's defaults, and otherwise names the setting.
    aot = "Starting AOT-processed AckgateApplication" in logs
    fallback = re.search(r"Starting without the bean definitions generated at build time \(Spring AOT\), "
                         r"because (\S+) is", logs)
    check(aot != (fallback is not None), "the log says whether the start used Spring AOT's definitions")
    if SCENARIO == "default":
        check(aot, "the chart's defaults start from Spring AOT's definitions")
    elif SCENARIO == "journal":
        check(fallback is not None and fallback.group(1) == "ackgate.journal.enabled",
              "the journal's switch is not the build's: the start names it and reads the configuration instead")
    elif aot or fallback:
        log("     started " + ("from Spring AOT" if aot else f"without Spring AOT, as {fallback.group(1)} differs"))
    drained = re.search(r"Drained the TCP endpoints in \d+ ms(.*)", logs)
    check(drained is not None and drained.group(1).strip() == "", "a clean drain: no message still being handled")
    if threads:
        total = sum(a for a, _, _ in results)
        check(all(b == 0 for _, b, _ in results) and total > 0,
              f"{total} acks to 4 clients while stopping, every one complete and correct; no half-written ack")
finally:
    down()

if failures:
    log(f"{len(failures)} checks failed")
    sys.exit(1)
log(f"passed in {time.monotonic() - started:.0f} s")
