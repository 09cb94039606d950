#!/usr/bin/env bash
# Builds the seeds' own Go clients as the documents show them and runs each against ackgate on
# the default ports (the clients hard-code them), checking what they print.
#   interop/seed-clients/run.sh [path/to/ackgate.jar]
# Needs Go (Debian: apt-get install golang-go). Starts ackgate from the jar unless one already
# answers on port 8081, and stops only what it started. Bounded: every step has a timeout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=${1:-$(ls "$root"/target/ackgate-*.jar 2>/dev/null | grep -v -e '-plain' | head -n 1)}
work=$(mktemp -d)
started=""
passed=0
failed=0

cleanup() {
	if [[ -n "$started" ]]; then
		kill "$started" 2>/dev/null || true
		wait "$started" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

export GOCACHE="$work/gocache" GOFLAGS=-mod=mod GO111MODULE=off GOPATH="$here/gopath"
for client in line-client udp-client framed-client time-client-000 time-client-002; do
	(cd "$here/$client" && go build -o "$work/$client" .)
done

health() { curl -fsS -o /dev/null "http://127.0.0.1:8081/actuator/health" 2>/dev/null; }
if ! health; then
	[[ -f "$jar" ]] || { echo "seed-clients: no ackgate jar found (run ./mvnw -B package first)" >&2; exit 1; }
	java -jar "$jar" >"$work/ackgate.log" 2>&1 &
	started=$!
	for _ in $(seq 1 120); do health && break; sleep 0.5; done
	health || { echo "seed-clients: ackgate did not become healthy" >&2; cat "$work/ackgate.log" >&2; exit 1; }
fi

check() {
	local name=$1 pattern=$2 output=$3
	if grep -qE -- "$pattern" <<<"$output"; then
		echo "PASS $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name: expected /$pattern/ in:"
		sed 's/^/    /' <<<"$output"
		failed=$((failed + 1))
	fi
}

rfc3339='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})'

out=$( { printf 'hello\n你好\n'; sleep 1; } | timeout 20 "$work/line-client" 2>&1 || true)
check "seed 001 line client" $'服务器: 已接收: hello\n服务器: 已接收: 你好' "$(grep '^服务器' <<<"$out" | head -n 2)"
out=$(timeout 20 "$work/udp-client" 2>&1 || true)
check "seed 001 UDP client" "^服务器时间: ${rfc3339}\$" "$out"
out=$(timeout 20 "$work/framed-client" 2>&1 || true)
check "seed 004 framed client" "127.0.0.1:7373 服务器反馈:  我收到了 [0-9]+ ;实际发送了 [0-9]+" "$out"
check "seed 004 framed client finishes" "^send over\$" "$out"
out=$(timeout 20 "$work/time-client-000" 127.0.0.1:8330 2>&1 || true)
check "seed 000 time client" "^${rfc3339}\$" "$out"
out=$(timeout 20 "$work/time-client-002" 2>&1 | tr -d '\000' || true)
check "seed 002 time client reads the time" "^read data  [0-9]+ : ${rfc3339}" "$out"
check "seed 002 time client sees the close" "^服务端关闭\$" "$out"

echo "seed clients: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
