#!/usr/bin/env bash
# bench/gateway/run_gateway_bench.sh SERVER GATEWAY_BENCH [--quick]: the gateway benchmark
# (bench/README.md, "Gateway"). Starts the fixed-answer upstream and localiam in enforce mode in
# front of it (a seeded user allowed dynamodb:GetItem signs the measured calls, so every one is
# authenticated and decided), then measures latency direct vs through localiam, throughput, and
# a streamed 1 GiB S3 upload's peak server RSS. --quick (the ctest smoke run): a few hundred
# requests, one second, a 16 MiB upload; no speed asserted, only that everything answered 200.
set -euo pipefail
server=$1
bench=$2
quick=${3:-}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {  # LOG PATTERN PID: the URL the process printed
  local url=
  for _ in $(seq 1 200); do
    url=$(grep -o "$2 on http://[0-9.]*:[0-9]*" "$1" | head -n1 | sed "s/.* on //" || true)
    [[ -n $url ]] && { echo "$url"; return; }
    kill -0 "$3" 2>/dev/null || { cat "$1" >&2; echo "gateway bench: process exited" >&2; exit 1; }
    sleep 0.05
  done
  cat "$1" >&2
  echo "gateway bench: no '$2' line" >&2
  exit 1
}

"$bench" --serve-upstream >"$work/upstream.log" 2>&1 &
pids+=($!)
upstream=$(wait_for "$work/upstream.log" "upstream listening" "$!")

cat >"$work/seed.json" <<'JSON'
{"users": [{"name": "gateway-bench",
            "inline_policies": {"items": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}},
            "access_keys": [{"id": "AKIAGATEWAYBENCH0001", "secret": "gateway-bench-secret"}]}]}
JSON
"$server" --port 0 --data :memory: --auth enforce --log-level warn --seed "$work/seed.json" \
  --upstream "$upstream" --gateway-unmapped allow >"$work/server.log" 2>&1 &
server_pid=$!
pids+=($server_pid)
endpoint=$(wait_for "$work/server.log" "listening" "$server_pid")

if [[ $quick == --quick ]]; then
  "$bench" --direct "$upstream" --gateway "$endpoint" --requests 300 --connections 2 \
    --duration 1 --upload-mb 16 --server-pid "$server_pid"
else
  "$bench" --direct "$upstream" --gateway "$endpoint" --requests 20000 --connections 16 \
    --duration 5 --upload-mb 1024 --server-pid "$server_pid"
fi
